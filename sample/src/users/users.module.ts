import { Module } from '@nestjs/common';
import { SurrealModule } from 'nestjs-surrealengine';
import { AnalyticsModule } from '../analytics/analytics.module.js';
import { UserRepository } from './user.repository.js';
import { UsersController } from './users.controller.js';
import { UsersService } from './users.service.js';

/** Users: model, custom repository (table and unique index synchronized at start-up), service and REST controller. */
@Module({
  imports: [SurrealModule.forFeature([UserRepository]), AnalyticsModule],
  controllers: [UsersController],
  providers: [UsersService],
})
export class UsersModule {}
