import { defineFieldKind } from './field-kind.js';

/** @internal `StringField`: `string`. */
export const stringKind = defineFieldKind({
  kind: 'string',
  expected: 'a string',
  textual: true,
  is: (value) => typeof value === 'string',
  surqlType: () => 'string',
});
