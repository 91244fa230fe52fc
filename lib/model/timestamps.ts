import { addDocumentHook } from './document-hooks.js';
import type { Document } from './document.js';
import { DateTimeField } from './field.decorators.js';
import type { ModelClass } from './field-types.js';

/** Field names of `@Timestamps()`; `false` leaves one out. */
export interface TimestampsOptions {
  /** Default `"createdAt"`. */
  createdAt?: string | false;
  /** Default `"updatedAt"`. */
  updatedAt?: string | false;
}

const configured = new WeakMap<object, { updatedAt?: string }>();

/**
 * Adds `createdAt` and `updatedAt` date fields, set by a `@BeforeSave` hook: `createdAt` on the first save,
 * `updatedAt` on every save (and by `repository.update()`). Declare them for typing with `declare`:
 *
 * ```ts
 * @Timestamps()
 * class Post extends Document {
 *   declare createdAt?: Date;
 *   declare updatedAt?: Date;
 * }
 * ```
 */
export function Timestamps(options: TimestampsOptions = {}): ClassDecorator {
  const createdAt = options.createdAt ?? 'createdAt';
  const updatedAt = options.updatedAt ?? 'updatedAt';
  return (model) => {
    const prototype = model.prototype as object;
    for (const name of [createdAt, updatedAt]) {
      if (name) DateTimeField()(prototype, name);
    }
    configured.set(model, { updatedAt: updatedAt || undefined });
    addDocumentHook(prototype, 'beforeSave', (document: Document) => {
      const now = new Date();
      const fields = document as unknown as Record<string, unknown>;
      if (createdAt && fields[createdAt] === undefined) fields[createdAt] = now;
      if (updatedAt) fields[updatedAt] = now;
    });
  };
}

/** @internal The `updatedAt` field name of a model with `@Timestamps()`, if any (also from a parent class). */
export function updatedAtFieldOf(model: ModelClass): string | undefined {
  for (
    let current: object | null = model;
    current && current !== Function.prototype;
    current = Object.getPrototypeOf(current) as object | null
  ) {
    const config = configured.get(current);
    if (config) return config.updatedAt;
  }
  return undefined;
}
