import type { Document } from './document.js';

/** The kinds of field a model can declare, one per SurrealEngine field class. */
export type FieldKind =
  | 'string'
  | 'int'
  | 'float'
  | 'boolean'
  | 'datetime'
  | 'decimal'
  | 'duration'
  | 'uuid'
  | 'email'
  | 'url'
  | 'list'
  | 'dict'
  | 'reference'
  | 'recordId'
  | 'geometry';

/** Geometry sub-types SurrealDB understands (`geometry<point>`, ...). */
export type GeometryType =
  | 'feature'
  | 'point'
  | 'line'
  | 'polygon'
  | 'multipoint'
  | 'multiline'
  | 'multipolygon'
  | 'collection';

/** A model class: what `ReferenceField`, `Repository` and `syncSchema` take. */
export type ModelClass<T extends Document = Document> = (new (
  data?: any,
) => T) & {
  meta?: DocumentMeta;
};

/** A model class, or a function returning it (for models that reference each other). */
export type ModelRef = ModelClass | (() => ModelClass);

/** SurrealEngine's `Meta`: set it as `static meta = { collection: 'users' }` on the model. */
export interface DocumentMeta {
  /** Table name. Default: the class name in lower case. */
  collection?: string;
  /** `DEFINE TABLE ... SCHEMAFULL` (the default) or `SCHEMALESS` in `syncSchema()`. */
  schemafull?: boolean;
  /** Indexes `syncSchema()` defines: composite, unique, full-text (`search`) or vector (`vector`). */
  indexes?: readonly IndexSpec[];
}

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

/** Options every field accepts. */
export interface BaseFieldOptions<V = unknown> {
  /** The value must be present (not `undefined` or `null`). */
  required?: boolean;
  /** Value used when the document is created without one; a function is called for each new document. */
  default?: V | (() => V);
  /** The value must be one of these. */
  choices?: readonly V[];
  /** `syncSchema()` adds a unique index on this field. */
  unique?: boolean;
  /** `syncSchema()` adds an index on this field: `true`, or `{ search: {...} }` / `{ vector: {...} }`. */
  index?: true | Omit<IndexSpec, 'fields'>;
}

/** Options of text fields (`StringField`, `EmailField`, `URLField`). */
export interface StringFieldOptions extends BaseFieldOptions<string> {
  /** Shortest allowed length. */
  minLength?: number;
  /** Longest allowed length. */
  maxLength?: number;
  /** The value must match. Checked by the model only: JavaScript and SurrealDB regex dialects differ. */
  regex?: RegExp;
}

/** Options of number fields (`IntField`, `FloatField`). */
export interface NumberFieldOptions extends BaseFieldOptions<number> {
  /** Smallest allowed value. */
  min?: number;
  /** Largest allowed value. */
  max?: number;
}

/** Options of `DecimalField`: bounds are numbers. */
export interface DecimalFieldOptions extends BaseFieldOptions<unknown> {
  /** Smallest allowed value. */
  min?: number;
  /** Largest allowed value. */
  max?: number;
}

/** Options of `DateTimeField`. */
export interface DateTimeFieldOptions extends BaseFieldOptions<Date> {
  /** Earliest allowed instant. */
  min?: Date;
  /** Latest allowed instant. */
  max?: Date;
}

/** Options of `ListField`. */
export interface ListFieldOptions extends BaseFieldOptions<unknown[]> {
  /** What each item is, e.g. `{ type: 'string', maxLength: 20 }` or `{ type: 'reference', model: () => Tag }`. */
  of?: FieldSpec;
  /** Fewest items. */
  minLength?: number;
  /** Most items. */
  maxLength?: number;
}

/** Options of `RecordIdField`. */
export interface RecordIdFieldOptions extends BaseFieldOptions<unknown> {
  /** Only record ids of this table are accepted. */
  table?: string;
}

/** Options of `GeometryField`. */
export interface GeometryFieldOptions extends BaseFieldOptions<unknown> {
  /** Geometry sub-type. Default `feature` (any geometry). */
  type?: GeometryType;
}

/** Describes a list item for `ListField({ of })`. */
export type FieldSpec =
  | ({ type: 'string' | 'email' | 'url' } & StringFieldOptions)
  | ({ type: 'int' | 'float' } & NumberFieldOptions)
  | ({ type: 'decimal' } & DecimalFieldOptions)
  | ({ type: 'datetime' } & DateTimeFieldOptions)
  | ({ type: 'boolean' | 'duration' | 'uuid' | 'dict' } & BaseFieldOptions)
  | ({ type: 'list' } & ListFieldOptions)
  | ({ type: 'reference'; model: ModelRef } & BaseFieldOptions)
  | ({ type: 'recordId' } & RecordIdFieldOptions)
  | ({ type: 'geometry' } & GeometryFieldOptions);

/** Every option any field may carry, as stored in the model metadata. */
export interface FieldOptions extends BaseFieldOptions {
  min?: number | Date;
  max?: number | Date;
  minLength?: number;
  maxLength?: number;
  regex?: RegExp;
  table?: string;
  type?: GeometryType;
}

/** One declared field of a model, as the decorators recorded it. */
export interface FieldDefinition {
  /** Property name on the model (and field name in the table); `*` for list items. */
  readonly name: string;
  readonly kind: FieldKind;
  readonly options: FieldOptions;
  /** List items. */
  readonly item?: FieldDefinition;
  /** Referenced model. */
  readonly model?: ModelRef;
}
