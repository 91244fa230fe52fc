import { defineFieldKind, NO_ERRORS } from './field-kind.js';

// SurrealDB's own HNSW and MTREE indexes stop well below this; a larger dimension is surely a typo.
const MAX_DIMENSION = 65_536;

const isNumbers = (value: unknown): boolean =>
  (Array.isArray(value) &&
    value.every(
      (entry) => typeof entry === 'number' && Number.isFinite(entry),
    )) ||
  ((value instanceof Float32Array || value instanceof Float64Array) &&
    value.every(Number.isFinite));

/**
 * @internal `VectorField`: a fixed number of floats (`array<float, N>`), e.g. an embedding. Takes a number array or
 * a `Float32Array`/`Float64Array`; reads back as a number array.
 */
export const vectorKind = defineFieldKind({
  kind: 'vector',
  expected: 'an array of finite numbers',
  lengthFunction: 'array::len',
  is: isNumbers,
  checkOptions: (options, _where, fail) => {
    const { dimension } = options;
    if (
      !Number.isInteger(dimension) ||
      dimension! < 1 ||
      dimension! > MAX_DIMENSION
    ) {
      fail(
        `VectorField needs option "dimension", a whole number from 1 to ${MAX_DIMENSION}`,
      );
    }
  },
  check: (value, field, context) => {
    const { length } = value as ArrayLike<number>;
    const { dimension } = field.options;
    return length === dimension
      ? NO_ERRORS
      : [
          context.fail(
            'dimension',
            `must have exactly ${dimension} numbers (it has ${length})`,
          ),
        ];
  },
  toDatabase: (value) =>
    Array.isArray(value) ? value : Array.from(value as ArrayLike<number>),
  surqlType: (field) => `array<float, ${field.options.dimension}>`,
});
