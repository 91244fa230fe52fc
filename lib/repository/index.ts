export * from './repository.js';
export { RepositoryFor, type RepositoryClass } from './custom-repository.js';
