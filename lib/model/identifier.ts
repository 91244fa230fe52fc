import { escapeIdent } from 'surrealdb';
import { ModelDefinitionError } from './model.errors.js';

// SurrealDB 3 rejects `\⟩` inside `⟨...⟩`, and the SDK's `escapeIdent` leaves a backslash as is, so a name
// holding `⟩`, `\` or a backtick could end the identifier early. Such names are refused instead of escaped.
// oxlint-disable-next-line no-control-regex -- control characters are exactly what this refuses
const UNSAFE = /[⟩⟨\\`\u0000-\u001f\u007f]/;

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
  return escapeIdent(name);
}
