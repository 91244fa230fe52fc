import type { FieldDefinition, FieldKind } from '../field-types.js';
import { booleanKind } from './boolean.field-kind.js';
import { bytesKind } from './bytes.field-kind.js';
import { embeddedKind } from './embedded.field-kind.js';
import { ipKind } from './ip.field-kind.js';
import { literalKind } from './literal.field-kind.js';
import { setKind } from './set.field-kind.js';
import { slugKind } from './slug.field-kind.js';
import { vectorKind } from './vector.field-kind.js';
import { datetimeKind } from './datetime.field-kind.js';
import { decimalKind } from './decimal.field-kind.js';
import { dictKind } from './dict.field-kind.js';
import { durationKind } from './duration.field-kind.js';
import { emailKind } from './email.field-kind.js';
import type { FieldKindHandler } from './field-kind.js';
import { floatKind } from './float.field-kind.js';
import { geometryKind } from './geometry.field-kind.js';
import { intKind } from './int.field-kind.js';
import { listKind } from './list.field-kind.js';
import { recordIdKind } from './record-id.field-kind.js';
import { referenceKind } from './reference.field-kind.js';
import { stringKind } from './string.field-kind.js';
import { urlKind } from './url.field-kind.js';
import { uuidKind } from './uuid.field-kind.js';

// One entry per `FieldKind`: the type makes a kind without a handler a compile error.
const KINDS: Readonly<Record<FieldKind, FieldKindHandler>> = {
  string: stringKind,
  int: intKind,
  float: floatKind,
  boolean: booleanKind,
  datetime: datetimeKind,
  decimal: decimalKind,
  duration: durationKind,
  uuid: uuidKind,
  email: emailKind,
  url: urlKind,
  list: listKind,
  dict: dictKind,
  reference: referenceKind,
  recordId: recordIdKind,
  geometry: geometryKind,
  embedded: embeddedKind,
  set: setKind,
  bytes: bytesKind,
  literal: literalKind,
  vector: vectorKind,
  ip: ipKind,
  slug: slugKind,
};

/** @internal Whether `kind` names a registered field kind. */
export function isFieldKind(kind: unknown): kind is FieldKind {
  return typeof kind === 'string' && Object.hasOwn(KINDS, kind);
}

/** @internal The handler of a kind. */
export function fieldKind(kind: FieldKind): FieldKindHandler {
  return KINDS[kind];
}

/** @internal The handler of a field's kind. */
export function fieldKindOf(field: FieldDefinition): FieldKindHandler {
  return KINDS[field.kind];
}
