import { createConnection, type SurrealConnection } from '../../lib/index.js';
import { runScript } from '../helpers/run-script.js';
import { tempDir } from '../helpers/test-utils.js';

const SCHEMES = ['file', 'rocksdb', 'surrealkv'] as const;

function open(url: string, name: string, database = 'main') {
  return createConnection({
    url,
    name,
    namespace: 'app',
    database,
    logger: false,
  }).connect();
}

async function texts(connection: SurrealConnection): Promise<string[]> {
  const [rows] = await connection.query<[string[]]>(
    'SELECT VALUE text FROM note ORDER BY text',
  );
  return rows;
}

describe('on-disk embedded stores in one process', () => {
  it.each(SCHEMES)(
    '%s://: close, then reopen the same path (three times)',
    async (scheme) => {
      const dir = await tempDir();
      try {
        const url = `${scheme}://${dir.path}/db`;
        for (let round = 1; round <= 3; round++) {
          const connection = await open(url, `${scheme}-round-${round}`);
          await connection.query(
            'DEFINE TABLE IF NOT EXISTS note SCHEMALESS; CREATE note SET text = $text',
            { text: `round ${round}` },
          );
          expect(await texts(connection)).toEqual(
            Array.from({ length: round }, (_, i) => `round ${i + 1}`),
          );
          await connection.close();
        }
      } finally {
        await dir.remove();
      }
    },
  );

  it.each(SCHEMES)(
    '%s://: two connections to one path share it, each with its own namespace/database',
    async (scheme) => {
      const dir = await tempDir();
      try {
        const url = `${scheme}://${dir.path}/db`;
        const [main, other] = await Promise.all([
          open(url, `${scheme}-main`),
          open(url, `${scheme}-other`, 'other'),
        ]);
        const mainAgain = await open(url, `${scheme}-main-again`);
        await main.query(
          'DEFINE TABLE note SCHEMALESS; CREATE note SET text = "main"',
        );
        await other.query(
          'DEFINE TABLE note SCHEMALESS; CREATE note SET text = "other"',
        );
        expect(await texts(main)).toEqual(['main']);
        expect(await texts(other)).toEqual(['other']);
        expect(await texts(mainAgain)).toEqual(['main']);
        // Closing one leaves the others working.
        await main.close();
        await mainAgain.query('CREATE note SET text = "still open"');
        expect(await texts(mainAgain)).toEqual(['main', 'still open']);
        await Promise.all([mainAgain.close(), other.close()]);
        const reopened = await open(url, `${scheme}-reopened`, 'other');
        expect(await texts(reopened)).toEqual(['other']);
        await reopened.close();
      } finally {
        await dir.remove();
      }
    },
  );

  it.each(SCHEMES)(
    '%s://: a script with a live query reopens its store and exits by itself',
    async (scheme) => {
      const dir = await tempDir();
      try {
        const result = await runScript(
          'embedded-reopen.script.ts',
          [`${scheme}://${dir.path}/db`],
          { timeoutMs: 20_000 },
        );
        expect(result.stderr).toBe('');
        expect(result.stdout.trim().split('\n')).toEqual([
          'CREATE',
          'hello',
          'closed',
        ]);
        expect(result.code).toBe(0);
      } finally {
        await dir.remove();
      }
    },
  );
});
