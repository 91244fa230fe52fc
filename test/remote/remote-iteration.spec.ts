import { RecordId } from 'surrealdb';
import {
  createConnection,
  type SurrealConnection,
} from '../../lib/connection/index.js';
import { Document, IntField, StringField } from '../../lib/model/index.js';
import { Repository } from '../../lib/repository/index.js';
import { remoteTarget, type RemoteTarget } from '../helpers/remote-target.js';
import { collect, dropTableAndClose, range } from '../helpers/test-utils.js';

class Reading extends Document {
  static meta = { collection: 'remote_readings' };
  @IntField({ required: true }) n: number;
  @StringField() group?: string;
}

const TOTAL = 700;

const idOf = (reading: Reading) => String(reading.id);

// `for await` sends record ranges and ids by position as bound values: each transport must carry them.
describe.each(['ws', 'http'] as const)('for await over %s', (scheme) => {
  let target: RemoteTarget;
  let connection: SurrealConnection;
  let readings: Repository<Reading>;

  beforeAll(async () => {
    target = await remoteTarget();
    connection = await createConnection({
      url: scheme === 'ws' ? target.url : target.httpUrl,
      name: `iteration-${scheme}`,
      namespace: 'app',
      database: `iteration_${scheme}`,
      ...target.credentials,
      logger: false,
    }).connect();
    readings = new Repository(Reading, connection);
    await connection.query('REMOVE TABLE IF EXISTS remote_readings');
    await readings.insert(
      range(0, TOTAL).map((n) => ({ n, group: n % 2 ? 'odd' : 'even' })),
    );
  });
  afterAll(async () => {
    await dropTableAndClose(connection, 'remote_readings');
    await target.close();
  });

  it('reads every document once without a filter, across pages and while documents are added', async () => {
    const seen = new Set<string>();
    let count = 0;
    for await (const reading of readings.objects.batchSize(64)) {
      seen.add(idOf(reading));
      if (++count === 100)
        await readings.insert(range(0, 20).map((n) => ({ n: 10_000 + n })));
    }
    expect(seen.size).toBe(count);
    expect(count).toBeGreaterThanOrEqual(TOTAL);
    await readings.find({ n__gte: 10_000 }).delete();
  });

  it('honours start and limit, a filter and an order', async () => {
    const all = await collect(readings.objects.batchSize(50));
    const sliced = await collect(
      readings.objects.start(30).limit(120).batchSize(50),
    );
    expect(sliced.map(idOf)).toEqual(all.slice(30, 150).map(idOf));
    const ordered = await collect(
      readings.objects.filter({ group: 'odd' }).orderBy('-n').batchSize(40),
    );
    expect(ordered.map((reading) => reading.n)).toEqual(
      range(0, TOTAL)
        .filter((n) => n % 2)
        .reverse(),
    );
  });

  it('reads documents whose ids are numbers or arrays', async () => {
    const odd = [
      new RecordId('remote_readings', 5),
      new RecordId('remote_readings', ['a', 1]),
    ];
    await readings.insert(odd.map((id, i) => ({ id, n: -1 - i })));
    const ids = (await collect(readings.objects.batchSize(3))).map(idOf);
    expect(new Set(ids).size).toBe(TOTAL + odd.length);
    expect(odd.every((id) => ids.includes(String(id)))).toBe(true);
    await readings.find({ n__lt: 0 }).delete();
  });
});
