import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { SurrealHealthIndicator } from 'nestjs-surrealengine/health';
import { HealthController } from './health.controller.js';

/** Health checks of the app's SurrealDB connections. */
@Module({
  imports: [TerminusModule.forRoot()],
  controllers: [HealthController],
  providers: [SurrealHealthIndicator],
})
export class HealthModule {}
