import { RecordId } from 'surrealdb';
import { startTestServer, type TestServer } from '../../lib/testing/index.js';
import { cbor, connectClient } from './test-server.helpers.js';

const ROOT = { username: 'root', password: 'root-secret' };
const basic = `Basic ${Buffer.from('root:root-secret').toString('base64')}`;
const scope = { 'Surreal-NS': 'n', 'Surreal-DB': 'd' };

describe('test server: the HTTP routes of a real server', () => {
  let server: TestServer;
  const base = (): string => server.httpUrl.replace(/\/rpc$/, '');
  beforeAll(async () => {
    server = await startTestServer(ROOT);
    // Headers do not create a namespace or database (as on a real server); `use` over ws does.
    for (const [namespace, database] of [
      ['n', 'd'],
      ['export', 'http'],
      ['import', 'http'],
    ]) {
      const setup = await connectClient(server.url, {
        namespace,
        database,
        authentication: ROOT,
      });
      await setup.close();
    }
  });
  afterAll(() => server.stop());

  const post = (
    path: string,
    body: string,
    headers: Record<string, string> = {},
  ): Promise<Response> =>
    fetch(`${base()}${path}`, { method: 'POST', headers, body });

  it('POST /sql runs SurrealQL with URL parameters as variables, JSON or CBOR', async () => {
    const json = await post(
      '/sql?name=ada',
      'CREATE person:ada SET name = $name; SELECT * FROM person',
      { Authorization: basic, Accept: 'application/json', ...scope },
    );
    expect(json.status).toBe(200);
    expect(json.headers.get('content-type')).toBe('application/json');
    const entries = (await json.json()) as {
      status: string;
      result: unknown;
    }[];
    expect(entries.map((entry) => entry.status)).toEqual(['OK', 'OK']);
    expect(entries[1].result).toEqual([{ id: 'person:ada', name: 'ada' }]);

    const binary = await post('/sql', 'SELECT * FROM person:ada', {
      Authorization: basic,
      Accept: 'application/cbor',
      ...scope,
    });
    const [entry] = cbor.decode<{ result: { id: RecordId }[] }[]>(
      new Uint8Array(await binary.arrayBuffer()),
    );
    expect(entry.result[0].id).toBeInstanceOf(RecordId);
  });

  it('refuses a client that has not signed in (403) and bad credentials (401), as a real server does', async () => {
    const anonymous = await post('/sql', 'RETURN 1', scope);
    expect(anonymous.status).toBe(403);
    expect(await anonymous.json()).toMatchObject({
      code: 403,
      details: 'Forbidden',
    });
    const wrong = await post('/sql', 'RETURN 1', {
      Authorization: `Basic ${Buffer.from('root:nope').toString('base64')}`,
    });
    expect(wrong.status).toBe(401);
    expect(await wrong.text()).toBe('The password did not verify');
    const unknown = await post('/sql', 'RETURN 1', {
      Authorization: `Basic ${Buffer.from('nobody:nope').toString('base64')}`,
    });
    expect(unknown.status).toBe(401);
    expect(await unknown.text()).toBe(
      'There was a problem with authentication',
    );
  });

  it('POST /signin and /signup answer a token in the format asked for', async () => {
    const signin = await post(
      '/signin',
      JSON.stringify({ user: 'root', pass: 'root-secret' }),
      {
        Accept: 'application/json',
      },
    );
    const answer = (await signin.json()) as { code: number; token: string };
    expect(answer).toMatchObject({
      code: 200,
      details: 'Authentication succeeded',
    });
    // The token works as a Bearer token.
    const withToken = await post('/sql', 'RETURN 42', {
      Authorization: `Bearer ${answer.token}`,
      Accept: 'application/json',
    });
    expect(((await withToken.json()) as { result: number }[])[0].result).toBe(
      42,
    );

    const text = await post(
      '/signin',
      JSON.stringify({ user: 'root', pass: 'root-secret' }),
      {
        Accept: 'text/plain',
      },
    );
    expect(await text.text()).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    const wrong = await post(
      '/signin',
      JSON.stringify({ user: 'root', pass: 'nope' }),
      {
        Accept: 'application/json',
      },
    );
    expect(wrong.status).toBe(401);
    const garbage = await post('/signin', 'not json', {
      Accept: 'application/json',
    });
    expect(garbage.status).toBe(400);

    await post(
      '/sql',
      `DEFINE ACCESS OVERWRITE account ON DATABASE TYPE RECORD
         SIGNUP (CREATE member SET email = $email, pass = crypto::argon2::generate($pass))
         SIGNIN (SELECT * FROM member WHERE email = $email AND crypto::argon2::compare(pass, $pass))`,
      { Authorization: basic, ...scope },
    );
    const signup = await post(
      '/signup',
      JSON.stringify({
        ns: 'n',
        db: 'd',
        ac: 'account',
        email: 'a@b.c',
        pass: 'pw',
      }),
      { Accept: 'application/json' },
    );
    expect(signup.status).toBe(200);
    expect(((await signup.json()) as { token: string }).token).toEqual(
      expect.any(String),
    );
  });

  it('/key/:table and /key/:table/:id create, read, merge and delete records', async () => {
    const headers = {
      Authorization: basic,
      Accept: 'application/json',
      ...scope,
    };
    const call = async (method: string, path: string, body?: string) => {
      const response = await fetch(`${base()}${path}`, {
        method,
        headers,
        body,
      });
      expect(response.status).toBe(200);
      return ((await response.json()) as { result: unknown }[])[0].result;
    };
    expect(await call('POST', '/key/gadget/one', '{ size: 1 }')).toEqual([
      { id: 'gadget:one', size: 1 },
    ]);
    await call('POST', '/key/gadget', '{ size: 2 }');
    expect(await call('PATCH', '/key/gadget/one', '{ colour: "red" }')).toEqual(
      [{ id: 'gadget:one', size: 1, colour: 'red' }],
    );
    expect(await call('GET', '/key/gadget?limit=1')).toHaveLength(1);
    expect(await call('GET', '/key/gadget')).toHaveLength(2);
    expect(await call('DELETE', '/key/gadget/one')).toEqual([
      { id: 'gadget:one', size: 1, colour: 'red' },
    ]);
    expect(await call('GET', '/key/gadget/one')).toEqual([]);
    const noDatabase = await fetch(`${base()}/key/gadget`, {
      headers: { Authorization: basic, 'Surreal-NS': 'n' },
    });
    expect(noDatabase.status).toBe(400);
  });

  it.each(['ws', 'http'] as const)(
    'the SDK exports and imports over %s (POST /export, POST /import)',
    async (scheme) => {
      const url = scheme === 'ws' ? server.url : server.httpUrl;
      const source = await connectClient(url, {
        namespace: 'export',
        database: scheme,
        authentication: ROOT,
      });
      const target = await connectClient(url, {
        namespace: 'import',
        database: scheme,
        authentication: ROOT,
      });
      try {
        await source
          .query('CREATE item:1 SET n = 1; CREATE item:2 SET n = 2')
          .collect();
        const dump = await source.export();
        expect(dump).toContain('DEFINE TABLE item');
        await target.import(dump);
        expect(
          await target.query('SELECT VALUE n FROM item ORDER BY n').collect(),
        ).toEqual([[1, 2]]);
        // The other database was left alone.
        expect(
          await source.query('SELECT VALUE n FROM item ORDER BY n').collect(),
        ).toEqual([[1, 2]]);
      } finally {
        await source.close();
        await target.close();
      }
    },
  );

  it('answers /version with the engine version and 404 for unknown paths', async () => {
    expect(await (await fetch(`${base()}/version`)).text()).toMatch(
      /^surrealdb-3\.\d+\.\d+/,
    );
    expect((await fetch(`${base()}/nope`)).status).toBe(404);
  });
});

