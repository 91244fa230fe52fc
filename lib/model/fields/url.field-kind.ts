import { defineFieldKind, NO_ERRORS } from './field-kind.js';

function isUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

/** @internal `URLField`: an http(s) URL, checked by the model and by `string::is_url` in the schema. */
export const urlKind = defineFieldKind({
  kind: 'url',
  expected: 'a string',
  textual: true,
  is: (value) => typeof value === 'string',
  check: (value, _field, context) =>
    isUrl(value as string)
      ? NO_ERRORS
      : [
          context.fail(
            'url',
            'must be an http(s) URL such as https://example.com',
          ),
        ],
  surqlType: () => 'string',
  assertions: () => ['string::is_url($value)'],
});
