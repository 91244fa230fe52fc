import { DEFAULT_CONNECTION_NAME } from './connection-options.js';
import type { SurrealConnection } from './surreal-connection.js';
import {
  SurrealConfigError,
  SurrealConnectionNotFoundError,
} from './surreal.errors.js';

/**
 * Named connections of a process, as SurrealEngine's `ConnectionRegistry`. `createConnection()` registers
 * each connection here and `close()` removes it. The default is the connection made with
 * `makeDefault: true`, else the one named "default".
 */
export class ConnectionRegistry {
  private readonly connections = new Map<string, SurrealConnection>();

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
  }

  /** Removes a connection (done by `close()`). */
  unregister(connection: SurrealConnection): void {
    if (this.connections.get(connection.name) === connection) {
      this.connections.delete(connection.name);
    }
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

  private findDefault(): SurrealConnection | undefined {
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
