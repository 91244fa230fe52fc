import { RecordId, StringRecordId } from 'surrealdb';
import { escapeIdentifier } from '../identifier.js';
import { defineFieldKind, NO_ERRORS } from './field-kind.js';

/** @internal `RecordIdField`: `record` or `record<table>`; an SDK `RecordId`. */
export const recordIdKind = defineFieldKind({
  kind: 'recordId',
  expected: 'a RecordId',
  checkOptions: (options, where, fail) => {
    if (options.table !== undefined && typeof options.table !== 'string')
      fail('option "table" must be a table name');
    if (options.table !== undefined)
      escapeIdentifier(options.table, `${where}: option "table"`);
  },
  is: (value) => value instanceof RecordId || value instanceof StringRecordId,
  check: (value, field, context) =>
    field.options.table &&
    value instanceof RecordId &&
    value.table.name !== field.options.table
      ? [
          context.fail(
            'table',
            `must be a record id of table "${field.options.table}"`,
          ),
        ]
      : NO_ERRORS,
  surqlType: (field, where) =>
    field.options.table
      ? `record<${escapeIdentifier(field.options.table, where)}>`
      : 'record',
});
