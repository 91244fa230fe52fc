import {
  Global,
  Injectable,
  Module,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { Observable } from 'rxjs';
import { ConnectionRegistry } from '../connection/connection-registry.js';

let applications = 0;

/**
 * Runs each request the application handles inside its own connection registry, so `Model.objects`, `save()` and
 * `using(name)` there resolve to this application's connections even when another application runs alongside.
 */
@Injectable()
export class SurrealRegistryInterceptor implements NestInterceptor {
  constructor(private readonly registry: ConnectionRegistry) {}

  intercept(
    _context: ExecutionContext,
    next: CallHandler,
  ): Observable<unknown> {
    // The handler runs when the stream is subscribed to: subscribe inside the registry's scope.
    return new Observable((subscriber) =>
      this.registry.run(() => next.handle().subscribe(subscriber)),
    );
  }
}

/**
 * One per Nest application (a static global module: each application container makes its own instance): the
 * registry of the application's connections.
 */
@Global()
@Module({
  providers: [
    {
      provide: ConnectionRegistry,
      useFactory: () =>
        new ConnectionRegistry(`Nest application ${++applications}`),
    },
    { provide: APP_INTERCEPTOR, useClass: SurrealRegistryInterceptor },
  ],
  exports: [ConnectionRegistry],
})
export class SurrealRegistryModule {}
