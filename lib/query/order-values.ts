import { DateTime } from 'surrealdb';

/**
 * @internal SurrealDB 3.0's order of values, for the kinds an ORDER BY most often meets: NONE < NULL < booleans
 * (false first) < numbers (ints and floats together) < strings (by code point) < datetimes. Probed on the engine
 * (test/query/order-values.spec.ts compares with its ORDER BY). `undefined` for a value of any other kind, which only
 * the engine can place.
 */
function rankOf(value: unknown): number | undefined {
  if (value === undefined) return 0;
  if (value === null) return 1;
  switch (typeof value) {
    case 'boolean':
      return 2;
    case 'number':
      return Number.isFinite(value) ? 3 : undefined;
    case 'string':
      return 4;
    default:
      return value instanceof DateTime ? 5 : undefined;
  }
}

/** @internal Whether {@link compareValues} can place the value as SurrealDB would. */
export function isOrderable(value: unknown): boolean {
  return rankOf(value) !== undefined;
}

/** Strings by code point, as Rust compares them (UTF-16 units differ where a surrogate meets U+E000-U+FFFF). */
function compareStrings(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  for (let index = 0; index < length; index++) {
    const x = a.charCodeAt(index);
    const y = b.charCodeAt(index);
    if (x === y) continue;
    const xSurrogate = x >= 0xd800 && x <= 0xdfff;
    const ySurrogate = y >= 0xd800 && y <= 0xdfff;
    // A surrogate starts a code point above U+FFFF: after any other unit.
    if (xSurrogate !== ySurrogate) return xSurrogate ? 1 : -1;
    return x - y;
  }
  return a.length - b.length;
}

function compareDateTimes(a: DateTime, b: DateTime): number {
  const [aSeconds, aNanos] = a.toCompact();
  const [bSeconds, bNanos] = b.toCompact();
  if (aSeconds !== bSeconds) return aSeconds < bSeconds ? -1 : 1;
  return aNanos === bNanos ? 0 : aNanos < bNanos ? -1 : 1;
}

/** @internal Compares two values {@link isOrderable} says can be placed, in SurrealDB's ascending order. */
export function compareValues(a: unknown, b: unknown): number {
  const rank = rankOf(a)!;
  const other = rankOf(b)!;
  if (rank !== other) return rank - other;
  switch (rank) {
    case 2:
      return Number(a) - Number(b);
    case 3:
      return (a as number) - (b as number);
    case 4:
      return compareStrings(a as string, b as string);
    case 5:
      return compareDateTimes(a as DateTime, b as DateTime);
    default:
      return 0;
  }
}
