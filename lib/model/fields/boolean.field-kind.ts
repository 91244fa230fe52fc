import { defineFieldKind } from './field-kind.js';

/** @internal `BooleanField`: `bool`. */
export const booleanKind = defineFieldKind({
  kind: 'boolean',
  expected: 'a boolean',
  is: (value) => typeof value === 'boolean',
  surqlType: () => 'bool',
});
