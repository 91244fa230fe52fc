import { ModelDefinitionError } from './model.errors.js';

// SurrealDB 3 rejects `\⟩` inside `⟨...⟩`, and the SDK's `escapeIdent` leaves a backslash as is, so a name
// holding `⟩`, `\` or a backtick could end the identifier early. Such names are refused instead of escaped.
// oxlint-disable-next-line no-control-regex -- control characters are exactly what this refuses
const UNSAFE = /[⟩⟨\\`\u0000-\u001f\u007f]/;

// A name is left bare only when SurrealQL cannot read it as anything else: a plain word that starts with a letter or
// `_` (so never `1d`, `1e5` or `0x10`) and is no keyword or value. The SDK's `escapeIdent` leaves `true`, `NONE`, `NaN`
// or `SELECT` bare, which SurrealQL reads as values or statements. Bracketing more than needed is harmless.
const BARE = /^[A-Za-z_][A-Za-z0-9_]*$/;
const RESERVED = new Set(
  `ACCESS AFTER ALL ALTER ANALYZE AND ANY AS ASC BEFORE BEGIN BREAK BY CANCEL COLLATE COMMIT CONTAINS CONTAINSALL
  CONTAINSANY CONTAINSNONE CONTAINSNOT CONTENT CONTINUE CREATE DATABASE DB DEFINE DELETE DESC DIFF DUPLICATE ELSE END
  EVENT EXPLAIN FALSE FETCH FIELD FN FOR FROM FUNCTION GROUP IF IGNORE IN INDEX INF INFINITY INFO INSERT INSIDE
  INTERSECTS INTO IS KILL LET LIMIT LIVE MERGE NAMESPACE NAN NONE NONEINSIDE NOT NOTINSIDE NS NULL OMIT ON ONLY OPTION
  OR ORDER OUT OUTSIDE PARALLEL PARAM PATCH RAND REBUILD RELATE REMOVE REPLACE RETURN SELECT SET SHOW SLEEP SPLIT START
  TABLE THEN THROW TIMEOUT TRUE TYPE UNSET UPDATE UPSERT USE USER VALUE VALUES WHERE WITH`.split(
    /\s+/,
  ),
);

/** Whether `name` can be written into SurrealQL as an identifier (after escaping). */
export function isSafeIdentifier(name: string): boolean {
  return name.length > 0 && name.length <= 256 && !UNSAFE.test(name);
}

/**
 * Escapes a table or field name for SurrealQL. Names holding `⟩`, `⟨`, `\`, a backtick or a control
 * character are refused: `what` says where the name came from, for the error.
 */
export function escapeIdentifier(name: string, what: string): string {
  if (typeof name !== 'string' || !isSafeIdentifier(name)) {
    throw new ModelDefinitionError(
      `${what}: name ${JSON.stringify(String(name)).slice(0, 80)} cannot be used as a SurrealDB identifier; use 1 to 256 characters without ⟨, ⟩, \\, backticks or control characters`,
    );
  }
  return BARE.test(name) && !RESERVED.has(name.toUpperCase())
    ? name
    : `⟨${name}⟩`;
}
