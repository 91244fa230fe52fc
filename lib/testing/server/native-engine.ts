import { createRequire } from 'node:module';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { EngineCapabilities } from './capabilities.js';

/** The native engine's notification stream: one receiver for the whole engine. */
export interface NativeNotificationReceiver {
  /** Resolves the next CBOR-encoded notification, or `null` once the engine is freed. */
  recv(): Promise<Uint8Array | null>;
}

/** The subset of `@surrealdb/node`'s native `SurrealNodeEngine` that the test server drives. */
export interface NativeEngine {
  /** Runs one CBOR RPC request `{method, params?, session?, txn?}`; resolves CBOR of the bare result or `{error}`. */
  execute(request: Uint8Array): Promise<Uint8Array>;
  /** Runs SurrealQL on the engine's default session, in import mode. */
  import(sql: string): Promise<void>;
  /** Exports the default session's database as SurrealQL; takes CBOR export options. */
  export(options: Uint8Array): Promise<string>;
  notifications(): Promise<NativeNotificationReceiver>;
  free(): void;
}

interface NativeBinding {
  SurrealNodeEngine: {
    connect(
      url: string,
      options?: Record<string, unknown>,
    ): Promise<NativeEngine>;
  };
}

/** Names napi-rs gives the binary for this platform, most specific first (as `@surrealdb/node`'s own loader does). */
function bindingFileNames(): string[] {
  const { platform, arch } = process;
  if (platform === 'linux') {
    const abi = isMusl() ? 'musl' : 'gnu';
    return [`surrealdb-node.linux-${arch}-${abi}.node`];
  }
  if (platform === 'win32') return [`surrealdb-node.win32-${arch}-msvc.node`];
  if (platform === 'darwin') {
    return [
      'surrealdb-node.darwin-universal.node',
      `surrealdb-node.darwin-${arch}.node`,
    ];
  }
  return [`surrealdb-node.${platform}-${arch}.node`];
}

function isMusl(): boolean {
  try {
    return readFileSync('/usr/bin/ldd', 'utf8').includes('musl');
  } catch {
    const report = process.report?.getReport() as
      { header?: { glibcVersionRuntime?: string } } | undefined;
    return !report?.header?.glibcVersionRuntime;
  }
}

/**
 * Loads the native binding of `@surrealdb/node`. It is not in the package's exports map, so it is found next to the
 * package's resolved entry file, the way the package's own wrapper loads it.
 */
export function loadNativeBinding(): NativeBinding {
  let entry: string;
  try {
    entry = fileURLToPath(import.meta.resolve('@surrealdb/node'));
  } catch (error) {
    throw new Error(
      'nestjs-surrealengine/testing: the test server needs the optional peer dependency "@surrealdb/node"; install it (npm i -D @surrealdb/node)',
      { cause: error },
    );
  }
  const dir = dirname(entry);
  const require = createRequire(entry);
  const tried: string[] = [];
  for (const name of bindingFileNames()) {
    const file = join(dir, name);
    tried.push(file);
    if (existsSync(file)) return require(file) as NativeBinding;
  }
  throw new Error(
    `nestjs-surrealengine/testing: no native SurrealDB engine for ${process.platform}-${process.arch} in @surrealdb/node (looked for ${tried.join(', ')})`,
  );
}

/** Opens the embedded engine on `mem://`, `surrealkv:///abs/dir` or `rocksdb:///abs/dir`. */
export async function openNativeEngine(
  storage: string,
  capabilities: EngineCapabilities,
): Promise<NativeEngine> {
  return loadNativeBinding().SurrealNodeEngine.connect(storage, {
    capabilities,
  });
}
