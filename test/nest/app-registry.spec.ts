import {
  Controller,
  Get,
  Module,
  Param,
  Post,
  type INestApplication,
} from '@nestjs/common';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import {
  ConnectionRegistry,
  Document,
  StringField,
  SurrealConnectionNotFoundError,
  SurrealModule,
  createConnection,
  findConnection,
} from '../../lib/index.js';

const scope = { namespace: 'app', database: 'main', logger: false as const };

class Tag extends Document {
  static meta = { collection: 'tags' };
  @StringField({ required: true }) label: string;
}

/** Uses only static accessors and names: no injected connection. */
@Controller('tags')
class TagsController {
  @Post(':label')
  async create(@Param('label') label: string) {
    const tag = await new Tag({ label }).save();
    // By registry name, on this application's "archive" connection.
    await new Tag({ label: `${label} (archived)` }).save({
      connection: 'archive',
    });
    return { id: tag.id!.id };
  }

  @Get()
  async list() {
    const here = await Tag.objects.orderBy('label').all();
    const archived = await Tag.objects.using('archive').count();
    return { labels: here.map((tag) => tag.label), archived };
  }
}

@Module({
  imports: [
    SurrealModule.forRoot({ url: 'mem://', ...scope }),
    SurrealModule.forRoot({
      url: 'mem://',
      connectionName: 'archive',
      ...scope,
    }),
  ],
  controllers: [TagsController],
})
class AppModule {}

async function startApp(): Promise<INestApplication> {
  const moduleRef = await Test.createTestingModule({
    imports: [AppModule],
  }).compile();
  const app = moduleRef.createNestApplication({ logger: false });
  await app.init();
  return app;
}

describe('a connection registry per Nest application', () => {
  it('two applications with the same connection names run side by side; static accessors resolve per request', async () => {
    const first = await startApp();
    const second = await startApp();
    try {
      expect(first.get(ConnectionRegistry)).not.toBe(
        second.get(ConnectionRegistry),
      );
      await request(first.getHttpServer()).post('/tags/red').expect(201);
      await request(first.getHttpServer()).post('/tags/blue').expect(201);
      await request(second.getHttpServer()).post('/tags/green').expect(201);

      const one = await request(first.getHttpServer()).get('/tags').expect(200);
      const two = await request(second.getHttpServer())
        .get('/tags')
        .expect(200);
      expect(one.body).toEqual({ labels: ['blue', 'red'], archived: 2 });
      expect(two.body).toEqual({ labels: ['green'], archived: 1 });

      // Outside a request, with two applications holding a default, a static accessor refuses to guess.
      expect(() => findConnection()).toThrow(SurrealConnectionNotFoundError);
      expect(() => findConnection()).toThrow(
        /2 registries have a default connection \(Nest application \d+, Nest application \d+\): outside a request it is ambiguous/,
      );
      // registry.run() names the application explicitly (cron jobs, scripts inside the app).
      const labels = await second
        .get(ConnectionRegistry)
        .run(() => Tag.objects.all());
      expect(labels.map((tag) => tag.label)).toEqual(['green']);
    } finally {
      await first.close();
    }
    // One application left: outside requests its default is the default again.
    try {
      expect((await Tag.objects.all()).map((tag) => tag.label)).toEqual([
        'green',
      ]);
    } finally {
      await second.close();
    }
  });

  it('the framework-free core keeps the process-wide registry, by name too', async () => {
    const main = await createConnection({ url: 'mem://', ...scope }).connect();
    const side = await createConnection({
      url: 'mem://',
      name: 'side',
      ...scope,
    }).connect();
    try {
      const tag = await new Tag({ label: 'core' }).save({ connection: 'side' });
      expect(await Tag.objects.count()).toBe(0);
      expect(await Tag.objects.using('side').count()).toBe(1);
      // A document written by name stays bound to that connection.
      tag.label = 'core 2';
      await tag.save();
      expect((await Tag.objects.using(side).get()).label).toBe('core 2');
      expect(() => Tag.objects.using('nowhere')).toThrow(
        'no connection named "nowhere"; registered: "default", "side"',
      );
      expect(findConnection()).toBe(main);
    } finally {
      await main.close();
      await side.close();
    }
  });
});
