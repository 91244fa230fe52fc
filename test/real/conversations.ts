import { RecordId, Uuid } from 'surrealdb';
import { cbor, RawClient } from '../testing/test-server.helpers.js';
import { frameOutcome, maskText, shapeOf } from './shape.js';

/** A server to talk to. */
export interface Target {
  /** `ws://host:port/rpc` */
  url: string;
  /** `http://host:port` */
  httpBase: string;
  user: string;
  pass: string;
}

/** Named outcomes of one conversation, in the order they happened. */
export type Outcomes = Record<string, unknown>;

/** One scripted conversation: the same steps are sent to each server. */
export interface Conversation {
  name: string;
  run(target: Target): Promise<Outcomes>;
}

const NS = 'differential';
const DB = 'main';
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs RPC steps on one raw WebSocket client and records each answer's outcome. */
class Recorder {
  readonly outcomes: Outcomes = {};
  constructor(readonly client: RawClient) {}

  /** Sends one request and records its outcome under `name`; returns the frame. */
  async step(
    name: string,
    method: string,
    params?: unknown[],
    extra?: Record<string, unknown>,
  ): Promise<Record<string, unknown>> {
    const frame = await this.client.call(method, params, extra);
    this.outcomes[name] = frameOutcome(frame);
    return frame;
  }

  /** Records the notifications received so far (sorted by action, as the engine does not order them strictly). */
  notifications(name: string): void {
    const frames = this.client.notifications.splice(0);
    this.outcomes[name] = frames
      .map((frame) => shapeOf(frame))
      .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
  }
}

async function withClient(
  target: Target,
  script: (recorder: Recorder) => Promise<void>,
): Promise<Outcomes> {
  const recorder = new Recorder(await RawClient.connect(target.url));
  try {
    await script(recorder);
  } finally {
    await recorder.client.close();
  }
  return recorder.outcomes;
}

/** Signs in as root and selects the differential namespace and database. */
async function ready(recorder: Recorder, target: Target): Promise<void> {
  await recorder.client.result('signin', [
    { user: target.user, pass: target.pass },
  ]);
  await recorder.client.result('use', [NS, DB]);
}

const liveId = (frame: Record<string, unknown>): unknown => {
  const result = frame.result;
  return Array.isArray(result)
    ? (result[0] as { result: unknown }).result
    : result;
};

