import {
  DateTime,
  Decimal,
  Duration,
  Geometry,
  RecordId,
  StringRecordId,
  Uuid,
} from 'surrealdb';
import type { FieldDefinition } from './field-types.js';
import {
  DOCUMENT_BRAND,
  getModelMetadata,
  resolveModel,
} from './model-metadata.js';
import type { FieldError, ValidationRule } from './validation.error.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// The shape SurrealDB's `string::is_email` accepts, roughly: no spaces, one @, a dot in the domain.
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const DECIMAL = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;
const ISO_DATE =
  /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[-+]\d{2}:?\d{2})?)?$/;

/** A short name for what a value is (`string`, `Date`, `RecordId`, ...), used in errors instead of the value. */
export function valueKind(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value !== 'object') return typeof value;
  const name = (value as object).constructor?.name;
  // The SDK's bundle names some classes `RecordId$1`.
  return name && name !== 'Object' ? name.replace(/\$\d+$/, '') : 'object';
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

function isDocument(
  value: unknown,
): value is { id?: unknown; constructor: unknown } {
  return typeof value === 'object' && value !== null && DOCUMENT_BRAND in value;
}

function isValidDate(value: unknown): boolean {
  if (value instanceof Date) return !Number.isNaN(value.getTime());
  if (value instanceof DateTime) return true;
  return (
    typeof value === 'string' &&
    ISO_DATE.test(value) &&
    !Number.isNaN(Date.parse(value))
  );
}

function isDuration(value: unknown): boolean {
  if (value instanceof Duration) return true;
  if (typeof value !== 'string' || value === '') return false;
  try {
    new Duration(value);
    return true;
  } catch {
    return false;
  }
}

function isGeometry(value: unknown): boolean {
  if (value instanceof Geometry) return true;
  if (!isPlainObject(value) || typeof value.type !== 'string') return false;
  try {
    Geometry.fromJSON(value as never);
    return true;
  } catch {
    return false;
  }
}

function isUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

/** @internal What the field holds, for "expected ..." messages. */
export function expectedKind(field: FieldDefinition): string {
  switch (field.kind) {
    case 'string':
    case 'email':
    case 'url':
      return 'a string';
    case 'int':
      return 'a whole number';
    case 'float':
      return 'a finite number';
    case 'boolean':
      return 'a boolean';
    case 'datetime':
      return 'a Date, a DateTime or an ISO 8601 string';
    case 'decimal':
      return 'a Decimal, a finite number or a numeric string';
    case 'duration':
      return 'a Duration or a duration string such as "1h30m"';
    case 'uuid':
      return 'a UUID string or a Uuid';
    case 'list':
      return 'an array';
    case 'dict':
      return 'a plain object';
    case 'reference':
      return 'a saved document, its RecordId, or an id';
    case 'recordId':
      return 'a RecordId';
    case 'geometry':
      return 'a Geometry or a GeoJSON object';
  }
}

/** @internal Whether `value` has the right type for `field` (rules like `min` aside). */
export function hasFieldType(field: FieldDefinition, value: unknown): boolean {
  switch (field.kind) {
    case 'string':
    case 'email':
    case 'url':
      return typeof value === 'string';
    case 'int':
      return Number.isSafeInteger(value);
    case 'float':
      return typeof value === 'number' && Number.isFinite(value);
    case 'boolean':
      return typeof value === 'boolean';
    case 'datetime':
      return isValidDate(value);
    case 'decimal':
      return (
        value instanceof Decimal ||
        typeof value === 'bigint' ||
        (typeof value === 'number' && Number.isFinite(value)) ||
        (typeof value === 'string' && DECIMAL.test(value))
      );
    case 'duration':
      return isDuration(value);
    case 'uuid':
      return (
        value instanceof Uuid || (typeof value === 'string' && UUID.test(value))
      );
    case 'list':
      return Array.isArray(value);
    case 'dict':
      return isPlainObject(value);
    case 'reference':
      return (
        isDocument(value) ||
        value instanceof RecordId ||
        (typeof value === 'string' && value !== '') ||
        Number.isSafeInteger(value)
      );
    case 'recordId':
      return value instanceof RecordId || value instanceof StringRecordId;
    case 'geometry':
      return isGeometry(value);
  }
}

