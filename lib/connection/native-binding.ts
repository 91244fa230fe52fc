import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

/** One open embedded datastore of `@surrealdb/node` (its native `SurrealNodeEngine`). */
export interface NativeEngine {
  /** Runs one CBOR RPC request `{id, method, params?, session?, txn?}`; resolves CBOR of the result or `{error}`. */
  execute(request: Uint8Array): Promise<Uint8Array>;
  /** The engine's one notification stream; `recv()` resolves `null` once the engine is freed. */
  notifications(): Promise<{ recv(): Promise<Uint8Array | null> }>;
  import(sql: string): Promise<void>;
  export(options: Uint8Array): Promise<string>;
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

let binding: NativeBinding | undefined;

/**
 * The native binding inside `@surrealdb/node` (not in its exports map): found in the package's `dist` folder under
 * the name napi-rs gives this platform, as the package's own loader finds it. Call after `@surrealdb/node` loaded.
 */
export function nativeBinding(): NativeBinding {
  if (binding) return binding;
  const require = createRequire(import.meta.url);
  const dist = (require.resolve.paths('@surrealdb/node') ?? [])
    .map((modules) => join(modules, '@surrealdb', 'node', 'dist'))
    .find((dir) => existsSync(dir));
  const file =
    dist &&
    bindingFileNames()
      .map((name) => join(dist, name))
      .find(existsSync);
  if (!file) {
    throw new Error(
      `@surrealdb/node has no native engine for ${process.platform}-${process.arch}`,
    );
  }
  binding = require(file) as NativeBinding;
  return binding;
}

function bindingFileNames(): string[] {
  const { platform, arch } = process;
  if (platform === 'linux') {
    const musl = existsSync('/usr/bin/ldd')
      ? readFileSync('/usr/bin/ldd', 'utf8').includes('musl')
      : false;
    return [`surrealdb-node.linux-${arch}-${musl ? 'musl' : 'gnu'}.node`];
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
