import { Surreal, createRemoteEngines } from 'surrealdb';

it('embedded mem works', async () => {
  const { createNodeEngines } = await import('@surrealdb/node');
  const db = new Surreal({ engines: { ...createRemoteEngines(), ...createNodeEngines() } });
  await db.connect('mem://', { namespace: 'n', database: 'd' });
  const r = await db.query('CREATE t:1 SET a = $a; SELECT * FROM t', { a: 'x' });
  console.log(JSON.stringify(r));
  console.log(await db.query('RETURN 1').collect());
  await db.close();
});
