import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module.js';

/** Starts the sample app on `PORT` (default 3000). */
async function bootstrap(): Promise<void> {
  // Open server-sent event streams never end by themselves: without this, shutdown waits for every client to leave.
  const app = await NestFactory.create(AppModule, {
    forceCloseConnections: true,
  });
  // SIGINT/SIGTERM close the app, and with it the SurrealDB connections (flushing the on-disk store).
  app.enableShutdownHooks();
  const port = Number(process.env.PORT ?? 3000);
  await app.listen(port);
  new Logger('Sample').log(`listening on ${await app.getUrl()}`);
}

bootstrap().catch((error: unknown) => {
  new Logger('Sample').error(error instanceof Error ? error.stack : error);
  process.exit(1);
});
