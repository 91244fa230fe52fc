import { defineFieldKind } from './field-kind.js';

/** @internal `IntField`: `int`. */
export const intKind = defineFieldKind({
  kind: 'int',
  expected: 'a whole number',
  bounds: 'number',
  is: (value) => Number.isSafeInteger(value),
  surqlType: () => 'int',
});
