import { BadRequestException } from '@nestjs/common';
import type { Filter } from 'nestjs-surrealengine';

/** Query parameters of `GET /users`. */
export interface UserListQuery {
  role?: string;
  minAge?: string;
  maxAge?: string;
  /** Names starting with this text. */
  name?: string;
  email?: string;
  limit?: string;
  start?: string;
}

/** What `GET /users` asks the repository for. */
export interface UserListRequest {
  filter: Filter;
  limit?: number;
  start?: number;
}

/**
 * Maps query parameters to a query set filter. Values stay values: the library binds them as parameters,
 * so nothing typed into a URL reaches the SurrealQL text.
 */
export function parseUserListQuery(query: UserListQuery): UserListRequest {
  const filter: Filter = {};
  if (query.role !== undefined) filter.role = query.role;
  if (query.email !== undefined) filter.email = query.email;
  if (query.name !== undefined) filter.name__startswith = query.name;
  if (query.minAge !== undefined)
    filter.age__gte = integer('minAge', query.minAge);
  if (query.maxAge !== undefined)
    filter.age__lte = integer('maxAge', query.maxAge);
  return {
    filter,
    limit:
      query.limit === undefined ? undefined : integer('limit', query.limit, 1),
    start:
      query.start === undefined ? undefined : integer('start', query.start),
  };
}

function integer(name: string, text: string, min = 0): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value < min) {
    throw new BadRequestException({
      statusCode: 400,
      error: 'Bad Request',
      message: `query parameter "${name}" must be a whole number >= ${min}`,
      field: name,
    });
  }
  return value;
}
