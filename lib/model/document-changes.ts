import type { RecordId } from 'surrealdb';
import type { SurrealConnection } from '../connection/surreal-connection.js';
import { executeQuery } from '../query/query-executor.js';
import type { Document } from './document.js';
import { stateOf } from './document-state.js';
import { toDatabase } from './field-codecs.js';
import { isPlainObject } from './fields/field-values.js';
import { validateFieldValue } from './field-validation.js';
import { escapeIdentifier } from './identifier.js';
import { metadataOf, type ModelMetadata } from './model-metadata.js';
import { DoesNotExistError, StaleDocumentError } from './model.errors.js';
import { ValidationError } from './validation.error.js';

type Row = Record<string, unknown>;

// Stands for a value that could not be converted: it never equals anything, so the field counts as changed.
const UNCONVERTIBLE = Symbol('unconvertible');

/**
 * @internal A copy of a field's database value that mutating the document cannot reach: lists, sets, bytes and plain
 * objects are copied deeply; SDK values (`RecordId`, `DateTime`, ...) are kept, as the conversions build new ones.
 */
function fingerprint(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(fingerprint);
  if (value instanceof Uint8Array) return value.slice();
  if (value instanceof Set) return new Set([...value].map(fingerprint));
  if (value instanceof Date) return new Date(value.getTime());
  if (isPlainObject(value)) {
    const copy: Row = {};
    for (const key of Object.keys(value)) copy[key] = fingerprint(value[key]);
    return copy;
  }
  return value;
}

function sameFingerprint(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || !a || !b) return false;
  if (Array.isArray(a)) {
    return (
      Array.isArray(b) &&
      a.length === b.length &&
      a.every((entry, index) => sameFingerprint(entry, b[index]))
    );
  }
  if (a instanceof Uint8Array) {
    return b instanceof Uint8Array && Buffer.compare(a, b) === 0;
  }
  if (a instanceof Set) {
    return (
      b instanceof Set && a.size === b.size && sameFingerprint([...a], [...b])
    );
  }
  if (isPlainObject(a)) {
    if (!isPlainObject(b)) return false;
    const keys = Object.keys(a);
    return (
      keys.length === Object.keys(b).length &&
      keys.every(
        (key) => Object.hasOwn(b, key) && sameFingerprint(a[key], b[key]),
      )
    );
  }
  if (a.constructor !== b.constructor) return false;
  if (a instanceof Date) return a.getTime() === (b as Date).getTime();
  // The SDK's value classes compare by value.
  const equals = (a as { equals?: (other: unknown) => boolean }).equals;
  return typeof equals === 'function' && equals.call(a, b);
}

function currentFingerprint(
  document: Document,
  metadata: ModelMetadata,
  name: string,
): unknown {
  const field = metadata.fields.get(name)!;
  try {
    return fingerprint(
      toDatabase(field, (document as unknown as Row)[name], name),
    );
  } catch {
    return UNCONVERTIBLE;
  }
}

/** @internal Records every field's current value as "what the database holds" (after a load or a save). */
export function takeSnapshot(
  document: Document,
  metadata: ModelMetadata,
): void {
  const snapshot = new Map<string, unknown>();
  for (const name of metadata.fields.keys()) {
    snapshot.set(name, currentFingerprint(document, metadata, name));
  }
  stateOf(document).snapshot = snapshot;
}

/**
 * @internal The fields whose value differs from the snapshot, nested changes included (a list pushed to, a dict
 * key set); `undefined` for a document that was never loaded or saved (every field is new).
 */
export function changedFields(document: Document): string[] | undefined {
  const { snapshot } = stateOf(document);
  if (!snapshot) return undefined;
  const metadata = metadataOf(document);
  const changed: string[] = [];
  for (const [name, before] of snapshot) {
    if (name === metadata.versionField) continue;
    if (
      !sameFingerprint(before, currentFingerprint(document, metadata, name))
    ) {
      changed.push(name);
    }
  }
  return changed;
}

