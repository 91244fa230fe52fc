import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { typeScriptExecArgv } from '../../lib/testing/typescript-loader.js';

export interface ScriptResult {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/**
 * Runs a TypeScript script from test/fixtures in its own Node process, as a user's program would run,
 * and resolves when that process exits by itself. It is killed, and the promise rejects, after `timeoutMs`.
 */
export function runScript(
  name: string,
  args: string[],
  { timeoutMs = 20_000, cwd }: { timeoutMs?: number; cwd?: string } = {},
): Promise<ScriptResult> {
  const file = fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url));
  const started = performance.now();
  const child = fork(file, args, {
    execArgv: typeScriptExecArgv(),
    stdio: 'pipe',
    cwd,
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk));
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(
        new Error(
          `${name} did not exit within ${timeoutMs} ms; stderr: ${stderr}`,
        ),
      );
    }, timeoutMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, ms: performance.now() - started });
    });
  });
}
