import { createHash } from 'node:crypto';
import type { FieldDefinition } from './field-types.js';
import type {
  IndexSpec,
  SearchIndexOptions,
  VectorIndexOptions,
} from './model-index-options.js';
import { fieldKindOf } from './fields/field-kind.registry.js';
import { escapeIdentifier } from './identifier.js';
import type { ModelMetadata } from './model-metadata.js';
import { ModelDefinitionError } from './model.errors.js';

/** @internal An index of a model, checked: names escaped, options filled in with their defaults. */
export interface ModelIndex {
  /** Escaped index name. */
  readonly name: string;
  /** Field names as declared. */
  readonly fields: readonly string[];
  readonly kind: 'plain' | 'unique' | 'search' | 'vector';
  /** Full-text: escaped analyzer name and its `DEFINE ANALYZER` body. */
  readonly analyzer?: { readonly name: string; readonly body: string };
  readonly search?: Required<Omit<SearchIndexOptions, 'language'>> &
    Pick<SearchIndexOptions, 'language'>;
  readonly vector?: Required<VectorIndexOptions>;
}

const LANGUAGES = new Set([
  'arabic',
  'danish',
  'dutch',
  'english',
  'french',
  'german',
  'greek',
  'hungarian',
  'italian',
  'norwegian',
  'portuguese',
  'romanian',
  'russian',
  'spanish',
  'swedish',
  'tamil',
  'turkish',
]);
const TOKENIZERS = new Set(['blank', 'camel', 'class', 'punct']);
const FILTERS = new Set(['lowercase', 'uppercase', 'ascii']);
const DISTANCES = new Set(['cosine', 'euclidean', 'manhattan']);
const TYPES = new Set(['f32', 'f64']);

/** @internal Whether a field holds vectors: a list of numbers (or any list), or a vector field. */
export function isVectorField(field: FieldDefinition): boolean {
  if ((field.kind as string) === 'vector') return true;
  if (field.kind !== 'list') return false;
  return !field.item || fieldKindOf(field.item).bounds === 'number';
}

function wholeNumber(
  value: unknown,
  min: number,
  max: number,
  what: string,
  fail: (what: string) => never,
): number {
  if (
    !Number.isSafeInteger(value) ||
    (value as number) < min ||
    (value as number) > max
  ) {
    fail(
      `${what} must be a whole number from ${min} to ${max}, got ${String(value)}`,
    );
  }
  return value as number;
}

function checkSearch(
  options: true | SearchIndexOptions,
  fail: (what: string) => never,
): NonNullable<ModelIndex['search']> {
  const given: SearchIndexOptions = options === true ? {} : options;
  if (typeof given !== 'object' || given === null)
    fail('"search" must be true or an options object');
  const {
    language,
    tokenizers = ['blank', 'class'],
    filters = ['lowercase', 'ascii'],
    bm25 = [1.2, 0.75],
    highlights = false,
  } = given;
  if (language !== undefined && !LANGUAGES.has(language)) {
    fail(
      `search.language ${JSON.stringify(String(language)).slice(0, 40)} is not one of ${[...LANGUAGES].join(', ')}`,
    );
  }
  if (
    !Array.isArray(tokenizers) ||
    !tokenizers.length ||
    tokenizers.some((entry) => !TOKENIZERS.has(entry))
  ) {
    fail(`search.tokenizers must list some of ${[...TOKENIZERS].join(', ')}`);
  }
  if (!Array.isArray(filters) || filters.some((entry) => !FILTERS.has(entry))) {
    fail(`search.filters must list some of ${[...FILTERS].join(', ')}`);
  }
  if (
    !Array.isArray(bm25) ||
    bm25.length !== 2 ||
    bm25.some(
      (entry) =>
        typeof entry !== 'number' || !Number.isFinite(entry) || entry < 0,
    )
  ) {
    fail('search.bm25 must be [k1, b], two numbers >= 0');
  }
  if (typeof highlights !== 'boolean')
    fail('search.highlights must be true or false');
  return { language, tokenizers, filters, bm25, highlights };
}

// A `VectorField` declares its dimension; an index on it may leave `dimension` out.
function fieldDimension(field: FieldDefinition): number | undefined {
  const { dimension } = field.options as { dimension?: unknown };
  return typeof dimension === 'number' ? dimension : undefined;
}

function checkVector(
  options: VectorIndexOptions,
  field: FieldDefinition,
  fail: (what: string) => never,
): Required<VectorIndexOptions> {
  if (typeof options !== 'object' || options === null)
    fail('"vector" must be an options object such as { dimension: 384 }');
  const { distance = 'cosine', type = 'f32' } = options;
  const declared = fieldDimension(field);
  if (
    declared !== undefined &&
    options.dimension !== undefined &&
    options.dimension !== declared
  ) {
    fail(
      `vector.dimension ${String(options.dimension)} differs from the field's dimension ${declared}`,
    );
  }
  const dimension = wholeNumber(
    options.dimension ?? declared,
    1,
    65_536,
    'vector.dimension',
    fail,
  );
  const efc = wholeNumber(options.efc ?? 150, 1, 10_000, 'vector.efc', fail);
  const m = wholeNumber(options.m ?? 12, 2, 1_000, 'vector.m', fail);
  if (!DISTANCES.has(distance))
    fail(`vector.distance must be one of ${[...DISTANCES].join(', ')}`);
  if (!TYPES.has(type))
    fail(`vector.type must be one of ${[...TYPES].join(', ')}`);
  return { dimension, distance, type, efc, m };
}

