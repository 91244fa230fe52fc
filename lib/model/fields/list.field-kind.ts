import type { FieldError } from '../validation.error.js';
import { defineFieldKind, NO_ERRORS } from './field-kind.js';
import { fieldKindOf } from './field-kind.registry.js';

/** @internal `ListField`: `array<item>`; `of` describes the items. */
export const listKind = defineFieldKind({
  kind: 'list',
  expected: 'an array',
  lengthFunction: 'array::len',
  is: (value) => Array.isArray(value),
  check: (value, field, context) => {
    const items = value as unknown[];
    let errors = NO_ERRORS;
    const add = (found: FieldError[]) => {
      if (found.length) errors = [...errors, ...found];
    };
    // A plain loop, not forEach: forEach skips the holes of a sparse array.
    for (let index = 0; index < items.length; index++) {
      const path = `${context.path}[${index}]`;
      if (!(index in items)) {
        add([
          {
            field: path,
            rule: 'required',
            valueKind: 'hole',
            message: `${context.model}.${path} is a hole in a sparse array: give every index a value`,
          },
        ]);
      } else if (
        field.item &&
        (items[index] === null || items[index] === undefined)
      ) {
        add([
          {
            field: path,
            rule: 'required',
            valueKind: String(items[index]),
            message: `${context.model}.${path} (${String(items[index])}) is required: list items cannot be empty`,
          },
        ]);
      } else if (field.item) {
        add(context.validate(field.item, items[index], path));
      }
    }
    return errors;
  },
  toDatabase: (value, field, where) => {
    const item = field.item;
    if (!item || !Array.isArray(value)) return value;
    const kind = fieldKindOf(item);
    return value.map((entry, index) =>
      entry === null || entry === undefined
        ? undefined
        : kind.toDatabase(entry, item, `${where}[${index}]`),
    );
  },
  fromDatabase: (value, field, hydrate) => {
    const item = field.item;
    if (!item || !Array.isArray(value)) return value;
    const kind = fieldKindOf(item);
    return value.map((entry) =>
      entry === null || entry === undefined
        ? undefined
        : kind.fromDatabase(entry, item, hydrate),
    );
  },
  surqlType: (field, where) =>
    field.item
      ? `array<${fieldKindOf(field.item).surqlType(field.item, `${where}[*]`)}>`
      : 'array',
});
