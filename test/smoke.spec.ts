import { createConnection, withConnection } from '../lib/index.js';

it('embedded mem works', async () => {
  await withConnection({ url: 'mem://', namespace: 'n', database: 'd' }, async (c) => {
    const r = await c.query('CREATE t:1 SET a = $a; SELECT * FROM t', { a: 'x' });
    expect(JSON.stringify(r)).toContain('"a":"x"');
    await c.ping();
    expect(c.isConnected()).toBe(true);
  });
  {
    await using c = await createConnection({ url: 'mem://', name: 'x' }).connect();
    expect(c.isConnected()).toBe(true);
  }
});
