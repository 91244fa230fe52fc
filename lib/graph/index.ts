export type { NodeRef } from './edge-persistence.js';
export type { Direction } from './graph-path.js';
export type { TraversalOptions, TraversalTarget } from './traversal.types.js';
export type { EdgeData } from './relate.js';
export { Relation } from './relation.js';
export {
  getRelationMetadata,
  isRelationModel,
  type RelationMeta,
  type RelationMetadata,
} from './relation-metadata.js';
