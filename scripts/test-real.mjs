#!/usr/bin/env node
// `npm run test:real`: starts the real SurrealDB server built by scripts/build-real-server.sh (in memory, root user,
// on loopback), runs every remote suite against it through SURREAL_URL plus the differential check in test/real
// (the same conversations sent to the real server and to the loopback test server), then stops it.
//
//   npm run test:real                      # the cached binary
//   SURREAL_BINARY=/path/to/surreal npm run test:real
//   npm run test:real -- -t 'pool'         # extra arguments go to jest
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { homedir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const VERSION = '3.0.2';
const root = fileURLToPath(new URL('..', import.meta.url));
const cache =
  process.env.SURREAL_CACHE ??
  join(homedir(), '.cache', 'nestjs-surrealengine');
const binary =
  process.env.SURREAL_BINARY ??
  join(cache, `surreal-${VERSION}`, 'target', 'release', 'surreal');
const credentials = { user: 'root', pass: 'root' };

if (!existsSync(binary)) {
  console.error(
    `test:real: no SurrealDB server binary at ${binary}.\n` +
      'Build it once with scripts/build-real-server.sh (15-45 minutes on 2 cores), or point SURREAL_BINARY at one.',
  );
  process.exit(2);
}

/**
 * Spec files that reach a server through test/helpers/remote-target.ts (the server started here) or
 * test/helpers/controlled-server.ts (their own real server, from SURREAL_BINARY, that they stop, kill and restart).
 */
function remoteSuites() {
  const found = [];
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (
        entry.name.endsWith('.spec.ts') &&
        /helpers\/(remote-target|controlled-server)\.js/.test(
          readFileSync(path, 'utf8'),
        )
      )
        found.push(relative(root, path));
    }
  };
  walk(join(root, 'test'));
  return found;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function waitHealthy(url, child, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null)
      throw new Error(
        `the server exited (${child.exitCode}) before it was ready`,
      );
    try {
      if ((await fetch(`${url}/health`)).status === 200) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`the server was not healthy within ${timeoutMs} ms`);
}

function stop(child) {
  if (child.exitCode !== null || child.signalCode !== null)
    return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

const port = await freePort();
const httpBase = `http://127.0.0.1:${port}`;
// Loopback only; in memory; the server's default capabilities.
const server = spawn(
  binary,
  [
    'start',
    '--user',
    credentials.user,
    '--pass',
    credentials.pass,
    '--bind',
    `127.0.0.1:${port}`,
    '--log',
    'warn',
    '--no-banner',
    'memory',
  ],
  { stdio: ['ignore', 'inherit', 'inherit'] },
);
const started = performance.now();
let code = 1;
try {
  await waitHealthy(httpBase, server, 30_000);
  const version = await (await fetch(`${httpBase}/version`)).text();
  console.log(
    `test:real: ${version} (${binary}) on ${httpBase}, ready in ${Math.round(performance.now() - started)} ms`,
  );
  const suites = [...remoteSuites(), 'test/real/'];
  const jest = spawn(
    process.execPath,
    [
      '--experimental-vm-modules',
      join(root, 'node_modules', 'jest', 'bin', 'jest.js'),
      ...suites,
      ...process.argv.slice(2),
      // The differential specs are named *.real-spec.ts so that a plain `npm test` never picks them up. The option
      // takes a list: it comes last, or it would swallow the paths.
      '--testRegex',
      '\\.(spec|real-spec)\\.ts$',
    ],
    {
      cwd: root,
      stdio: 'inherit',
      env: {
        ...process.env,
        SURREAL_URL: `ws://127.0.0.1:${port}/rpc`,
        SURREAL_USER: credentials.user,
        SURREAL_PASS: credentials.pass,
        SURREAL_BINARY: binary,
      },
    },
  );
  code = await new Promise((resolve) =>
    jest.once('exit', (exit) => resolve(exit ?? 1)),
  );
} catch (error) {
  console.error(`test:real: ${error instanceof Error ? error.message : error}`);
} finally {
  await stop(server);
}
process.exit(code);
