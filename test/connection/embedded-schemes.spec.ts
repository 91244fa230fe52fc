import { createConnection, withConnection } from '../../lib/index.js';
import { runScript } from '../helpers/run-script.js';
import { tempDir } from '../helpers/test-utils.js';

const scope = { namespace: 'app', database: 'main' };
const expected = JSON.stringify([...Array(20).keys()]);

describe('embedded schemes', () => {
  it('mem:// keeps nothing across connections', async () => {
    await withConnection(
      { url: 'mem://', name: 'mem-a', ...scope },
      async (connection) => {
        await connection.query('CREATE note:1 SET text = $text', {
          text: 'hello',
        });
        const [rows] =
          await connection.query<[{ text: string }[]]>('SELECT * FROM note');
        expect(rows.map((row) => row.text)).toEqual(['hello']);
      },
    );
    await withConnection(
      { url: 'mem://', name: 'mem-b', ...scope },
      async (connection) => {
        await expect(connection.query('SELECT * FROM note')).rejects.toThrow(
          "The table 'note' does not exist",
        );
      },
    );
  });

  it('a script that defined an index on mem:// exits by itself after close (engine keep-alive worked around)', async () => {
    const result = await runScript('memory-index-exit.script.ts', [], {
      timeoutMs: 15_000,
    });
    expect(result.stdout.trim()).toBe('closed');
    expect(result.code).toBe(0);
  });

  // Each open runs in a process of its own: RocksDB never releases its directory lock within the process
  // that opened it (and SurrealKV only when the native engine is garbage-collected), a limit of @surrealdb/node.
  it.each(['file', 'surrealkv', 'rocksdb'])(
    '%s:// keeps data written before close after a reopen',
    async (scheme) => {
      const dir = await tempDir();
      try {
        const url = `${scheme}://${dir.path}/db`;
        const written = await runScript('embedded-store.script.ts', [
          'write',
          url,
        ]);
        expect(written.stderr).toBe('');
        expect(written.stdout.trim()).toBe(expected);
        const read = await runScript('embedded-store.script.ts', ['read', url]);
        expect(read.code).toBe(0);
        expect(read.stdout.trim()).toBe(expected);
      } finally {
        await dir.remove();
      }
    },
  );

  it('file://./relative paths are relative to the working directory', async () => {
    const dir = await tempDir();
    try {
      const relative = createConnection({
        url: 'file://./local_db',
        name: 'relative',
        ...scope,
      });
      expect(relative.options.url.engineUrl).toBe(
        `rocksdb://${process.cwd()}/local_db`,
      );
      await relative.close();
      const written = await runScript(
        'embedded-store.script.ts',
        ['write', 'file://./local_db'],
        {
          cwd: dir.path,
        },
      );
      expect(written.stdout.trim()).toBe(expected);
      const read = await runScript('embedded-store.script.ts', [
        'read',
        `file://${dir.path}/local_db`,
      ]);
      expect(read.stdout.trim()).toBe(expected);
    } finally {
      await dir.remove();
    }
  });
});
