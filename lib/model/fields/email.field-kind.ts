import { defineFieldKind, NO_ERRORS } from './field-kind.js';

// The shape SurrealDB's `string::is_email` accepts, roughly: no spaces, one @, a dot in the domain.
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** @internal `EmailField`: a string checked by the model and by `string::is_email` in the schema. */
export const emailKind = defineFieldKind({
  kind: 'email',
  expected: 'a string',
  textual: true,
  is: (value) => typeof value === 'string',
  check: (value, _field, context) =>
    EMAIL.test(value as string)
      ? NO_ERRORS
      : [
          context.fail(
            'email',
            'must be an e-mail address such as name@example.com',
          ),
        ],
  surqlType: () => 'string',
  assertions: () => ['string::is_email($value)'],
});
