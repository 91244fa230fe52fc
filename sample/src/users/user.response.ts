/** A record id as far as this file cares: the SDK's `RecordId` has its id part in `id`. */
type RecordIdLike = { readonly id: unknown };

import type { User } from './user.model.js';

/** A user as the REST API shows it: the id part of the record id (`users:⟨abc⟩` -> `abc`), dates as ISO text. */
export interface UserResponse {
  id: string;
  name: string;
  email: string;
  age?: number;
  role: string;
  createdAt?: string;
}

/** The id part of a record id, as the text used in URLs (`users:abc` -> `abc`). */
export function idPart(id: RecordIdLike | undefined): string {
  const key: unknown = id?.id;
  return typeof key === 'string' || typeof key === 'number'
    ? String(key)
    : JSON.stringify(key);
}

/** Turns a stored user (a model instance or a live query's raw record) into its API shape. */
export function toUserResponse(
  user: User | Record<string, unknown>,
): UserResponse {
  const source = user as Record<string, unknown>;
  const createdAt = source.createdAt;
  return {
    id: idPart(source.id as RecordIdLike | undefined),
    name: source.name as string,
    email: source.email as string,
    ...(source.age !== undefined && source.age !== null
      ? { age: source.age as number }
      : {}),
    role: source.role as string,
    // A model gives a Date; a live query's raw record gives the SDK's DateTime.
    ...(createdAt instanceof Date
      ? { createdAt: createdAt.toISOString() }
      : createdAt !== undefined && createdAt !== null
        ? { createdAt: (createdAt as { toISOString(): string }).toISOString() }
        : {}),
  };
}
