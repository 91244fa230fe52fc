import type {
  BaseFieldOptions,
  BytesFieldOptions,
  DateTimeFieldOptions,
  DecimalFieldOptions,
  FieldDefinition,
  FieldKind,
  FieldOptions,
  FieldSpec,
  GeometryFieldOptions,
  IPFieldOptions,
  ListFieldOptions,
  LiteralValue,
  ModelRef,
  NumberFieldOptions,
  RecordIdFieldOptions,
  SetFieldOptions,
  StringFieldOptions,
  VectorFieldOptions,
} from './field-types.js';
import { comparable, sameValue, valueKind } from './field-validation.js';
import { fieldKind, isFieldKind } from './fields/field-kind.registry.js';
import { registerField } from './model-metadata.js';
import { ModelDefinitionError } from './model.errors.js';

// Options are checked when the class is declared, so a typo fails at start-up rather than on the first save.
function checkOptions(
  where: string,
  kind: FieldKind,
  options: FieldOptions,
): void {
  const fail = (what: string): never => {
    throw new ModelDefinitionError(`${where}: ${what}`);
  };
  const handler = fieldKind(kind);
  for (const key of ['min', 'max'] as const) {
    const bound = options[key];
    if (bound === undefined) continue;
    if (handler.bounds === 'date') {
      if (!(bound instanceof Date) || Number.isNaN(bound.getTime())) {
        fail(`option "${key}" must be a valid Date`);
      }
    } else if (typeof bound !== 'number' || !Number.isFinite(bound)) {
      fail(`option "${key}" must be a finite number`);
    }
  }
  if (
    options.min !== undefined &&
    options.max !== undefined &&
    comparable(options.min) > comparable(options.max)
  ) {
    fail('option "min" is greater than "max": no value could be valid');
  }
  for (const key of ['minLength', 'maxLength'] as const) {
    const length = options[key];
    if (length !== undefined && (!Number.isInteger(length) || length < 0)) {
      fail(`option "${key}" must be a whole number >= 0`);
    }
  }
  if (
    options.minLength !== undefined &&
    options.maxLength !== undefined &&
    options.minLength > options.maxLength
  ) {
    fail(
      'option "minLength" is greater than "maxLength": no value could be valid',
    );
  }
  if (options.regex !== undefined && !(options.regex instanceof RegExp)) {
    fail('option "regex" must be a RegExp');
  }
  if (options.choices !== undefined && !Array.isArray(options.choices)) {
    fail('option "choices" must be an array');
  }
  const { choices, default: initial } = options;
  if (
    choices &&
    initial !== undefined &&
    typeof initial !== 'function' &&
    !choices.some((choice) => sameValue(choice, initial))
  ) {
    fail(
      `option "default" (${valueKind(initial)}) is not one of "choices" ${JSON.stringify(choices)}`,
    );
  }
  handler.checkOptions(options, where, fail);
}

function definition(
  where: string,
  name: string,
  kind: FieldKind,
  options: FieldOptions & { of?: FieldSpec },
  model?: ModelRef,
): FieldDefinition {
  const { of, ...rest } = options;
  checkOptions(where, kind, rest);
  let item: FieldDefinition | undefined;
  if (of !== undefined) {
    if (kind !== 'list' && kind !== 'set')
      throw new ModelDefinitionError(
        `${where}: option "of" is for ListField and SetField only`,
      );
    item = fromSpec(`${where}[*]`, of);
  }
  if (kind === 'reference' && typeof model !== 'function') {
    throw new ModelDefinitionError(
      `${where}: ReferenceField needs the referenced model: ReferenceField(() => Model)`,
    );
  }
  if (kind === 'embedded' && typeof model !== 'function') {
    throw new ModelDefinitionError(
      `${where}: EmbeddedField needs the embedded model: EmbeddedField(Address) or EmbeddedField(() => Address)`,
    );
  }
  return { name, kind, options: rest, item, model };
}

function fromSpec(where: string, spec: FieldSpec): FieldDefinition {
  const { type, ...options } = spec as FieldSpec & { model?: ModelRef };
  const model = (options as { model?: ModelRef }).model;
  delete (options as { model?: ModelRef }).model;
  if (!isFieldKind(type)) {
    throw new ModelDefinitionError(
      `${where}: a list item spec needs a "type" naming a field kind, e.g. { type: 'string' }`,
    );
  }
  return definition(where, '*', type, options, model);
}

function field(
  kind: FieldKind,
  options: FieldOptions & { of?: FieldSpec } = {},
  model?: ModelRef,
) {
  return (target: object, propertyKey: string | symbol): void => {
    const owner =
      (target as { constructor?: { name?: string } }).constructor?.name ??
      'model';
    if (typeof propertyKey !== 'string') {
      throw new ModelDefinitionError(
        `${owner}: field decorators need a string property name`,
      );
    }
    registerField(
      target,
      definition(`${owner}.${propertyKey}`, propertyKey, kind, options, model),
    );
  };
}