function comparable(value: unknown): number {
  if (value instanceof Date) return value.getTime();
  if (value instanceof DateTime) return value.toDate().getTime();
  if (typeof value === 'string' && Number.isNaN(Number(value)))
    return Date.parse(value);
  return Number(value instanceof Decimal ? value.toString() : value);
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a instanceof Decimal || b instanceof Decimal)
    return String(a) === String(b);
  if (a instanceof Date && b instanceof Date)
    return a.getTime() === b.getTime();
  return false;
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
  const { options } = field;
  if (value === undefined || value === null) {
    if (!options.required) return NO_ERRORS;
  } else if (hasFieldType(field, value) && isPlainValid(field, value)) {
    // The common case, checked without allocating anything.
    return NO_ERRORS;
  }
  const kind = valueKind(value);
  const fail = (rule: ValidationRule, message: string): FieldError => ({
    field: path,
    rule,
    valueKind: kind,
    message: `${model}.${path} (${kind}) ${message}`,
  });
  if (value === undefined || value === null)
    return [fail('required', 'is required: set a value')];
  if (!hasFieldType(field, value)) {
    return [fail('type', `must be ${expectedKind(field)}`)];
  }
  const errors: FieldError[] = [];
  if (
    options.choices &&
    !options.choices.some((choice) => sameValue(choice, value))
  ) {
    errors.push(
      fail('choices', `must be one of ${JSON.stringify(options.choices)}`),
    );
  }
  if (
    options.min !== undefined &&
    comparable(value) < comparable(options.min)
  ) {
    errors.push(fail('min', `must be >= ${describeBound(options.min)}`));
  }
  if (
    options.max !== undefined &&
    comparable(value) > comparable(options.max)
  ) {
    errors.push(fail('max', `must be <= ${describeBound(options.max)}`));
  }
  const length =
    typeof value === 'string' || Array.isArray(value)
      ? value.length
      : undefined;
  const unit = typeof value === 'string' ? 'characters' : 'items';
  if (
    length !== undefined &&
    options.minLength !== undefined &&
    length < options.minLength
  ) {
    errors.push(
      fail('minLength', `must have at least ${options.minLength} ${unit}`),
    );
  }
  if (
    length !== undefined &&
    options.maxLength !== undefined &&
    length > options.maxLength
  ) {
    errors.push(
      fail('maxLength', `must have at most ${options.maxLength} ${unit}`),
    );
  }
  if (typeof value === 'string') {
    if (options.regex) {
      options.regex.lastIndex = 0;
      if (!options.regex.test(value))
        errors.push(fail('regex', `must match ${String(options.regex)}`));
    }
    if (field.kind === 'email' && !EMAIL.test(value)) {
      errors.push(
        fail('email', 'must be an e-mail address such as name@example.com'),
      );
    }
    if (field.kind === 'url' && !isUrl(value)) {
      errors.push(
        fail('url', 'must be an http(s) URL such as https://example.com'),
      );
    }
  }
  if (field.kind === 'reference')
    errors.push(...checkReference(model, field, value, path, fail));
  if (field.kind === 'recordId' && options.table && value instanceof RecordId) {
    if (value.table.name !== options.table) {
      errors.push(
        fail('table', `must be a record id of table "${options.table}"`),
      );
    }
  }
  if (field.kind === 'list' && field.item && Array.isArray(value)) {
    value.forEach((item, index) =>
      errors.push(
        ...validateFieldValue(model, field.item!, item, `${path}[${index}]`),
      ),
    );
  }
  return errors;
}

const NO_ERRORS: FieldError[] = [];
Object.freeze(NO_ERRORS);

// True when a value of the right type passes the simple rules, so no error list is needed. Fields with rules that
// need more context (references, typed record ids, list items) take the full path.
function isPlainValid(field: FieldDefinition, value: unknown): boolean {
  const { options } = field;
  if (
    field.kind === 'reference' ||
    field.item ||
    (field.kind === 'recordId' && options.table)
  )
    return false;
  if (options.choices || options.regex) return false;
  if (field.kind === 'email' && !EMAIL.test(value as string)) return false;
  if (field.kind === 'url' && !isUrl(value as string)) return false;
  if (options.min !== undefined && comparable(value) < comparable(options.min))
    return false;
  if (options.max !== undefined && comparable(value) > comparable(options.max))
    return false;
  const length =
    typeof value === 'string' || Array.isArray(value)
      ? value.length
      : undefined;
  if (length !== undefined) {
    if (options.minLength !== undefined && length < options.minLength)
      return false;
    if (options.maxLength !== undefined && length > options.maxLength)
      return false;
  }
  return true;
}

function checkReference(
  model: string,
  field: FieldDefinition,
  value: unknown,
  path: string,
  fail: (rule: ValidationRule, message: string) => FieldError,
): FieldError[] {
  const target = getModelMetadata(
    resolveModel(field.model!, `${model}.${path}`),
  );
  if (isDocument(value)) {
    if (!(value instanceof target.model)) {
      return [fail('type', `must be a ${target.name} document`)];
    }
    if (!(value.id instanceof RecordId)) {
      return [
        fail('unsaved', `refers to an unsaved ${target.name}: save it first`),
      ];
    }
    return [];
  }
  if (value instanceof RecordId && value.table.name !== target.collection) {
    return [
      fail('table', `must be a record id of table "${target.collection}"`),
    ];
  }
  return [];
}

function describeBound(bound: number | Date): string {
  return bound instanceof Date ? bound.toISOString() : String(bound);
}
