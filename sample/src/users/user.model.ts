import {
  DateTimeField,
  Document,
  EmailField,
  IntField,
  StringField,
} from 'nestjs-surrealengine';

/** The roles a user can have. */
export const USER_ROLES = ['member', 'admin'] as const;

/** A user of the sample app, stored in the `users` table. */
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

  @DateTimeField({ default: () => new Date() })
  createdAt: Date;
}
