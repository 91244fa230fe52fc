import { DateTimeField, Relation } from 'nestjs-surrealengine';
import { User } from '../users/user.model.js';

/**
 * `users -> follows -> users`: an edge table with at most one edge per pair (following twice keeps one edge) whose
 * ends must exist (the schema is `ENFORCED`, so following an unknown user is refused by the database itself).
 */
export class Follows extends Relation<User, User> {
  static meta = {
    collection: 'follows',
    in: () => User,
    out: () => User,
    unique: true,
    enforced: true,
  };

  /** When the follow was (last) made. */
  @DateTimeField({ required: true, default: () => new Date() })
  since: Date;
}
