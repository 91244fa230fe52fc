import { DOCUMENT_BRAND } from '../model-metadata.js';

/** @internal An object literal (or `Object.create(null)`), not a class instance. */
export function isPlainObject(
  value: unknown,
): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

/** @internal A model instance. */
export function isDocument(
  value: unknown,
): value is { id?: unknown; constructor: unknown } {
  return typeof value === 'object' && value !== null && DOCUMENT_BRAND in value;
}
