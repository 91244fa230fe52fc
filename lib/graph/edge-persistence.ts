import { RecordId } from 'surrealdb';
import type { SurrealConnection } from '../connection/surreal-connection.js';
import type { Document } from '../model/document.js';
import { applyRecord } from '../model/document-hydrator.js';
import { toRecord } from '../model/document-persistence.js';
import { stateOf } from '../model/document-state.js';
import { newRecordKey } from '../model/stored-content.js';
import { referenceId } from '../model/fields/reference.field-kind.js';
import type { ModelClass } from '../model/field-types.js';
import { escapeIdentifier } from '../model/identifier.js';
import {
  DoesNotExistError,
  ModelDefinitionError,
} from '../model/model.errors.js';
import { ValidationError, type FieldError } from '../model/validation.error.js';
import { executeQuery } from '../query/query-executor.js';
import {
  getRelationMetadata,
  type RelationMetadata,
} from './relation-metadata.js';

type Row = Record<string, unknown>;

/** One end of an edge: a saved document, its `RecordId`, or the id part of a record of the relation's end model. */
export type NodeRef = Document | RecordId | string | number;

/**
 * @internal The record id `node` stands for at one end of a relation. Strings and numbers are id parts of the end
 * model's table, never parsed; a document must have been saved.
 */
function nodeId(
  relation: RelationMetadata,
  end: 'in' | 'out',
  node: unknown,
): RecordId {
  const field = relation.metadata.fields.get(end)!;
  const where = `${relation.metadata.name}.${end}`;
  const id =
    field.kind === 'reference' ? referenceId(field, node, where) : node;
  if (id instanceof RecordId) return id;
  if (typeof node === 'object' && node !== null && 'id' in node) {
    throw new ModelDefinitionError(
      `${where}: the document has no id: save it before relating it`,
    );
  }
  throw new ModelDefinitionError(
    `${where}: expected a saved document or a RecordId${field.kind === 'reference' ? ', or an id' : " (the relation does not fix this end's table, so a bare id is ambiguous)"}, got ${typeof node}`,
  );
}

/**
 * @internal Validates every edge, then writes them all in one `INSERT RELATION`. An edge with an id, or any edge of a
 * `unique` relation (whose id is derived from its ends), updates the existing edge instead of adding another: with
 * `keepUnset`, fields the new edge leaves unset keep their stored values (relating again), else they are removed
 * (saving a loaded edge).
 */
export async function writeEdges<T extends Document>(
  model: ModelClass<T>,
  edges: T[],
  connection: SurrealConnection,
  options: { keepUnset?: boolean } = {},
): Promise<T[]> {
  const relation = getRelationMetadata(model);
  const { metadata } = relation;
  const errors: FieldError[] = [];
  edges.forEach((edge, index) => {
    const prefix = edges.length > 1 ? `[${index}]` : '';
    for (const error of edge.validationErrors()) {
      errors.push(
        prefix
          ? {
              ...error,
              field: `${prefix}.${error.field}`,
              message: error.message.replace(
                `${metadata.name}.`,
                `${metadata.name}${prefix}.`,
              ),
            }
          : error,
      );
    }
  });
  if (errors.length) throw new ValidationError(metadata.name, errors);
  if (!edges.length) return [];
  const rows = edges.map((edge) => {
    const row = toRecord(edge, metadata);
    // A new edge gets its id here, as a new document does, so an INSERT the SDK re-sends after a reconnect finds
    // the edge it already wrote instead of adding a second one.
    row.id =
      edge.id ??
      new RecordId(
        metadata.collection,
        relation.unique ? [row.in, row.out] : newRecordKey(),
      );
    return row;
  });
  // A relation's ends never change once written (SurrealDB refuses it), so only its own fields are updated.
  const updates = [...metadata.fields.keys()]
    .filter((name) => name !== 'in' && name !== 'out')
    .map((name) => {
      const path = escapeIdentifier(name, metadata.name);
      return options.keepUnset
        ? `${path} = $input.${path} ?? ${path}`
        : `${path} = $input.${path}`;
    });
  const query =
    `INSERT RELATION INTO ${metadata.table} $rows` +
    (updates.length ? ` ON DUPLICATE KEY UPDATE ${updates.join(', ')}` : '');
  let saved: Row[];
  try {
    [saved] = await executeQuery<[Row[]]>(
      connection,
      { query, bindings: { rows } },
      { retryConflicts: true, model: metadata.name },
    );
  } catch (error) {
    throw translateMissingEnd(error, relation, connection.name);
  }
  edges.forEach((edge, index) => {
    applyRecord(edge, saved[index], metadata, { connection });
    stateOf(edge).partial = false;
  });
  return edges;
}

/** @internal Deletes the edges of `model` from `from` (to `to`, when given); resolves to how many were deleted. */
export async function deleteEdges(
  model: ModelClass,
  from: NodeRef,
  to: NodeRef | readonly NodeRef[] | undefined,
  connection: SurrealConnection,
): Promise<number> {
  const relation = getRelationMetadata(model);
  const bindings: Row = { from: nodeId(relation, 'in', from) };
  let where = '';
  if (to !== undefined) {
    const targets = Array.isArray(to) ? to : [to];
    bindings.to = targets.map((node) => nodeId(relation, 'out', node));
    where = ' WHERE out IN $to';
  }
  // Through the graph (`$from->edge`), not `WHERE in = $from`, which would scan the whole edge table.
  const query = `DELETE $from->${relation.metadata.table}${where} RETURN BEFORE`;
  const [rows] = await executeQuery<[Row[]]>(
    connection,
    { query, bindings },
    { retryConflicts: true, missingTable: () => [[]] },
  );
  return rows.length;
}

const MISSING_RECORD = /The record '(.+)' does not exist/;

/**
 * @internal An `ENFORCED` relation refused an edge to a missing record: `DoesNotExistError` naming it; anything else
 * (a `NotUniqueError` the executor already made, say) passes through.
 */
function translateMissingEnd(
  error: unknown,
  relation: RelationMetadata,
  connectionName: string,
): unknown {
  const match = error instanceof Error && MISSING_RECORD.exec(error.message);
  if (!match) return error;
  const missing = new DoesNotExistError(
    `${relation.metadata.name}: connection "${connectionName}": cannot relate to ${match[1]}: no such record (the relation is ENFORCED)`,
    relation.metadata.name,
    connectionName,
  );
  (missing as { cause?: unknown }).cause = error;
  return missing;
}
