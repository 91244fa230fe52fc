import type { RecordId } from 'surrealdb';
import type { SurrealConnection } from '../connection/surreal-connection.js';

/** @internal Hidden per-document bookkeeping, under a symbol so it never shows in JSON or `toEqual`. */
export const STATE = Symbol('nestjs-surrealengine.state');

/** @internal */
export interface DocumentState {
  /** The connection the document was loaded from or last saved to; `save()` goes there by default. */
  connection?: SurrealConnection;
  /**
   * Each field's value as last read from or written to the database (see `document-changes.ts`); absent for a
   * document that was never loaded or saved. `save()` writes only the fields that differ from it.
   */
  snapshot?: Map<string, unknown>;
  /** Loaded with `only()`/`omit()`: fields left out were not loaded, so `save()` checks only the changed ones. */
  partial?: boolean;
  /**
   * The id made on the client for a document without one, until its first save succeeds: saving it again (after a
   * timeout, say) re-sends the same CREATE, which cannot make a second record.
   */
  pendingId?: RecordId;
  /** Keys given to the constructor that are not fields; reported by `validate()`. */
  unknownKeys: string[];
  /** True until the constructor chain has finished (see `Document`). */
  constructing: boolean;
}

/** @internal Set while the library builds a document from a database record: no defaults, no proxy. */
export const construction = { hydrating: false };

/** @internal */
export function stateOf(document: object): DocumentState {
  return (document as { [STATE]: DocumentState })[STATE];
}
