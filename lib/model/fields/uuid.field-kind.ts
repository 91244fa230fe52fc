import { Uuid } from 'surrealdb';
import { defineFieldKind } from './field-kind.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** @internal `UUIDField`: `uuid`; a string or an SDK `Uuid` in, a string out. */
export const uuidKind = defineFieldKind({
  kind: 'uuid',
  expected: 'a UUID string or a Uuid',
  is: (value) =>
    value instanceof Uuid || (typeof value === 'string' && UUID.test(value)),
  toDatabase: (value) =>
    value instanceof Uuid ? value : new Uuid(value as string),
  fromDatabase: (value) => (value instanceof Uuid ? value.toString() : value),
  surqlType: () => 'uuid',
});
