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

/** One per value checked: names the value in its failures, and checks the values nested in it. */
class ValueCheck implements FieldCheckContext {
  private kind?: string;

  constructor(
    readonly model: string,
    readonly path: string,
    private readonly value: unknown,
  ) {}

  fail(rule: ValidationRule, message: string): FieldError {
    this.kind ??= valueKind(this.value);
    return {
      field: this.path,
      rule,
      valueKind: this.kind,
      message: `${this.model}.${this.path} (${this.kind}) ${message}`,
    };
  }

  validate(field: FieldDefinition, value: unknown, path: string): FieldError[] {
    return validateFieldValue(this.model, field, value, path);
  }
}

// The rules every kind shares, driven by the options: choices, min/max, minLength/maxLength, regex. Allocates
// nothing for a value that keeps them (most do, and every field of every document is checked on each save).
function optionRules(
  field: FieldDefinition,
  value: unknown,
  check: ValueCheck,
): FieldError[] {
  const { options } = field;
  let errors: FieldError[] | undefined;
  if (
    options.choices &&
    !options.choices.some((choice) => sameValue(choice, value))
  ) {
    (errors ??= []).push(
      check.fail(
        'choices',
        `must be one of ${JSON.stringify(options.choices)}`,
      ),
    );
  }
  if (options.min !== undefined && comparable(value) < comparable(options.min))
    (errors ??= []).push(
      check.fail('min', `must be >= ${describeBound(options.min)}`),
    );
  if (options.max !== undefined && comparable(value) > comparable(options.max))
    (errors ??= []).push(
      check.fail('max', `must be <= ${describeBound(options.max)}`),
    );
  if (typeof value === 'string' || Array.isArray(value)) {
    const unit = typeof value === 'string' ? 'characters' : 'items';
    if (options.minLength !== undefined && value.length < options.minLength)
      (errors ??= []).push(
        check.fail(
          'minLength',
          `must have at least ${options.minLength} ${unit}`,
        ),
      );
    if (options.maxLength !== undefined && value.length > options.maxLength)
      (errors ??= []).push(
        check.fail(
          'maxLength',
          `must have at most ${options.maxLength} ${unit}`,
        ),
      );
  }
  if (typeof value === 'string' && options.regex) {
    options.regex.lastIndex = 0;
    if (!options.regex.test(value))
      (errors ??= []).push(
        check.fail('regex', `must match ${String(options.regex)}`),
      );
  }
  return errors ?? NO_ERRORS;
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
    return [
      new ValueCheck(model, path, value).fail(
        'required',
        'is required: set a value',
      ),
    ];
  }
  const handler = fieldKindOf(field);
  const check = new ValueCheck(model, path, value);
  if (!handler.is(value, field))
    return [check.fail('type', `must be ${handler.expected}`)];
  const own = optionRules(field, value, check);
  const specific = handler.check(value, field, check);
  if (!own.length) return specific;
  return specific.length ? [...own, ...specific] : own;
}