// The analyzer's name comes from its settings, so a changed setting is a new analyzer and the index is redefined.
function analyzerOf(
  search: NonNullable<ModelIndex['search']>,
): ModelIndex['analyzer'] {
  const filters: string[] = [...search.filters];
  if (search.language) filters.push(`snowball(${search.language})`);
  const body = `TOKENIZERS ${search.tokenizers.join(',')}${filters.length ? ` FILTERS ${filters.join(',')}` : ''}`;
  const hash = createHash('sha256').update(body).digest('hex').slice(0, 10);
  return { name: `surrealengine_${hash}`, body };
}

function checkIndex(
  metadata: ModelMetadata,
  spec: IndexSpec,
  where: string,
): ModelIndex {
  const fail = (what: string): never => {
    throw new ModelDefinitionError(`${where}: ${what}`);
  };
  if (typeof spec !== 'object' || spec === null)
    fail('an index is an object such as { fields: ["a", "b"] }');
  const { fields } = spec;
  if (!Array.isArray(fields) || !fields.length)
    fail('"fields" must list at least one field');
  for (const name of fields) {
    if (typeof name !== 'string' || !metadata.fields.has(name)) {
      fail(
        `${JSON.stringify(String(name)).slice(0, 60)} is not a field of ${metadata.name} (fields: ${[...metadata.fields.keys()].join(', ')})`,
      );
    }
  }
  if (new Set(fields).size !== fields.length) fail('a field is listed twice');
  const kinds = [
    spec.unique && 'unique',
    spec.search && 'search',
    spec.vector && 'vector',
  ].filter(Boolean);
  if (kinds.length > 1)
    fail(
      `an index is one of unique, search or vector, not ${kinds.join(' and ')}`,
    );
  const kind: ModelIndex['kind'] =
    (kinds[0] as ModelIndex['kind'] | undefined) ?? 'plain';
  if ((kind === 'search' || kind === 'vector') && fields.length !== 1)
    fail(`a ${kind} index covers exactly one field`);
  const field = metadata.fields.get(fields[0])!;
  let search: ModelIndex['search'];
  let vector: ModelIndex['vector'];
  if (kind === 'search') {
    if (!fieldKindOf(field).textual)
      fail(
        `a search index needs a text field, and ${field.name} is ${field.kind}`,
      );
    search = checkSearch(spec.search!, fail);
  }
  if (kind === 'vector') {
    if (!isVectorField(field))
      fail(
        `a vector index needs a list of numbers, and ${field.name} is ${field.kind}`,
      );
    vector = checkVector(spec.vector!, field, fail);
  }
  const suffix = kind === 'plain' ? 'idx' : kind;
  const name =
    spec.name ?? `${metadata.collection}_${fields.join('_')}_${suffix}`;
  if (typeof name !== 'string') fail('"name" must be a string');
  return {
    name: escapeIdentifier(name, `${where}: name`),
    fields,
    kind,
    analyzer: search && analyzerOf(search),
    search,
    vector,
  };
}

const cache = new WeakMap<ModelMetadata, readonly ModelIndex[]>();

/**
 * @internal The indexes a model declares: `unique`/`index` field options, then `meta.indexes`. Checked on first
 * use (a `ModelDefinitionError` names the model and index); one index per name, so a field's `unique: true` and an
 * identical `meta.indexes` entry define it once.
 */
export function modelIndexes(metadata: ModelMetadata): readonly ModelIndex[] {
  let indexes = cache.get(metadata);
  if (indexes) return indexes;
  const found = new Map<string, ModelIndex>();
  const add = (spec: IndexSpec, where: string) => {
    const index = checkIndex(metadata, spec, where);
    const existing = found.get(index.name);
    if (existing && JSON.stringify(existing) !== JSON.stringify(index)) {
      throw new ModelDefinitionError(
        `${where}: another index is already named ${index.name}; give this one its own "name"`,
      );
    }
    found.set(index.name, index);
  };
  for (const [name, field] of metadata.fields) {
    const where = `${metadata.name}.${name}`;
    // The historical name of `unique: true` indexes, kept so existing databases keep one index.
    if (field.options.unique)
      add(
        {
          fields: [name],
          unique: true,
          name: `${metadata.collection}_${name}_unique`,
        },
        where,
      );
    const { index } = field.options;
    if (index === true) add({ fields: [name] }, `${where}: option "index"`);
    else if (index !== undefined) {
      if (typeof index !== 'object' || index === null) {
        throw new ModelDefinitionError(
          `${where}: option "index" must be true or an object such as { search: true }`,
        );
      }
      add({ ...index, fields: [name] }, `${where}: option "index"`);
    }
  }
  const declared = (metadata.model.meta?.indexes ?? []) as unknown;
  if (!Array.isArray(declared)) {
    throw new ModelDefinitionError(
      `${metadata.name}: meta.indexes must be an array of { fields: [...] }`,
    );
  }
  declared.forEach((spec: IndexSpec, position) =>
    add(spec, `${metadata.name}: meta.indexes[${position}]`),
  );
  indexes = Object.freeze([...found.values()]);
  cache.set(metadata, indexes);
  return indexes;
}
