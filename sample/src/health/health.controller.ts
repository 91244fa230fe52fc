import { Controller, Get } from '@nestjs/common';
import {
  HealthCheck,
  HealthCheckService,
  type HealthCheckResult,
} from '@nestjs/terminus';
import { SurrealHealthIndicator } from 'nestjs-surrealengine/health';

/** `GET /health`: a real ping of both connections; 503 when either is down. */
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly surreal: SurrealHealthIndicator,
  ) {}

  @Get()
  @HealthCheck()
  check(): Promise<HealthCheckResult> {
    return this.health.check([
      () => this.surreal.pingCheck('surrealdb', { timeout: 1 }),
      () =>
        this.surreal.pingCheck('analytics', {
          connectionName: 'analytics',
          timeout: 1,
        }),
    ]);
  }
}
