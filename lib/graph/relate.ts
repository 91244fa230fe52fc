import type { SurrealConnection } from '../connection/surreal-connection.js';
import type { Document, DocumentData } from '../model/document.js';
import type { ModelClass } from '../model/field-types.js';
import { DOCUMENT_BRAND } from '../model/model-metadata.js';
import { writeEdges, type NodeRef } from './edge-persistence.js';
import { getRelationMetadata } from './relation-metadata.js';

/** The data an edge is created with: its own fields, without `id`, `in` and `out`. */
export type EdgeData<R extends Document> = Omit<
  DocumentData<R>,
  'id' | 'in' | 'out'
>;

// A saved document stands for its id, so ends that accept any table (plain record ids) take documents too.
function endValue(node: NodeRef): unknown {
  const isSaved =
    typeof node === 'object' &&
    node !== null &&
    DOCUMENT_BRAND in node &&
    node.id !== undefined;
  return isSaved ? (node as Document).id : node;
}

/**
 * @internal Creates one edge of `relation` from `from` to `to`, or to each of several (validated first, written in one
 * statement); relating a pair of a `unique` relation again updates the fields given and keeps the others. Resolves to
 * the edge, or to the edges in the order of `to`.
 */
export async function relateNodes<R extends Document>(
  relation: ModelClass<R>,
  from: NodeRef,
  to: NodeRef | readonly NodeRef[],
  data: EdgeData<R> | undefined,
  connection: SurrealConnection,
): Promise<R | R[]> {
  getRelationMetadata(relation);
  const many = Array.isArray(to);
  const edges = (many ? to : [to as NodeRef]).map(
    (node) =>
      new relation({ ...data, in: endValue(from), out: endValue(node) }),
  );
  const written = await writeEdges(relation, edges, connection, {
    keepUnset: true,
  });
  return many ? written : written[0];
}
