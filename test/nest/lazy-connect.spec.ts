import { Controller, Get, type INestApplication } from '@nestjs/common';
import {
  HealthCheck,
  HealthCheckService,
  TerminusModule,
} from '@nestjs/terminus';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { Surreal } from 'surrealdb';
import {
  Document,
  InjectRepository,
  StringField,
  SurrealConnection,
  SurrealModule,
  createConnection,
  runInTransaction,
  type Repository,
  type SurrealClientDefaults,
} from '../../lib/index.js';
import { SurrealHealthIndicator } from '../../lib/health/index.js';
import { startTestServer, type TestServer } from '../../lib/testing/index.js';
import { freePort, recordingLogger } from '../helpers/test-utils.js';

const AUTH = { username: 'root', password: 'lazy-secret' };

class Visit extends Document {
  static meta = { collection: 'visits' };
  @StringField({ required: true }) page: string;
}

@Controller()
class AppController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly surreal: SurrealHealthIndicator,
    @InjectRepository(Visit) private readonly visits: Repository<Visit>,
  ) {}

  @Get('health')
  @HealthCheck()
  check() {
    return this.health.check([
      () => this.surreal.pingCheck('surrealdb', { timeout: 2 }),
    ]);
  }

  @Get('visits')
  async count() {
    try {
      return { count: await this.visits.count() };
    } catch (error) {
      return { error: (error as Error).message };
    }
  }
}

async function eventually<T>(
  check: () => Promise<T>,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

describe('lazyConnect, onConnect and clientFactory (loopback server started late, then restarted)', () => {
  let app: INestApplication | undefined;
  let server: TestServer | undefined;
  afterEach(async () => {
    await app?.close();
    await server?.stop();
  });

  it('boots with the database down, fails calls fast, reports down then up, and runs onConnect on every (re)connect', async () => {
    const port = await freePort();
    const logger = recordingLogger();
    const onConnectRuns: string[] = [];
    let clients = 0;
    const moduleRef = await Test.createTestingModule({
      imports: [
        TerminusModule.forRoot({ logger: false }),
        SurrealModule.forRoot({
          url: `ws://127.0.0.1:${port}`,
          namespace: 'app',
          database: 'main',
          ...AUTH,
          lazyConnect: true,
          synchronize: true, // the models' schema is defined once connected
          retryLimit: 0,
          initialDelay: 0.1,
          backoff: 1.5,
          timeout: 5,
          logger,
          // Per-connection set-up: a table definition that a fresh server lacks.
          onConnect: async (connection: SurrealConnection) => {
            await connection.query(
              'DEFINE TABLE IF NOT EXISTS audit SCHEMALESS',
            );
            onConnectRuns.push(connection.name);
          },
          clientFactory: (defaults: SurrealClientDefaults) => {
            clients++;
            return new Surreal(defaults);
          },
        }),
        SurrealModule.forFeature([Visit]),
      ],
      controllers: [AppController],
      providers: [SurrealHealthIndicator],
    }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    await app.init(); // no server yet: the app starts anyway
    const http = () => request(app!.getHttpServer());

    const down = await http().get('/health');
    expect(down.status).toBe(503);
    expect(down.body.error.surrealdb.status).toBe('down');
    expect(down.body.error.surrealdb.message).toContain(
      'is not connected yet: lazyConnect keeps trying in the background',
    );
    const failed = await http().get('/visits').expect(200);
    expect(failed.body.error).toMatch(
      new RegExp(
        `connection "default" \\(ws://127.0.0.1:${port}\\) is not connected yet: lazyConnect keeps trying in the background; last error: .*ECONNREFUSED`,
      ),
    );
    // Background rounds are logged as such, never with the password.
    await eventually(async () =>
      expect(
        logger.entries.some((entry) =>
          entry.message.includes('not connected yet (lazyConnect)'),
        ),
      ).toBe(true),
    );
    expect(JSON.stringify(logger.entries)).not.toContain(AUTH.password);

    server = await startTestServer({ ...AUTH, port });
    await eventually(async () => {
      const up = await http().get('/health');
      expect(up.status).toBe(200);
      expect(up.body.info.surrealdb.status).toBe('up');
    });
    // onConnect runs on the open connection: a request may come in just before it has finished.
    await eventually(async () => expect(onConnectRuns).toEqual(['default']));
    expect(clients).toBeGreaterThanOrEqual(2); // failed attempts made clients too
    await app.get(SurrealConnection).query('CREATE visits SET page = "/"');
    expect((await http().get('/visits')).body).toEqual({ count: 1 });

    // A restart with a fresh in-memory store: the SDK reconnects, the schema and onConnect's table are defined again.
    await server.restart();
    await eventually(async () => expect(onConnectRuns).toHaveLength(2));
    await eventually(async () =>
      expect((await http().get('/visits')).body).toEqual({ count: 0 }),
    );
    const [info] = await app
      .get(SurrealConnection)
      .query<[{ tables: Record<string, string> }]>('INFO FOR DB');
    expect(Object.keys(info.tables).sort()).toEqual(['audit', 'visits']);
    const [visits] = await app
      .get(SurrealConnection)
      .query<[{ fields: Record<string, string> }]>('INFO FOR TABLE visits');
    expect(Object.keys(visits.fields)).toEqual(['page']);
  });

  it('without lazyConnect, a failing onConnect fails the bootstrap with its cause, and closes the client', async () => {
    server = await startTestServer({ ...AUTH });
    const made: Surreal[] = [];
    const failure = await Test.createTestingModule({
      imports: [
        SurrealModule.forRoot({
          url: server.url,
          namespace: 'app',
          database: 'main',
          ...AUTH,
          retryLimit: 0,
          logger: false,
          onConnect: async (connection: SurrealConnection) => {
            await connection.query('THROW "set-up refused"');
          },
          clientFactory: (defaults: SurrealClientDefaults) => {
            made.push(new Surreal(defaults));
            return made[made.length - 1];
          },
        }),
      ],
    })
      .compile()
      .catch((error: unknown) => error);
    expect((failure as Error).message).toMatch(
      /connection "default" \(ws:\/\/127\.0\.0\.1:\d+\/rpc\): onConnect failed: .*set-up refused/,
    );
    expect(made).toHaveLength(1);
    expect(made[0].status).toBe('disconnected');
    await expect(
      eventually(async () => {
        expect((await server!.stats()).connections).toBe(0);
      }, 5000),
    ).resolves.toBeUndefined();
  });

  it('over http there are no sessions: a model transaction fails at once and writes nothing', async () => {
    server = await startTestServer({ ...AUTH });
    const connection = await createConnection({
      url: server.httpUrl,
      name: 'over-http',
      namespace: 'app',
      database: 'main',
      ...AUTH,
      logger: false,
    }).connect();
    try {
      await expect(
        runInTransaction(connection, async (tx) => {
          await new Visit({ page: '/never' }).save({ connection: tx });
        }),
      ).rejects.toThrow(
        'transactions need a ws://, wss:// or embedded connection; HTTP keeps no session between requests',
      );
      expect(await Visit.objects.using(connection).count()).toBe(0);
    } finally {
      await connection.close();
    }
  });
});
