import {
  SurrealAuthenticationError,
  SurrealTimeoutError,
  createConnection,
  type RecordId,
} from '../../lib/index.js';
import {
  startControlledServer,
  startDurableServer,
} from '../helpers/controlled-server.js';
import {
  connectAsRoot,
  eventually,
  remoteTarget,
  ROOT,
  type RemoteTarget,
} from '../helpers/remote-target.js';
import {
  dropTableAndClose,
  freePort,
  recordingLogger,
} from '../helpers/test-utils.js';

const scope = { namespace: 'app', database: 'main' };

describe.each(['ws', 'http'] as const)(
  'remote connection over %s',
  (scheme) => {
    let target: RemoteTarget;
    const urlOf = () => (scheme === 'ws' ? target.url : target.httpUrl);
    beforeAll(async () => {
      target = await remoteTarget();
    });
    afterAll(() => target.close());

    it('connects with root credentials and queries with bound values', async () => {
      const connection = await createConnection({
        url: urlOf(),
        name: `root-${scheme}`,
        ...scope,
        ...target.credentials,
        logger: false,
      }).connect();
      try {
        expect(connection.isConnected()).toBe(true);
        const hostile = "'; REMOVE TABLE note; --";
        await connection.query('CREATE note SET text = $text', {
          text: hostile,
        });
        const [texts] = await connection.query<[string[]]>(
          'SELECT VALUE text FROM note WHERE text = $text',
          {
            text: hostile,
          },
        );
        expect(texts).toEqual([hostile]);
        await connection.ping();
      } finally {
        await dropTableAndClose(connection, 'note');
      }
    });

    it('writes into a namespace and database that do not exist yet', async () => {
      // Over HTTP no `use` goes to the server, and SurrealDB 3 creates a namespace and database only on `use`.
      const fresh = {
        namespace: `fresh_${scheme}_${Date.now()}`,
        database: 'first',
      };
      const connection = await createConnection({
        url: urlOf(),
        name: `fresh-${scheme}`,
        ...fresh,
        ...target.credentials,
        logger: false,
      }).connect();
      try {
        await connection.query('CREATE note:1 SET text = $text', {
          text: 'first',
        });
        const [texts] = await connection.query<[string[]]>(
          'SELECT VALUE text FROM note',
        );
        expect(texts).toEqual(['first']);
      } finally {
        await connection.query(`REMOVE NAMESPACE IF EXISTS ${fresh.namespace}`);
        await connection.close();
      }
    });

    it('connects as a database user through the "auth" option', async () => {
      const root = await createConnection({
        url: urlOf(),
        name: `admin-${scheme}`,
        ...scope,
        ...target.credentials,
        logger: false,
      }).connect();
      await root.query(
        `DEFINE USER OVERWRITE reader_${scheme} ON DATABASE PASSWORD 'reader-pass' ROLES VIEWER`,
      );
      const reader = await createConnection({
        url: urlOf(),
        name: `reader-${scheme}`,
        ...scope,
        auth: {
          ...scope,
          username: `reader_${scheme}`,
          password: 'reader-pass',
        },
        logger: false,
      }).connect();
      try {
        const [value] = await reader.query<[number]>('RETURN 1 + $n', { n: 1 });
        expect(value).toBe(2);
        // This session really is the database user, not root: root-level information is refused.
        await expect(reader.query('INFO FOR ROOT')).rejects.toThrow(
          /not enough permissions|not allowed/i,
        );
        await expect(root.query('INFO FOR ROOT')).resolves.toHaveLength(1);
      } finally {
        await reader.close();
        await root.query(`REMOVE USER IF EXISTS reader_${scheme} ON DATABASE`);
        await root.close();
      }
    });

    it('a wrong password fails at once, in one attempt, without the password in the error', async () => {
      const logger = recordingLogger();
      const started = performance.now();
      const failure = await createConnection({
        url: urlOf(),
        name: `wrong-${scheme}`,
        ...scope,
        username: target.credentials.username,
        password: 'not-the-password',
        retryLimit: 3,
        initialDelay: 1,
        logger,
      })
        .connect()
        .catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(SurrealAuthenticationError);
      const error = failure as SurrealAuthenticationError;
      expect(error.attempts).toBe(1);
      expect(error.message).toMatch(
        new RegExp(
          `^connection "wrong-${scheme}" \\(${scheme}://.*\\): authentication failed: .*not retried\\.$`,
        ),
      );
      expect(error.message).not.toContain('not-the-password');
      expect(
        logger.entries.filter((entry) => entry.message.includes('retrying')),
      ).toEqual([]);
      expect(performance.now() - started).toBeLessThan(1000);
    });

    it('a query running longer than `timeout` rejects with a timeout error naming the connection', async () => {
      const connection = await createConnection({
        url: urlOf(),
        name: `slow-${scheme}`,
        ...scope,
        ...target.credentials,
        timeout: 0.3,
        logger: false,
      }).connect();
      try {
        const started = performance.now();
        const failure = await connection
          .query('SLEEP 1s')
          .catch((error: unknown) => error);
        expect(failure).toBeInstanceOf(SurrealTimeoutError);
        expect((failure as Error).message).toBe(
          `connection "slow-${scheme}" (${urlOf()}): query did not complete within 0.3s; the server may be down or overloaded, or the work too long for option "timeout"; the call is withdrawn and never sent again (it ran only if the server received it in time)`,
        );
        expect(performance.now() - started).toBeLessThan(900);
        // The connection stays usable.
        expect(await connection.query('RETURN 7')).toEqual([7]);
      } finally {
        await connection.close();
      }
    });
  },
);

