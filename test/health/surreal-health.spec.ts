import { jest } from '@jest/globals';
import { HealthIndicatorService } from '@nestjs/terminus';
import { Test } from '@nestjs/testing';
import {
  SurrealModule,
  createConnection,
  type SurrealConnection,
} from '../../lib/index.js';
import { SurrealHealthIndicator } from '../../lib/health/index.js';

const scope = { namespace: 'app', database: 'main', logger: false as const };

/** An indicator outside Nest: it finds connections through the registry. */
const standalone = () =>
  new SurrealHealthIndicator(new HealthIndicatorService());

describe('SurrealHealthIndicator.pingCheck', () => {
  const opened: SurrealConnection[] = [];
  async function open(
    options: Parameters<typeof createConnection>[0],
  ): Promise<SurrealConnection> {
    const connection = createConnection({ ...scope, ...options });
    opened.push(connection);
    return connection.connect();
  }
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((c) => c.close()));
    jest.restoreAllMocks();
  });

  it('pings for real: the given connection, by name through the registry, and the default', async () => {
    const main = await open({ url: 'mem://' });
    const other = await open({ url: 'mem://', name: 'other' });
    const pings = [jest.spyOn(main, 'ping'), jest.spyOn(other, 'ping')];
    const indicator = standalone();

    expect(await indicator.pingCheck('given', { connection: other })).toEqual({
      given: { status: 'up', scheme: 'mem', responseTime: expect.any(Number) },
    });
    expect(
      await indicator.pingCheck('named', { connectionName: 'other' }),
    ).toMatchObject({
      named: { status: 'up' },
    });
    expect(await indicator.pingCheck('default')).toMatchObject({
      default: { status: 'up', scheme: 'mem' },
    });
    expect(pings[0]).toHaveBeenCalledTimes(1);
    expect(pings[1]).toHaveBeenCalledTimes(2);
    expect(pings[0]).toHaveBeenCalledWith(1); // seconds, the default
  });

  it('finds connections made by SurrealModule through ModuleRef, by name and as the default', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [
        SurrealModule.forRoot({ url: 'mem://', ...scope }),
        SurrealModule.forRoot({
          url: 'mem://',
          connectionName: 'analytics',
          ...scope,
        }),
      ],
      providers: [HealthIndicatorService, SurrealHealthIndicator],
    }).compile();
    const app = moduleRef.createNestApplication({ logger: false });
    await app.init();
    try {
      const indicator = app.get(SurrealHealthIndicator);
      expect(await indicator.pingCheck('db')).toMatchObject({
        db: { status: 'up' },
      });
      expect(
        await indicator.pingCheck('analytics', { connectionName: 'analytics' }),
      ).toMatchObject({ analytics: { status: 'up', scheme: 'mem' } });
      expect(
        await indicator.pingCheck('nope', { connectionName: 'nope' }),
      ).toMatchObject({
        nope: {
          status: 'down',
          message: expect.stringContaining('no connection named "nope"'),
        },
      });
    } finally {
      await app.close();
    }
  });

  it('reports down with the reason for an unknown name and a closed connection', async () => {
    const main = await open({ url: 'mem://' });
    const indicator = standalone();
    expect(
      await indicator.pingCheck('db', { connectionName: 'missing' }),
    ).toEqual({
      db: {
        status: 'down',
        message: expect.stringMatching(
          /no connection named "missing"; registered: "default"/,
        ),
        responseTime: expect.any(Number),
      },
    });
    await main.close();
    expect(await indicator.pingCheck('db', { connection: main })).toEqual({
      db: {
        status: 'down',
        scheme: 'mem',
        message: expect.stringMatching(/connection "default" is closed/),
        responseTime: expect.any(Number),
      },
    });
  });

  it('reports down once the timeout passes when the ping never answers', async () => {
    const main = await open({ url: 'mem://' });
    const ping = jest
      .spyOn(main, 'ping')
      .mockImplementation(() => new Promise<void>(() => undefined));
    const started = performance.now();
    const result = await standalone().pingCheck('db', {
      connection: main,
      timeout: 0.15,
    });
    const elapsed = performance.now() - started;
    expect(result.db).toMatchObject({
      status: 'down',
      scheme: 'mem',
      message: expect.stringContaining('timeout of 150ms exceeded'),
    });
    expect(ping).toHaveBeenCalledWith(0.15);
    expect(elapsed).toBeGreaterThanOrEqual(140);
    expect(elapsed).toBeLessThan(1000);
  });

  it('never shows the credentials, even when an error message echoes them', async () => {
    const main = await open({
      url: 'mem://',
      username: 'root',
      password: 's3cr3t-pw',
    });
    jest.spyOn(main, 'ping').mockRejectedValue(
      new Error(
        'refused ws://root:s3cr3t-pw@db.example:8000 with password s3cr3t-pw',
        {
          cause: new Error('token s3cr3t-pw rejected'),
        },
      ),
    );
    const result = await standalone().pingCheck('db', { connection: main });
    expect(result.db.status).toBe('down');
    const text = JSON.stringify(result);
    expect(text).not.toContain('s3cr3t-pw');
    expect(result.db.message).toBe(
      'refused ws://***@db.example:8000 with password ***: token *** rejected',
    );
  });

  it('rejects a timeout that is not a positive number of seconds', async () => {
    await expect(standalone().pingCheck('db', { timeout: 0 })).rejects.toThrow(
      'option "timeout" must be a number of seconds > 0 (e.g. 0.5), got 0',
    );
    // A value in milliseconds (the old unit) is refused, not waited for.
    await expect(
      standalone().pingCheck('db', { timeout: 1000 }),
    ).rejects.toThrow(
      'option "timeout" is in seconds and must be <= 60, got 1000; for 1000 ms write 1',
    );
  });
});
