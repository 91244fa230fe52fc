import { Decimal } from 'surrealdb';
import { defineFieldKind } from './field-kind.js';

const DECIMAL = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;
// SurrealDB decimals are 96-bit (rust_decimal): about +-7.9e28. A larger value would fail the write, or worse,
// make the SDK expand an exponent such as 1e99999 into a hundred thousand digits.
const LARGEST = 7.922816251426434e28;

function inRange(text: string): boolean {
  const number = Number(text);
  return Number.isFinite(number) && Math.abs(number) <= LARGEST;
}

/** @internal `DecimalField`: `decimal`; an SDK `Decimal`, a number or a numeric string in, a `Decimal` out. */
export const decimalKind = defineFieldKind({
  kind: 'decimal',
  expected: 'a Decimal, a finite number or a numeric string within +-7.9e28',
  bounds: 'number',
  is: (value) =>
    value instanceof Decimal ||
    (typeof value === 'bigint' && inRange(value.toString())) ||
    (typeof value === 'number' && inRange(String(value))) ||
    (typeof value === 'string' && DECIMAL.test(value) && inRange(value)),
  toDatabase: (value) =>
    value instanceof Decimal ? value : new Decimal(value as string),
  surqlType: () => 'decimal',
});
