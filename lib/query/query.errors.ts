import { SurrealEngineError } from '../connection/surreal.errors.js';

/** A query names a field, lookup or option the model does not have, or gives a lookup the wrong kind of value. */
export class InvalidQueryError extends SurrealEngineError {}
