import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { redactUrl } from '../../lib/connection/connection-url.js';
import {
  ConnectionRegistry,
  SurrealConfigError,
  createConnection,
} from '../../lib/index.js';
import { tempDir } from '../helpers/test-utils.js';

const SECRET = 'S3cr3t';

function refusal(url: string): SurrealConfigError {
  try {
    createConnection({ url, name: 'leaky' }, new ConnectionRegistry());
  } catch (error) {
    expect(error).toBeInstanceOf(SurrealConfigError);
    return error as SurrealConfigError;
  }
  throw new Error(`${url} was accepted`);
}

describe('credentials in URLs are refused and never shown', () => {
  it.each([
    [`ws://root:${SECRET}@localhost:8000`, 'ws://***@localhost:8000'],
    [`ws://root:pa/${SECRET}@localhost:8000`, 'ws://***@localhost:8000'],
    [`wss://root:pa#${SECRET}@db.example`, 'wss://***@db.example'],
    [`http://root:pa?${SECRET}@db.example:8000`, 'http://***@db.example:8000'],
    [`https://root:pa ${SECRET}@db.example`, 'https://***@db.example'],
    [`ws://root:p@${SECRET}@localhost:8000`, 'ws://***@localhost:8000'],
    [`ws://${SECRET}@localhost:8000`, 'ws://***@localhost:8000'],
    [
      `ws://localhost:8000/rpc?password=${SECRET}`,
      'ws://localhost:8000/rpc?password=***',
    ],
    [
      `https://db.example/rpc?ns=app&access_token=${SECRET}`,
      'https://db.example/rpc?ns=app&access_token=***',
    ],
    [`ws://db.example/rpc#token=${SECRET}`, 'ws://db.example/rpc#token=***'],
    [`surrealkv://root:${SECRET}@/data/app`, 'surrealkv://***@/data/app'],
    [`file://root:${SECRET}@./data`, 'file://***@./data'],
    [`rocksdb://root:pa/${SECRET}@/data`, 'rocksdb://***@/data'],
    [`mem://root:${SECRET}@`, 'mem://***@'],
    [`surrealkv:///data/app?pass=${SECRET}`, 'surrealkv:///data/app?pass=***'],
  ])('%s is refused, shown as %s', (url, shown) => {
    const error = refusal(url);
    expect(error.message).toContain(`"${shown}" carries a credential in its `);
    expect(error.message).toContain(
      'pass them as "username"/"password", "token" or "auth" instead',
    );
    expect(error.message).not.toContain(SECRET);
  });

  it('a malformed URL with a password in it is shown redacted', () => {
    for (const url of [
      `root:${SECRET}@localhost:8000`,
      `ws://root:${SECRET}@exa mple:99999`,
    ]) {
      const error = refusal(url);
      expect(error.message).not.toContain(SECRET);
      expect(error.message).toContain('***@');
    }
  });

  it('an embedded URL with user info creates no folder named after the password', async () => {
    const dir = await tempDir();
    try {
      refusal(`surrealkv://root:${SECRET}@${dir.path}/db`);
      expect(existsSync(join(dir.path, 'db'))).toBe(false);
    } finally {
      await dir.remove();
    }
  });

  it('paths with an @ that is not user info still work', () => {
    const registry = new ConnectionRegistry();
    const connection = createConnection(
      { url: 'surrealkv:///var/data@2026/app', name: 'dated' },
      registry,
    );
    expect(connection.url).toBe('surrealkv:///var/data@2026/app');
    expect(JSON.stringify(connection.options)).not.toContain(SECRET);
  });

  it('redactUrl blanks user info and secret parameters in any text', () => {
    expect(
      redactUrl(
        `failed: ws://root:pa/${SECRET}@db:8000/rpc and http://db/rpc?ns=a&token=${SECRET}&db=b, surrealkv://u:${SECRET}@/x`,
      ),
    ).toBe(
      'failed: ws://***@db:8000/rpc and http://db/rpc?ns=a&token=***&db=b, surrealkv://***@/x',
    );
  });
});
