export * from './repository.js';
export {
  RepositoryFor,
  isRepositoryClass,
  modelOfRepository,
  type RepositoryClass,
} from './custom-repository.js';
