export * from './connection/index.js';
export * from './nest/index.js';
