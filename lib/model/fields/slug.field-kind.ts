import { defineFieldKind, NO_ERRORS } from './field-kind.js';

// Django's slug: ASCII letters, digits, hyphens and underscores. Simple enough to mean the same in SurrealDB's regex.
const SLUG = '^[-a-zA-Z0-9_]+$';
const SLUG_PATTERN = new RegExp(SLUG);

/** @internal `SlugField`: a URL slug (`my-first-post`), checked by the model and by `string::matches` in the schema. */
export const slugKind = defineFieldKind({
  kind: 'slug',
  expected: 'a string',
  textual: true,
  is: (value) => typeof value === 'string',
  check: (value, _field, context) =>
    SLUG_PATTERN.test(value as string)
      ? NO_ERRORS
      : [
          context.fail(
            'slug',
            'must be a slug: letters, digits, hyphens and underscores, such as my-first-post',
          ),
        ],
  surqlType: () => 'string',
  assertions: () => [`string::matches($value, "${SLUG}")`],
});