/** A text field (`string` in SurrealDB). */
export const StringField = (options?: StringFieldOptions): PropertyDecorator =>
  field('string', options);

/** A whole number (`int`). */
export const IntField = (options?: NumberFieldOptions): PropertyDecorator =>
  field('int', options);

/** A floating-point number (`float`). */
export const FloatField = (options?: NumberFieldOptions): PropertyDecorator =>
  field('float', options);

/** `true` or `false` (`bool`). */
export const BooleanField = (
  options?: BaseFieldOptions<boolean>,
): PropertyDecorator => field('boolean', options);

/** An instant (`datetime`): set a `Date`, an SDK `DateTime` or an ISO string; reads back as a `Date`. */
export const DateTimeField = (
  options?: DateTimeFieldOptions,
): PropertyDecorator => field('datetime', options);

/** An exact decimal (`decimal`): set an SDK `Decimal`, a number or a numeric string; reads back as a `Decimal`. */
export const DecimalField = (
  options?: DecimalFieldOptions,
): PropertyDecorator => field('decimal', options);

/** A duration (`duration`): set an SDK `Duration` or a string like `1h30m`; reads back as a `Duration`. */
export const DurationField = (options?: BaseFieldOptions): PropertyDecorator =>
  field('duration', options);

/** A UUID (`uuid`): set a string or an SDK `Uuid`; reads back as a string. */
export const UUIDField = (
  options?: BaseFieldOptions<string>,
): PropertyDecorator => field('uuid', options);

/** An e-mail address: a string checked by the model and by `string::is_email` in the schema. */
export const EmailField = (options?: StringFieldOptions): PropertyDecorator =>
  field('email', options);

/** An http(s) URL: a string checked by the model and by `string::is_url` in the schema. */
export const URLField = (options?: StringFieldOptions): PropertyDecorator =>
  field('url', options);

/** An array (`array<T>`); `of` describes the items, e.g. `ListField({ of: { type: 'string' } })`. */
export const ListField = (options?: ListFieldOptions): PropertyDecorator =>
  field('list', options);

/** A free-form object (`object FLEXIBLE`); nested keys are queried as `field__key`. */
export const DictField = (
  options?: BaseFieldOptions<Record<string, unknown>>,
): PropertyDecorator => field('dict', options);

/**
 * A link to a document of another model (`record<table>`). Set a saved document or its `RecordId`; reads back as a
 * `RecordId`, or as the referenced document when the query used `fetch()`.
 */
export const ReferenceField = (
  model: ModelRef,
  options?: BaseFieldOptions,
): PropertyDecorator => field('reference', options, model);

/** A record id of any table, or of `table` only (`record` / `record<table>`): set an SDK `RecordId`. */
export const RecordIdField = (
  options?: RecordIdFieldOptions,
): PropertyDecorator => field('recordId', options);

/** A geometry (`geometry<type>`): set an SDK `Geometry` (e.g. `GeometryPoint`) or a GeoJSON object. */
export const GeometryField = (
  options?: GeometryFieldOptions,
): PropertyDecorator => field('geometry', options);

/**
 * A nested model stored inside the document (SurrealEngine's `EmbeddedDocumentField`): `model` extends
 * `EmbeddedDocument`. Set an instance or a plain object; reads back as an instance. Query inside it as
 * `address__city`.
 */
export const EmbeddedField = (
  model: ModelRef,
  options?: BaseFieldOptions,
): PropertyDecorator => field('embedded', options, model);

/** Unique items (`set<T>`): set a `Set` or an array without duplicates; reads back as a `Set`. */
export const SetField = (options?: SetFieldOptions): PropertyDecorator =>
  field('set', options);

/** Binary data (`bytes`): set a `Uint8Array` (or a `Buffer`); reads back as a `Uint8Array`. */
export const BytesField = (options?: BytesFieldOptions): PropertyDecorator =>
  field('bytes', options);

/**
 * One of fixed values (SurrealDB's literal type `'draft' | 'published'`); type the property with the same union:
 * `@LiteralField(['draft', 'published']) status?: 'draft' | 'published'`.
 */
export const LiteralField = (
  values: readonly LiteralValue[],
  options?: BaseFieldOptions<LiteralValue>,
): PropertyDecorator => field('literal', { ...options, values });

/** A fixed-length vector of floats (`array<float, N>`), e.g. an embedding: `VectorField({ dimension: 384 })`. */
export const VectorField = (options: VectorFieldOptions): PropertyDecorator =>
  field('vector', options);

/** An IPv4 or IPv6 address string, checked by the model and by `string::is_ip` in the schema. */
export const IPField = (options?: IPFieldOptions): PropertyDecorator =>
  field('ip', options);

/** A URL slug (`my-first-post`): letters, digits, hyphens and underscores. */
export const SlugField = (options?: StringFieldOptions): PropertyDecorator =>
  field('slug', options);
