import {
  Document,
  IntField,
  Repository,
  StringField,
  Transactional,
  createConnection,
  currentTransaction,
  runInTransaction,
  type SurrealConnection,
} from '../../lib/index.js';

const scope = { namespace: 'app', database: 'main', logger: false as const };

class Account extends Document {
  static meta = { collection: 'accounts' };
  @StringField({ required: true }) owner: string;
  @IntField({ required: true, min: 0 }) credits: number;
}

/** A service in the style of a Nest provider: a repository on the connection, a transactional method. */
class Bank {
  constructor(readonly accounts: Repository<Account>) {}

  @Transactional()
  async transfer(from: string, to: string, amount: number): Promise<void> {
    await this.move(from, -amount);
    await this.move(to, amount); // may throw: the first move must be undone too
  }

  @Transactional()
  async move(owner: string, delta: number): Promise<void> {
    const account = await this.accounts.findOne({ owner });
    if (!account) throw new Error(`no account of ${owner}`);
    account.credits += delta; // below 0 fails validation (min: 0)
    await this.accounts.save(account);
  }
}

describe('transactions with models (embedded)', () => {
  let connection: SurrealConnection;
  let accounts: Repository<Account>;
  const credits = async () =>
    Object.fromEntries(
      (await accounts.find().orderBy('owner')).map((a) => [a.owner, a.credits]),
    );

  beforeEach(async () => {
    connection = await createConnection({ url: 'mem://', ...scope }).connect();
    accounts = connection.getRepository(Account);
    await accounts.insert([
      { owner: 'ann', credits: 10 },
      { owner: 'bob', credits: 5 },
    ]);
  });
  afterEach(() => connection.close());

  it('hands out repositories and query sets bound to the transaction; saved documents are re-bound after commit', async () => {
    const created = await connection.transaction(async (tx) => {
      const repo = tx.getRepository(Account); // Repository<Account>
      const ann = await Account.objects.using(tx).get({ owner: 'ann' });
      ann.credits -= 3;
      await repo.save(ann);
      const cy = await new Account({ owner: 'cy', credits: 3 }).save({
        connection: tx,
      });
      expect(await repo.count()).toBe(3);
      return cy;
    });
    expect(await credits()).toEqual({ ann: 7, bob: 5, cy: 3 });
    // Saved inside the finished transaction, the document now writes to the connection itself.
    created.credits = 4;
    await created.save();
    expect((await accounts.findOne({ owner: 'cy' }))!.credits).toBe(4);
  });

  it('a throw rolls back every write, proved by a read afterwards', async () => {
    await expect(
      connection.transaction(async (tx) => {
        const repo = tx.getRepository(Account);
        await repo.update((await repo.findOne({ owner: 'ann' }))!, {
          credits: 0,
        });
        await new Account({ owner: 'dan', credits: 1 }).save({
          connection: tx,
        });
        await Account.objects.using(tx).filter({ owner: 'bob' }).delete();
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    expect(await credits()).toEqual({ ann: 10, bob: 5 });
  });

  it('a transaction connection refuses work after the end, live queries and nesting', async () => {
    let leaked: SurrealConnection | undefined;
    await connection.transaction(async (tx) => {
      leaked = tx;
      await expect(tx.transaction(async () => 1)).rejects.toThrow(
        'a transaction cannot start inside another one',
      );
      const liveError = await new Promise<unknown>((resolve) =>
        tx.live('accounts').subscribe({ error: resolve }),
      );
      expect(String(liveError)).toContain(
        'live queries do not run inside a transaction; use the connection itself',
      );
    });
    await expect(leaked!.query('RETURN 1')).rejects.toThrow(
      'this transaction has ended',
    );
  });

  it('@Transactional: injected repositories join the ambient transaction, nested calls join it, a throw undoes all', async () => {
    const bank = new Bank(accounts);
    await bank.transfer('ann', 'bob', 4);
    expect(await credits()).toEqual({ ann: 6, bob: 9 });

    // The second move fails (no such account) after the first one wrote: both are undone.
    await expect(bank.transfer('ann', 'zed', 2)).rejects.toThrow(
      'no account of zed',
    );
    // Overdrawing fails validation on the first move; nothing changes either.
    await expect(bank.transfer('bob', 'ann', 50)).rejects.toThrow('credits');
    expect(await credits()).toEqual({ ann: 6, bob: 9 });
    expect(currentTransaction(connection)).toBeUndefined();
  });

  it('@Transactional passes its transaction options on (checked before anything runs)', async () => {
    class Careless {
      ran = false;
      @Transactional({ retries: -1 })
      async work() {
        this.ran = true;
      }
    }
    const careless = new Careless();
    await expect(careless.work()).rejects.toThrow(
      'connection "default": transaction option "retries" must be an integer >= 0, got -1',
    );
    expect(careless.ran).toBe(false);
  });

  it('runInTransaction shares the transaction with the functions it awaits', async () => {
    await runInTransaction(connection, async (tx) => {
      expect(currentTransaction(connection)).toBe(tx);
      await helperThatSaves();
      // Not committed yet: a raw read on the transaction sees it.
      const [rows] = await tx.query<[unknown[]]>(
        'SELECT * FROM accounts WHERE owner = $owner',
        { owner: 'eve' },
      );
      expect(rows).toHaveLength(1);
    });
    expect(await credits()).toEqual({ ann: 10, bob: 5, eve: 1 });

    async function helperThatSaves() {
      // No connection passed: the default connection, which is in the transaction.
      await new Account({ owner: 'eve', credits: 1 }).save();
    }
  });
});
