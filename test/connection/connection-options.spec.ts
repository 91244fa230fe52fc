import { jest } from '@jest/globals';
import {
  ConnectionRegistry,
  SurrealConfigError,
  SurrealConnectionNotFoundError,
  createConnection,
  type SurrealConnectionOptions,
} from '../../lib/index.js';
import { loadNodeEngines } from '../../lib/connection/surreal-client.factory.js';

describe('bad connection options fail before any network activity, naming connection and option', () => {
  const cases: [
    string,
    Partial<SurrealConnectionOptions> & Record<string, unknown>,
    RegExp,
  ][] = [
    [
      'missing url',
      { url: undefined },
      /connection "c": option "url" is required/,
    ],
    [
      'unknown scheme',
      { url: 'foo://x' },
      /scheme "foo" is not one of ws, wss, http, https, mem, file, surrealkv/,
    ],
    ['not a URL', { url: 'localhost:8000' }, /"localhost:8000" is not a URL/],
    ['malformed remote URL', { url: 'ws://exa mple:99999' }, /is malformed/],
    ['remote URL without host', { url: 'http://' }, /malformed|has no host/],
    [
      'embedded URL without path',
      { url: 'surrealkv://' },
      /has no path: expected e.g. "surrealkv:\/\/.\/data"/,
    ],
    [
      'credentials in the URL (redacted)',
      { url: 'ws://root:secret@localhost:8000' },
      /"ws:\/\/\*\*\*@localhost:8000" carries a credential in its user info/,
    ],
    [
      'negative retryLimit',
      { retryLimit: -1 },
      /option "retryLimit" must be an integer >= 0, got -1/,
    ],
    [
      'fractional retryLimit',
      { retryLimit: 1.5 },
      /option "retryLimit" must be an integer >= 0/,
    ],
    [
      'non-numeric retryLimit',
      { retryLimit: '3' as never },
      /option "retryLimit" must be an integer >= 0, got "3"/,
    ],
    [
      'negative timeout',
      { timeout: -5 },
      /option "timeout" must be a number > 0, got -5/,
    ],
    ['zero timeout', { timeout: 0 }, /option "timeout" must be a number > 0/],
    [
      'non-numeric timeout',
      { timeout: 'soon' as never },
      /option "timeout" must be a number > 0, got "soon"/,
    ],
    [
      'NaN initialDelay',
      { initialDelay: NaN },
      /option "initialDelay" must be a number >= 0/,
    ],
    [
      'backoff below 1',
      { backoff: 0.5 },
      /option "backoff" must be a number >= 1/,
    ],
    [
      'username without password',
      { username: 'root' },
      /option "password" is missing: give both "username" and "password"/,
    ],
    [
      'two ways to authenticate',
      { token: 't', auth: { username: 'a', password: 'b' } },
      /option "auth" conflicts with token and auth/,
    ],
    ['misspelt option', { retrylimit: 3 }, /option "retrylimit" is unknown/],
    [
      'pool option without usePool',
      { poolSize: 4 },
      /option "poolSize" needs "usePool: true"/,
    ],
    [
      'bad pool size',
      { url: 'ws://localhost:8000', usePool: true, poolSize: 0 },
      /option "poolSize" must be an integer >= 1, got 0/,
    ],
    [
      'pool on an embedded engine',
      { usePool: true },
      /option "usePool" needs a remote URL \(ws, wss, http, https\)/,
    ],
    [
      'non-boolean makeDefault',
      { makeDefault: 'yes' as never },
      /option "makeDefault" must be true or false/,
    ],
  ];

  it.each(cases)('%s', (_label, overrides, message) => {
    const registry = new ConnectionRegistry();
    const options = {
      url: 'mem://',
      name: 'c',
      ...overrides,
    } as SurrealConnectionOptions;
    let thrown: unknown;
    try {
      createConnection(options, registry);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(SurrealConfigError);
    expect((thrown as Error).message).toMatch(message);
    expect((thrown as Error).message).not.toContain('secret');
    expect(registry.names()).toEqual([]);
  });

  it('an empty name is refused', () => {
    expect(() =>
      createConnection({ url: 'mem://', name: '' }, new ConnectionRegistry()),
    ).toThrow(/option "name" must be a non-empty string/);
  });
});

describe('ConnectionRegistry', () => {
  it('refuses a duplicate name and a second default, and lists what exists for unknown names', async () => {
    const registry = new ConnectionRegistry();
    const main = createConnection({ url: 'mem://' }, registry);
    const analytics = createConnection(
      { url: 'mem://', name: 'analytics' },
      registry,
    );
    expect(() =>
      createConnection({ url: 'mem://', name: 'analytics' }, registry),
    ).toThrow(/connection "analytics" is already registered/);
    expect(() =>
      createConnection(
        { url: 'mem://', name: 'other', makeDefault: true },
        registry,
      ),
    ).toThrow(
      /connection "other" cannot be the default: connection "default" already is/,
    );
    expect(registry.getDefaultConnection()).toBe(main);
    expect(registry.getConnection()).toBe(main);
    expect(registry.getConnection('analytics')).toBe(analytics);
    expect(registry.names()).toEqual(['default', 'analytics']);
    expect(registry.list()).toEqual([main, analytics]);
    expect(() => registry.getConnection('reports')).toThrow(
      SurrealConnectionNotFoundError,
    );
    expect(() => registry.getConnection('reports')).toThrow(
      'no connection named "reports"; registered: "default", "analytics"',
    );
    await main.close();
    expect(() => registry.getDefaultConnection()).toThrow(
      /no default connection; registered: "analytics"\. Name one "default" or set "makeDefault: true"/,
    );
    // Closing frees the name.
    const again = createConnection(
      { url: 'mem://', name: 'reports', makeDefault: true },
      registry,
    );
    expect(registry.getDefaultConnection()).toBe(again);
    await registry.closeAll();
    expect(registry.names()).toEqual([]);
  });

  it('createConnection registers in the process-wide registry by default', async () => {
    const { connectionRegistry } = await import('../../lib/index.js');
    const connection = createConnection({ url: 'mem://', name: 'global-one' });
    expect(connectionRegistry.getConnection('global-one')).toBe(connection);
    await connection.close();
    expect(connectionRegistry.has('global-one')).toBe(false);
  });
});

describe('missing @surrealdb/node', () => {
  it('names the package to install', async () => {
    jest.resetModules();
    jest.unstable_mockModule('@surrealdb/node', () => {
      const error = new Error(
        "Cannot find package '@surrealdb/node'",
      ) as Error & { code: string };
      error.code = 'ERR_MODULE_NOT_FOUND';
      throw error;
    });
    const factory =
      (await import('../../lib/connection/surreal-client.factory.js')) as {
        loadNodeEngines: typeof loadNodeEngines;
      };
    const failure = await factory
      .loadNodeEngines('embedded')
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(Error);
    expect((failure as Error).message).toBe(
      'connection "embedded": embedded URLs (mem://, file://, surrealkv://, rocksdb://) need the optional package @surrealdb/node: run "npm install @surrealdb/node"',
    );
  });
});

describe('credentials stay out of printed objects', () => {
  it('inspecting or serializing a connection and its options shows no password or token', async () => {
    const { inspect } = await import('node:util');
    const registry = new ConnectionRegistry();
    const withPassword = createConnection(
      {
        url: 'ws://db.example:8000',
        name: 'secretive',
        username: 'root',
        password: 'hunter2-secret',
      },
      registry,
    );
    const withToken = createConnection(
      {
        url: 'ws://db.example:8000',
        name: 'tokened',
        token: 'eyJ.token-secret.sig',
      },
      registry,
    );
    for (const connection of [withPassword, withToken]) {
      const printed = [
        inspect(connection, { depth: 10 }),
        inspect(connection.options, { depth: 10 }),
        JSON.stringify(connection.options),
      ];
      for (const text of printed) {
        expect(text).not.toContain('hunter2-secret');
        expect(text).not.toContain('token-secret');
      }
    }
    // The SDK still gets them.
    expect(withPassword.options.auth).toEqual({
      username: 'root',
      password: 'hunter2-secret',
    });
    expect(withToken.options.auth).toBe('eyJ.token-secret.sig');
    expect(inspect(withPassword)).toBe(
      'SurrealConnection(secretive, ws://db.example:8000)',
    );
    await registry.closeAll();
  });
});
