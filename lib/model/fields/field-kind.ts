import type {
  FieldDefinition,
  FieldKind,
  FieldOptions,
  ModelClass,
} from '../field-types.js';
import type { FieldError, ValidationRule } from '../validation.error.js';

/** @internal Turns a record fetched through a reference into a document of `model`. */
export type HydrateReference = (
  model: ModelClass,
  record: Record<string, unknown>,
) => unknown;

/** @internal What a kind's `check` gets to report failures and to validate nested values. */
export interface FieldCheckContext {
  /** Model name, for messages. */
  readonly model: string;
  /** Path of the value being checked (`tags[2]`). */
  readonly path: string;
  /** A failure of this value. */
  fail(rule: ValidationRule, message: string): FieldError;
  /** Validates a nested value (a list item) against its own field. */
  validate(field: FieldDefinition, value: unknown, path: string): FieldError[];
}

/**
 * @internal Everything the library knows about one kind of field (mongoose's `SchemaType`, mikro-orm's `Type`).
 * Adding a field type is writing one of these in `<kind>.field-kind.ts` and listing it in `field-kind.registry.ts`.
 */
export interface FieldKindHandler {
  readonly kind: FieldKind;
  /** What a value must be, for "must be ..." messages: `a whole number`. */
  readonly expected: string;
  /** What `min`/`max` bounds are for this kind; absent when the kind takes no bounds. */
  readonly bounds?: 'number' | 'date';
  /** `startswith`/`endswith` apply (text fields). */
  readonly textual?: boolean;
  /** The SurrealQL function measuring `minLength`/`maxLength`. */
  readonly lengthFunction: 'string::len' | 'array::len' | 'bytes::len';
  /** `DEFINE FIELD ... FLEXIBLE`: any keys inside the object. */
  readonly flexible?: boolean;
  /** How a query path continues after this field: any key (`free`), or the referenced (or embedded) model's fields. */
  readonly pathStep?: 'free' | 'reference';
  /** Fields inside the value that `syncSchema()` defines as `field.sub` (an embedded document's fields). */
  nested?(
    field: FieldDefinition,
    where: string,
  ): ReadonlyMap<string, FieldDefinition>;
  /** Checks kind-specific options when the model is declared; `fail` throws a `ModelDefinitionError`. */
  checkOptions(
    options: FieldOptions,
    where: string,
    fail: (what: string) => never,
  ): void;
  /** Whether `value` has this kind's type (rules such as `min` aside). */
  is(value: unknown, field: FieldDefinition): boolean;
  /** Kind-specific rules for a value that passed `is`; an empty array when it keeps them. */
  check(
    value: unknown,
    field: FieldDefinition,
    context: FieldCheckContext,
  ): FieldError[];
  /** A valid model value converted to what the SDK sends (`Date` -> `DateTime`). */
  toDatabase(value: unknown, field: FieldDefinition, where: string): unknown;
  /** What the SDK returned converted back to the model's value type. */
  fromDatabase(
    value: unknown,
    field: FieldDefinition,
    hydrate: HydrateReference,
  ): unknown;
  /** The SurrealQL type in `DEFINE FIELD ... TYPE`. */
  surqlType(field: FieldDefinition, where: string): string;
  /** Kind-specific `ASSERT` conditions on `$value` (the generic ones come from the options). */
  assertions(field: FieldDefinition): string[];
  /** A filter value converted the way a saved value would be, so comparisons match. */
  lookupValue(value: unknown, field: FieldDefinition): unknown;
}

/** @internal A frozen empty error list: the common answer, without allocating. */
export const NO_ERRORS: FieldError[] = Object.freeze(
  [],
) as unknown as FieldError[];

type Required = 'kind' | 'expected' | 'is' | 'surqlType';

/** @internal Fills in the behaviour most kinds share: no extra rules, values passed through unchanged. */
export function defineFieldKind(
  spec: Pick<FieldKindHandler, Required> &
    Partial<Omit<FieldKindHandler, Required>>,
): FieldKindHandler {
  const handler: FieldKindHandler = {
    lengthFunction: 'string::len',
    checkOptions: () => undefined,
    check: () => NO_ERRORS,
    toDatabase: (value) => value,
    fromDatabase: (value) => value,
    assertions: () => [],
    lookupValue: (value, field) =>
      handler.is(value, field)
        ? handler.toDatabase(value, field, field.name)
        : value,
    ...spec,
  };
  return Object.freeze(handler);
}
