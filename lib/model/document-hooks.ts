import type { Document } from './document.js';
import { ModelDefinitionError } from './model.errors.js';

/** The moments of a document's life a hook can run at. */
export type DocumentHookEvent =
  | 'beforeValidate'
  | 'beforeSave'
  | 'afterSave'
  | 'beforeDelete'
  | 'afterDelete';

/** A hook given as a function rather than a method (what `@Timestamps()` adds). */
export type DocumentHookFunction = (document: Document) => unknown;

type Hook = PropertyKey | DocumentHookFunction;

const ownHooks = new WeakMap<object, Map<DocumentHookEvent, Hook[]>>();
const cache = new WeakMap<object, ModelHooks>();

/** @internal Records a hook on a model's prototype; parents' hooks run first. */
export function addDocumentHook(
  prototype: object,
  event: DocumentHookEvent,
  hook: Hook,
): void {
  let hooks = ownHooks.get(prototype);
  if (!hooks) {
    hooks = new Map();
    ownHooks.set(prototype, hooks);
  }
  hooks.set(event, [...(hooks.get(event) ?? []), hook]);
}

function hookDecorator(event: DocumentHookEvent): () => MethodDecorator {
  return () => (prototype, key, descriptor) => {
    if (typeof descriptor.value !== 'function') {
      throw new ModelDefinitionError(
        `${prototype.constructor.name}.${String(key)}: @${event[0].toUpperCase()}${event.slice(1)}() goes on a method`,
      );
    }
    addDocumentHook(prototype, event, key);
  };
}

/** Runs the method before the document is validated on `save()` (and `insert()`): fill in derived fields here. */
export const BeforeValidate = hookDecorator('beforeValidate');
/** Runs the method after validation, before the write; a throw (or rejection) aborts the save, nothing is written. */
export const BeforeSave = hookDecorator('beforeSave');
/** Runs the method after the write succeeded; the document has its `id`. A throw is passed on; the write stays. */
export const AfterSave = hookDecorator('afterSave');
/** Runs the method before `delete()` of this document; a throw aborts the delete. */
export const BeforeDelete = hookDecorator('beforeDelete');
/** Runs the method after the record was deleted. */
export const AfterDelete = hookDecorator('afterDelete');

/** A model's hooks by event, parents' first, with whether it has any: worked out once per model. */
interface ModelHooks {
  byEvent: Map<DocumentHookEvent, Hook[]>;
  any: boolean;
}

/** @internal Whether a document's model has any hook at all (saves skip the lifecycle when not). */
export function hasDocumentHooks(document: Document): boolean {
  return modelHooks(document).any;
}

function modelHooks(document: Document): ModelHooks {
  const model = document.constructor;
  let hooks = cache.get(model);
  if (!hooks) {
    const chain: object[] = [];
    for (
      let proto: object | null = model.prototype as object;
      proto && proto !== Object.prototype;
      proto = Object.getPrototypeOf(proto) as object | null
    ) {
      chain.unshift(proto);
    }
    const byEvent = new Map<DocumentHookEvent, Hook[]>();
    for (const proto of chain) {
      for (const [event, own] of ownHooks.get(proto) ?? []) {
        byEvent.set(event, [...(byEvent.get(event) ?? []), ...own]);
      }
    }
    hooks = { byEvent, any: byEvent.size > 0 };
    cache.set(model, hooks);
  }
  return hooks;
}

/** @internal Runs a document's hooks for `event` one after the other, awaiting each. */
export async function runDocumentHooks(
  document: Document,
  event: DocumentHookEvent,
): Promise<void> {
  for (const hook of modelHooks(document).byEvent.get(event) ?? []) {
    if (typeof hook === 'function') await hook(document);
    else
      await (document as unknown as Record<PropertyKey, () => unknown>)[hook]();
  }
}
