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
  credits: number;
  createdAt?: string;
  updatedAt?: string;
}

/** The id part of a record id, as the text used in URLs (`users:abc` -> `abc`). */
export function idPart(id: RecordIdLike | undefined): string {
  const key: unknown = id?.id;
  return typeof key === 'string' || typeof key === 'number'
    ? String(key)
    : JSON.stringify(key);
}

/** Turns a stored user into its API shape. */
export function toUserResponse(user: User): UserResponse {
  return {
    id: idPart(user.id),
    name: user.name,
    email: user.email,
    ...(user.age !== undefined && user.age !== null ? { age: user.age } : {}),
    role: user.role,
    credits: user.credits,
    ...(user.createdAt ? { createdAt: user.createdAt.toISOString() } : {}),
    ...(user.updatedAt ? { updatedAt: user.updatedAt.toISOString() } : {}),
  };
}
