import { BadRequestException, Injectable } from '@nestjs/common';
import {
  Transactional,
  type DocumentId,
  type LiveEvent,
} from 'nestjs-surrealengine';
import { Observable, map } from 'rxjs';
import { AnalyticsService } from '../analytics/analytics.service.js';
import type { UserListRequest } from './user-list.query.js';
import { idPart, toUserResponse, type UserResponse } from './user.response.js';
import { User } from './user.model.js';
import { userNotFound } from './user-not-found.js';
import { UserRepository } from './user.repository.js';

/** One message of the live feed: `ready` once the feed listens, then one per change. */
export type UserFeedEvent =
  | { type: 'ready' }
  | {
      type: 'change';
      action: LiveEvent['action'];
      id: string;
      user: UserResponse;
    };

/**
 * The fields a client may set: `id` and the timestamps are the library's to set, credits change only by transfers;
 * anything else unknown is reported by validation.
 */
function clientFields(data: Record<string, unknown>): Record<string, unknown> {
  const {
    id: _id,
    createdAt: _createdAt,
    updatedAt: _updatedAt,
    credits: _credits,
    ...fields
  } = data;
  return fields;
}

/** Both sides of a credit transfer, after it. */
export interface Transfer {
  from: User;
  to: User;
}

/** Users: CRUD through the repository, transfers in a transaction, a live feed, an analytics event per change. */
@Injectable()
export class UsersService {
  constructor(
    private readonly users: UserRepository,
    private readonly analytics: AnalyticsService,
  ) {}

  /** Validates and saves a new user. */
  async create(data: Record<string, unknown>): Promise<User> {
    const user = await this.users.save(new User(clientFields(data)));
    await this.analytics.record('user.created', idPart(user.id));
    return user;
  }

  /** Users matching the filter, oldest first. */
  list(request: UserListRequest): Promise<User[]> {
    return this.users.search(request);
  }

  /**
   * Moves credits from one user to another in one transaction: the receiver is credited first, so an overdrawn
   * sender (credits below 0 fail validation) shows that the credit is rolled back too.
   */
  @Transactional()
  async transfer(
    fromId: DocumentId,
    toId: DocumentId,
    amount: number,
  ): Promise<Transfer> {
    if (!Number.isSafeInteger(amount) || amount <= 0) {
      throw new BadRequestException('"amount" must be a whole number > 0');
    }
    if (idText(fromId) === idText(toId)) {
      throw new BadRequestException('a transfer needs two different users');
    }
    const from = await this.get(fromId);
    const to = await this.get(toId);
    to.credits += amount;
    await this.users.save(to);
    from.credits -= amount;
    await this.users.save(from);
    return { from, to };
  }

  /** The user with this id; 404 when there is none. */
  async get(id: DocumentId): Promise<User> {
    const user = await this.users.findById(id);
    if (!user) throw userNotFound(idText(id));
    return user;
  }

  /** Changes some fields (validated); 404 when there is no such user. */
  async update(
    id: DocumentId,
    changes: Record<string, unknown>,
  ): Promise<User> {
    const user = await this.users.update(id, clientFields(changes));
    await this.analytics.record('user.updated', idText(id));
    return user;
  }

  /** Deletes a user; 404 when there is none. */
  async delete(id: DocumentId): Promise<void> {
    if (!(await this.users.delete(id))) throw userNotFound(idText(id));
    await this.analytics.record('user.deleted', idText(id));
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

/** An id as the text used in URLs, whether it came as a `RecordId` (from the route) or as an id part (a body). */
function idText(id: DocumentId): string {
  return typeof id === 'object' ? idPart(id) : String(id);
}
