import { modelIndexes, isVectorField } from '../model/model-indexes.js';
import type { ModelMetadata } from '../model/model-metadata.js';
import { resolvePath } from './lookups.js';
import type { NearestTerm } from './query-state.js';
import { InvalidQueryError } from './query.errors.js';

/** How `nearest()` searches. */
export interface NearestOptions {
  /** How many documents to find. */
  k: number;
  /** HNSW search breadth: larger finds better neighbours, slower. Default `max(k, 40)`. */
  ef?: number;
  /** Compare every document by this distance instead of using the vector index (no index needed). */
  distance?: 'cosine' | 'euclidean' | 'manhattan';
}

const DISTANCES = new Set(['cosine', 'euclidean', 'manhattan']);
const MAX_K = 10_000;

/** @internal Checks a `nearest()` call against the model (field, vector, options). */
export function resolveNearest(
  metadata: ModelMetadata,
  field: unknown,
  vector: unknown,
  options: NearestOptions,
): NearestTerm {
  const where = `${metadata.name}: nearest(${JSON.stringify(String(field)).slice(0, 60)})`;
  if (typeof field !== 'string') {
    throw new InvalidQueryError(`${where}: the field must be a field name`);
  }
  const path = resolvePath(metadata, [field], field);
  if (!path.field || !isVectorField(path.field)) {
    throw new InvalidQueryError(
      `${where}: ${field} is ${path.field?.kind ?? 'the record id'}; nearest() searches a list-of-numbers (vector) field`,
    );
  }
  if (vector instanceof Float32Array || vector instanceof Float64Array) {
    vector = Array.from(vector);
  }
  if (
    !Array.isArray(vector) ||
    !vector.length ||
    vector.some((entry) => typeof entry !== 'number' || !Number.isFinite(entry))
  ) {
    throw new InvalidQueryError(
      `${where}: the vector must be a non-empty array of finite numbers`,
    );
  }
  const { dimension } = path.field.options as { dimension?: unknown };
  if (typeof dimension === 'number' && vector.length !== dimension) {
    throw new InvalidQueryError(
      `${where}: the vector has ${vector.length} numbers, and ${field} has dimension ${dimension}`,
    );
  }
  const index = modelIndexes(metadata).find(
    (entry) => entry.kind === 'vector' && entry.fields[0] === field,
  );
  if (index && vector.length !== index.vector!.dimension) {
    throw new InvalidQueryError(
      `${where}: the vector has ${vector.length} numbers, and the index ${index.name} has dimension ${index.vector!.dimension}`,
    );
  }
  if (typeof options !== 'object' || options === null) {
    throw new InvalidQueryError(
      `${where}: options must be an object such as { k: 10 }`,
    );
  }
  const { k, ef, distance } = options;
  if (!Number.isSafeInteger(k) || k < 1 || k > MAX_K) {
    throw new InvalidQueryError(
      `${where}: k must be a whole number from 1 to ${MAX_K}, got ${String(k)}`,
    );
  }
  if (distance !== undefined) {
    if (!DISTANCES.has(distance)) {
      throw new InvalidQueryError(
        `${where}: distance must be one of ${[...DISTANCES].join(', ')}`,
      );
    }
    if (ef !== undefined) {
      throw new InvalidQueryError(
        `${where}: ef applies to the vector index, distance to a full comparison; give one`,
      );
    }
    return {
      surql: path.surql,
      vector: [...vector],
      k,
      distance: distance.toUpperCase(),
    };
  }
  if (!index) {
    throw new InvalidQueryError(
      `${where}: ${field} has no vector index; declare one ({ fields: ['${field}'], vector: { dimension: ${vector.length} } } in meta.indexes) and run syncSchema(), or pass { distance: 'cosine' } to compare every document`,
    );
  }
  const breadth = ef ?? Math.max(k, 40);
  if (!Number.isSafeInteger(breadth) || breadth < 1 || breadth > MAX_K) {
    throw new InvalidQueryError(
      `${where}: ef must be a whole number from 1 to ${MAX_K}, got ${String(ef)}`,
    );
  }
  return { surql: path.surql, vector: [...vector], k, ef: breadth };
}
