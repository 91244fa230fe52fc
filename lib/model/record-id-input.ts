import { RecordId } from 'surrealdb';
import { SurrealEngineError } from '../connection/surreal.errors.js';

/**
 * The one rule for ids that come from outside (JSON bodies, route params, `findById`, references given as strings),
 * and its inverse for JSON output. A document's JSON `id` is the id part only (`"x7f3..."`, a number stays a number),
 * so what `POST /users` returned works in `GET /users/:id` and in `findById`.
 *
 * Input, for a model whose table is `users`:
 * - a `RecordId` is used as is (it must be of table `users`);
 * - a number or bigint is the id part;
 * - a string `users:...` (the text before the first `:` is the model's own table) is parsed as SurrealDB prints
 *   record ids: `users:abc` is `abc`, `users:123` the number 123, `users:⟨a-b⟩` the text `a-b`;
 * - a string `posts:...` whose prefix is the table of another model this process knows is refused: it names a
 *   record of another table;
 * - any other string is the id part, whole and never parsed: `2024:01` and `urn:x` are ids that contain `:`.
 *
 * To use an id part that itself starts with `users:`, pass `new RecordId('users', 'users:admin')`.
 */

const knownTables = new Set<string>();

/** @internal Called for each model whose metadata is built: its table counts as a `table:` prefix. */
export function rememberTable(table: string): void {
  knownTables.add(table);
}

/** An id that cannot stand for a record of the expected table (another table, or not an id at all): a 400 in an app. */
export class InvalidRecordIdError extends SurrealEngineError {
  constructor(
    message: string,
    /** The table the id had to be in. */
    readonly table: string,
  ) {
    super(message);
  }
}

/**
 * The record id that `input` stands for in `table`, by the rule above. `what` names the caller for errors
 * (`"User.findById"`). Anything else than a `RecordId`, string, number or bigint is an `InvalidRecordIdError` too.
 */
export function parseRecordIdInput(
  table: string,
  input: unknown,
  what: string,
): RecordId {
  if (input instanceof RecordId) {
    if (input.table.name !== table) {
      throw new InvalidRecordIdError(
        `${what}: record id ${input.toString()} is not in table "${table}"`,
        table,
      );
    }
    return input;
  }
  if (typeof input === 'number' || typeof input === 'bigint') {
    return new RecordId(table, input);
  }
  if (typeof input !== 'string') {
    throw new InvalidRecordIdError(
      `${what}: an id must be a RecordId, a string or a number, not ${input === null ? 'null' : typeof input}`,
      table,
    );
  }
  const colon = input.indexOf(':');
  if (colon <= 0) return new RecordId(table, input);
  const prefix = input.slice(0, colon);
  if (prefix === table)
    return new RecordId(table, parseIdPart(input.slice(colon + 1)));
  if (knownTables.has(prefix)) {
    throw new InvalidRecordIdError(
      `${what}: "${truncate(input)}" names a record of table "${prefix}", not of "${table}"; pass the id part alone, or new RecordId("${table}", ...) if the id really starts with "${prefix}:"`,
      table,
    );
  }
  return new RecordId(table, input);
}

/** The id part as JSON shows it: a string or number as is; other (array, object) ids as the SDK gives them. */
export function idPartOf(id: RecordId): unknown {
  const part: unknown = id.id;
  return typeof part === 'bigint' ? part.toString() : part;
}

/** The inverse of `RecordId.toString()` for an id part: digits are a number, `⟨...⟩` is unwrapped. */
function parseIdPart(text: string): string | number {
  if (/^\d{1,15}$/.test(text)) return Number(text);
  const wrapped = /^⟨(.*)⟩$/s.exec(text) ?? /^`(.*)`$/s.exec(text);
  return wrapped ? wrapped[1].replace(/\\(.)/gs, '$1') : text;
}

function truncate(text: string): string {
  return text.length > 60 ? `${text.slice(0, 60)}...` : text;
}
