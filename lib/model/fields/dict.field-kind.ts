import { defineFieldKind, NO_ERRORS } from './field-kind.js';
import { isPlainObject } from './field-values.js';

// Deep enough for any real document; a deeper one is almost surely a mistake, and walking it could overflow the stack.
const MAX_DEPTH = 64;

// Why the nested value cannot be stored, or undefined when it can.
function problem(
  value: unknown,
  depth: number,
  ancestors: Set<object>,
): string | undefined {
  switch (typeof value) {
    case 'function':
      return 'holds a function';
    case 'symbol':
      return 'holds a Symbol';
    case 'bigint':
      return 'holds a BigInt (use a number, a string or a DecimalField)';
    case 'object':
      break;
    default:
      return undefined;
  }
  if (value === null) return undefined;
  if (!Array.isArray(value) && !isPlainObject(value)) return undefined;
  if (ancestors.has(value)) return 'is circular (an object contains itself)';
  if (depth > MAX_DEPTH) return `is nested deeper than ${MAX_DEPTH} levels`;
  ancestors.add(value);
  try {
    for (const entry of Object.values(value)) {
      const found = problem(entry, depth + 1, ancestors);
      if (found) return found;
    }
  } finally {
    ancestors.delete(value);
  }
  return undefined;
}

/** @internal `DictField`: `object FLEXIBLE`; nested keys are queried as `field__key`. */
export const dictKind = defineFieldKind({
  kind: 'dict',
  expected: 'a plain object',
  flexible: true,
  pathStep: 'free',
  is: (value) => isPlainObject(value),
  check: (value, _field, context) => {
    const found = problem(value, 0, new Set());
    return found
      ? [context.fail('type', `${found}; it cannot be stored`)]
      : NO_ERRORS;
  },
  surqlType: () => 'object',
});
