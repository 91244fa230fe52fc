/** Snowball stemmer languages SurrealDB's analyzers know. */
export type SearchLanguage =
  | 'arabic'
  | 'danish'
  | 'dutch'
  | 'english'
  | 'french'
  | 'german'
  | 'greek'
  | 'hungarian'
  | 'italian'
  | 'norwegian'
  | 'portuguese'
  | 'romanian'
  | 'russian'
  | 'spanish'
  | 'swedish'
  | 'tamil'
  | 'turkish';

/** A full-text index (`FULLTEXT ANALYZER ... BM25`), searched with the `__search` lookup. */
export interface SearchIndexOptions {
  /** Stem words in this language (`snowball(language)`), so `programs` finds `programming`. */
  language?: SearchLanguage;
  /** How text splits into words. Default `['blank', 'class']`. */
  tokenizers?: readonly ('blank' | 'camel' | 'class' | 'punct')[];
  /** How words are normalised before the stemmer. Default `['lowercase', 'ascii']`. */
  filters?: readonly ('lowercase' | 'uppercase' | 'ascii')[];
  /** BM25 ranking parameters `[k1, b]`. Default SurrealDB's `[1.2, 0.75]`. */
  bm25?: readonly [number, number];
  /** Keep what `search::highlight` needs. */
  highlights?: boolean;
}

/** A vector index (`HNSW`), searched with `nearest()`. */
export interface VectorIndexOptions {
  /** Length of every vector; defaults to a `VectorField`'s own dimension. */
  dimension?: number;
  /** Distance the index ranks by. Default `cosine`. */
  distance?: 'cosine' | 'euclidean' | 'manhattan';
  /** Number type stored in the index. Default `f32`. */
  type?: 'f32' | 'f64';
  /** HNSW build breadth (`EFC`). Default 150. */
  efc?: number;
  /** HNSW links per node (`M`). Default 12. */
  m?: number;
}

/** One index of `static meta = { indexes: [...] }`. */
export interface IndexSpec {
  /** Field names, in order (a composite index when more than one). */
  fields: readonly string[];
  /** Index name. Default `<table>_<fields>_<idx|unique|search|vector>`. */
  name?: string;
  /** No two documents may share the values. */
  unique?: boolean;
  /** A full-text index on one text field. */
  search?: true | SearchIndexOptions;
  /** A vector index on one list-of-numbers field. */
  vector?: VectorIndexOptions;
}
