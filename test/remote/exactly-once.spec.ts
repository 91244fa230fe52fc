import {
  Document,
  IntField,
  Relation,
  Repository,
  StringField,
  SurrealTimeoutError,
  type SurrealConnection,
  type SurrealConnectionOptions,
} from '../../lib/index.js';
import {
  startControlledServer,
  startDurableServer,
} from '../helpers/controlled-server.js';
import { connectAsRoot, eventually, ROOT } from '../helpers/remote-target.js';
import { startLinkProxy } from './link-proxy.js';

class Ticket extends Document {
  static meta = { collection: 'ticket' };
  @StringField({ required: true }) batch: string;
  @IntField({ required: true }) n: number;
}

/** A relation without a unique pair: only its client-made id keeps a re-sent RELATE from adding a second edge. */
class Pairs extends Relation<Ticket, Ticket> {
  static meta = {
    collection: 'pairs',
    in: () => Ticket,
    out: () => Ticket,
  };
}

/** With optimistic concurrency: each save checks and bumps `version`. */
class Account extends Document {
  static meta = { collection: 'account', versionField: 'version' };
  @IntField() balance?: number;
  @IntField() version?: number;
}

type Outcome = { ok: true; id: string } | { ok: false; error: unknown };

/** Saves `count` new tickets at once; each outcome is what its caller saw. */
function saveMany(
  connection: SurrealConnection,
  batch: string,
  count: number,
  onSaved: () => void = () => undefined,
): Promise<Outcome[]> {
  const repository = new Repository(Ticket, connection);
  return Promise.all(
    Array.from({ length: count }, (_, n) =>
      repository.save(new Ticket({ batch, n })).then(
        (saved): Outcome => {
          onSaved();
          return { ok: true, id: String(saved.id) };
        },
        (error: unknown): Outcome => ({ ok: false, error }),
      ),
    ),
  );
}

/** What the database holds for a batch: records per `n`. */
async function stored(connection: SurrealConnection, batch: string) {
  const [rows] = await connection.query<[{ id: unknown; n: number }[]]>(
    'SELECT id, n FROM ticket WHERE batch = $batch',
    { batch },
  );
  const perN = new Map<number, string[]>();
  for (const row of rows) {
    perN.set(row.n, [...(perN.get(row.n) ?? []), String(row.id)]);
  }
  return { rows, perN };
}

function tally(outcomes: Outcome[], perN: Map<number, string[]>) {
  const duplicates = [...perN.values()].filter((ids) => ids.length > 1).length;
  const failedButApplied = outcomes.filter(
    (outcome, n) => !outcome.ok && perN.has(n),
  ).length;
  const succeededButMissing = outcomes.filter(
    (outcome, n) => outcome.ok && perN.get(n)?.[0] !== outcome.id,
  ).length;
  return { duplicates, failedButApplied, succeededButMissing };
}

/** A connection as root in this suite's database (`options` add to or override it). */
function connectOnce(
  url: string,
  name: string,
  options: Partial<SurrealConnectionOptions> = {},
) {
  return connectAsRoot(url, name, { database: 'once', ...options });
}

/**
 * A connection through a link proxy (`proxy.deafen()` loses its answers on the way back) and a watcher straight to
 * the server, which sees what was stored meanwhile.
 */
async function lossyLink(name: string) {
  const server = await startControlledServer(ROOT);
  const proxy = await startLinkProxy(server.port);
  const connection = await connectOnce(proxy.url, name, { timeout: 30 });
  const watcher = await connectOnce(server.url, 'watcher', { timeout: 30 });
  return {
    proxy,
    connection,
    watcher,
    close: async () => {
      await watcher.close();
      await connection.close();
      await proxy.close();
      await server.stop();
    },
  };
}

