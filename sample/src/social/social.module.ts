import { Module } from '@nestjs/common';
import { SurrealModule } from 'nestjs-surrealengine';
import { User } from '../users/user.model.js';
import { Follows } from './follows.model.js';
import { SocialController } from './social.controller.js';
import { SocialService } from './social.service.js';

/** The social graph: the `follows` edge table (synchronized at start-up), its service and routes under /users/:id. */
@Module({
  imports: [SurrealModule.forFeature([User, Follows])],
  controllers: [SocialController],
  providers: [SocialService],
})
export class SocialModule {}