describe('remote outages (a server the test controls)', () => {
  it('connects once the server comes up mid-retry', async () => {
    const port = await freePort();
    const logger = recordingLogger();
    const connection = createConnection({
      url: `ws://127.0.0.1:${port}/rpc`,
      name: 'late-server',
      ...scope,
      ...ROOT,
      retryLimit: 8,
      initialDelay: 0.2,
      backoff: 1.5,
      logger,
    });
    const connecting = connection.connect();
    await eventually(
      () => logger.entries.length >= 2,
      10_000,
      'two failed attempts',
    );
    const server = await startControlledServer({ ...ROOT, port });
    try {
      await connecting;
      expect(connection.isConnected()).toBe(true);
      expect(await connection.query('RETURN 1')).toEqual([1]);
      const failures = logger.entries.filter(
        (entry) => entry.level === 'warn' && entry.message.includes('attempt'),
      );
      expect(failures.length).toBeGreaterThanOrEqual(2);
      expect(failures[0].message).toContain('retrying in 0.2s');
      expect(failures[1].message).toContain('retrying in 0.3s');
    } finally {
      await connection.close();
      await server.stop();
    }
  });

  it('SIGKILL mid-traffic: calls complete after restart or fail clearly within timeout; the same object works again', async () => {
    const server = await startControlledServer(ROOT);
    const connection = await connectAsRoot(server.url, 'crashy', {
      timeout: 2,
    });
    try {
      await connection.query('DEFINE TABLE tick SCHEMALESS');
      let stop = false;
      const outcomes: string[] = [];
      const traffic = (async () => {
        for (let i = 0; !stop; i++) {
          const started = performance.now();
          const outcome = await connection
            .query('CREATE tick SET i = $i', { i })
            .then(() => 'ok')
            .catch(
              (error: Error) => `${error.constructor.name}: ${error.message}`,
            );
          // None hangs: each call settles within `timeout` (plus scheduling slack).
          expect(performance.now() - started).toBeLessThan(2600);
          outcomes.push(outcome);
          if (outcome !== 'ok')
            await new Promise((resolve) => setTimeout(resolve, 20));
        }
      })();
      await eventually(() => outcomes.length >= 20, 5000, '20 writes');
      await server.kill();
      await eventually(
        () => !connection.isConnected(),
        3000,
        'isConnected() false after the kill',
      );
      await expect(connection.ping(0.5)).rejects.toThrow(
        /ping did not complete within 0.5s/,
      );
      const duringOutage = outcomes.length;
      await new Promise((resolve) => setTimeout(resolve, 600));
      await server.restart();
      await eventually(() => connection.isConnected(), 10_000, 'reconnected');
      await connection.ping();
      const resumed = outcomes.length;
      await eventually(
        () => outcomes.length >= resumed + 20,
        5000,
        '20 writes after restart',
      );
      stop = true;
      await traffic;
      const failures = outcomes.filter((outcome) => outcome !== 'ok');
      // Failures happened only around the outage, each a clear timeout or terminated-call error.
      expect(outcomes.slice(-20).every((outcome) => outcome === 'ok')).toBe(
        true,
      );
      for (const failure of failures) {
        expect(failure).toMatch(
          /SurrealTimeoutError: connection "crashy" .*did not complete within 2s|SurrealEngineError: connection "crashy" .*: query (was cut off|was not sent)/,
        );
      }
      expect(duringOutage).toBeGreaterThanOrEqual(20);
    } finally {
      await connection.close();
      await server.stop();
    }
  }, 40_000);

  it('surrealkv store: every acknowledged write before a SIGKILL is there after restart', async () => {
    const { server, dir } = await startDurableServer(ROOT);
    const connection = await connectAsRoot(server.url, 'durable', {
      timeout: 2,
    });
    try {
      const acknowledged: number[] = [];
      let stop = false;
      const writer = (async () => {
        for (let i = 0; !stop; i++) {
          try {
            await connection.query(
              'CREATE type::record("entry", $i) SET i = $i',
              { i },
            );
            acknowledged.push(i);
          } catch {
            return;
          }
        }
      })();
      await eventually(
        () => acknowledged.length >= 100,
        10_000,
        '100 acknowledged writes',
      );
      await server.kill();
      stop = true;
      await writer;
      await server.restart();
      await eventually(() => connection.isConnected(), 10_000, 'reconnected');
      const [stored] = await connection.query<[number[]]>(
        'SELECT VALUE i FROM entry',
      );
      const missing = acknowledged.filter((i) => !stored.includes(i));
      expect(acknowledged.length).toBeGreaterThanOrEqual(100);
      expect(missing).toEqual([]);
    } finally {
      await connection.close();
      await server.stop();
      await dir.remove();
    }
  }, 40_000);

  it('with reconnect: false, calls on a lost connection fail naming the connection and what to do', async () => {
    const server = await startControlledServer(ROOT);
    const connection = await connectAsRoot(server.url, 'once-only', {
      timeout: 5,
      reconnect: false,
    });
    try {
      const cutOff = connection.query('SLEEP 1s; RETURN 1').then(
        () => 'answered',
        (error: Error) => error.message,
      );
      await new Promise((resolve) => setTimeout(resolve, 100));
      await server.kill();
      expect(await cutOff).toMatch(
        /^connection "once-only" \(ws:.*\): query was cut off, so whether it ran is unknown: the connection to the server was lost and is not reopened \(option "reconnect" is false, or the SDK gave up reconnecting\); close this connection and create a new one$/,
      );
      await expect(connection.query('RETURN 1')).rejects.toThrow(
        /^connection "once-only" .*: query was not sent: the connection to the server was lost and is not reopened/,
      );
      await expect(connection.ping()).rejects.toThrow(
        /^connection "once-only" .*: ping was not sent/,
      );
      expect(connection.isConnected()).toBe(false);
    } finally {
      await connection.close();
      await server.stop();
    }
  }, 40_000);

  it('a live query subscribed while the server is down waits, registers once it is back, and sees the next write', async () => {
    const server = await startControlledServer(ROOT);
    const connection = await connectAsRoot(server.url, 'live-down', {
      timeout: 1,
    });
    await server.kill();
    const seen: string[] = [];
    const subscription = connection
      .live('feed', { onReady: () => seen.push('ready') })
      .subscribe({
        next: (event) => seen.push(event.action),
        error: (error: Error) => seen.push(`error: ${error.message}`),
      });
    try {
      // Longer than `timeout`: a live query is not a call that times out; it waits for the server.
      await new Promise((resolve) => setTimeout(resolve, 2000));
      expect(seen).toEqual([]);
      await server.restart();
      await eventually(() => seen.includes('ready'), 10_000, 'registered');
      await connection.query('CREATE feed:1 SET n = 1');
      await eventually(() => seen.includes('CREATE'), 5000, 'the CREATE');
      expect(seen).toEqual(['ready', 'CREATE']);
    } finally {
      subscription.unsubscribe();
      await connection.close();
      await server.stop();
    }
  }, 40_000);

  it('close() lets calls in flight finish while the server answers, and ends them at once when it is down', async () => {
    const server = await startControlledServer(ROOT);
    const open = (name: string) =>
      connectAsRoot(server.url, name, { timeout: 10 });
    const outcome = (call: Promise<unknown>) =>
      call.then(
        (value) => ({ value, at: performance.now() }),
        (error: Error) => ({ error: error.message, at: performance.now() }),
      );
    const draining = await open('draining');
    const stranded = await open('stranded');
    try {
      let started = performance.now();
      const slow = outcome(
        draining
          .query<[unknown, number]>('SLEEP 500ms; RETURN 42')
          .then(([, answer]) => answer),
      );
      await new Promise((resolve) => setTimeout(resolve, 100));
      await draining.close();
      const closedAt = performance.now();
      // The answer arrives (it was not left to the 10 s timeout), and close() waited for it.
      expect(await slow).toEqual({ value: 42, at: expect.any(Number) });
      expect((await slow).at - started).toBeLessThan(2000);
      expect(closedAt).toBeGreaterThanOrEqual((await slow).at);
      await expect(draining.query('RETURN 1')).rejects.toThrow(
        /connection "draining" is closed/,
      );

      await server.kill();
      await eventually(() => !stranded.isConnected(), 3000, 'the outage seen');
      started = performance.now();
      const waiting = outcome(stranded.query('CREATE ledger:1'));
      await new Promise((resolve) => setTimeout(resolve, 100));
      await stranded.close();
      const ended = await waiting;
      expect(ended).toEqual({
        error: expect.stringMatching(
          /connection "stranded" .* was closed while the server was unreachable: the query was not sent, or the server did not answer it/,
        ),
        at: expect.any(Number),
      });
      expect(performance.now() - started).toBeLessThan(2000);
    } finally {
      await draining.close();
      await stranded.close();
      await server.stop();
    }
  }, 40_000);

  it('a transaction whose server dies settles within timeout at begin, query and commit, and nothing of it is applied', async () => {
    const { server, dir } = await startDurableServer(ROOT);
    const connection = await connectAsRoot(server.url, 'crashy-tx', {
      timeout: 1,
    });
    const settlesInTime = async (what: Promise<unknown>) => {
      const started = performance.now();
      await expect(what).rejects.toThrow(
        /connection "crashy-tx" .*did not complete within 1s/,
      );
      expect(performance.now() - started).toBeLessThan(1800);
    };
    try {
      // Written outside any transaction: after the restart it shows the store kept what was committed.
      await connection.query('CREATE ledger:before SET n = 0');
      // Commit: the transaction's writes went out, then the server died before the commit could.
      await settlesInTime(
        connection.transaction(async (tx) => {
          await tx.query('CREATE ledger:commit SET n = 1');
          await server.kill();
        }),
      );
      await server.restart();
      await eventually(() => connection.isConnected(), 10_000, 'reconnected');
      // A query inside a transaction while the server is down.
      await settlesInTime(
        connection.transaction(async (tx) => {
          await server.kill();
          await tx.query('CREATE ledger:query SET n = 2');
        }),
      );
      // The begin of one while the server is down.
      await settlesInTime(
        connection.transaction((tx) =>
          tx.query('CREATE ledger:begin SET n = 3'),
        ),
      );
      await server.restart();
      await eventually(() => connection.isConnected(), 10_000, 'reconnected');
      // Nothing the SDK re-sent after the reconnect applied any of it.
      await new Promise((resolve) => setTimeout(resolve, 300));
      const [ids] = await connection.query<[RecordId[]]>(
        'SELECT VALUE id FROM ledger',
      );
      expect(ids.map(String)).toEqual(['ledger:before']);
    } finally {
      await connection.close();
      await server.stop();
      await dir.remove();
    }
  }, 40_000);
});