describe('test server: capabilities', () => {
  let server: TestServer;
  const base = (): string => server.httpUrl.replace(/\/rpc$/, '');
  beforeAll(async () => {
    server = await startTestServer({
      ...ROOT,
      capabilities: {
        denyFuncs: ['crypto::md5'],
        denyRpc: ['let'],
        denyHttp: ['sql'],
      },
    });
  });
  afterAll(() => server.stop());

  it('denies functions, RPC methods and HTTP routes as `surreal start --deny-*` does', async () => {
    const db = await connectClient(server.url, {
      namespace: 'n',
      database: 'd',
      authentication: ROOT,
    });
    try {
      await expect(
        db.query('RETURN crypto::md5("x")').collect(),
      ).rejects.toThrow(/not allowed/);
      expect(await db.query('RETURN crypto::sha1("x")').collect()).toEqual([
        '11f6ad8ec52a2984abaafd7c3b516503785c2072',
      ]);
      await expect(db.set('x', 1)).rejects.toThrow(/Method not allowed/);
    } finally {
      await db.close();
    }
    const sql = await fetch(`${base()}/sql`, {
      method: 'POST',
      headers: { Authorization: basic },
      body: 'RETURN 1',
    });
    expect(sql.status).toBe(403);
    expect(await sql.json()).toMatchObject({
      information: "The HTTP route 'sql' is forbidden",
    });
  });

  it('rejects unknown capability options with a clear error', async () => {
    await expect(
      startTestServer({ capabilities: { allowFunctions: true } as never }),
    ).rejects.toThrow(/option "capabilities.allowFunctions" is not valid/);
  });
});
