import {
  Document,
  IntField,
  Repository,
  SurrealConfigError,
  SurrealTransactionConflictError,
  createConnection,
  type SurrealConnection,
} from '../../lib/index.js';
import { remoteTarget, type RemoteTarget } from '../helpers/remote-target.js';
import { dropTableAndClose } from '../helpers/test-utils.js';

const ACCOUNTS = ['a', 'b', 'c', 'd'];
const START = 1000;

/** Moves `amount` from one account to another, in one transaction. */
function transfer(connection: SurrealConnection, i: number, retries?: number) {
  const from = ACCOUNTS[i % ACCOUNTS.length];
  const to = ACCOUNTS[(i + 1) % ACCOUNTS.length];
  return connection.transaction(
    async (tx) => {
      await tx.query(
        'UPDATE type::record("account", $from) SET balance -= $amount',
        { from, amount: i + 1 },
      );
      await tx.query(
        'UPDATE type::record("account", $to) SET balance += $amount',
        { to, amount: i + 1 },
      );
    },
    retries === undefined ? {} : { retries, backoff: { delayMs: 2 } },
  );
}

describe('transaction conflicts (ws, loopback server)', () => {
  let target: RemoteTarget;
  let connection: SurrealConnection;
  beforeAll(async () => {
    target = await remoteTarget();
    connection = await createConnection({
      url: target.url,
      name: 'transfers',
      namespace: 'app',
      database: 'bank',
      ...target.credentials,
      logger: false,
    }).connect();
  });
  afterAll(async () => {
    await dropTableAndClose(connection, 'account');
    await target.close();
  });

  async function reset() {
    await connection.query(
      'DEFINE TABLE IF NOT EXISTS account SCHEMALESS; DELETE account',
    );
    for (const id of ACCOUNTS) {
      await connection.query(
        'CREATE type::record("account", $id) SET balance = $start',
        { id, start: START },
      );
    }
  }
  async function total(): Promise<number> {
    const [sum] = await connection.query<[number]>(
      'RETURN math::sum((SELECT VALUE balance FROM account))',
    );
    return sum;
  }

  it('40 concurrent transfers with retries: all commit, balances conserved', async () => {
    await reset();
    const outcomes = await Promise.allSettled(
      Array.from({ length: 40 }, (_, i) => transfer(connection, i, 100)),
    );
    const committed = outcomes.filter((o) => o.status === 'fulfilled').length;
    console.log(`transfers with retries: ${committed} of 40 committed`);
    expect(outcomes.filter((o) => o.status === 'rejected')).toEqual([]);
    expect(committed).toBe(40);
    expect(await total()).toBe(START * ACCOUNTS.length);
    // Every transfer applied exactly once: each account's balance is what the 40 transfers add up to.
    const [rows] = await connection.query<[{ id: unknown; balance: number }[]]>(
      'SELECT meta::id(id) AS id, balance FROM account ORDER BY id',
    );
    const expected = new Map(ACCOUNTS.map((id) => [id, START]));
    for (let i = 0; i < 40; i++) {
      const from = ACCOUNTS[i % ACCOUNTS.length];
      const to = ACCOUNTS[(i + 1) % ACCOUNTS.length];
      expected.set(from, expected.get(from)! - (i + 1));
      expected.set(to, expected.get(to)! + (i + 1));
    }
    expect(rows).toEqual(
      ACCOUNTS.map((id) => ({ id, balance: expected.get(id) })),
    );
  }, 60_000);

  it('without retries, a conflict is a SurrealTransactionConflictError that says it can be retried', async () => {
    await reset();
    const outcomes = await Promise.allSettled(
      Array.from({ length: 40 }, (_, i) => transfer(connection, i)),
    );
    const failures = outcomes
      .filter((o): o is PromiseRejectedResult => o.status === 'rejected')
      .map((o) => o.reason as Error);
    console.log(
      `transfers without retries: ${40 - failures.length} of 40 committed`,
    );
    expect(failures.length).toBeGreaterThan(0);
    for (const failure of failures) {
      expect(failure).toBeInstanceOf(SurrealTransactionConflictError);
      expect((failure as SurrealTransactionConflictError).retryable).toBe(true);
      expect(failure.message).toMatch(
        /^connection "transfers": transaction commit met a transaction conflict and was rolled back, so it can be retried: .*Use transaction\(fn, \{ retries \}\)/,
      );
    }
    // Rolled back means rolled back: the money is all there.
    expect(await total()).toBe(START * ACCOUNTS.length);
  }, 60_000);

  it('refuses a bad "retries"', async () => {
    await expect(
      connection.transaction(async () => 1, { retries: -1 }),
    ).rejects.toThrow(
      new SurrealConfigError(
        'connection "transfers": transaction option "retries" must be an integer >= 0, got -1',
      ),
    );
  });

  it('bulk inserts into a fresh table from concurrent callers retry their conflicts', async () => {
    class Entry extends Document {
      static meta = { collection: 'ledger_fresh' };
      @IntField({ required: true }) n: number;
    }
    const entries = new Repository(Entry, connection);
    try {
      await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          entries.insert(
            Array.from({ length: 5 }, (_, j) => new Entry({ n: i * 5 + j })),
          ),
        ),
      );
      expect(await entries.objects.count()).toBe(100);
    } finally {
      await connection.query('REMOVE TABLE IF EXISTS ledger_fresh');
    }
  }, 60_000);
});
