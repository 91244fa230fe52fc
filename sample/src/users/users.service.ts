import { Injectable, NotFoundException } from '@nestjs/common';
import {
  InjectRepository,
  type LiveEvent,
  type Repository,
} from 'nestjs-surrealengine';
import { Observable, map } from 'rxjs';
import { AnalyticsService } from '../analytics/analytics.service.js';
import type { UserListRequest } from './user-list.query.js';
import { idPart, toUserResponse, type UserResponse } from './user.response.js';
import { User } from './user.model.js';

/** One message of the live feed: `ready` once the feed listens, then one per change. */
export type UserFeedEvent =
  | { type: 'ready' }
  | {
      type: 'change';
      action: LiveEvent['action'];
      id: string;
      user: UserResponse;
    };

/** Users: CRUD through the repository, a live feed of changes, and an analytics event per change. */
@Injectable()
export class UsersService {
  constructor(
    @InjectRepository(User) private readonly users: Repository<User>,
    private readonly analytics: AnalyticsService,
  ) {}

  /** Validates and saves a new user. */
  async create(data: Record<string, unknown>): Promise<User> {
    // `id` is the database's to choose; anything else unknown is reported by validation.
    const { id: _id, ...fields } = data;
    const user = await this.users.save(new User(fields));
    await this.analytics.record('user.created', idPart(user.id));
    return user;
  }

  /** Users matching the filter, oldest first. */
  list(request: UserListRequest): Promise<User[]> {
    let query = this.users.find(request.filter).orderBy('createdAt');
    if (request.start !== undefined) query = query.start(request.start);
    if (request.limit !== undefined) query = query.limit(request.limit);
    return query.all();
  }

  /** The user with this id; 404 when there is none. */
  async get(id: string): Promise<User> {
    const user = await this.users.findById(id);
    if (!user) throw notFound(id);
    return user;
  }

  /** Changes some fields (validated); 404 when there is no such user. */
  async update(id: string, changes: Record<string, unknown>): Promise<User> {
    const { id: _id, createdAt: _createdAt, ...fields } = changes;
    const user = await this.users.update(id, fields);
    await this.analytics.record('user.updated', id);
    return user;
  }

  /** Deletes a user; 404 when there is none. */
  async delete(id: string): Promise<void> {
    if (!(await this.users.delete(id))) throw notFound(id);
    await this.analytics.record('user.deleted', id);
  }

  /** Changes to users as they happen; the first message says the feed is listening. */
  feed(): Observable<UserFeedEvent> {
    return new Observable<UserFeedEvent>((subscriber) => {
      const subscription = this.users
        .live({}, { onReady: () => subscriber.next({ type: 'ready' }) })
        .pipe(
          map((event): UserFeedEvent => ({
            type: 'change',
            action: event.action,
            id: idPart(event.id),
            user: toUserResponse(event.document),
          })),
        )
        .subscribe(subscriber);
      return () => subscription.unsubscribe();
    });
  }
}

function notFound(id: string): NotFoundException {
  return new NotFoundException({
    statusCode: 404,
    error: 'Not Found',
    message: `no user with id "${id}"`,
  });
}
