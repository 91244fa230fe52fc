import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

const lib = new URL('../../lib/', import.meta.url).pathname;

/** Every TypeScript file under a folder of lib/. */
async function sources(folder: string): Promise<string[]> {
  const entries = await readdir(join(lib, folder), {
    recursive: true,
    withFileTypes: true,
  });
  return entries
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => join(entry.parentPath, entry.name));
}

describe('nestjs-surrealengine/core', () => {
  it('imports nothing from @nestjs, so scripts can use it without NestJS installed', async () => {
    const files = [join(lib, 'core.ts')];
    for (const folder of [
      'connection',
      'graph',
      'model',
      'query',
      'repository',
      'workarounds',
    ])
      files.push(...(await sources(folder)));
    expect(files.length).toBeGreaterThan(20);
    for (const file of files) {
      const text = await readFile(file, 'utf8');
      // Static (`from '@nestjs/...'`, `import '@nestjs/...'`) and dynamic (`import('@nestjs/...')`) imports.
      const nest = /(?:from |import\(?\s*)['"]@nestjs\//.test(text);
      expect({ file, nest }).toEqual({
        file,
        nest: false,
      });
    }
  });

  it('exposes the framework-free API', async () => {
    const core = await import('../../lib/core.js');
    for (const name of [
      'createConnection',
      'withConnection',
      'ConnectionRegistry',
      'connectionRegistry',
      'Document',
      'Repository',
      'QuerySet',
      'syncSchema',
    ]) {
      expect(core).toHaveProperty(name);
    }
  });
});
