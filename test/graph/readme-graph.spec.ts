import {
  DateTimeField,
  Document,
  Relation,
  Repository,
  StringField,
  syncSchema,
  type SurrealConnection,
} from '../../lib/core.js';
import { memoryConnection } from '../model/fixtures.js';

// The README's "Graph relations" examples, as written there.

class User extends Document {
  static meta = { collection: 'users' };
  @StringField({ required: true }) name: string;
}

class Follows extends Relation<User, User> {
  static meta = {
    collection: 'follows',
    in: () => User,
    out: () => User,
    unique: true,
    enforced: true,
  };
  @DateTimeField() since?: Date;
}

describe('README: Graph relations', () => {
  let connection: SurrealConnection;
  beforeAll(async () => {
    connection = await memoryConnection();
  });
  afterAll(async () => {
    await connection.query('REMOVE TABLE IF EXISTS follows');
    await connection.close();
  });

  it('runs the examples as written', async () => {
    await syncSchema(connection, [User, Follows]);

    const ada = await new User({ name: 'Ada' }).save({ connection });
    const grace = await new User({ name: 'Grace' }).save({ connection });
    const linus = await new User({ name: 'Linus' }).save({ connection });

    const edge = await ada.relate(Follows, grace, { since: new Date() });
    expect(edge).toBeInstanceOf(Follows);
    await ada.relate(Follows, [grace, linus]);
    await grace.relate(Follows, linus.id!);
    expect(await ada.unrelate(Follows, linus)).toBe(1);
    expect(await ada.unrelate(Follows)).toBe(1);

    const users = new Repository(User, connection);
    await users.relate(ada, Follows, grace, { since: new Date() });
    expect(await users.unrelate(ada, Follows, grace)).toBe(1);

    await ada.relate(Follows, grace);
    await grace.relate(Follows, ada);
    const me = User.query(connection).filter({ id: ada.id });
    expect((await me.out(Follows)).map((user) => user.name)).toEqual(['Grace']);
    expect(
      (await me.in(Follows).orderBy('name')).map((user) => user.name),
    ).toEqual(['Grace']);
    expect(await ada.related(Follows, 'in')).toHaveLength(1);
    expect(await ada.edges(Follows, 'in')).toHaveLength(1);
    expect(
      await me.out(Follows, { where: { since__gt: new Date('2024-01-01') } }),
    ).toEqual([]);
    expect(
      (await me.out(Follows).filter({ name__startswith: 'G' }).out(Follows))
        .map((user) => user.name)
        .sort(),
    ).toEqual(['Ada', 'Linus']);

    const following = me.out(Follows);
    const suggestions = await following
      .out(Follows)
      .exclude({ id: ada.id })
      .exclude({ id__in: following })
      .orderBy('name')
      .limit(20);
    expect(suggestions.map((user) => user.name)).toEqual(['Linus']);
    const query = following
      .out(Follows)
      .exclude({ id: ada.id })
      .exclude({ id__in: following })
      .orderBy('name')
      .limit(20)
      .toQuery().query;
    expect(query).toBe(
      'SELECT * FROM (SELECT * FROM array::complement(array::distinct($p0->follows->users->follows->users), array::concat([$p1], array::distinct($p2->follows->users)))) ORDER BY name ASC LIMIT 20',
    );

    const notFollowingAda = await User.query(connection).filter({
      id__nin: me.in(Follows),
    });
    expect(notFollowingAda.map((user) => user.name).sort()).toEqual([
      'Ada',
      'Linus',
    ]);
  });
});
