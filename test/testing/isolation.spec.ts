import { RecordId, Table, Uuid, type LiveMessage } from 'surrealdb';
import { startTestServer, type TestServer } from '../../lib/testing/index.js';
import { connectClient, eventually, RawClient } from './test-server.helpers.js';

interface QueryEntry {
  status: string;
  result: unknown;
}

describe('test server: isolation between connections', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server.stop();
  });

  it('keeps variables and ns/db per connection', async () => {
    const a = await connectClient(server.url, {
      namespace: 'na',
      database: 'da',
    });
    const b = await connectClient(server.url, {
      namespace: 'nb',
      database: 'db',
    });
    try {
      await a.set('x', 'from a');
      expect(await a.query('RETURN $x').collect()).toEqual(['from a']);
      expect(await b.query('RETURN $x').collect()).toEqual([undefined]);
      expect(await a.query('RETURN session::ns()').collect()).toEqual(['na']);
      expect(await b.query('RETURN session::ns()').collect()).toEqual(['nb']);
    } finally {
      await a.close();
      await b.close();
    }
  });

  it("does not let a client use, list or detach another client's session", async () => {
    const a = await RawClient.connect(server.url);
    const b = await RawClient.connect(server.url);
    try {
      const session = Uuid.v4();
      await a.result('attach', undefined, { session });
      await a.result('use', ['n', 'd'], { session });
      await a.result('let', ['v', 'secret'], { session });

      const foreign = await b.call('query', ['RETURN $v'], { session });
      expect(foreign.error).toMatchObject({
        kind: 'NotFound',
        message: `Session not found: ${session.toString()}`,
      });
      expect(await b.result('sessions')).toEqual([]);
      expect(
        (await b.call('detach', undefined, { session })).error,
      ).toMatchObject({ kind: 'NotFound' });

      // B may attach the same id: it gets a session of its own, clean.
      await b.result('attach', undefined, { session });
      await b.result('use', ['n', 'd'], { session });
      const [own] = await b.result<QueryEntry[]>('query', ['RETURN $v'], {
        session,
      });
      expect(own).toMatchObject({ status: 'OK' });
      expect(own.result).toBeUndefined();
      await b.result('detach', undefined, { session });

      const [still] = await a.result<QueryEntry[]>('query', ['RETURN $v'], {
        session,
      });
      expect(still.result).toBe('secret');
      const listed = await a.result<Uuid[]>('sessions');
      expect(listed.map(String)).toEqual([session.toString()]);
    } finally {
      await a.close();
      await b.close();
    }
  });

  it("does not let a client use, commit or cancel another client's transaction", async () => {
    const a = await RawClient.connect(server.url);
    const b = await RawClient.connect(server.url);
    try {
      await a.result('use', ['n', 'd']);
      await b.result('use', ['n', 'd']);
      const txn = await a.result<Uuid>('begin');
      await a.result('query', ['CREATE txn_item:1'], { txn });

      const notFound = { kind: 'Validation', message: 'Transaction not found' };
      expect(
        (await b.call('query', ['CREATE txn_item:2'], { txn })).error,
      ).toMatchObject(notFound);
      expect((await b.call('commit', [txn])).error).toMatchObject(notFound);
      expect((await b.call('cancel', [txn])).error).toMatchObject(notFound);

      await a.result('commit', [txn]);
      const [rows] = await b.result<QueryEntry[]>('query', [
        'SELECT VALUE id FROM txn_item',
      ]);
      expect(rows.result).toEqual([new RecordId('txn_item', 1)]);
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('runs SDK transactions and sessions', async () => {
    const db = await connectClient(server.url, {
      namespace: 'n',
      database: 'd',
    });
    try {
      await db.query('DEFINE TABLE sdk_txn').collect();
      const txn = await db.beginTransaction();
      await txn.query('CREATE sdk_txn:1').collect();
      await txn.cancel();
      const session = await db.newSession();
      await session.set('who', 'session');
      expect(await session.query('RETURN $who').collect()).toEqual(['session']);
      expect(await db.query('RETURN $who').collect()).toEqual([undefined]);
      expect(await db.query('SELECT * FROM sdk_txn').collect()).toEqual([[]]);
    } finally {
      await db.close();
    }
  });

  it("does not let a client kill another client's live query, by any route", async () => {
    const a = await connectClient(server.url, {
      namespace: 'n',
      database: 'd',
    });
    const b = await RawClient.connect(server.url);
    try {
      await a.query('DEFINE TABLE guarded').collect();
      const messages: LiveMessage[] = [];
      const live = await a.live(new Table('guarded'));
      live.subscribe((message) => messages.push(message));
      const id = live.id;
      await b.result('use', ['n', 'd']);

      const byRpc = await b.call('kill', [id]);
      expect(byRpc.error).toMatchObject({
        message: `Cannot execute KILL statement using id: u'${id.toString()}'`,
      });
      const [byLiteral] = await b.result<QueryEntry[]>('query', [
        `KILL u"${id.toString()}"`,
      ]);
      expect(byLiteral).toMatchObject({
        status: 'ERR',
        result: `Cannot execute KILL statement using id: u'${id.toString()}'`,
      });
      const [byParam] = await b.result<QueryEntry[]>('query', [
        'KILL $id;',
        { id },
      ]);
      expect(byParam.status).toBe('ERR');
      await b.result('let', ['lid', id]);
      const [byVariable] = await b.result<QueryEntry[]>('query', ['KILL $lid']);
      expect(byVariable.status).toBe('ERR');
      // KILL anywhere in a query is checked too: the rest of the query runs, the foreign KILL fails alone.
      const hidden = await b.result<QueryEntry[]>('query', [
        `RETURN 1; KILL u"${id.toString()}"; LET $x = $id; KILL $x; RETURN 2`,
        { id },
      ]);
      expect(hidden).toMatchObject([
        { status: 'OK', result: 1 },
        {
          status: 'ERR',
          result: `Cannot execute KILL statement using id: u'${id.toString()}'`,
        },
        { status: 'OK' },
        { status: 'ERR', result: 'Cannot execute KILL statement using id: $x' },
        { status: 'OK', result: 2 },
      ]);
      // The word in a string or as a field is not a statement.
      const [harmless] = await b.result<QueryEntry[]>('query', [
        "RETURN { kill: 'kill -9' }.kill",
      ]);
      expect(harmless.result).toBe('kill -9');

      // A's live query survived all of it.
      await a.create(new RecordId('guarded', 1)).content({ n: 1 });
      await eventually(() =>
        expect(messages.map((m) => m.action)).toEqual(['CREATE']),
      );
      expect(b.notifications).toEqual([]);
      expect((await server.stats()).liveQueries).toBe(1);

      // Its owner can kill it.
      await live.kill();
      await eventually(async () =>
        expect((await server.stats()).liveQueries).toBe(0),
      );
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('lets a client kill its own live query anywhere in a query, as a real server does', async () => {
    const owner = await RawClient.connect(server.url);
    try {
      await owner.result('use', ['n', 'd']);
      await owner.result('query', ['DEFINE TABLE IF NOT EXISTS own_kill']);
      const [started] = await owner.result<QueryEntry[]>('query', [
        'LIVE SELECT * FROM own_kill',
      ]);
      const id = started.result as Uuid;
      const answer = await owner.result<QueryEntry[]>('query', [
        'RETURN 1; LET $mine = $id; KILL $id; RETURN 2',
        { id },
      ]);
      expect(answer.map((entry) => entry.status)).toEqual([
        'OK',
        'OK',
        'OK',
        'OK',
      ]);
      // The live query is gone (no notification for a later write) and the server no longer counts it.
      await owner.result('query', ['CREATE own_kill SET n = 1']);
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(
        owner.notifications.filter(
          (frame) => (frame.result as { action: string }).action !== 'KILLED',
        ),
      ).toEqual([]);
      expect((await server.stats()).liveQueries).toBe(0);
    } finally {
      await owner.close();
    }
  });
});
