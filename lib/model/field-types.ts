import type { Document } from './document.js';
import type { IndexSpec } from './model-index-options.js';

/** The kinds of field a model can declare, one per SurrealEngine field class. */
export type FieldKind =
  | 'string'
  | 'int'
  | 'float'
  | 'boolean'
  | 'datetime'
  | 'decimal'
  | 'duration'
  | 'uuid'
  | 'email'
  | 'url'
  | 'list'
  | 'dict'
  | 'reference'
  | 'recordId'
  | 'geometry'
  | 'embedded'
  | 'set'
  | 'bytes'
  | 'literal'
  | 'vector'
  | 'ip'
  | 'slug';

/** A value `LiteralField` can hold: a string, a finite number or a boolean. */
export type LiteralValue = string | number | boolean;

/** Geometry sub-types SurrealDB understands (`geometry<point>`, ...). */
export type GeometryType =
  | 'feature'
  | 'point'
  | 'line'
  | 'polygon'
  | 'multipoint'
  | 'multiline'
  | 'multipolygon'
  | 'collection';

/** A model class: what `ReferenceField`, `Repository` and `syncSchema` take. */
export type ModelClass<T extends Document = Document> = (new (
  data?: any,
) => T) & {
  meta?: DocumentMeta;
};

/** A model class, or a function returning it (for models that reference each other). */
export type ModelRef = ModelClass | (() => ModelClass);

/** SurrealEngine's `Meta`: set it as `static meta = { collection: 'users' }` on the model. */
export interface DocumentMeta {
  /** Table name. Default: the class name in lower case. */
  collection?: string;
  /** `DEFINE TABLE ... SCHEMAFULL` (the default) or `SCHEMALESS` in `syncSchema()`. */
  schemafull?: boolean;
  /**
   * Opt-in optimistic concurrency: the name of a whole-number field the library bumps on every save. A save of a
   * document that someone else saved since it was loaded fails with `StaleDocumentError`. Declare it as an
   * `IntField` to read it, or leave it undeclared and it is added for you.
   */
  versionField?: string;
  /** Indexes `syncSchema()` defines: composite, unique, full-text (`search`) or vector (`vector`). */
  indexes?: readonly IndexSpec[];
}

/** Options every field accepts. */
export interface BaseFieldOptions<V = unknown> {
  /** The value must be present (not `undefined` or `null`). */
  required?: boolean;
  /** Value used when the document is created without one; a function is called for each new document. */
  default?: V | (() => V);
  /** The value must be one of these. */
  choices?: readonly V[];
  /** `syncSchema()` adds a unique index on this field. */
  unique?: boolean;
  /**
   * `null` is a value of its own, stored as NULL (`option<null | T>`) and read back as `null`. Without it `null`
   * means "no value" and is stored as NONE (the field is left out), like `undefined`.
   */
  nullable?: boolean;
  /** `syncSchema()` adds an index on this field: `true`, or `{ search: {...} }` / `{ vector: {...} }`. */
  index?: true | Omit<IndexSpec, 'fields'>;
}

/** Options of text fields (`StringField`, `EmailField`, `URLField`). */
export interface StringFieldOptions extends BaseFieldOptions<string> {
  /** Shortest allowed length. */
  minLength?: number;
  /** Longest allowed length. */
  maxLength?: number;
  /** The value must match. Checked by the model only: JavaScript and SurrealDB regex dialects differ. */
  regex?: RegExp;
}

/** Options of number fields (`IntField`, `FloatField`). */
export interface NumberFieldOptions extends BaseFieldOptions<number> {
  /** Smallest allowed value. */
  min?: number;
  /** Largest allowed value. */
  max?: number;
}

/** Options of `DecimalField`: bounds are numbers. */
export interface DecimalFieldOptions extends BaseFieldOptions<unknown> {
  /** Smallest allowed value. */
  min?: number;
  /** Largest allowed value. */
  max?: number;
}

