import { CborCodec, Uuid } from 'surrealdb';

/** An RPC error as SurrealDB puts it on the wire. */
export interface RpcErrorBody {
  code: number;
  kind: string;
  message: string;
  details?: unknown;
  cause?: unknown;
}

/** A decoded client request. */
export interface RpcRequest {
  id?: unknown;
  method: string;
  params?: unknown[];
  session?: unknown;
  txn?: unknown;
}

/** The SDK's own codec: it knows SurrealDB's CBOR tags (RecordId, Uuid, Decimal...), so values survive a round trip. */
export const cbor = new CborCodec({});

/** Thrown by request handlers to answer with a given RPC error. */
export class RpcError extends Error {
  constructor(
    readonly body: RpcErrorBody,
    readonly requestId?: unknown,
  ) {
    super(body.message);
  }
}

// `{error: ...}` as the engine encodes it: a one-entry map whose key is the text "error".
const ERROR_PREFIX = Uint8Array.from([0xa1, 0x65, ...Buffer.from('error')]);
const ID_KEY = Uint8Array.from([0x62, ...Buffer.from('id')]);
const RESULT_KEY = Uint8Array.from([0x66, ...Buffer.from('result')]);

/** True when engine output is `{error}` rather than a result (the same test the SDK's embedded engine applies). */
export function isEngineError(bytes: Uint8Array): boolean {
  if (bytes.length < ERROR_PREFIX.length) return false;
  for (let i = 0; i < ERROR_PREFIX.length; i++)
    if (bytes[i] !== ERROR_PREFIX[i]) return false;
  return true;
}

/**
 * Wraps engine result bytes into `{id, result}` without decoding them: splicing CBOR is cheaper than a decode and
 * re-encode of a large result, and it cannot alter a value.
 */
export function resultFrame(id: unknown, resultBytes: Uint8Array): Buffer {
  if (id === undefined)
    return Buffer.concat([Uint8Array.of(0xa1), RESULT_KEY, resultBytes]);
  return Buffer.concat([
    Uint8Array.of(0xa2),
    ID_KEY,
    cbor.encode(id),
    RESULT_KEY,
    resultBytes,
  ]);
}

/** Encodes a decoded result as `{id, result}`. */
export function valueFrame(id: unknown, result: unknown): Buffer {
  return resultFrame(id, cbor.encode(result));
}

/** Encodes `{id, error}`. */
export function errorFrame(id: unknown, error: RpcErrorBody): Buffer {
  return Buffer.from(cbor.encode(id === undefined ? { error } : { id, error }));
}

/** Frames an engine answer as it came: its `{error}` as an error frame, else its result bytes. */
export function engineFrame(id: unknown, bytes: Uint8Array): Buffer {
  return isEngineError(bytes)
    ? errorFrame(id, decodeEngineError(bytes))
    : resultFrame(id, bytes);
}

/** Decodes an engine `{error}` answer (the same body a real server sends, `cause: NONE` included). */
export function decodeEngineError(bytes: Uint8Array): RpcErrorBody {
  return cbor.decode<{ error: RpcErrorBody }>(bytes).error;
}

/** A uuid sent as a `Uuid` or as its text, or undefined when it is neither. */
export function toUuid(value: unknown): Uuid | undefined {
  if (value instanceof Uuid) return value;
  if (typeof value !== 'string') return undefined;
  try {
    return new Uuid(value);
  } catch {
    return undefined;
  }
}

/** Decodes a request frame, or throws an `RpcError` the caller can send back. */
export function decodeRequest(bytes: Uint8Array): RpcRequest {
  let value: unknown;
  try {
    value = cbor.decode(bytes);
  } catch {
    throw new RpcError(errors.parse());
  }
  if (!value || typeof value !== 'object' || Array.isArray(value))
    throw new RpcError(errors.invalidRequest());
  const request = value as RpcRequest;
  if (typeof request.method !== 'string')
    throw new RpcError(errors.invalidRequest(), request.id);
  if (
    request.params !== undefined &&
    request.params !== null &&
    !Array.isArray(request.params)
  ) {
    throw new RpcError(
      errors.invalidParams('params must be an array'),
      request.id,
    );
  }
  return request;
}

/** An error body as a server sends it: every error carries `cause` (NONE when there is none). */
const body = (error: Omit<RpcErrorBody, 'cause'>): RpcErrorBody => ({
  ...error,
  cause: undefined,
});

/** The error bodies the server answers itself, worded as a real SurrealDB 3.0 server words them. */
export const errors = {
  parse: (): RpcErrorBody =>
    body({ code: -32700, kind: 'Validation', message: 'Parse error' }),
  invalidRequest: (): RpcErrorBody =>
    body({ code: -32600, kind: 'Validation', message: 'Invalid request' }),
  invalidParams: (message: string): RpcErrorBody =>
    body({
      code: -32603,
      kind: 'Validation',
      message,
      details: { kind: 'InvalidParams' },
    }),
  /** A real server's answer to a client that has not signed in (the same for every method it refuses). */
  anonymous: (): RpcErrorBody =>
    body({
      code: -32002,
      kind: 'NotAllowed',
      message:
        'Anonymous access not allowed: Not enough permissions to perform this action',
      details: {
        kind: 'Auth',
        details: {
          kind: 'NotAllowed',
          details: { action: 'process', actor: 'anonymous', resource: 'query' },
        },
      },
    }),
  /** A method the server's capabilities deny (`--deny-rpc`). */
  methodNotAllowed: (method: string): RpcErrorBody =>
    body({
      code: -32602,
      kind: 'NotAllowed',
      message: 'Method not allowed',
      details: { kind: 'Method', details: { name: method } },
    }),
  methodNotFound: (method: string): RpcErrorBody =>
    body({
      code: -32601,
      kind: 'NotFound',
      message: 'Method not found',
      details: { kind: 'Method', details: { name: method } },
    }),
  /** Live queries over HTTP. */
  liveNotSupported: (): RpcErrorBody =>
    body({
      code: -32604,
      kind: 'Configuration',
      message: 'Unable to perform the realtime query',
      details: { kind: 'LiveQueryNotSupported' },
    }),
  sessionNotFound: (id: string): RpcErrorBody =>
    body({
      code: -32000,
      kind: 'NotFound',
      message: `Session not found: ${id}`,
      details: { kind: 'Session', details: { id } },
    }),
  sessionExists: (id: string): RpcErrorBody =>
    body({
      code: -32000,
      kind: 'AlreadyExists',
      message: `Session already exists: ${id}`,
      details: { kind: 'Session', details: { id } },
    }),
  transactionNotFound: (): RpcErrorBody =>
    body({
      code: -32603,
      kind: 'Validation',
      message: 'Transaction not found',
      details: { kind: 'InvalidParams' },
    }),
  /** `target` as the engine prints it: `u'...'` for a uuid, `'...'` for a string. */
  killNotFound: (target: string): RpcErrorBody =>
    body({
      code: -32000,
      kind: 'Internal',
      message: `Cannot execute KILL statement using id: ${target}`,
    }),
  unsupported: (message: string): RpcErrorBody =>
    body({ code: -32000, kind: 'Internal', message }),
};
