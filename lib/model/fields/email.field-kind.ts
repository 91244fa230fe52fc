import { defineStringFormatKind } from './field-kind.js';

// The shape SurrealDB's `string::is_email` accepts, roughly: no spaces, one @, a dot in the domain.
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** @internal `EmailField`: a string checked by the model and by `string::is_email` in the schema. */
export const emailKind = defineStringFormatKind({
  kind: 'email',
  matches: (value) => EMAIL.test(value),
  message: 'must be an e-mail address such as name@example.com',
  assertion: 'string::is_email($value)',
});
