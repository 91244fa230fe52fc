import {
  BadRequestException,
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  Patch,
  Post,
  Query,
  Sse,
  type MessageEvent,
} from '@nestjs/common';
import { ParseRecordIdPipe, type RecordId } from 'nestjs-surrealengine';
import { Observable, map } from 'rxjs';
import { parseUserListQuery, type UserListQuery } from './user-list.query.js';
import { User } from './user.model.js';
import { toUserResponse, type UserResponse } from './user.response.js';
import { UsersService } from './users.service.js';

/** A route's `:id` as a record id of `users`: 400 for anything that is not a valid id part. */
const UserId = new ParseRecordIdPipe(User);

/** REST API of users, plus a server-sent events feed of their changes. */
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Post()
  async create(@Body() body: unknown): Promise<UserResponse> {
    return toUserResponse(await this.users.create(asObject(body)));
  }

  /** `GET /users?role=admin&minAge=18&maxAge=65&name=Al&email=...&limit=10&start=0` */
  @Get()
  async list(@Query() query: UserListQuery): Promise<UserResponse[]> {
    const users = await this.users.list(parseUserListQuery(query));
    return users.map(toUserResponse);
  }

  /**
   * `GET /users/live`: one `data:` line per change, as JSON (`{ type: 'change', action, id, user }`); the first
   * message, `{ type: 'ready' }`, says the feed listens. Declared before `:id` so that route does not take it.
   */
  @Sse('live')
  live(): Observable<MessageEvent> {
    return this.users.feed().pipe(map((event) => ({ data: event })));
  }

  @Get(':id')
  async get(@Param('id', UserId) id: RecordId): Promise<UserResponse> {
    return toUserResponse(await this.users.get(id));
  }

  @Patch(':id')
  async update(
    @Param('id', UserId) id: RecordId,
    @Body() body: unknown,
  ): Promise<UserResponse> {
    return toUserResponse(await this.users.update(id, asObject(body)));
  }

  /** `POST /users/:id/transfer` with `{ "to": "<id>", "amount": 10 }`: both users after the transfer. */
  @Post(':id/transfer')
  @HttpCode(200)
  async transfer(
    @Param('id', UserId) id: RecordId,
    @Body() body: unknown,
  ): Promise<{ from: UserResponse; to: UserResponse }> {
    const { to, amount } = asObject(body);
    if (typeof to !== 'string') {
      throw new BadRequestException('"to" must be the id of a user');
    }
    const result = await this.users.transfer(id, to, amount as number);
    return { from: toUserResponse(result.from), to: toUserResponse(result.to) };
  }

  @Delete(':id')
  @HttpCode(204)
  async delete(@Param('id', UserId) id: RecordId): Promise<void> {
    await this.users.delete(id);
  }
}

function asObject(body: unknown): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new BadRequestException('the body must be a JSON object');
  }
  return body as Record<string, unknown>;
}
