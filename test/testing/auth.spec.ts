import { RecordId, Uuid } from 'surrealdb';
import { startTestServer, type TestServer } from '../../lib/testing/index.js';
import { cbor, connectClient, RawClient } from './test-server.helpers.js';

// Quotes, a backslash and a `$`: the password reaches DEFINE USER as an escaped literal, not as a $param.
const USER = 'root';
const PASSWORD = `pa'ss"w\\rd $x`;

/** Every RPC method that needs a signed-in session, plus one the engine does not know. */
const GATED_METHODS = [
  'query',
  'select',
  'insert',
  'insert_relation',
  'create',
  'upsert',
  'update',
  'merge',
  'patch',
  'delete',
  'relate',
  'run',
  'live',
  'kill',
  'begin',
  'commit',
  'cancel',
  'revoke',
];

/** Names that are no RPC method of SurrealDB 3.0: the engine answers "Method not found" and runs nothing. */
const NOT_METHODS = ['graphql', 'api', 'export', 'import', 'no_such_method'];

/** Parameters that would write to `t` if a gated method got through. */
const WRITE_PARAMS: Record<string, unknown[]> = {
  query: ['CREATE t:query'],
  create: [new RecordId('t', 'create'), { a: 1 }],
  insert: ['t', [{ id: new RecordId('t', 'insert') }]],
  upsert: [new RecordId('t', 'upsert'), { a: 1 }],
  update: [new RecordId('t', 'update'), { a: 1 }],
  merge: [new RecordId('t', 'merge'), { a: 1 }],
  relate: [new RecordId('t', 'a'), 'rel', new RecordId('t', 'b')],
  live: ['t'],
  run: ['fn::nothing'],
};

