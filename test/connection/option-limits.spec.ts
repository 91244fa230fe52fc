import {
  ConnectionRegistry,
  SurrealConfigError,
  createConnection,
  type SurrealConnectionOptions,
} from '../../lib/index.js';

function attempt(
  options: Partial<SurrealConnectionOptions> & Record<string, unknown>,
) {
  const registry = new ConnectionRegistry();
  try {
    createConnection(
      {
        url: 'ws://localhost:8000',
        name: 'limits',
        ...options,
      } as SurrealConnectionOptions,
      registry,
    );
    return undefined;
  } catch (error) {
    return error as Error;
  } finally {
    void registry.closeAll();
  }
}

describe('options a timer, a logger or an HTTP header cannot take are refused, naming the option', () => {
  it.each([
    ['timeout', { timeout: 2_147_484 }],
    ['initialDelay', { initialDelay: 3_000_000 }],
    ['poolMaxIdle', { usePool: true, poolMaxIdle: 1e10 }],
    ['poolAcquireTimeout', { usePool: true, poolAcquireTimeout: 2_147_484 }],
  ])('%s beyond what a Node.js timer holds', (option, options) => {
    const error = attempt(options);
    expect(error).toBeInstanceOf(SurrealConfigError);
    expect(error?.message).toMatch(
      new RegExp(
        `^connection "limits": option "${option}" must be at most 2147483.647 seconds \\(the longest wait a Node.js timer can hold\\), got `,
      ),
    );
  });

  it('accepts the longest timer', () => {
    expect(
      attempt({ timeout: 2_147_483, initialDelay: 2_147_483 }),
    ).toBeUndefined();
  });

  it('a logger without error() (or log/warn)', () => {
    const error = attempt({
      logger: { log: () => undefined, warn: () => undefined } as never,
    });
    expect(error).toBeInstanceOf(SurrealConfigError);
    expect(error?.message).toBe(
      `connection "limits": option "logger" must have log/warn/error methods (Nest's Logger fits) or be false; missing: error()`,
    );
    expect(attempt({ logger: {} as never })?.message).toMatch(
      /missing: log\(\), warn\(\), error\(\)$/,
    );
  });

  it('over http, a namespace or database HTTP headers cannot carry', () => {
    for (const url of ['http://localhost:8000', 'https://db.example']) {
      const error = attempt({ url, namespace: 'app', database: '売上' });
      expect(error).toBeInstanceOf(SurrealConfigError);
      expect(error?.message).toBe(
        `connection "limits": option "database" "売上" cannot be sent over ${url.split(':')[0]}://: HTTP headers carry Latin-1 characters only (no control characters); use a ws:// or wss:// URL, or a Latin-1 name`,
      );
      expect(attempt({ url, namespace: 'line\nbreak' })?.message).toMatch(
        /option "namespace" "line\\nbreak" cannot be sent over/,
      );
      expect(
        attempt({ url, namespace: 'café', database: 'main' }),
      ).toBeUndefined();
    }
    // WebSocket carries them in the protocol itself.
    expect(
      attempt({
        url: 'ws://localhost:8000',
        namespace: 'app',
        database: '売上',
      }),
    ).toBeUndefined();
  });
});