/** Options of `DateTimeField`. */
export interface DateTimeFieldOptions extends BaseFieldOptions<Date> {
  /** Earliest allowed instant. */
  min?: Date;
  /** Latest allowed instant. */
  max?: Date;
}

/** Options of `ListField`. */
export interface ListFieldOptions extends BaseFieldOptions<unknown[]> {
  /** What each item is, e.g. `{ type: 'string', maxLength: 20 }` or `{ type: 'reference', model: () => Tag }`. */
  of?: FieldSpec;
  /** Fewest items. */
  minLength?: number;
  /** Most items. */
  maxLength?: number;
}

/** Options of `RecordIdField`. */
export interface RecordIdFieldOptions extends BaseFieldOptions<unknown> {
  /** Only record ids of this table are accepted. */
  table?: string;
}

/** Options of `GeometryField`. */
export interface GeometryFieldOptions extends BaseFieldOptions<unknown> {
  /** Geometry sub-type. Default `feature` (any geometry). */
  type?: GeometryType;
}

/** Options of `SetField`. */
export interface SetFieldOptions extends BaseFieldOptions<
  Set<unknown> | unknown[]
> {
  /** What each item is, e.g. `{ type: 'string' }`. */
  of?: FieldSpec;
}

/** Options of `BytesField`. */
export interface BytesFieldOptions extends BaseFieldOptions<Uint8Array> {
  /** Fewest bytes. */
  minLength?: number;
  /** Most bytes. */
  maxLength?: number;
}

/** Options of `VectorField`. */
export interface VectorFieldOptions extends BaseFieldOptions<number[]> {
  /** How many numbers every vector has (`array<float, N>`). */
  dimension: number;
}

/** Options of `IPField`. */
export interface IPFieldOptions extends StringFieldOptions {
  /** Only IPv4 or only IPv6 addresses. Default: both. */
  version?: 4 | 6;
}

/** Describes a list item for `ListField({ of })`. */
export type FieldSpec =
  | ({ type: 'string' | 'email' | 'url' | 'slug' } & StringFieldOptions)
  | ({ type: 'ip' } & IPFieldOptions)
  | ({ type: 'int' | 'float' } & NumberFieldOptions)
  | ({ type: 'decimal' } & DecimalFieldOptions)
  | ({ type: 'datetime' } & DateTimeFieldOptions)
  | ({ type: 'boolean' | 'duration' | 'uuid' | 'dict' } & BaseFieldOptions)
  | ({ type: 'list' } & ListFieldOptions)
  | ({ type: 'reference'; model: ModelRef } & BaseFieldOptions)
  | ({ type: 'recordId' } & RecordIdFieldOptions)
  | ({ type: 'geometry' } & GeometryFieldOptions)
  | ({ type: 'embedded'; model: ModelRef } & BaseFieldOptions)
  | ({ type: 'set' } & SetFieldOptions)
  | ({ type: 'bytes' } & BytesFieldOptions)
  | ({ type: 'literal'; values: readonly LiteralValue[] } & BaseFieldOptions)
  | ({ type: 'vector' } & VectorFieldOptions);

/** Every option any field may carry, as stored in the model metadata. */
export interface FieldOptions extends BaseFieldOptions {
  min?: number | Date;
  max?: number | Date;
  minLength?: number;
  maxLength?: number;
  regex?: RegExp;
  table?: string;
  type?: GeometryType;
  /** `LiteralField`: the allowed values. */
  values?: readonly LiteralValue[];
  /** `VectorField`: the number of items. */
  dimension?: number;
  /** `IPField`: 4 or 6. */
  version?: 4 | 6;
}

/** One declared field of a model, as the decorators recorded it. */
export interface FieldDefinition {
  /** Property name on the model (and field name in the table); `*` for list items. */
  readonly name: string;
  readonly kind: FieldKind;
  readonly options: FieldOptions;
  /** List and set items. */
  readonly item?: FieldDefinition;
  /** Referenced or embedded model. */
  readonly model?: ModelRef;
}