describe('test server: authentication', () => {
  let server: TestServer;
  let token: string;

  beforeAll(async () => {
    server = await startTestServer({ username: USER, password: PASSWORD });
  });
  afterAll(async () => {
    await server.stop();
  });

  it('signs in with the right password and then runs queries with root rights', async () => {
    const db = await connectClient(server.url, {
      namespace: 'n',
      database: 'd',
      authentication: { username: USER, password: PASSWORD },
    });
    try {
      const [info] = await db
        .query<[{ users: Record<string, string> }]>('INFO FOR ROOT')
        .collect();
      expect(Object.keys(info.users)).toContain(USER);
      token = (await db.signin({ username: USER, password: PASSWORD })).access;
      expect(token.split('.')).toHaveLength(3);
    } finally {
      await db.close();
    }
  });

  it('refuses a wrong password and an unknown user with NotAllowed, and the session stays gated', async () => {
    const db = await connectClient(server.url, {
      namespace: 'n',
      database: 'd',
    });
    try {
      await expect(
        db.signin({ username: USER, password: 'wrong' }),
      ).rejects.toMatchObject({ kind: 'NotAllowed' });
      await expect(
        db.signin({ username: 'nobody', password: PASSWORD }),
      ).rejects.toMatchObject({
        kind: 'NotAllowed',
      });
      await expect(db.query('RETURN 1').collect()).rejects.toMatchObject({
        kind: 'NotAllowed',
        code: -32002,
      });
    } finally {
      await db.close();
    }
  });

  it('refuses a bad or tampered token and accepts a good one', async () => {
    const db = await connectClient(server.url, {
      namespace: 'n',
      database: 'd',
    });
    try {
      await expect(db.authenticate('not-a-token')).rejects.toThrow();
      await expect(
        db.authenticate(`${token.slice(0, -4)}AAAA`),
      ).rejects.toMatchObject({ kind: 'NotAllowed' });
      await expect(db.query('RETURN 1').collect()).rejects.toMatchObject({
        kind: 'NotAllowed',
      });
      await db.authenticate(token);
      expect(await db.query('RETURN 1').collect()).toEqual([1]);
      // invalidate returns the session to anonymous, which is gated again.
      await db.invalidate();
      await expect(db.query('RETURN 1').collect()).rejects.toMatchObject({
        kind: 'NotAllowed',
        message:
          'Anonymous access not allowed: Not enough permissions to perform this action',
      });
    } finally {
      await db.close();
    }
  });

  it('gates every data method while anonymous, on the default and on an attached session', async () => {
    const raw = await RawClient.connect(server.url);
    try {
      const session = Uuid.v4();
      await raw.result('attach', undefined, { session });
      for (const extra of [{}, { session }]) {
        await raw.result('use', ['gate', 'gate'], extra);
        for (const method of GATED_METHODS) {
          const frame = await raw.call(
            method,
            WRITE_PARAMS[method] ?? [],
            extra,
          );
          expect({ method, error: frame.error }).toMatchObject({
            method,
            // A real server's words, whatever the method.
            error: {
              code: -32002,
              kind: 'NotAllowed',
              message:
                'Anonymous access not allowed: Not enough permissions to perform this action',
              details: { kind: 'Auth', details: { kind: 'NotAllowed' } },
            },
          });
          expect(frame).not.toHaveProperty('result');
        }
        for (const method of NOT_METHODS) {
          const frame = await raw.call(method, [], extra);
          expect({ method, error: frame.error }).toMatchObject({
            method,
            error: { code: -32601, message: 'Method not found' },
          });
          expect(frame).not.toHaveProperty('result');
        }
        // A transaction id does not open the gate either.
        const withTxn = await raw.call('query', ['CREATE t:txn'], {
          ...extra,
          txn: Uuid.v4(),
        });
        expect(withTxn.error).toMatchObject({ code: -32002 });
      }
      // Nothing got through: a signed-in client sees no writes.
      await raw.result('signin', [{ user: USER, pass: PASSWORD }]);
      const [info] = await raw.result<{ result: { tables: object } }[]>(
        'query',
        ['INFO FOR DB'],
      );
      expect(info.result.tables).toEqual({});
    } finally {
      await raw.close();
    }
  });

  it('lets anonymous sessions call the auth and housekeeping methods', async () => {
    const raw = await RawClient.connect(server.url);
    try {
      const session = Uuid.v4();
      const calls: [string, unknown[] | undefined, Record<string, unknown>?][] =
        [
          ['ping', undefined],
          ['version', undefined],
          ['health', undefined],
          ['use', ['n', 'd']],
          ['let', ['x', 1]],
          ['set', ['y', 2]],
          ['unset', ['y']],
          ['info', undefined],
          ['attach', undefined, { session }],
          ['sessions', undefined],
          ['reset', undefined, { session }],
          ['invalidate', undefined],
          ['detach', undefined, { session }],
        ];
      for (const [method, params, extra] of calls) {
        const frame = await raw.call(method, params, extra);
        expect({ method, error: frame.error }).toEqual({
          method,
          error: undefined,
        });
      }
      expect(await raw.result('version')).toBe('surrealdb-3.0.2');
    } finally {
      await raw.close();
    }
  });

  it('does not gate anything when the server has no credentials', async () => {
    const open = await startTestServer();
    const raw = await RawClient.connect(open.url);
    try {
      await raw.result('use', ['n', 'd']);
      const [entry] = await raw.result<{ status: string }[]>('query', [
        'CREATE t:1',
      ]);
      expect(entry.status).toBe('OK');
    } finally {
      await raw.close();
      await open.stop();
    }
  });

  describe('over HTTP', () => {
    const post = async (
      body: Record<string, unknown>,
      headers: Record<string, string> = {},
    ): Promise<Response> => {
      return fetch(server.httpUrl, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/cbor',
          Accept: 'application/cbor',
          ...headers,
        },
        body: cbor.encode(body),
      });
    };
    const basic = (user: string, pass: string): string =>
      `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}`;

    it('signs in through the SDK (then Bearer) and runs queries', async () => {
      const db = await connectClient(server.httpUrl, {
        namespace: 'n',
        database: 'd',
        authentication: { username: USER, password: PASSWORD },
      });
      try {
        expect(await db.query('RETURN 7').collect()).toEqual([7]);
      } finally {
        await db.close();
      }
    });

    it('accepts Bearer and Basic, answers 401 to bad credentials, gates anonymous requests', async () => {
      const query = { id: '1', method: 'query', params: ['RETURN 5'] };
      const ns = { 'Surreal-NS': 'n', 'Surreal-DB': 'd' };

      const bearer = await post(query, {
        ...ns,
        Authorization: `Bearer ${token}`,
      });
      expect(bearer.status).toBe(200);
      expect(
        cbor.decode<{ result: { result: number }[] }>(
          new Uint8Array(await bearer.arrayBuffer()),
        ).result[0].result,
      ).toBe(5);

      const good = await post(query, {
        ...ns,
        Authorization: basic(USER, PASSWORD),
      });
      expect(good.status).toBe(200);
      expect(
        cbor.decode<{ result: { result: number }[] }>(
          new Uint8Array(await good.arrayBuffer()),
        ).result[0].result,
      ).toBe(5);

      expect(
        (await post(query, { ...ns, Authorization: basic(USER, 'wrong') }))
          .status,
      ).toBe(401);
      expect(
        (await post(query, { ...ns, Authorization: basic('nobody', PASSWORD) }))
          .status,
      ).toBe(401);
      expect(
        (await post(query, { ...ns, Authorization: 'Bearer not.a.token' }))
          .status,
      ).toBe(401);
      expect(
        (
          await post(query, {
            ...ns,
            Authorization: `Bearer ${token.slice(0, -4)}AAAA`,
          })
        ).status,
      ).toBe(401);

      const anonymous = await post(query, ns);
      expect(anonymous.status).toBe(200);
      expect(
        cbor.decode(new Uint8Array(await anonymous.arrayBuffer())),
      ).toMatchObject({
        error: { code: -32002, kind: 'NotAllowed' },
      });
    });
  });
});
