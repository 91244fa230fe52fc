import {
  BadRequestException,
  Injectable,
  NotFoundException,
} from '@nestjs/common';
import { InjectRepository, type Repository } from 'nestjs-surrealengine';
import { User } from '../users/user.model.js';
import { userNotFound } from '../users/user-not-found.js';
import { Follows } from './follows.model.js';

/** Who follows whom, and whom to follow next: graph edges and traversals over users. */
@Injectable()
export class SocialService {
  constructor(
    @InjectRepository(User) private readonly users: Repository<User>,
  ) {}

  /**
   * `id` follows `otherId`. Following twice keeps one edge; an unknown user is refused by the database (the relation
   * is ENFORCED), which the library reports as `DoesNotExistError` (404).
   */
  follow(id: string, otherId: string): Promise<Follows> {
    if (id === otherId) {
      throw new BadRequestException('a user cannot follow themselves');
    }
    return this.users.relate(id, Follows, otherId, { since: new Date() });
  }

  /** `id` stops following `otherId`; 404 when it did not follow. */
  async unfollow(id: string, otherId: string): Promise<void> {
    if (!(await this.users.unrelate(id, Follows, otherId))) {
      throw new NotFoundException(
        `user "${id}" does not follow user "${otherId}"`,
      );
    }
  }

  /** The users following `id`, by name. */
  async followers(id: string): Promise<User[]> {
    await this.mustExist(id);
    return this.users.find({ id }).in(Follows).orderBy('name').all();
  }

  /** The users `id` follows, by name. */
  async following(id: string): Promise<User[]> {
    await this.mustExist(id);
    return this.users.find({ id }).out(Follows).orderBy('name').all();
  }

  /**
   * Users followed by the users `id` follows (two hops), without `id` and without those it already follows, each
   * once, by name: one query, every value bound.
   */
  async suggestions(id: string, limit = 20): Promise<User[]> {
    await this.mustExist(id);
    const following = this.users.find({ id }).out(Follows);
    return following
      .out(Follows)
      .exclude({ id })
      .exclude({ id__in: following })
      .orderBy('name')
      .limit(limit)
      .all();
  }

  private async mustExist(id: string): Promise<void> {
    if (!(await this.users.exists({ id }))) {
      throw userNotFound(id);
    }
  }
}
