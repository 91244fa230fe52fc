import type { SurrealConnection } from '../connection/surreal-connection.js';
import type { Document } from '../model/document.js';
import type { ModelClass } from '../model/field-types.js';
import { getModelMetadata } from '../model/model-metadata.js';
import { ModelDefinitionError } from '../model/model.errors.js';
import { Repository } from './repository.js';

/** A repository class: `Repository` itself or a subclass with domain methods, made with `(model, connection)`. */
export type RepositoryClass<R extends Repository<any> = Repository<any>> = new (
  model: ModelClass<any>,
  connection: SurrealConnection,
) => R;

const modelOfClass = new WeakMap<object, ModelClass>();

/**
 * Names the model of a custom repository, so `SurrealModule.forFeature([UserRepository])` can provide it and
 * `@InjectRepository(UserRepository)` (or plain constructor injection) hands it out:
 *
 * ```ts
 * @RepositoryFor(User)
 * export class UserRepository extends Repository<User> {
 *   adults() { return this.find({ age__gte: 18 }).orderBy('name'); }
 * }
 * ```
 */
export function RepositoryFor(model: ModelClass) {
  return (target: abstract new (...args: any[]) => Repository<any>): void => {
    getModelMetadata(model);
    modelOfClass.set(target, model);
  };
}

/** Whether `value` is `Repository` or a subclass of it. */
export function isRepositoryClass(value: unknown): value is RepositoryClass {
  return (
    typeof value === 'function' &&
    (value === Repository || value.prototype instanceof Repository)
  );
}

/** The model a custom repository class was declared for with `@RepositoryFor(Model)`. */
export function modelOfRepository(repository: RepositoryClass): ModelClass {
  for (
    let current: object | null = repository;
    current && current !== Repository;
    current = Object.getPrototypeOf(current) as object | null
  ) {
    const model = modelOfClass.get(current);
    if (model) return model;
  }
  throw new ModelDefinitionError(
    `${repository.name} extends Repository but does not say which model it serves: add @RepositoryFor(Model) to the class`,
  );
}

/**
 * A repository of `target` on `connection`: the model's plain `Repository`, or an instance of the custom
 * repository class.
 */
export function repositoryOf<T extends Document>(
  target: ModelClass<T>,
  connection: SurrealConnection,
): Repository<T>;
export function repositoryOf<R extends Repository<any>>(
  target: RepositoryClass<R>,
  connection: SurrealConnection,
): R;
export function repositoryOf(
  target: ModelClass | RepositoryClass,
  connection: SurrealConnection,
): Repository<any> {
  if (isRepositoryClass(target)) {
    return new target(modelOfRepository(target), connection);
  }
  return new Repository(target, connection);
}
