import { toSurqlString } from 'surrealdb';
import type { LiteralValue } from '../field-types.js';
import { defineFieldKind, NO_ERRORS } from './field-kind.js';

const isLiteralValue = (value: unknown): value is LiteralValue =>
  typeof value === 'string' ||
  typeof value === 'boolean' ||
  (typeof value === 'number' && Number.isFinite(value));

function literal(value: LiteralValue): string {
  return typeof value === 'string' ? toSurqlString(value) : String(value);
}

/**
 * @internal `LiteralField`: one of a fixed list of strings, numbers or booleans; SurrealDB's literal type
 * (`'draft' | 'published'`).
 */
export const literalKind = defineFieldKind({
  kind: 'literal',
  expected: 'a string, number or boolean',
  is: isLiteralValue,
  checkOptions: (options, _where, fail) => {
    const { values } = options;
    if (
      !Array.isArray(values) ||
      !values.length ||
      !values.every(isLiteralValue)
    ) {
      fail(
        "LiteralField needs a non-empty array of strings, finite numbers or booleans, e.g. LiteralField(['draft', 'published'])",
      );
    }
    if (new Set(values).size !== values!.length) {
      fail('LiteralField values must not repeat');
    }
  },
  check: (value, field, context) =>
    field.options.values!.includes(value as LiteralValue)
      ? NO_ERRORS
      : [
          context.fail(
            'choices',
            `must be one of ${JSON.stringify(field.options.values)}`,
          ),
        ],
  surqlType: (field) => field.options.values!.map(literal).join(' | '),
});
