import { firstValueFrom, take, toArray } from 'rxjs';
import {
  Document,
  IntField,
  Repository,
  StringField,
  createConnection,
  type Filter,
  type SurrealConnection,
} from '../../lib/index.js';
import { byAction, readySignal } from '../helpers/live.js';
import { dropTableAndClose } from '../helpers/test-utils.js';
import { remoteTarget, type RemoteTarget } from '../helpers/remote-target.js';

class Player extends Document {
  static meta = { collection: 'players' };
  @StringField({ required: true }) name: string;
  @IntField({ min: 0 }) score?: number;
}

describe.each(['mem', 'ws'] as const)('repository.live over %s', (scheme) => {
  let target: RemoteTarget | undefined;
  let connection: SurrealConnection;
  let players: Repository<Player>;
  beforeAll(async () => {
    if (scheme === 'ws') target = await remoteTarget();
    connection = await createConnection({
      url: target?.url ?? 'mem://',
      name: `live-${scheme}`,
      namespace: 'app',
      database: 'live',
      ...target?.credentials,
      logger: false,
    }).connect();
    players = new Repository(Player, connection);
    await connection.query('DEFINE TABLE IF NOT EXISTS players SCHEMALESS');
  });
  afterAll(async () => {
    await dropTableAndClose(connection, 'players').finally(() =>
      target?.close(),
    );
  });

  it('emits model instances for changes matching a bound filter, hostile values included', async () => {
    const hostile = "'; REMOVE TABLE players; --";
    const { ready, registered } = readySignal();
    const events = firstValueFrom(
      players
        .live({ name: hostile, score__gte: 10 }, { onReady: ready })
        .pipe(take(3), toArray()),
    );
    await registered;
    await players.save({ name: hostile, score: 5 }); // score too low: filtered out by the server
    await players.save({ name: 'Bob', score: 50 }); // other name: filtered out
    const match = await players.save({ name: hostile, score: 20 });
    await players.update(match, { score: 30 });
    await players.delete(match);
    const received = await events;
    const events$ = byAction(received);
    expect(Object.keys(events$).sort()).toEqual(['CREATE', 'DELETE', 'UPDATE']);
    for (const event of received) {
      expect(event.document).toBeInstanceOf(Player);
      expect(event.id.toString()).toBe(match.id!.toString());
      expect(event.document.name).toBe(hostile);
    }
    expect(events$.UPDATE.document.score).toBe(30);
    expect(await players.count()).toBe(2);
  });

  it('an unknown field in the filter fails at once', () => {
    expect(() => players.live({ nickname: 'x' } as Filter)).toThrow(/nickname/);
  });
});
