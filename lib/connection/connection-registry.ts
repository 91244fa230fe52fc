import { AsyncLocalStorage } from 'node:async_hooks';
import { DEFAULT_CONNECTION_NAME } from './connection-options.js';
import type { SurrealConnection } from './surreal-connection.js';
import {
  SurrealConfigError,
  SurrealConnectionNotFoundError,
} from './surreal.errors.js';

// Registries holding at least one connection: the process-wide one and one per running Nest application.
const liveRegistries = new Set<ConnectionRegistry>();
const scope = new AsyncLocalStorage<ConnectionRegistry>();

/**
 * Named connections, as SurrealEngine's `ConnectionRegistry`. `createConnection()` registers each connection in
 * the process-wide `connectionRegistry` (or the registry it is given) and `close()` removes it. The default is the
 * connection made with `makeDefault: true`, else the one named "default". `SurrealModule` gives each Nest
 * application a registry of its own, so two applications can use the same names side by side.
 */
export class ConnectionRegistry {
  private readonly connections = new Map<string, SurrealConnection>();

  /** @param label How errors name this registry, e.g. `Nest application 2`. */
  constructor(readonly label = 'process') {}

  /** Adds a connection; a second one under the same name, or a second default, is an error. */
  register(connection: SurrealConnection): void {
    const { name } = connection;
    if (this.connections.has(name)) {
      throw new SurrealConfigError(
        `connection "${name}" is already registered: give each connection its own "name" (or close the old one first)`,
        name,
      );
    }
    if (connection.options.makeDefault || name === DEFAULT_CONNECTION_NAME) {
      const rival = this.findDefault();
      if (rival) {
        throw new SurrealConfigError(
          `connection "${name}" cannot be the default: connection "${rival.name}" already is; set "makeDefault" on one connection only`,
          name,
        );
      }
    }
    this.connections.set(name, connection);
    liveRegistries.add(this);
  }

  /** Removes a connection (done by `close()`). */
  unregister(connection: SurrealConnection): void {
    if (this.connections.get(connection.name) === connection) {
      this.connections.delete(connection.name);
    }
    if (this.connections.size === 0) liveRegistries.delete(this);
  }

  /** The connection registered under `name`; no name means the default. */
  getConnection(name?: string): SurrealConnection {
    if (name === undefined) return this.getDefaultConnection();
    const connection = this.connections.get(name);
    if (!connection) {
      throw new SurrealConnectionNotFoundError(
        `no connection named "${name}"; registered: ${this.describe()}`,
        name,
      );
    }
    return connection;
  }

  /** The default connection: `makeDefault: true`, else the one named "default". */
  getDefaultConnection(): SurrealConnection {
    const connection = this.findDefault();
    if (!connection) {
      throw new SurrealConnectionNotFoundError(
        `no default connection; registered: ${this.describe()}. Name one "default" or set "makeDefault: true"`,
      );
    }
    return connection;
  }

  /** Whether a connection is registered under `name`. */
  has(name: string): boolean {
    return this.connections.has(name);
  }

  /** Names of the registered connections. */
  names(): string[] {
    return [...this.connections.keys()];
  }

  /** The registered connections. */
  list(): SurrealConnection[] {
    return [...this.connections.values()];
  }

  /** Closes every registered connection. */
  async closeAll(): Promise<void> {
    await Promise.all(this.list().map((connection) => connection.close()));
  }

  /**
   * Runs `fn` with this registry as the one `Model.objects`, `save()` and `using(name)` resolve against (also in
   * everything `fn` awaits). `SurrealModule` does this for each request its application handles.
   */
  run<T>(fn: () => T): T {
    return scope.run(this, fn);
  }

  /** @internal The default connection, or undefined. */
  findDefault(): SurrealConnection | undefined {
    return (
      this.list().find((connection) => connection.options.makeDefault) ??
      this.connections.get(DEFAULT_CONNECTION_NAME)
    );
  }

  private describe(): string {
    const names = this.names();
    return names.length ? names.map((name) => `"${name}"`).join(', ') : 'none';
  }
}

/** The process-wide registry that `createConnection()` uses unless told otherwise. */
export const connectionRegistry = new ConnectionRegistry();

/**
 * The connection a model uses when none is given (`Model.objects`, `save()`), or the one named `name`
 * (`using('analytics')`). The rule: inside `registry.run()` (every request a Nest application handles) that
 * registry decides; elsewhere the one registry that has such a connection, among the process-wide registry and
 * each running Nest application's. When several have one, the choice would be a guess: it is an error.
 */
export function findConnection(name?: string): SurrealConnection {
  const scoped = scope.getStore();
  if (scoped) return scoped.getConnection(name);
  const candidates = [...liveRegistries].filter((registry) =>
    name === undefined ? registry.findDefault() : registry.has(name),
  );
  if (candidates.length === 1) return candidates[0].getConnection(name);
  if (candidates.length === 0) return connectionRegistry.getConnection(name);
  const what =
    name === undefined ? 'a default connection' : `a connection "${name}"`;
  throw new SurrealConnectionNotFoundError(
    `${candidates.length} registries have ${what} (${candidates.map((registry) => registry.label).join(', ')}): outside a request it is ambiguous which one is meant. Pass the connection object (using(connection), save({ connection })), inject a repository, or run the code in registry.run(() => ...)`,
    name,
  );
}
