import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startTestServer, type TestServer } from 'nestjs-surrealengine/testing';
import { compileExamples, type CompiledExamples } from './compile-examples.js';
import { readReadmeBlocks } from './readme-blocks.js';

// Every ```ts block of README.md is typechecked; every complete program is run and must exit by itself
// (see readme-blocks.ts for the block kinds). New README examples are picked up without touching this file.
const root = fileURLToPath(new URL('../..', import.meta.url));
const blocks = readReadmeBlocks(join(root, 'README.md'));
const programs = blocks.filter((block) => block.kind === 'program');
const RUN_TIMEOUT_MS = 60_000;

/** Whitespace-free text, `...` matching anything: how an output block is compared with stdout. */
function outputPattern(expected: string): RegExp {
  const parts = expected
    .replace(/\s+/g, '')
    .split('...')
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${parts.join('[^]*?')}$`);
}

/** stdout without colours (Nest's logger) and whitespace. */
function plain(text: string): string {
  // oxlint-disable-next-line no-control-regex -- ANSI colour codes are exactly what this removes
  return text.replace(/\u001b\[[0-9;]*m/g, '').replace(/\s+/g, '');
}

function run(
  script: string,
  cwd: string,
  env: Record<string, string>,
): Promise<{
  code: number | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
}> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [script], {
      cwd,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, RUN_TIMEOUT_MS);
    child.on('exit', (code) => {
      clearTimeout(timer);
      done({ code, stdout, stderr, timedOut });
    });
  });
}

describe('README examples', () => {
  let outDir: string;
  let compiled: CompiledExamples;
  let server: TestServer;
  let env: Record<string, string>;

  beforeAll(async () => {
    outDir = mkdtempSync(join(tmpdir(), 'readme-examples-'));
    server = await startTestServer({ username: 'root', password: 'secret' });
    env = {
      SURREAL_URL: server.url,
      SURREAL_USER: 'root',
      SURREAL_PASS: 'secret',
    };
    compiled = compileExamples(root, blocks, outDir);
  }, 180_000);

  afterAll(async () => {
    await server?.stop();
    if (outDir) rmSync(outDir, { recursive: true, force: true });
  });

  it('finds the examples', () => {
    expect(programs.length).toBeGreaterThan(5);
    expect(blocks.some((block) => block.fileName === 'models.ts')).toBe(true);
  });

  it('typechecks every example with the project settings (and strict property initialization)', () => {
    expect(compiled.errors).toEqual([]);
  });

  it.each(
    programs.map(
      (block) => [`${block.section} (README.md:${block.line})`, block] as const,
    ),
  )(
    'runs %s and exits by itself',
    async (_name, block) => {
      const cwd = mkdtempSync(join(tmpdir(), 'readme-run-'));
      try {
        const result = await run(compiled.scripts.get(block.line)!, cwd, env);
        const report = `README.md:${block.line} (${block.section})\n--- stdout\n${result.stdout}\n--- stderr\n${result.stderr}`;
        if (result.timedOut) {
          throw new Error(
            `did not exit within ${RUN_TIMEOUT_MS / 1000}s (a connection or server left open?)\n${report}`,
          );
        }
        if (result.code !== 0) {
          throw new Error(`exited with code ${result.code}\n${report}`);
        }
        if (block.output !== undefined) {
          expect(plain(result.stdout)).toMatch(outputPattern(block.output));
        }
      } finally {
        rmSync(cwd, { recursive: true, force: true });
      }
    },
    RUN_TIMEOUT_MS + 10_000,
  );
});
