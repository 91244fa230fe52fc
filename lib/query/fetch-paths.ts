import type { FieldDefinition } from '../model/field-types.js';
import { fieldKindOf } from '../model/fields/field-kind.registry.js';
import {
  getModelMetadata,
  resolveModel,
  type ModelMetadata,
} from '../model/model-metadata.js';
import { InvalidQueryError } from './query.errors.js';

/** Options of `fetch()`. */
export interface FetchOptions {
  /** How many links deep to load: 1 (the default) loads the named references, 2 also theirs, and so on (at most 5). */
  depth?: number;
}

/** The deepest `fetch()` goes: each level multiplies the records read. */
export const MAX_FETCH_DEPTH = 5;

// The reference a field holds, itself or as list items.
function referenceOf(field: FieldDefinition): FieldDefinition | undefined {
  if (fieldKindOf(field).pathStep === 'reference') return field;
  if (field.item && fieldKindOf(field.item).pathStep === 'reference')
    return field.item;
  return undefined;
}

/** The reference fields of a model (edges' `in` and `out` included), by name. */
function referenceFieldNames(metadata: ModelMetadata): string[] {
  return [...metadata.fields.values()]
    .filter((field) => referenceOf(field) !== undefined)
    .map((field) => field.name);
}

/**
 * @internal The `FETCH` paths (as field names) for `names` (every reference field when empty), followed `depth`
 * links deep: `fetch('author', { depth: 2 })` gives `author` and `author.publisher`.
 */
export function fetchPaths(
  metadata: ModelMetadata,
  names: readonly string[],
  options: FetchOptions = {},
): string[][] {
  const { depth = 1 } = options;
  if (!Number.isSafeInteger(depth) || depth < 1 || depth > MAX_FETCH_DEPTH) {
    throw new InvalidQueryError(
      `${metadata.name}: fetch(): depth must be a whole number from 1 to ${MAX_FETCH_DEPTH}, got ${String(depth)}`,
    );
  }
  const references = referenceFieldNames(metadata);
  for (const name of names) {
    if (!references.includes(name)) {
      throw new InvalidQueryError(
        `${metadata.name}: fetch("${String(name)}"): not a reference field; reference fields: ${references.join(', ') || 'none'}`,
      );
    }
  }
  const paths: string[][] = [];
  const walk = (
    owner: ModelMetadata,
    fields: readonly string[],
    prefix: string[],
    left: number,
  ) => {
    for (const name of fields) {
      const path = [...prefix, name];
      paths.push(path);
      if (left <= 1) continue;
      const reference = referenceOf(owner.fields.get(name)!)!;
      const target = getModelMetadata(
        resolveModel(reference.model!, `${owner.name}.${name}`),
      );
      walk(target, referenceFieldNames(target), path, left - 1);
    }
  };
  walk(metadata, names.length ? names : references, [], depth);
  return paths;
}