/**
 * @internal The validation `save()` runs: every field of a new document; of a loaded or saved one, the fields that
 * changed, the only ones `save()` writes (checking the others could only refuse a save over values it leaves as they
 * are, or, with `only()`/`omit()`, never loaded). Returns the changed fields (`undefined` for a new document).
 */
export function validateForSave(document: Document): string[] | undefined {
  const changed = changedFields(document);
  if (!changed) {
    document.validate();
    return undefined;
  }
  const metadata = metadataOf(document);
  const source = document as unknown as Row;
  const errors = changed.flatMap((name) =>
    validateFieldValue(metadata.name, metadata.fields.get(name)!, source[name]),
  );
  if (errors.length) throw new ValidationError(metadata.name, errors);
  return changed;
}

/**
 * @internal Writes the changed fields of a loaded (or saved) document with one `UPDATE $id SET ...`: fields the model
 * does not declare, and fields other writers changed, are left alone. With `meta.versionField` the same statement
 * compares and bumps the version, so of two conflicting saves exactly one wins. Resolves to the record after the
 * write, or `undefined` when nothing changed (no round trip).
 */
export async function writeChanges(
  document: Document,
  id: RecordId,
  changed: readonly string[],
  connection: SurrealConnection,
): Promise<Row | undefined> {
  if (!changed.length) return undefined;
  const metadata = metadataOf(document);
  const source = document as unknown as Row;
  const bindings: Row = { id };
  const set = changed.map((name, index) => {
    // `undefined` is sent as NONE, which removes the field.
    bindings[`f${index}`] = toDatabase(
      metadata.fields.get(name)!,
      source[name],
    );
    return `${escapeIdentifier(name, metadata.name)} = $f${index}`;
  });
  let where = '';
  const versionField = metadata.versionField;
  // The version as loaded or last saved (an int field's snapshot is its value).
  const expected = versionField
    ? stateOf(document).snapshot?.get(versionField)
    : undefined;
  if (versionField) {
    const path = escapeIdentifier(versionField, metadata.name);
    bindings.expected = expected;
    bindings.next = (typeof expected === 'number' ? expected : 0) + 1;
    set.push(`${path} = $next`);
    where = ` WHERE ${path} = $expected`;
  }
  // A transaction conflict is retried: the retry re-reads the version, so it cannot overwrite the winner.
  const [rows] = await executeQuery<[Row[]]>(
    connection,
    {
      query: `UPDATE $id SET ${set.join(', ')}${where} RETURN AFTER`,
      bindings,
    },
    { missingTable: () => [[]], retryConflicts: true, model: metadata.name },
  );
  if (rows[0]) return rows[0];
  const [found] = versionField
    ? await executeQuery<[Row | undefined]>(
        connection,
        { query: 'SELECT * FROM ONLY $id', bindings: { id } },
        { missingTable: () => [undefined] },
      )
    : [undefined];
  if (found && wroteThis(found, bindings, changed, versionField!)) {
    // This very write, run once already: the SDK sent it again after a reconnect, when its answer had been lost.
    return found;
  }
  if (found) {
    const current = found[versionField!];
    throw new StaleDocumentError(
      `${metadata.name}: ${id.toString()} on connection "${connection.name}" was saved by someone else since it was loaded (${versionField} ${String(expected)} -> ${String(current)}); nothing was written: refresh() it, re-apply your changes and save again`,
      metadata.name,
      id,
      connection.name,
    );
  }
  throw new DoesNotExistError(
    `${metadata.name}: ${id.toString()} on connection "${connection.name}" was deleted since it was loaded; nothing was written`,
    metadata.name,
    connection.name,
  );
}

/** Whether `found` holds exactly what the versioned UPDATE with `bindings` writes: the next version, the same values. */
function wroteThis(
  found: Row,
  bindings: Row,
  changed: readonly string[],
  versionField: string,
): boolean {
  return (
    found[versionField] === bindings.next &&
    changed.every((name, index) =>
      sameFingerprint(bindings[`f${index}`], found[name]),
    )
  );
}
