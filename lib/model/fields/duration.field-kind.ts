import { Duration } from 'surrealdb';
import { defineFieldKind } from './field-kind.js';

/** @internal `DurationField`: `duration`; an SDK `Duration` or a string such as `1h30m`. */
export const durationKind = defineFieldKind({
  kind: 'duration',
  expected: 'a Duration or a duration string such as "1h30m"',
  is: (value) => {
    if (value instanceof Duration) return true;
    if (typeof value !== 'string' || value === '') return false;
    try {
      new Duration(value);
      return true;
    } catch {
      return false;
    }
  },
  toDatabase: (value) =>
    value instanceof Duration ? value : new Duration(value as string),
  surqlType: () => 'duration',
});
