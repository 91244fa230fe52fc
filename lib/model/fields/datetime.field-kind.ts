import { DateTime } from 'surrealdb';
import { defineFieldKind } from './field-kind.js';

const ISO_DATE =
  /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[-+]\d{2}:?\d{2})?)?$/;

/** @internal `DateTimeField`: `datetime`; a `Date`, an SDK `DateTime` or an ISO string in, a `Date` out. */
export const datetimeKind = defineFieldKind({
  kind: 'datetime',
  expected: 'a Date, a DateTime or an ISO 8601 string',
  bounds: 'date',
  is: (value) => {
    if (value instanceof Date) return !Number.isNaN(value.getTime());
    if (value instanceof DateTime) return true;
    return (
      typeof value === 'string' &&
      ISO_DATE.test(value) &&
      !Number.isNaN(Date.parse(value))
    );
  },
  toDatabase: (value) =>
    value instanceof DateTime
      ? value
      : new DateTime(value instanceof Date ? value : new Date(value as string)),
  fromDatabase: (value) => (value instanceof DateTime ? value.toDate() : value),
  surqlType: () => 'datetime',
});
