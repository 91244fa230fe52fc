import { DateTime, Decimal } from 'surrealdb';
import type { FieldDefinition } from './field-types.js';
import { NO_ERRORS, type FieldCheckContext } from './fields/field-kind.js';
import { fieldKindOf } from './fields/field-kind.registry.js';
import type { FieldError, ValidationRule } from './validation.error.js';

/** A short name for what a value is (`string`, `Date`, `RecordId`, ...), used in errors instead of the value. */
export function valueKind(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value !== 'object') return typeof value;
  const name = (value as object).constructor?.name;
  // The SDK's bundle names some classes `RecordId$1`.
  return name && name !== 'Object' ? name.replace(/\$\d+$/, '') : 'object';
}

/** @internal A bound or value as a number, so dates, decimals and numbers compare alike. */
export function comparable(value: unknown): number {
  if (value instanceof Date) return value.getTime();
  if (value instanceof DateTime) return value.toDate().getTime();
  if (typeof value === 'string' && Number.isNaN(Number(value)))
    return Date.parse(value);
  return Number(value instanceof Decimal ? value.toString() : value);
}

/** @internal Whether two option or field values are the same (`choices`). */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a instanceof Decimal || b instanceof Decimal)
    return String(a) === String(b);
  if (a instanceof Date && b instanceof Date)
    return a.getTime() === b.getTime();
  return false;
}

function describeBound(bound: number | Date): string {
  return bound instanceof Date ? bound.toISOString() : String(bound);
}

// The rules every kind shares, driven by the options: choices, min/max, minLength/maxLength, regex.
function optionRules(
  field: FieldDefinition,
  value: unknown,
  fail: (rule: ValidationRule, message: string) => FieldError,
): FieldError[] {
  const { options } = field;
  let errors = NO_ERRORS;
  const add = (error: FieldError) => {
    errors = [...errors, error];
  };
  if (
    options.choices &&
    !options.choices.some((choice) => sameValue(choice, value))
  ) {
    add(fail('choices', `must be one of ${JSON.stringify(options.choices)}`));
  }
  if (options.min !== undefined && comparable(value) < comparable(options.min))
    add(fail('min', `must be >= ${describeBound(options.min)}`));
  if (options.max !== undefined && comparable(value) > comparable(options.max))
    add(fail('max', `must be <= ${describeBound(options.max)}`));
  if (typeof value === 'string' || Array.isArray(value)) {
    const unit = typeof value === 'string' ? 'characters' : 'items';
    if (options.minLength !== undefined && value.length < options.minLength)
      add(fail('minLength', `must have at least ${options.minLength} ${unit}`));
    if (options.maxLength !== undefined && value.length > options.maxLength)
      add(fail('maxLength', `must have at most ${options.maxLength} ${unit}`));
  }
  if (typeof value === 'string' && options.regex) {
    options.regex.lastIndex = 0;
    if (!options.regex.test(value))
      add(fail('regex', `must match ${String(options.regex)}`));
  }
  return errors;
}

/**
 * Checks one value against its field's rules and returns every failure (an empty array when valid).
 * `model` and `path` name the value in messages.
 */
export function validateFieldValue(
  model: string,
  field: FieldDefinition,
  value: unknown,
  path: string = field.name,
): FieldError[] {
  if (value === null && field.options.nullable) return NO_ERRORS;
  if (value === undefined || value === null) {
    if (!field.options.required) return NO_ERRORS;
  }
  let kind: string | undefined;
  const fail = (rule: ValidationRule, message: string): FieldError => {
    kind ??= valueKind(value);
    return {
      field: path,
      rule,
      valueKind: kind,
      message: `${model}.${path} (${kind}) ${message}`,
    };
  };
  if (value === undefined || value === null)
    return [fail('required', 'is required: set a value')];
  const handler = fieldKindOf(field);
  if (!handler.is(value, field))
    return [fail('type', `must be ${handler.expected}`)];
  const context: FieldCheckContext = {
    model,
    path,
    fail,
    validate: (nested, nestedValue, nestedPath) =>
      validateFieldValue(model, nested, nestedValue, nestedPath),
  };
  const own = optionRules(field, value, fail);
  const specific = handler.check(value, field, context);
  if (!own.length) return specific;
  return specific.length ? [...own, ...specific] : own;
}
