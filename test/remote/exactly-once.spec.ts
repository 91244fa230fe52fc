import {
  Document,
  IntField,
  Repository,
  StringField,
  SurrealTimeoutError,
  createConnection,
  type SurrealConnection,
} from '../../lib/index.js';
import { startControlledServer } from '../helpers/controlled-server.js';
import { tempDir } from '../helpers/test-utils.js';
import { eventually, ROOT } from '../helpers/remote-target.js';
import { startLinkProxy } from './link-proxy.js';

class Ticket extends Document {
  static meta = { collection: 'ticket' };
  @StringField({ required: true }) batch: string;
  @IntField({ required: true }) n: number;
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

describe('exactly-once creates across outages', () => {
  it('200 concurrent saves, server SIGKILLed mid-flight and restarted: no duplicate, nothing failed but applied', async () => {
    const dir = await tempDir('surreal-exactly-once-');
    const server = await startControlledServer({
      ...ROOT,
      storage: `surrealkv://${dir.path}`,
    });
    const open = (name: string, timeout: number) =>
      createConnection({
        url: server.url,
        name,
        namespace: 'app',
        database: 'once',
        ...ROOT,
        timeout,
        initialDelay: 0.05,
        logger: false,
      }).connect();
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

  it('a save rejected by the timeout while its request was on the wire is not re-sent after the reconnect', async () => {
    const server = await startControlledServer(ROOT);
    const proxy = await startLinkProxy(server.port);
    const connection = await createConnection({
      url: proxy.url,
      name: 'blackholed',
      namespace: 'app',
      database: 'once',
      ...ROOT,
      timeout: 1,
      initialDelay: 0.05,
      logger: false,
    }).connect();
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
