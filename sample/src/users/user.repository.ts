import { Repository, RepositoryFor } from 'nestjs-surrealengine';
import type { UserListRequest } from './user-list.query.js';
import { User } from './user.model.js';

/**
 * The users' repository with the app's own queries, on top of everything `Repository` does. Registered with
 * `SurrealModule.forFeature([UserRepository])` and injected by its class.
 */
@RepositoryFor(User)
export class UserRepository extends Repository<User> {
  /** Users matching the list filters, oldest first. */
  search(request: UserListRequest): Promise<User[]> {
    let query = this.find(request.filter).orderBy('createdAt');
    if (request.start !== undefined) query = query.start(request.start);
    if (request.limit !== undefined) query = query.limit(request.limit);
    return query.all();
  }
}
