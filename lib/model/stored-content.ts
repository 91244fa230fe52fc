import { randomFillSync } from 'node:crypto';

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

// Random bytes are drawn in batches: one `randomFillSync` per call costs more than the rest of a save's preparation.
const pool = Buffer.allocUnsafe(4096);
let offset = pool.length;

function randomByte(): number {
  if (offset === pool.length) {
    randomFillSync(pool);
    offset = 0;
  }
  return pool[offset++];
}

/**
 * @internal A new record key made on the client, shaped like SurrealDB's own (20 of [a-z0-9], about 103 random bits):
 * a re-sent CREATE carries the same key, so it cannot make a second record.
 */
export function newRecordKey(): string {
  let key = '';
  while (key.length < 20) {
    const byte = randomByte();
    // 252 is the largest multiple of 36 below 256: rejecting bytes above it keeps every character equally likely.
    if (byte < 252) key += ALPHABET[byte % 36];
  }
  return key;
}

/**
 * @internal Whether a stored record holds what was written: every key that was sent has an equal value (the database
 * may add keys, e.g. `id` or schema defaults). Values come back decoded by the SDK: dates as its `DateTime`.
 */
export function holdsContent(
  stored: Record<string, unknown> | undefined,
  sent: Record<string, unknown>,
): boolean {
  if (!stored) return false;
  return Object.entries(sent).every(([key, value]) =>
    sameValue(stored[key], value),
  );
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || a === undefined || b === undefined) {
    return (a ?? null) === (b ?? null);
  }
  if (typeof a !== 'object' || typeof b !== 'object') {
    // A bigint written may come back as a number, and the reverse.
    return (
      (typeof a === 'bigint' || typeof a === 'number') &&
      (typeof b === 'bigint' || typeof b === 'number') &&
      Number(a) === Number(b)
    );
  }
  const time = (value: object) =>
    value instanceof Date
      ? value.getTime()
      : typeof (value as { toDate?: unknown }).toDate === 'function'
        ? (value as { toDate(): Date }).toDate().getTime()
        : undefined;
  if (time(a) !== undefined || time(b) !== undefined)
    return time(a) === time(b);
  if (Array.isArray(a) || Array.isArray(b)) {
    return (
      Array.isArray(a) &&
      Array.isArray(b) &&
      a.length === b.length &&
      a.every((item, index) => sameValue(item, b[index]))
    );
  }
  if (isPlain(a) && isPlain(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    return [...keys].every((key) =>
      sameValue(
        (a as Record<string, unknown>)[key],
        (b as Record<string, unknown>)[key],
      ),
    );
  }
  // SDK value classes (RecordId, Uuid, Decimal, Duration, geometries) serialize to their value.
  return JSON.stringify(a) === JSON.stringify(b);
}

function isPlain(value: object): boolean {
  const prototype = Object.getPrototypeOf(value) as unknown;
  return prototype === Object.prototype || prototype === null;
}
