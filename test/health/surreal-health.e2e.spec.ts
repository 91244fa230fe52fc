import { Controller, Get, type INestApplication } from '@nestjs/common';
import {
  HealthCheck,
  HealthCheckService,
  TerminusModule,
} from '@nestjs/terminus';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { SurrealModule } from '../../lib/index.js';
import { SurrealHealthIndicator } from '../../lib/health/index.js';
import {
  startControlledServer,
  type ControlledServer,
} from '../helpers/controlled-server.js';
import { tempDir } from '../helpers/test-utils.js';

const USER = 'root';
const PASSWORD = 'health-secret-pw';
const PING_TIMEOUT = 0.4; // seconds, like every duration option
const PING_TIMEOUT_MS = PING_TIMEOUT * 1000;

const scope = { namespace: 'app', database: 'main', logger: false as const };

@Controller()
class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly surreal: SurrealHealthIndicator,
  ) {}

  @Get('health')
  @HealthCheck()
  check() {
    return this.health.check([
      () => this.surreal.pingCheck('main'),
      () =>
        this.surreal.pingCheck('remote_ws', {
          connectionName: 'remote-ws',
          timeout: PING_TIMEOUT,
        }),
      () =>
        this.surreal.pingCheck('remote_http', {
          connectionName: 'remote-http',
          timeout: PING_TIMEOUT,
        }),
    ]);
  }
}

interface HealthBody {
  status: string;
  details: Record<string, Record<string, unknown>>;
}

// The remote server is the loopback test server, or under `npm run test:real` the real `surreal` binary.
describe('SurrealHealthIndicator in a Nest app (mem://, ws:// and http:// to a server it stops and restarts)', () => {
  let server: ControlledServer;
  let app: INestApplication;
  let store: Awaited<ReturnType<typeof tempDir>>;

  beforeAll(async () => {
    // On disk, as a real server's store: the root user (and so the HTTP client's token) survives the restart below.
    store = await tempDir('surreal-health-');
    server = await startControlledServer({
      username: USER,
      password: PASSWORD,
      storage: `surrealkv://${store.path}`,
    });
    const remote = {
      ...scope,
      username: USER,
      password: PASSWORD,
      retryLimit: 0,
      timeout: 5,
    };
    const moduleRef = await Test.createTestingModule({
      imports: [
        TerminusModule.forRoot({ logger: false }),
        SurrealModule.forRoot({ url: 'mem://', ...scope }),
        SurrealModule.forRoot({
          url: server.url,
          connectionName: 'remote-ws',
          ...remote,
        }),
        SurrealModule.forRoot({
          url: server.httpUrl,
          connectionName: 'remote-http',
          usePool: true,
          poolSize: 2,
          ...remote,
        }),
      ],
      controllers: [HealthController],
      providers: [SurrealHealthIndicator],
    }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    await app.init();
  });

  afterAll(async () => {
    await app?.close();
    await server?.stop();
    await store?.remove();
  });

  async function getHealth() {
    const started = performance.now();
    const response = await request(app.getHttpServer()).get('/health');
    return {
      status: response.status,
      body: response.body as HealthBody,
      raw: response.text,
      elapsed: performance.now() - started,
    };
  }

  it("answers 200 with all up, 503 with the stopped server's keys down and why, and 200 again after a restart", async () => {
    const healthy = await getHealth();
    expect(healthy.status).toBe(200);
    expect(healthy.body.status).toBe('ok');
    expect(healthy.body.details).toEqual({
      main: { status: 'up', scheme: 'mem', responseTime: expect.any(Number) },
      remote_ws: {
        status: 'up',
        scheme: 'ws',
        responseTime: expect.any(Number),
      },
      // A pooled connection also shows its pool's counters.
      remote_http: {
        status: 'up',
        scheme: 'http',
        responseTime: expect.any(Number),
        pool: expect.objectContaining({
          size: expect.any(Number),
          busy: expect.any(Number),
          idle: expect.any(Number),
          waiting: expect.any(Number),
        }),
      },
    });

    await server.stop();

    const sick = await getHealth();
    expect(sick.status).toBe(503);
    expect(sick.body.status).toBe('error');
    expect(sick.body.details.main).toMatchObject({
      status: 'up',
      scheme: 'mem',
    });
    // The socket waits to reconnect, so its ping hangs until the timeout; the reason says both.
    expect(sick.body.details.remote_ws).toMatchObject({
      status: 'down',
      scheme: 'ws',
      message: expect.stringContaining(
        `timeout of ${PING_TIMEOUT_MS}ms exceeded; connection "remote-ws" is not connected`,
      ),
    });
    // HTTP fails at once, with the cause the SDK wraps.
    expect(sick.body.details.remote_http).toMatchObject({
      status: 'down',
      scheme: 'http',
      message: expect.stringContaining('ECONNREFUSED'),
      pool: expect.any(Object),
    });
    // The checks run in parallel, each bounded by its short timeout.
    expect(sick.elapsed).toBeLessThan(PING_TIMEOUT_MS + 1500);
    expect(sick.raw).not.toContain(PASSWORD);

    await server.restart();
    // The ws client reconnects by itself (first retry after 0.5 s); the http client needs nothing.
    const deadline = performance.now() + 15_000;
    let recovered = await getHealth();
    while (recovered.status !== 200 && performance.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      recovered = await getHealth();
    }
    expect({ status: recovered.status, body: recovered.body }).toMatchObject({
      status: 200,
    });
    expect(recovered.body.details.remote_ws).toMatchObject({ status: 'up' });
    expect(recovered.body.details.remote_http).toMatchObject({ status: 'up' });
  });
});
