import { defineStringFormatKind } from './field-kind.js';

function isUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

/** @internal `URLField`: an http(s) URL, checked by the model and by `string::is_url` in the schema. */
export const urlKind = defineStringFormatKind({
  kind: 'url',
  matches: isUrl,
  message: 'must be an http(s) URL such as https://example.com',
  assertion: 'string::is_url($value)',
});
