import {
  Document,
  EmailField,
  IntField,
  StringField,
  Timestamps,
} from 'nestjs-surrealengine';

/** The roles a user can have. */
export const USER_ROLES = ['member', 'admin'] as const;

/** Credits a new user starts with. */
export const STARTING_CREDITS = 100;

/**
 * A user of the sample app, stored in the `users` table. `@Timestamps()` sets `createdAt` on the first save and
 * `updatedAt` on every save and update (a `@BeforeSave` hook).
 */
@Timestamps()
export class User extends Document {
  static meta = { collection: 'users' };

  @StringField({ required: true, minLength: 1, maxLength: 100 })
  name: string;

  @EmailField({ required: true, unique: true })
  email: string;

  @IntField({ min: 0, max: 150 })
  age?: number;

  @StringField({ choices: USER_ROLES, default: 'member' })
  role: (typeof USER_ROLES)[number];

  /** Never below 0: a transfer that would overdraw fails validation, and its transaction rolls back. */
  @IntField({ required: true, min: 0, default: STARTING_CREDITS })
  credits: number;

  declare createdAt: Date;
  declare updatedAt: Date;
}