/** The conversations of the differential check. */
export const conversations: Conversation[] = [
  {
    name: 'sign-in, right and wrong, and calls before it',
    run: (target) =>
      withClient(target, async (r) => {
        await r.step('ping before sign-in', 'ping');
        await r.step('version', 'version');
        await r.step('query before use and sign-in', 'query', ['RETURN 1']);
        await r.step('use before sign-in', 'use', [NS, DB]);
        await r.step('query before sign-in', 'query', ['RETURN 1']);
        await r.step('select before sign-in', 'select', ['person']);
        await r.step('let before sign-in', 'let', ['x', 1]);
        await r.step('live before sign-in', 'live', ['person']);
        await r.step('wrong password', 'signin', [
          { user: target.user, pass: `${target.pass}-wrong` },
        ]);
        await r.step('unknown user', 'signin', [{ user: 'nobody', pass: 'x' }]);
        await r.step('signin without a password', 'signin', [
          { user: target.user },
        ]);
        await r.step('authenticate with a bad token', 'authenticate', [
          'not.a.token',
        ]);
        await r.step('right password', 'signin', [
          { user: target.user, pass: target.pass },
        ]);
        await r.step('query after sign-in', 'query', ['RETURN 1']);
        await r.step('info as root', 'info');
        await r.step('invalidate', 'invalidate');
        await r.step('query after invalidate', 'query', ['RETURN 1']);
        await r.step('unknown method', 'no_such_method', []);
        await r.step('query with a number', 'query', [42]);
      }),
  },
  {
    name: 'queries and their errors',
    run: (target) =>
      withClient(target, async (r) => {
        await ready(r, target);
        await r.step('query, several statements', 'query', [
          'REMOVE TABLE IF EXISTS thing; CREATE thing:1 SET a = 1; SELECT * FROM thing; UPDATE thing:1 SET b = 2; DELETE thing:1 RETURN BEFORE; SELECT * FROM thing',
        ]);
        await r.step('query, errors between results', 'query', [
          "RETURN 1; SELECT * FROM never_defined; THROW 'boom'; RETURN 2; CREATE thing:x SET a = <int> 'nope'",
        ]);
        await r.step('query, parse error', 'query', ['SELEC * FROM thing']);
        await r.step('query, bound values', 'query', [
          'RETURN [$id, $uuid, $date, $n, $text, $none]',
          {
            id: new RecordId('thing', 'b'),
            uuid: Uuid.v4(),
            date: new Date(0),
            n: 1.5,
            text: 'x',
            none: undefined,
          },
        ]);
        await r.client.result('query', ['REMOVE TABLE IF EXISTS strict']);
        await r.step('query, schemafull violation', 'query', [
          'DEFINE TABLE OVERWRITE strict SCHEMAFULL; DEFINE FIELD OVERWRITE n ON strict TYPE int; CREATE strict SET n = "x"',
        ]);
        await r.step('query, unique index violation', 'query', [
          'DEFINE INDEX OVERWRITE uniq ON strict FIELDS n UNIQUE; CREATE strict SET n = 1; CREATE strict SET n = 1',
        ]);
        await r.step('query, transaction in the text', 'query', [
          'BEGIN; CREATE thing:t SET a = 1; CANCEL; SELECT * FROM thing:t',
        ]);
      }),
  },
  {
    name: 'select, create, update, delete as RPC methods',
    run: (target) =>
      withClient(target, async (r) => {
        await ready(r, target);
        await r.client.result('query', ['REMOVE TABLE IF EXISTS gadget']);
        await r.step('create a record', 'create', [
          new RecordId('gadget', 1),
          { size: 1 },
        ]);
        await r.step('create in a table', 'create', ['gadget', { size: 2 }]);
        await r.step('create a duplicate', 'create', [
          new RecordId('gadget', 1),
          { size: 1 },
        ]);
        await r.step('select a table', 'select', ['gadget']);
        await r.step('select a record', 'select', [new RecordId('gadget', 1)]);
        await r.step('select a missing record', 'select', [
          new RecordId('gadget', 404),
        ]);
        await r.step('update', 'update', [
          new RecordId('gadget', 1),
          { size: 3 },
        ]);
        await r.step('merge', 'merge', [
          new RecordId('gadget', 1),
          { colour: 'red' },
        ]);
        await r.step('upsert', 'upsert', [
          new RecordId('gadget', 2),
          { size: 4 },
        ]);
        await r.step('insert', 'insert', ['gadget', [{ size: 5 }]]);
        await r.step('delete a record', 'delete', [new RecordId('gadget', 1)]);
        await r.step('delete a table', 'delete', ['gadget']);
        await r.step('select an undefined table', 'select', ['never_made']);
        await r.step('let', 'let', ['v', 7]);
        await r.step('variable in a query', 'query', ['RETURN $v']);
        await r.step('unset', 'unset', ['v']);
        await r.step('run a function', 'run', ['string::len', null, ['abc']]);
      }),
  },
  {
    name: 'live queries and kill',
    run: (target) =>
      withClient(target, async (r) => {
        await ready(r, target);
        await r.client.result('query', [
          'REMOVE TABLE IF EXISTS watched; DEFINE TABLE watched SCHEMALESS',
        ]);
        const byMethod = await r.step('live method', 'live', ['watched']);
        const byQuery = await r.step('LIVE SELECT', 'query', [
          'LIVE SELECT * FROM watched',
        ]);
        const byDiff = await r.step('LIVE SELECT DIFF', 'query', [
          'LIVE SELECT DIFF FROM watched',
        ]);
        await r.step('live on an undefined table', 'query', [
          'LIVE SELECT * FROM never_defined_live',
        ]);
        await r.client.result('query', [
          'CREATE watched:1 SET n = 1; UPDATE watched:1 SET n = 2; DELETE watched:1',
        ]);
        await pause(300);
        r.notifications('notifications of create, update, delete');
        await r.step('kill method', 'kill', [liveId(byMethod)]);
        await r.step('KILL statement', 'query', [
          'KILL $id',
          { id: liveId(byQuery) },
        ]);
        await r.step('KILL in a larger query', 'query', [
          'RETURN 1; KILL $id; RETURN 2',
          { id: liveId(byDiff) },
        ]);
        await pause(300);
        r.notifications('notifications of the kills');
        await r.client.result('query', ['CREATE watched:2 SET n = 1']);
        await pause(200);
        r.notifications('notifications after every kill');
        await r.step('kill an unknown id', 'kill', [Uuid.v4()]);
        await r.step('KILL an unknown id', 'query', [
          `KILL u"${Uuid.v4().toString()}"`,
        ]);
        await r.step('kill a non-uuid', 'kill', ['nope']);
      }),
  },
  {
    name: 'transactions',
    run: (target) =>
      withClient(target, async (r) => {
        await ready(r, target);
        await r.client.result('query', [
          'REMOVE TABLE IF EXISTS ledger; DEFINE TABLE ledger SCHEMALESS',
        ]);
        const begun = await r.step('begin', 'begin');
        const txn = begun.result;
        await r.step(
          'write in the transaction',
          'query',
          ['CREATE ledger:1 SET n = 1'],
          { txn },
        );
        await r.step('read outside the transaction', 'query', [
          'SELECT * FROM ledger',
        ]);
        await r.step(
          'read inside the transaction',
          'query',
          ['SELECT * FROM ledger'],
          { txn },
        );
        await r.step('commit', 'commit', [txn]);
        await r.step('read after commit', 'query', ['SELECT * FROM ledger']);
        const second = await r.step('begin again', 'begin');
        await r.step('write, to cancel', 'query', ['CREATE ledger:2'], {
          txn: second.result,
        });
        await r.step('cancel', 'cancel', [second.result]);
        await r.step('read after cancel', 'query', [
          'SELECT VALUE id FROM ledger',
        ]);
        await r.step('commit a finished transaction', 'commit', [txn]);
        await r.step('query in an unknown transaction', 'query', ['RETURN 1'], {
          txn: Uuid.v4(),
        });
        await r.step('cancel an unknown transaction', 'cancel', [Uuid.v4()]);
      }),
  },
  {
    name: 'sessions',
    run: (target) =>
      withClient(target, async (r) => {
        await ready(r, target);
        const session = Uuid.v4();
        await r.step('attach', 'attach', [], { session });
        await r.step('attach the same id again', 'attach', [], { session });
        await r.step('query in a fresh session', 'query', ['RETURN 1'], {
          session,
        });
        await r.step(
          'sign in in the session',
          'signin',
          [{ user: target.user, pass: target.pass }],
          { session },
        );
        await r.step('use in the session', 'use', ['other', 'db'], {
          session,
        });
        await r.step('let in the session', 'let', ['who', 'session'], {
          session,
        });
        await r.step(
          'variable in the session',
          'query',
          ['RETURN [$who, session::ns(), session::db()]'],
          { session },
        );
        await r.step('variable in the default session', 'query', [
          'RETURN [$who, session::ns(), session::db()]',
        ]);
        await r.step('sessions', 'sessions');
        await r.step('detach', 'detach', [], { session });
        await r.step('query in a detached session', 'query', ['RETURN 1'], {
          session,
        });
        await r.step('detach the default session', 'detach');
        await r.step('an unknown session', 'query', ['RETURN 1'], {
          session: Uuid.v4(),
        });
      }),
  },
  {
    name: 'HTTP with headers',
    run: async (target) => {
      const outcomes: Outcomes = {};
      const basic = `Basic ${Buffer.from(`${target.user}:${target.pass}`).toString('base64')}`;
      const wrong = `Basic ${Buffer.from(`${target.user}:nope`).toString('base64')}`;
      const scope = { 'Surreal-NS': NS, 'Surreal-DB': DB };
      // Signed in, with a namespace and a database, answers as JSON: what most requests below send.
      const signedIn = {
        ...scope,
        Authorization: basic,
        Accept: 'application/json',
      };
      const record = async (
        name: string,
        path: string,
        init: RequestInit & { headers?: Record<string, string> } = {},
      ): Promise<unknown> => {
        const response = await fetch(`${target.httpBase}${path}`, init);
        const type = response.headers.get('content-type') ?? '';
        const bytes = new Uint8Array(await response.arrayBuffer());
        let body: unknown;
        if (type.startsWith('application/cbor'))
          body = shapeOf(cbor.decode(bytes));
        else if (type.startsWith('application/json')) {
          const parsed = JSON.parse(
            Buffer.from(bytes).toString('utf8'),
          ) as unknown;
          body =
            parsed && typeof parsed === 'object' && 'code' in parsed
              ? maskText(JSON.stringify(parsed))
              : shapeOf(parsed);
        } else {
          const text = Buffer.from(bytes).toString('utf8');
          // A dump is compared by what it holds, not byte for byte.
          body =
            text.length > 200
              ? { longText: true, definesTables: text.includes('DEFINE TABLE') }
              : maskText(text);
        }
        outcomes[name] = { status: response.status, type, body };
        return body;
      };
      const rpc = (
        name: string,
        body: Record<string, unknown>,
        headers: Record<string, string>,
      ) =>
        record(name, '/rpc', {
          method: 'POST',
          headers: {
            'Content-Type': 'application/cbor',
            Accept: 'application/cbor',
            ...headers,
          },
          body: cbor.encode(body),
        });
      await record('GET /health', '/health');
      await record('GET /version', '/version');
      await record('GET /status', '/status');
      await record('GET an unknown path', '/no/such/path');
      await rpc(
        'rpc without credentials',
        { id: '1', method: 'query', params: ['RETURN 1'] },
        scope,
      );
      await rpc(
        'rpc with Basic',
        { id: '1', method: 'query', params: ['RETURN 1'] },
        {
          ...scope,
          Authorization: basic,
        },
      );
      await rpc(
        'rpc with a wrong Basic',
        { id: '1', method: 'query', params: ['RETURN 1'] },
        {
          ...scope,
          Authorization: wrong,
        },
      );
      await rpc(
        'rpc with a bad Bearer',
        { id: '1', method: 'query', params: ['RETURN 1'] },
        {
          ...scope,
          Authorization: 'Bearer not.a.token',
        },
      );
      await rpc(
        'rpc signin',
        {
          id: '1',
          method: 'signin',
          params: [{ user: target.user, pass: target.pass }],
        },
        scope,
      );
      await rpc(
        'rpc live',
        { id: '1', method: 'live', params: ['x'] },
        { ...scope, Authorization: basic },
      );
      await rpc(
        'rpc begin',
        { id: '1', method: 'begin' },
        { ...scope, Authorization: basic },
      );
      await rpc(
        'rpc use',
        { id: '1', method: 'use', params: ['a', 'b'] },
        { ...scope, Authorization: basic },
      );
      for (const method of [
        'kill',
        'commit',
        'cancel',
        'attach',
        'detach',
        'sessions',
      ])
        await rpc(
          `rpc ${method}`,
          { id: '1', method, params: [Uuid.v4()] },
          { ...scope, Authorization: basic },
        );
      await rpc(
        'rpc LIVE SELECT and KILL in a query',
        {
          id: '1',
          method: 'query',
          params: [`LIVE SELECT * FROM page; KILL u"${Uuid.v4().toString()}"`],
        },
        { ...scope, Authorization: basic },
      );
      await rpc(
        'rpc in a transaction',
        { id: '1', method: 'query', params: ['RETURN 1'], txn: Uuid.v4() },
        { ...scope, Authorization: basic },
      );
      await rpc(
        'rpc in an unknown session',
        { id: '1', method: 'query', params: ['RETURN 1'], session: Uuid.v4() },
        { ...scope, Authorization: basic },
      );
      await rpc(
        'rpc with a Basic unknown user',
        { id: '1', method: 'query', params: ['RETURN 1'] },
        {
          ...scope,
          Authorization: `Basic ${Buffer.from('nobody:nope').toString('base64')}`,
        },
      );
      await record('rpc without Content-Type', '/rpc', {
        method: 'POST',
        headers: { Accept: 'application/cbor', Authorization: basic },
        body: cbor.encode({ id: '1', method: 'ping' }),
      });
      await record('rpc without a method', '/rpc', {
        method: 'POST',
        headers: {
          'Content-Type': 'application/cbor',
          Accept: 'application/cbor',
          Authorization: basic,
        },
        body: cbor.encode({ id: '1' }),
      });
      await record('rpc with mismatched Accept', '/rpc', {
        method: 'POST',
        headers: {
          'Content-Type': 'application/cbor',
          Accept: 'application/json',
          Authorization: basic,
        },
        body: cbor.encode({ id: '1', method: 'ping' }),
      });
      await record('rpc with a garbage body', '/rpc', {
        method: 'POST',
        headers: {
          'Content-Type': 'application/cbor',
          Accept: 'application/cbor',
          Authorization: basic,
        },
        body: new Uint8Array([0xff, 0x00, 0x13]),
      });
      await record('POST /sql', '/sql?v=1', {
        method: 'POST',
        headers: signedIn,
        body: 'REMOVE TABLE IF EXISTS page; CREATE page:1 SET v = $v; SELECT * FROM page; SELECT * FROM nope_table',
      });
      await record('POST /sql without credentials', '/sql', {
        method: 'POST',
        headers: { ...scope, Accept: 'application/json' },
        body: 'RETURN 1',
      });
      await record('POST /sql with a wrong Basic', '/sql', {
        method: 'POST',
        headers: { ...scope, Authorization: wrong, Accept: 'application/json' },
        body: 'RETURN 1',
      });
      await record('POST /signin', '/signin', {
        method: 'POST',
        headers: { Accept: 'application/json' },
        body: JSON.stringify({ user: target.user, pass: target.pass }),
      });
      await record('POST /signin wrong', '/signin', {
        method: 'POST',
        headers: { Accept: 'application/json' },
        body: JSON.stringify({ user: target.user, pass: 'nope' }),
      });
      await record('POST /signup without access', '/signup', {
        method: 'POST',
        headers: { Accept: 'application/json' },
        body: JSON.stringify({
          ns: NS,
          db: DB,
          ac: 'none_defined',
          user: 'x',
          pass: 'y',
        }),
      });
      await record('POST /key/:table/:id', '/key/page/2', {
        method: 'POST',
        headers: signedIn,
        body: '{ v: 2 }',
      });
      await record('GET /key/:table', '/key/page', { headers: signedIn });
      await record('PATCH /key/:table/:id', '/key/page/2', {
        method: 'PATCH',
        headers: signedIn,
        body: '{ w: 3 }',
      });
      await record('DELETE /key/:table/:id', '/key/page/2', {
        method: 'DELETE',
        headers: signedIn,
      });
      await record('GET /key without a database', '/key/page', {
        headers: {
          Authorization: basic,
          'Surreal-NS': NS,
          Accept: 'application/json',
        },
      });
      await record('clean up before importing', '/sql', {
        method: 'POST',
        headers: signedIn,
        body: 'REMOVE TABLE IF EXISTS imported',
      });
      await record('POST /import', '/import', {
        method: 'POST',
        headers: signedIn,
        body: 'CREATE imported:1 SET v = 1;',
      });
      await record('POST /export', '/export', {
        method: 'POST',
        headers: {
          ...scope,
          Authorization: basic,
          'Content-Type': 'application/json',
        },
        body: '{}',
      });
      await record('POST /import of a record that exists', '/import', {
        method: 'POST',
        headers: signedIn,
        body: 'CREATE imported:1 SET v = 1;',
      });
      await record('POST /import with errors', '/import', {
        method: 'POST',
        headers: signedIn,
        body: 'CREATE imported:3; THROW "stop"; CREATE imported:4;',
      });
      await record('POST /import without credentials', '/import', {
        method: 'POST',
        headers: { ...scope, Accept: 'application/json' },
        body: 'CREATE imported:2;',
      });
      await record('GET /key without credentials', '/key/page', {
        headers: { ...scope, Accept: 'application/json' },
      });
      await record('POST /signin as text', '/signin', {
        method: 'POST',
        headers: { Accept: 'text/plain' },
        body: JSON.stringify({ user: target.user, pass: target.pass }),
      });
      await record('POST /sql into a namespace that does not exist', '/sql', {
        method: 'POST',
        headers: {
          'Surreal-NS': 'never_created',
          'Surreal-DB': 'db',
          Authorization: basic,
          Accept: 'application/json',
        },
        body: 'CREATE thing:1; RETURN 1',
      });
      await record('GET /export without credentials', '/export', {
        headers: scope,
      });
      return outcomes;
    },
  },
];

