import type { Document } from './document.js';
import type {
  DocumentMeta,
  FieldDefinition,
  ModelClass,
  ModelRef,
} from './field-types.js';
import { escapeIdentifier } from './identifier.js';
import { ModelDefinitionError } from './model.errors.js';
import { rememberTable } from './record-id-input.js';

/** Marks `Document.prototype`, so a model class can be told from a `() => Model` thunk. */
export const DOCUMENT_BRAND = Symbol.for('nestjs-surrealengine.document');

/** @internal Marks `EmbeddedDocument.prototype`. */
export const EMBEDDED_BRAND: unique symbol = Symbol.for(
  'nestjs-surrealengine.embedded',
);

/** @internal Fields a base class gives each of its models (a relation's `in` and `out`): a static method under this key. */
export const BUILT_IN_FIELDS = Symbol.for('nestjs-surrealengine.builtInFields');

/** What the library knows about a model class: its table and fields. */
export interface ModelMetadata {
  readonly model: ModelClass;
  /** Class name, used in error messages. */
  readonly name: string;
  /** Table name. */
  readonly collection: string;
  /** Table name escaped for SurrealQL. */
  readonly table: string;
  readonly schemafull: boolean;
  /** `meta.versionField`: the field optimistic concurrency compares and bumps. */
  readonly versionField?: string;
  /** An `EmbeddedDocument`: stored inside another document, never in a table of its own. */
  readonly embedded: boolean;
  /** Declared fields by property name, parents' first. */
  readonly fields: ReadonlyMap<string, FieldDefinition>;
}

const ownFields = new WeakMap<object, Map<string, FieldDefinition>>();
const cache = new WeakMap<object, ModelMetadata>();

/** @internal Records a field; called by the field decorators. */
export function registerField(prototype: object, field: FieldDefinition): void {
  const model = (prototype as { constructor?: { name?: string } }).constructor;
  const where = `${model?.name ?? 'model'}.${field.name}`;
  if (field.name === 'id') {
    throw new ModelDefinitionError(
      `${where}: "id" is built in (a RecordId); remove the decorator`,
    );
  }
  escapeIdentifier(field.name, `${where}`);
  // Static members are set before property decorators run, so a bad table name fails with the class declaration.
  const meta = (model as { meta?: DocumentMeta } | undefined)?.meta;
  if (meta?.collection !== undefined) {
    escapeIdentifier(
      meta.collection,
      `${model?.name ?? 'model'}: meta.collection`,
    );
  }
  let fields = ownFields.get(prototype);
  if (!fields) {
    fields = new Map();
    ownFields.set(prototype, fields);
  }
  fields.set(field.name, field);
}

/** Whether `value` is a model class (a subclass of `Document`). */
export function isModelClass(value: unknown): value is ModelClass {
  return (
    typeof value === 'function' &&
    typeof (value as { prototype?: unknown }).prototype === 'object' &&
    DOCUMENT_BRAND in (value as { prototype: object }).prototype
  );
}

/** The model behind a `ReferenceField` target: the class itself, or what its thunk returns. */
export function resolveModel(ref: ModelRef, where: string): ModelClass {
  const model = isModelClass(ref) ? ref : (ref as () => ModelClass)();
  if (!isModelClass(model)) {
    throw new ModelDefinitionError(
      `${where}: the reference target is not a Document subclass; pass the model class or () => Model`,
    );
  }
  return model;
}

/** Metadata of a model class (computed once per class). */
export function getModelMetadata(model: ModelClass): ModelMetadata {
  let metadata = cache.get(model);
  if (metadata) return metadata;
  if (!isModelClass(model)) {
    throw new ModelDefinitionError(
      `${String((model as { name?: string })?.name ?? model)} is not a model: extend Document`,
    );
  }
  const builtIn =
    (model as { [BUILT_IN_FIELDS]?: () => FieldDefinition[] })[
      BUILT_IN_FIELDS
    ]?.call(model) ?? [];
  const fields = new Map(builtIn.map((field) => [field.name, field]));
  const chain: object[] = [];
  for (
    let proto: object | null = model.prototype;
    proto && proto !== Object.prototype;
    proto = Object.getPrototypeOf(proto) as object | null
  ) {
    chain.unshift(proto);
  }
  for (const proto of chain) {
    for (const [name, field] of ownFields.get(proto) ?? []) {
      if (builtIn.some((own) => own.name === name)) {
        throw new ModelDefinitionError(
          `${model.name}.${name}: "${name}" is built in; remove the decorator`,
        );
      }
      fields.set(name, field);
    }
  }
  const meta = model.meta ?? {};
  const collection = meta.collection ?? model.name.toLowerCase();
  const versionField = meta.versionField;
  if (versionField !== undefined) {
    const where = `${model.name}: meta.versionField`;
    escapeIdentifier(versionField, where);
    if (versionField === 'id') {
      throw new ModelDefinitionError(
        `${where}: "id" is the record id; name a whole-number field such as "version"`,
      );
    }
    const declared = fields.get(versionField);
    if (declared && declared.kind !== 'int') {
      throw new ModelDefinitionError(
        `${where}: "${versionField}" is a ${declared.kind} field; the version must be an IntField (or undeclared)`,
      );
    }
    if (!declared) {
      fields.set(versionField, {
        name: versionField,
        kind: 'int',
        options: {},
      });
    }
  }
  metadata = {
    model,
    name: model.name,
    collection,
    table: escapeIdentifier(collection, `${model.name}: meta.collection`),
    schemafull: meta.schemafull ?? true,
    versionField,
    embedded: EMBEDDED_BRAND in model.prototype,
    fields,
  };
  cache.set(model, metadata);
  rememberTable(collection);
  return metadata;
}

/** @internal The metadata of a document's class. */
export function metadataOf(document: Document): ModelMetadata {
  return getModelMetadata(document.constructor as ModelClass);
}
