import { defineFieldKind } from './field-kind.js';

/** @internal `FloatField`: `float`. */
export const floatKind = defineFieldKind({
  kind: 'float',
  expected: 'a finite number',
  bounds: 'number',
  is: (value) => typeof value === 'number' && Number.isFinite(value),
  surqlType: () => 'float',
});
