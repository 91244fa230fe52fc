import { Module } from '@nestjs/common';
import { SurrealModule } from 'nestjs-surrealengine';
import { AnalyticsModule } from '../analytics/analytics.module.js';
import { User } from './user.model.js';
import { UsersController } from './users.controller.js';
import { UsersService } from './users.service.js';

/** Users: model, repository (with its table and unique index synchronized at start-up), service and REST controller. */
@Module({
  imports: [SurrealModule.forFeature([User]), AnalyticsModule],
  controllers: [UsersController],
  providers: [UsersService],
})
export class UsersModule {}
