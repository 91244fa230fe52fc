/**
 * Outcomes of a conversation, reduced to what two servers must agree on: the shape of each value (types, keys,
 * lengths), error codes and kinds, and error texts with ids and tokens masked. Timings and ids are left out.
 */

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
const JWT = /[\w-]{10,}\.[\w-]{10,}\.[\w-]{10,}/g;
const DURATION = /\d+(\.\d+)?(ns|µs|us|ms|s)\b/g;
/** A generated record id, e.g. `strict:nni5iqirry3dvshci7ks`. */
const GENERATED_ID = /\b(\w+):[0-9a-z]{20}\b/g;

/** An error text with run-specific parts (uuids, tokens, durations) masked. */
export function maskText(text: string): string {
  // Ids before durations: a generated id can end in what reads as one (`strict:ep81ktbpeblbdkby3e3s`).
  return text
    .replace(UUID, '<uuid>')
    .replace(JWT, '<token>')
    .replace(GENERATED_ID, '$1:<id>')
    .replace(DURATION, '<duration>');
}

function isErrorBody(value: Record<string, unknown>): boolean {
  return typeof value.code === 'number' && typeof value.message === 'string';
}

function isErrEntry(value: Record<string, unknown>): boolean {
  return value.status === 'ERR' && typeof value.result === 'string';
}

/** A value with its texts masked and its keys sorted: for errors, whose every part must match. */
function exact(value: unknown): unknown {
  // NONE is a value here: `cause: NONE` must be there when the other server sends it.
  if (value === undefined) return '<none>';
  if (typeof value === 'string') return maskText(value);
  if (Array.isArray(value)) return value.map(exact);
  if (value && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    return Object.fromEntries(
      Object.keys(record)
        .filter((key) => key !== 'time')
        .sort()
        .map((key) => [key, exact(record[key])]),
    );
  }
  return value;
}

/** Keys whose values (not just types) two servers must agree on. */
const LITERAL_KEYS = new Set(['status', 'kind', 'type', 'action']);

/** The shape of a value: its type tree, with errors kept whole (texts masked) and timings dropped. */
export function shapeOf(value: unknown): unknown {
  if (value === undefined) return 'none';
  if (value === null) return 'null';
  if (Array.isArray(value)) return value.map(shapeOf);
  if (value instanceof Uint8Array) return 'bytes';
  if (typeof value !== 'object') return typeof value;
  const prototype = Object.getPrototypeOf(value) as object | null;
  if (prototype !== Object.prototype && prototype !== null)
    return (value as object).constructor.name;
  const record = value as Record<string, unknown>;
  if (isErrorBody(record) || isErrEntry(record)) return exact(record);
  const shaped: Record<string, unknown> = {};
  for (const key of Object.keys(record).sort()) {
    if (key === 'time') continue;
    shaped[key] = LITERAL_KEYS.has(key) ? record[key] : shapeOf(record[key]);
  }
  return shaped;
}

/** An RPC answer frame reduced to `{result: shape}` or `{error: {code, kind, message, details}}`. */
export function frameOutcome(frame: Record<string, unknown>): unknown {
  if (frame.error !== undefined) return { error: shapeOf(frame.error) };
  return { result: shapeOf(frame.result) };
}