describe('exactly-once creates across outages', () => {
  it('200 concurrent saves, server SIGKILLed mid-flight and restarted: no duplicate, nothing failed but applied', async () => {
    const { server, dir } = await startDurableServer(ROOT);
    const open = (name: string, timeout: number) =>
      connectOnce(server.url, name, { timeout });
    // Long enough to ride through the restart: every in-flight save must end in success.
    const patient = await open('patient', 30);
    // Short: saves made during the outage fail; none may be applied after the restart.
    const hasty = await open('hasty', 0.5);
    try {
      await patient.query('DEFINE TABLE IF NOT EXISTS ticket SCHEMALESS');
      let acknowledged = 0;
      let killed: Promise<void> | undefined;
      const inFlight = saveMany(patient, 'in-flight', 200, () => {
        if (++acknowledged === 50) killed = server.kill();
      });
      await eventually(() => killed !== undefined, 20_000, 'the kill');
      await killed;
      const duringOutage = await saveMany(hasty, 'during-outage', 30);
      expect(
        duringOutage.every(
          (outcome) =>
            !outcome.ok && outcome.error instanceof SurrealTimeoutError,
        ),
      ).toBe(true);
      await server.restart();
      const outcomes = await inFlight;

      await eventually(() => hasty.isConnected(), 20_000, 'the reconnect');
      await hasty.ping();
      // Anything the SDK re-sent at the reconnect has been answered by now.
      await new Promise((resolve) => setTimeout(resolve, 500));
      const first = await stored(patient, 'in-flight');
      const second = await stored(patient, 'during-outage');
      const figures = {
        saves: outcomes.length,
        acknowledgedBeforeKill: 50,
        succeeded: outcomes.filter((outcome) => outcome.ok).length,
        stored: first.rows.length,
        ...tally(outcomes, first.perN),
        duringOutage: {
          saves: duringOutage.length,
          ...tally(duringOutage, second.perN),
          stored: second.rows.length,
        },
      };
      console.log(
        `exactly-once figures (${server.kind} server): ${JSON.stringify(figures)}`,
      );
      expect(figures).toEqual({
        saves: 200,
        acknowledgedBeforeKill: 50,
        succeeded: 200,
        stored: 200,
        duplicates: 0,
        failedButApplied: 0,
        succeededButMissing: 0,
        duringOutage: {
          saves: 30,
          duplicates: 0,
          failedButApplied: 0,
          succeededButMissing: 0,
          stored: 0,
        },
      });
    } finally {
      await hasty.close();
      await patient.close();
      await server.stop();
      await dir.remove();
    }
  }, 90_000);

  it('insert() of 20,000 documents in chunks, server SIGKILLed mid-way and restarted: each stored exactly once', async () => {
    const { server, dir } = await startDurableServer(ROOT);
    const open = (name: string) =>
      connectOnce(server.url, name, { database: 'bulk', timeout: 30 });
    const writer = await open('bulk-writer');
    const watcher = await open('bulk-watcher');
    try {
      await writer.query('DEFINE TABLE IF NOT EXISTS ticket SCHEMALESS');
      const count = async () =>
        (
          await watcher.query<[{ count: number }[]]>(
            'SELECT count() FROM ticket GROUP ALL',
          )
        )[0][0]?.count ?? 0;
      const tickets = Array.from(
        { length: 20_000 },
        (_, n) => new Ticket({ batch: 'bulk', n }),
      );
      const inserting = new Repository(Ticket, writer).insert(tickets);
      let storedAtKill = 0;
      await eventually(
        async () => (storedAtKill = await count()) >= 2000,
        20_000,
        'the first chunks stored',
      );
      await server.kill();
      await new Promise((resolve) => setTimeout(resolve, 300));
      await server.restart();
      const inserted = await inserting;
      const { rows, perN } = await stored(writer, 'bulk');
      const figures = {
        inserted: inserted.length,
        stored: rows.length,
        duplicates: [...perN.values()].filter((ids) => ids.length > 1).length,
        idsAsReturned: inserted.filter(
          (ticket) => perN.get(ticket.n)?.[0] === String(ticket.id),
        ).length,
      };
      console.log(
        `bulk insert across a kill (${server.kind} server, ${storedAtKill} stored when killed): ${JSON.stringify(figures)}`,
      );
      expect(storedAtKill).toBeLessThan(20_000);
      expect(figures).toEqual({
        inserted: 20_000,
        stored: 20_000,
        duplicates: 0,
        idsAsReturned: 20_000,
      });
    } finally {
      await watcher.close();
      await writer.close();
      await server.stop();
      await dir.remove();
    }
  }, 90_000);

  it('a create, an insert chunk and an edge that ran but whose replies were lost are re-sent after the reconnect and stored once', async () => {
    const { proxy, connection, watcher, close } = await lossyLink('deafened');
    const repository = new Repository(Ticket, connection);
    const count = async (batch: string) => (await stored(watcher, batch)).rows;
    try {
      await connection.query('DEFINE TABLE IF NOT EXISTS ticket SCHEMALESS');
      const [from, to] = await repository.insert([
        new Ticket({ batch: 'ends', n: 0 }),
        new Ticket({ batch: 'ends', n: 1 }),
      ]);
      proxy.deafen();
      const saving = repository.save(new Ticket({ batch: 'one', n: 0 }));
      const relating = from.relate(Pairs, to);
      const tickets = Array.from(
        { length: 250 },
        (_, n) => new Ticket({ batch: 'chunks', n }),
      );
      const inserting = repository.insert(tickets, { chunkSize: 100 });
      const edges = async () =>
        (
          await watcher.query<[unknown[]]>(
            'SELECT VALUE id FROM pairs WHERE in = $from AND out = $to',
            { from: from.id, to: to.id },
          )
        )[0];
      // All ran on the server (the create, the edge, the insert's first chunk); their replies went nowhere.
      await eventually(
        async () =>
          (await count('one')).length === 1 &&
          (await count('chunks')).length === 100 &&
          (await edges().catch(() => [])).length === 1,
        10_000,
        'the create, the edge and the first chunk stored',
      );
      // The link drops; the SDK reconnects and sends both again.
      proxy.reset();
      const saved = await saving;
      const edge = await relating;
      const inserted = await inserting;
      expect((await edges()).map(String)).toEqual([String(edge.id)]);
      const one = await stored(watcher, 'one');
      const chunks = await stored(watcher, 'chunks');
      expect(one.rows.map((row) => String(row.id))).toEqual([String(saved.id)]);
      expect(inserted).toHaveLength(250);
      expect(chunks.rows).toHaveLength(250);
      expect(
        inserted.every(
          (ticket) => chunks.perN.get(ticket.n)?.[0] === String(ticket.id),
        ),
      ).toBe(true);
    } finally {
      await close();
    }
  }, 60_000);

  it('lost answers: a versioned save succeeds (not a false StaleDocumentError), a transaction says what became of it', async () => {
    const { proxy, connection, watcher, close } = await lossyLink('lossy');
    const rows = async (table: string) =>
      (
        await watcher.query<[Record<string, unknown>[]]>(
          `SELECT * FROM ${table}`,
        )
      )[0];
    const reconnected = () =>
      eventually(
        () =>
          connection.ping().then(
            () => true,
            () => false,
          ),
        20_000,
        'the reconnect',
      );
    try {
      const account = await new Repository(Account, connection).save(
        new Account({ balance: 1 }),
      );
      await connection.query('DEFINE TABLE IF NOT EXISTS entry SCHEMALESS');

      // The UPDATE ran (version 1 -> 2), its answer was lost; the SDK sends it again and it finds version 2.
      proxy.deafen();
      account.balance = 2;
      const saving = account.save();
      await eventually(
        async () => (await rows('account'))[0]?.version === 2,
        10_000,
        'the save applied',
      );
      proxy.reset();
      await saving;
      expect(account.version).toBe(2);
      expect(await rows('account')).toMatchObject([{ balance: 2, version: 2 }]);

      // The connection drops while a transaction runs: rolled back, and the error says so.
      await reconnected();
      await expect(
        connection.transaction(async (tx) => {
          await tx.query('CREATE entry:lost SET n = 1');
          proxy.reset();
          await reconnected();
          await tx.query('CREATE entry:after SET n = 2');
        }),
      ).rejects.toThrow(
        /connection "lossy" .*: the transaction was lost when the connection to the server dropped \(the server rolled it back\); nothing of it was committed, so it can be run again/,
      );
      expect(await rows('entry')).toEqual([]);

      // The commit ran, its answer was lost; sent again, the server no longer knows the transaction.
      await reconnected();
      const committing = connection.transaction(async (tx) => {
        await tx.query('CREATE entry:committed SET n = 3');
        proxy.deafen();
      });
      await eventually(
        async () => (await rows('entry')).length === 1,
        10_000,
        'the commit applied',
      );
      proxy.reset();
      await expect(committing).rejects.toThrow(
        /connection "lossy" .*: the connection dropped while the transaction was committing, so whether it was committed is unknown/,
      );
      expect((await rows('entry')).map((row) => String(row.id))).toEqual([
        'entry:committed',
      ]);
    } finally {
      await close();
    }
  }, 60_000);

  it('a save rejected by the timeout while its request was on the wire is not re-sent after the reconnect', async () => {
    const server = await startControlledServer(ROOT);
    const proxy = await startLinkProxy(server.port);
    const connection = await connectOnce(proxy.url, 'blackholed', {
      timeout: 1,
    });
    try {
      await connection.query('DEFINE TABLE IF NOT EXISTS ticket SCHEMALESS');
      proxy.blackhole();
      const outcomes = await saveMany(connection, 'swallowed', 20);
      expect(
        outcomes.every(
          (outcome) =>
            !outcome.ok && outcome.error instanceof SurrealTimeoutError,
        ),
      ).toBe(true);
      proxy.reset();
      await eventually(
        async () =>
          await connection.ping().then(
            () => true,
            () => false,
          ),
        20_000,
        'the reconnect',
      );
      await new Promise((resolve) => setTimeout(resolve, 500));
      const { rows } = await stored(connection, 'swallowed');
      expect(rows).toHaveLength(0);
      // The connection itself is fine: a new save works.
      const [saved] = await saveMany(connection, 'after', 1);
      expect(saved.ok).toBe(true);
    } finally {
      await connection.close();
      await proxy.close();
      await server.stop();
    }
  }, 60_000);
});
