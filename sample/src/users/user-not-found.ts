import { NotFoundException } from '@nestjs/common';

/** The 404 for a user id that names no user, as the users and social routes answer it. */
export function userNotFound(id: string): NotFoundException {
  return new NotFoundException({
    statusCode: 404,
    error: 'Not Found',
    message: `no user with id "${id}"`,
  });
}
