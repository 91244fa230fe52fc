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
  | 'geometry';

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

/** Describes a list item for `ListField({ of })`. */
export type FieldSpec =
  | ({ type: 'string' | 'email' | 'url' } & StringFieldOptions)
  | ({ type: 'int' | 'float' } & NumberFieldOptions)
  | ({ type: 'decimal' } & DecimalFieldOptions)
  | ({ type: 'datetime' } & DateTimeFieldOptions)
  | ({ type: 'boolean' | 'duration' | 'uuid' | 'dict' } & BaseFieldOptions)
  | ({ type: 'list' } & ListFieldOptions)
  | ({ type: 'reference'; model: ModelRef } & BaseFieldOptions)
  | ({ type: 'recordId' } & RecordIdFieldOptions)
  | ({ type: 'geometry' } & GeometryFieldOptions);

/** Every option any field may carry, as stored in the model metadata. */
export interface FieldOptions extends BaseFieldOptions {
  min?: number | Date;
  max?: number | Date;
  minLength?: number;
  maxLength?: number;
  regex?: RegExp;
  table?: string;
  type?: GeometryType;
}

/** One declared field of a model, as the decorators recorded it. */
export interface FieldDefinition {
  /** Property name on the model (and field name in the table); `*` for list items. */
  readonly name: string;
  readonly kind: FieldKind;
  readonly options: FieldOptions;
  /** List items. */
  readonly item?: FieldDefinition;
  /** Referenced model. */
  readonly model?: ModelRef;
}
