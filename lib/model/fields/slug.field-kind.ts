import { defineStringFormatKind } from './field-kind.js';

// Django's slug: ASCII letters, digits, hyphens and underscores. Simple enough to mean the same in SurrealDB's regex.
const SLUG = '^[-a-zA-Z0-9_]+$';
const SLUG_PATTERN = new RegExp(SLUG);

/** @internal `SlugField`: a URL slug (`my-first-post`), checked by the model and by `string::matches` in the schema. */
export const slugKind = defineStringFormatKind({
  kind: 'slug',
  matches: (value) => SLUG_PATTERN.test(value),
  message:
    'must be a slug: letters, digits, hyphens and underscores, such as my-first-post',
  assertion: `string::matches($value, "${SLUG}")`,
});
