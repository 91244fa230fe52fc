import type { FieldError } from '../validation.error.js';
import { defineFieldKind, NO_ERRORS } from './field-kind.js';
import { fieldKindOf } from './field-kind.registry.js';

/**
 * @internal `SetField`: `set<item>`, each value once (SurrealDB keeps sets sorted). Takes a `Set` or an array without
 * duplicates; reads back as a `Set`.
 */
export const setKind = defineFieldKind({
  kind: 'set',
  expected: 'a Set or an array',
  is: (value) => value instanceof Set || Array.isArray(value),
  check: (value, field, context) => {
    let errors = NO_ERRORS;
    const add = (found: FieldError[]) => {
      if (found.length) errors = [...errors, ...found];
    };
    const items = [...(value as Iterable<unknown>)];
    if (Array.isArray(value) && new Set(value).size !== value.length) {
      add([
        context.fail(
          'unique',
          'has the same item more than once: a set holds each value once',
        ),
      ]);
    }
    if (!field.item) return errors;
    items.forEach((item, index) => {
      const path = `${context.path}[${index}]`;
      if (item === null || item === undefined) {
        add([
          {
            field: path,
            rule: 'required',
            valueKind: String(item),
            message: `${context.model}.${path} (${String(item)}) is required: set items cannot be empty`,
          },
        ]);
      } else {
        add(context.validate(field.item!, item, path));
      }
    });
    return errors;
  },
  toDatabase: (value, field, where) => {
    const items = [...(value as Iterable<unknown>)];
    const item = field.item;
    if (!item) return new Set(items);
    const kind = fieldKindOf(item);
    return new Set(
      items.map((entry, index) =>
        kind.toDatabase(entry, item, `${where}[${index}]`),
      ),
    );
  },
  fromDatabase: (value, field, hydrate) => {
    if (!(value instanceof Set) && !Array.isArray(value)) return value;
    const item = field.item;
    const items = [...(value as Iterable<unknown>)];
    if (!item) return new Set(items);
    const kind = fieldKindOf(item);
    return new Set(
      items.map((entry) =>
        entry === null || entry === undefined
          ? entry
          : kind.fromDatabase(entry, item, hydrate),
      ),
    );
  },
  surqlType: (field, where) =>
    field.item
      ? `set<${fieldKindOf(field.item).surqlType(field.item, `${where}[*]`)}>`
      : 'set',
});
