import { defineFieldKind, NO_ERRORS } from './field-kind.js';

function asBytes(value: unknown): Uint8Array {
  if (value instanceof ArrayBuffer) return new Uint8Array(value);
  const view = value as Uint8Array;
  // A Node `Buffer` (or any subclass) as a plain view of the same memory.
  return view.constructor === Uint8Array
    ? view
    : new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
}

/** @internal `BytesField`: `bytes`; a `Uint8Array` (a `Buffer` or an `ArrayBuffer` too) in, a `Uint8Array` out. */
export const bytesKind = defineFieldKind({
  kind: 'bytes',
  expected: 'a Uint8Array',
  lengthFunction: 'bytes::len',
  is: (value) => value instanceof Uint8Array || value instanceof ArrayBuffer,
  check: (value, field, context) => {
    const length = asBytes(value).byteLength;
    const { minLength, maxLength } = field.options;
    if (minLength !== undefined && length < minLength)
      return [
        context.fail('minLength', `must have at least ${minLength} bytes`),
      ];
    if (maxLength !== undefined && length > maxLength)
      return [
        context.fail('maxLength', `must have at most ${maxLength} bytes`),
      ];
    return NO_ERRORS;
  },
  toDatabase: (value) => asBytes(value),
  fromDatabase: (value) =>
    value instanceof ArrayBuffer || value instanceof Uint8Array
      ? asBytes(value)
      : value,
  surqlType: () => 'bytes',
});
