import { Uuid } from 'surrealdb';

// Jest runs specs in a vm realm. There, the SDK's `Uuid.toBuffer()` returns an ArrayBuffer that fails the CBOR
// encoder's `instanceof ArrayBuffer`, so every Uuid the SDK sends (session and transaction ids) would be encoded as an
// empty map. Plain Node is not affected. Handing the encoder the Uint8Array view encodes the same 16 bytes.
const uuidPrototype = Uuid.prototype as unknown as {
  toBuffer(): unknown;
  toUint8Array(): Uint8Array;
};
if (!(Uuid.v4().toBuffer() instanceof ArrayBuffer)) {
  uuidPrototype.toBuffer = function (this: Uuid) {
    return this.toUint8Array();
  };
}
