import { Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { toUserResponse, type UserResponse } from '../users/user.response.js';
import { toFollowResponse, type FollowResponse } from './follow.response.js';
import { SocialService } from './social.service.js';

/** The social graph over users: follow, unfollow, followers, following, suggestions. Route params are id parts. */
@Controller('users/:id')
export class SocialController {
  constructor(private readonly social: SocialService) {}

  /** `POST /users/:id/follows/:otherId`: 201 with the follow; 404 for an unknown user; again keeps one edge. */
  @Post('follows/:otherId')
  async follow(
    @Param('id') id: string,
    @Param('otherId') otherId: string,
  ): Promise<FollowResponse> {
    return toFollowResponse(await this.social.follow(id, otherId));
  }

  /** `DELETE /users/:id/follows/:otherId`: 204; 404 when `id` did not follow `otherId`. */
  @Delete('follows/:otherId')
  @HttpCode(204)
  async unfollow(
    @Param('id') id: string,
    @Param('otherId') otherId: string,
  ): Promise<void> {
    await this.social.unfollow(id, otherId);
  }

  @Get('followers')
  async followers(@Param('id') id: string): Promise<UserResponse[]> {
    return (await this.social.followers(id)).map(toUserResponse);
  }

  @Get('following')
  async following(@Param('id') id: string): Promise<UserResponse[]> {
    return (await this.social.following(id)).map(toUserResponse);
  }

  /** Users two hops away that `id` does not follow yet, each once, by name. */
  @Get('suggestions')
  async suggestions(@Param('id') id: string): Promise<UserResponse[]> {
    return (await this.social.suggestions(id)).map(toUserResponse);
  }
}
