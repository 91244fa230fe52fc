import { SurrealEngineError } from '../connection/surreal.errors.js';

/** Names of the checks a field value can fail. */
export type ValidationRule =
  | 'required'
  | 'type'
  | 'choices'
  | 'min'
  | 'max'
  | 'minLength'
  | 'maxLength'
  | 'regex'
  | 'email'
  | 'url'
  | 'table'
  | 'unsaved'
  | 'unknown'
  | 'unique'
  | 'dimension'
  | 'ip'
  | 'slug';

/** One failed check: which field, what kind of value it held, which rule it broke, and what to do. */
export interface FieldError {
  /** Field path, e.g. `age`, `tags[2]`; prefixed with `[i].` for the i-th document of a bulk insert. */
  readonly field: string;
  /** The rule that failed. */
  readonly rule: ValidationRule;
  /** What the value was (`string`, `number`, `undefined`, `Date`, ...); the value itself is never reported. */
  readonly valueKind: string;
  /** A sentence saying what is wrong and what is expected. */
  readonly message: string;
}

/** A document (or an update) broke one or more field rules; `errors` lists every one of them. */
export class ValidationError extends SurrealEngineError {
  constructor(
    readonly model: string,
    readonly errors: readonly FieldError[],
  ) {
    const details = errors.map((error) => error.message).join('; ');
    const count =
      errors.length === 1
        ? '1 invalid field'
        : `${errors.length} invalid fields`;
    super(`${model}: ${count}: ${details}`);
  }
}
