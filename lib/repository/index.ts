export * from './repository.js';
