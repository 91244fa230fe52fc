import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { escapeIdent } from 'surrealdb';
import {
  withConflictRetry,
  type SurrealConnection,
  type SurrealLogger,
} from '../../lib/index.js';

/** A localhost port nothing listens on (it was free a moment ago). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** A fresh temporary directory, and a function that removes it. */
export async function tempDir(prefix = 'surreal-test-') {
  const path = await mkdtemp(join(tmpdir(), prefix));
  return {
    path,
    // An embedded store's background thread may still write a file for a moment after close (SurrealKV's manifest):
    // rm retries on ENOTEMPTY.
    remove: () =>
      rm(path, { recursive: true, force: true, maxRetries: 5, retryDelay: 50 }),
  };
}

export interface LogEntry {
  level: 'log' | 'warn' | 'error';
  message: string;
  at: number;
}

/** A logger that keeps what it was told, with timestamps. */
export function recordingLogger(): SurrealLogger & { entries: LogEntry[] } {
  const entries: LogEntry[] = [];
  const record = (level: LogEntry['level']) => (message: string) =>
    entries.push({ level, message, at: performance.now() });
  return {
    entries,
    log: record('log'),
    warn: record('warn'),
    error: record('error'),
  };
}

/**
 * Test clean-up on a shared server: drops a table (retrying SurrealDB's "can be retried" conflicts, which a live query
 * being killed at the same moment can cause) and closes the connection even when the drop fails.
 */
export async function dropTableAndClose(
  connection: SurrealConnection,
  table: string,
): Promise<void> {
  try {
    await withConflictRetry(() =>
      connection.query(`REMOVE TABLE IF EXISTS ${escapeIdent(table)}`),
    );
  } finally {
    await connection.close();
  }
}

/** Every item of an async iterable (`for await`), in order. */
export async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}

/** The integers from `from` up to, not including, `to`. */
export const range = (from: number, to: number): number[] =>
  Array.from({ length: to - from }, (_, i) => from + i);
