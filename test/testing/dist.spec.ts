import { execFile, spawn } from 'node:child_process';
import { mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { eventually } from './test-server.helpers.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

// A user's process: the compiled package (plain .js, no TypeScript hooks), as `nestjs-surrealengine/testing` is used.
const PARENT = `
import { Surreal } from 'surrealdb';
import WebSocket from 'ws';
import { startTestServer } from './testing/index.js';
const server = await startTestServer();
const db = new Surreal({ websocketImpl: WebSocket });
await db.connect(server.url);
const [one] = await db.query('RETURN 1').collect();
await db.close();
const version = await (await fetch('http://127.0.0.1:' + server.port + '/version')).text();
console.log(JSON.stringify({ port: server.port, version, one }));
const mode = process.argv[2];
if (mode === 'stop') await server.stop();
if (mode === 'hang') setInterval(() => undefined, 60_000);
// mode 'forget': nothing keeps this process alive, and the server must not either.
`;

async function runParent(
  dir: string,
  mode: string,
): Promise<{
  port: number;
  version: string;
  one: number;
  exited: Promise<number | null>;
  kill(): void;
}> {
  const child = spawn(process.execPath, [join(dir, 'parent.mjs'), mode], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  );
  const line = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('\n')) resolve(out.split('\n')[0]);
    });
    child.once('exit', (code) =>
      reject(new Error(`parent exited (${code}) before reporting`)),
    );
  });
  return { ...JSON.parse(line), exited, kill: () => child.kill('SIGKILL') };
}

async function listening(port: number): Promise<boolean> {
  return fetch(`http://127.0.0.1:${port}/health`).then(
    (response) => response.ok,
    () => false,
  );
}

describe('test server: compiled (dist) build and process ownership', () => {
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'surreal-test-server-dist-'));
    await symlink(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
    await writeFile(join(dir, 'package.json'), '{ "type": "module" }');
    await writeFile(join(dir, 'parent.mjs'), PARENT);
    // The same compiler settings as the package build, for lib/testing and what it imports (dir/testing/...).
    await promisify(execFile)(
      process.execPath,
      [
        join(ROOT, 'node_modules/typescript/bin/tsc'),
        '--outDir',
        dir,
        '--rootDir',
        join(ROOT, 'lib'),
        '--module',
        'nodenext',
        '--moduleResolution',
        'nodenext',
        '--target',
        'ES2022',
        '--strict',
        '--ignoreConfig',
        '--skipLibCheck',
        '--types',
        'node',
        '--lib',
        'ES2023,ESNext.Disposable',
        '--useDefineForClassFields',
        'false',
        join(ROOT, 'lib/testing/index.ts'),
        join(ROOT, 'lib/testing/server/server.main.ts'),
      ],
      { cwd: ROOT },
    );
  }, 60000);

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('runs from compiled .js with plain node, and stops', async () => {
    const parent = await runParent(dir, 'stop');
    expect(parent).toMatchObject({ version: 'surrealdb-3.0.2', one: 1 });
    expect(await parent.exited).toBe(0);
    expect(await listening(parent.port)).toBe(false);
  });

  it('does not keep a parent alive that forgot to stop it, and dies with it', async () => {
    const parent = await runParent(dir, 'forget');
    expect(await parent.exited).toBe(0);
    await eventually(async () =>
      expect(await listening(parent.port)).toBe(false),
    );
  });

  it('dies when its parent is killed', async () => {
    const parent = await runParent(dir, 'hang');
    expect(await listening(parent.port)).toBe(true);
    parent.kill();
    await parent.exited;
    await eventually(async () =>
      expect(await listening(parent.port)).toBe(false),
    );
  });
});
