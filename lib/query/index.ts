export * from './lookups.js';
export * from './query-set.js';
export * from './query.errors.js';
