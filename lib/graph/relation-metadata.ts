import type {
  DocumentMeta,
  FieldDefinition,
  ModelClass,
  ModelRef,
} from '../model/field-types.js';
import { escapeIdentifier } from '../model/identifier.js';
import {
  getModelMetadata,
  resolveModel,
  type ModelMetadata,
} from '../model/model-metadata.js';
import { ModelDefinitionError } from '../model/model.errors.js';

/** Marks `Relation.prototype`, so a relation model can be told from a document model without importing it. */
export const RELATION_BRAND = Symbol.for('nestjs-surrealengine.relation');

/** `static meta` of a relation model: its edge table and what it links. */
export interface RelationMeta extends DocumentMeta {
  /** The model edges start from (`in`); any record when left out. */
  in?: ModelRef;
  /** The model edges point to (`out`); any record when left out. */
  out?: ModelRef;
  /**
   * At most one edge per (`in`, `out`) pair: the edge id is derived from the pair, relating twice updates the one
   * edge, and `syncSchema()` adds a unique index on (`in`, `out`). Default `false` (many edges per pair).
   */
  unique?: boolean;
  /** `syncSchema()` defines the table `ENFORCED`: the database refuses an edge to a record that does not exist. */
  enforced?: boolean;
}

/** What the library knows about a relation model, on top of its model metadata. */
export interface RelationMetadata {
  readonly metadata: ModelMetadata;
  /** The model at the `in` end, when fixed. */
  readonly from?: ModelClass;
  /** The model at the `out` end, when fixed. */
  readonly to?: ModelClass;
  readonly unique: boolean;
  readonly enforced: boolean;
}

const ENDS = ['in', 'out'] as const;
const cache = new WeakMap<object, RelationMetadata>();

/** Whether `model` is a relation model (a subclass of `Relation`). */
export function isRelationModel(model: unknown): model is ModelClass {
  return (
    typeof model === 'function' &&
    typeof (model as { prototype?: unknown }).prototype === 'object' &&
    RELATION_BRAND in (model as { prototype: object }).prototype
  );
}

/**
 * @internal The `in` and `out` fields a relation model gets from its `meta`: references to the end models (or record
 * ids of any table), both required, so edges are validated like any document.
 */
export function relationEndFields(model: ModelClass): FieldDefinition[] {
  const meta = (model.meta ?? {}) as RelationMeta;
  return ENDS.map((end) => {
    const ref = meta[end];
    if (ref !== undefined && typeof ref !== 'function') {
      throw new ModelDefinitionError(
        `${model.name}: meta.${end} must be a model class or () => Model`,
      );
    }
    return ref === undefined
      ? { name: end, kind: 'recordId', options: { required: true } }
      : {
          name: end,
          kind: 'reference',
          options: { required: true },
          model: ref,
        };
  });
}

/** Relation metadata of a relation model (computed once per class); throws for a document model. */
export function getRelationMetadata(model: ModelClass): RelationMetadata {
  let relation = cache.get(model);
  if (relation) return relation;
  if (!isRelationModel(model)) {
    throw new ModelDefinitionError(
      `${String((model as { name?: string })?.name ?? model)} is not a relation model: extend Relation`,
    );
  }
  const metadata = getModelMetadata(model);
  const meta = (model.meta ?? {}) as RelationMeta;
  const end = (which: 'in' | 'out') => {
    const ref = meta[which];
    if (ref === undefined) return undefined;
    const resolved = resolveModel(ref, `${metadata.name}: meta.${which}`);
    if (isRelationModel(resolved)) {
      throw new ModelDefinitionError(
        `${metadata.name}: meta.${which} is the relation ${resolved.name}; an edge links documents, not edges`,
      );
    }
    return resolved;
  };
  relation = {
    metadata,
    from: end('in'),
    to: end('out'),
    unique: meta.unique ?? false,
    enforced: meta.enforced ?? false,
  };
  cache.set(model, relation);
  return relation;
}

/**
 * @internal `TYPE RELATION IN a OUT b [ENFORCED]`, the clause `syncSchema()` adds to a relation's `DEFINE TABLE`.
 */
export function relationTableClause(relation: RelationMetadata): string {
  let clause = 'TYPE RELATION';
  if (relation.from) clause += ` IN ${getModelMetadata(relation.from).table}`;
  if (relation.to) clause += ` OUT ${getModelMetadata(relation.to).table}`;
  if (relation.enforced) clause += ' ENFORCED';
  return clause;
}

/** @internal The unique (`in`, `out`) index of a `unique` relation, for `syncSchema()`; empty otherwise. */
export function relationIndexes(relation: RelationMetadata): string[] {
  if (!relation.unique) return [];
  const { metadata } = relation;
  const index = escapeIdentifier(
    `${metadata.collection}_in_out_unique`,
    metadata.name,
  );
  return [
    `DEFINE INDEX IF NOT EXISTS ${index} ON TABLE ${metadata.table} FIELDS in, out UNIQUE`,
  ];
}