/** The capabilities both servers are started with for {@link capabilityConversation}. */
export const CAPABILITIES = {
  denyFuncs: ['crypto::md5'],
  allowNet: ['example.com'],
  denyRpc: ['let'],
  denyHttp: ['sql'],
};

/** `surreal start` flags for {@link CAPABILITIES}. */
export const CAPABILITY_FLAGS = [
  // `=`: these flags take several values, and would swallow the next argument.
  '--deny-funcs=crypto::md5',
  '--allow-net=example.com',
  '--deny-rpc=let',
  '--deny-http=sql',
];

/** Denied and allowed functions, network targets, RPC methods and HTTP routes. */
export const capabilityConversation: Conversation = {
  name: 'capabilities',
  run: async (target) => {
    const outcomes = await withClient(target, async (r) => {
      await ready(r, target);
      await r.step('a denied function', 'query', ['RETURN crypto::md5("x")']);
      await r.step('an allowed function', 'query', [
        'RETURN crypto::sha1("x")',
      ]);
      await r.step('a network target not allowed', 'query', [
        'RETURN http::get("http://127.0.0.1:9/")',
      ]);
      await r.step('a denied RPC method', 'let', ['x', 1]);
      await r.step('an allowed RPC method', 'ping');
    });
    const basic = `Basic ${Buffer.from(`${target.user}:${target.pass}`).toString('base64')}`;
    for (const route of ['sql', 'key/thing']) {
      const response = await fetch(`${target.httpBase}/${route}`, {
        method: route === 'sql' ? 'POST' : 'GET',
        headers: {
          Authorization: basic,
          Accept: 'application/json',
          'Surreal-NS': NS,
          'Surreal-DB': DB,
        },
        body: route === 'sql' ? 'RETURN 1' : undefined,
      });
      outcomes[`HTTP /${route}`] = {
        status: response.status,
        body: maskText(await response.text()),
      };
    }
    return outcomes;
  },
};
