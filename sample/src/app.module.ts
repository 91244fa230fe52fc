import { Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { SurrealExceptionFilter, SurrealModule } from 'nestjs-surrealengine';
import { AnalyticsModule } from './analytics/analytics.module.js';
import {
  analyticsConnectionOptions,
  defaultConnectionOptions,
} from './config/surreal.config.js';
import { HealthModule } from './health/health.module.js';
import { SocialModule } from './social/social.module.js';
import { UsersModule } from './users/users.module.js';

/** The sample app: users on the default connection, analytics on a second one, health of both. */
@Module({
  imports: [
    // Read at start-up, not at import: tests (and deployments) set the variables before creating the app.
    SurrealModule.forRootAsync({
      useFactory: () => defaultConnectionOptions(),
    }),
    SurrealModule.forRootAsync({
      connectionName: 'analytics',
      useFactory: analyticsConnectionOptions,
    }),
    UsersModule,
    SocialModule,
    AnalyticsModule,
    HealthModule,
  ],
  providers: [{ provide: APP_FILTER, useClass: SurrealExceptionFilter }],
})
export class AppModule {}
