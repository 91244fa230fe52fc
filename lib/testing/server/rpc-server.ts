import {
  createServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { escapeIdent, toSurqlString } from 'surrealdb';
import WebSocket, { WebSocketServer } from 'ws';
import type {
  TestServerCapabilities,
  TestServerStats,
} from '../test-server.interfaces.js';
import { EngineHost } from './engine-host.js';
import type { SessionOwner } from './engine-session.js';
import { ServerCapabilities } from './capabilities.js';
import { httpErrors, sendError } from './http-request.js';
import { HttpRoutesHandler } from './http-routes.handler.js';
import { HttpRpcHandler } from './http-rpc.handler.js';
import { openNativeEngine } from './native-engine.js';
import { RpcConnection } from './rpc-connection.js';
import { cbor } from './rpc-frames.js';

/** Settings of one server process. */
export interface RpcServerOptions {
  storage: string;
  port: number;
  username?: string;
  password?: string;
  capabilities: TestServerCapabilities;
}

/** The setup session that defines the root user; it never reaches a client. */
const SETUP_OWNER: SessionOwner = { deliver: () => undefined };

/** A SurrealDB-compatible server on the embedded engine: WebSocket and HTTP RPC on one port, on 127.0.0.1. */
export class RpcServer {
  private readonly connections = new Set<Promise<RpcConnection>>();
  private readonly closing = new Set<Promise<void>>();
  private readonly http: HttpRpcHandler;
  private readonly routes: HttpRoutesHandler;
  private readonly server: Server;
  private readonly wss = new WebSocketServer({
    noServer: true,
    // The SDK asks for `cbor`; a raw client that names no protocol gets CBOR too.
    handleProtocols: (protocols) => (protocols.has('cbor') ? 'cbor' : false),
  });
  private liveConnections = new Set<RpcConnection>();

  private constructor(private readonly host: EngineHost) {
    this.http = new HttpRpcHandler(host);
    this.routes = new HttpRoutesHandler(host);
    this.server = createServer((request, response) => {
      void this.onRequest(request, response);
    });
    this.server.on(
      'upgrade',
      (request: IncomingMessage, socket: Duplex, head: Buffer) =>
        this.onUpgrade(request, socket, head),
    );
  }

  /** Opens the engine, creates the root user when credentials are given, and listens. */
  static async start(
    options: RpcServerOptions,
  ): Promise<{ server: RpcServer; port: number }> {
    const capabilities = new ServerCapabilities(options.capabilities);
    const engine = await openNativeEngine(
      options.storage,
      capabilities.forEngine(),
    );
    const authRequired =
      options.username !== undefined && options.password !== undefined;
    // `/version` answers what the engine is, e.g. `surrealdb-3.0.2`, as a real server of that version does.
    const version = cbor.decode<string>(
      await engine.execute(cbor.encode({ method: 'version' })),
    );
    const host = new EngineHost(engine, authRequired, capabilities, version);
    if (authRequired) {
      const setup = await host.attach(SETUP_OWNER, undefined);
      // DEFINE USER ... PASSWORD takes no $param: the password goes in as an escaped string literal.
      const statement = `DEFINE USER IF NOT EXISTS ${escapeIdent(options.username!)} ON ROOT PASSWORD ${toSurqlString(options.password!)} ROLES OWNER`;
      const [result] = await host.call<{ status: string; result?: unknown }[]>(
        'query',
        [statement],
        setup,
      );
      await host.release(setup);
      if (result?.status !== 'OK')
        throw new Error(
          `Could not create the root user: ${String(result?.result)}`,
        );
    }
    await host.startNotifications();
    const server = new RpcServer(host);
    await new Promise<void>((resolve, reject) => {
      server.server.once('error', reject);
      server.server.listen(options.port, '127.0.0.1', () => resolve());
    });
    return { server, port: (server.server.address() as AddressInfo).port };
  }

  private async onRequest(
    request: IncomingMessage,
    response: ServerResponse,
  ): Promise<void> {
    const path = (request.url ?? '/').split('?')[0];
    const route = HttpRoutesHandler.routeOf(path);
    const capabilities = this.host.capabilities;
    try {
      if (route !== undefined) {
        await this.routes.handle(route, path, request, response);
      } else if (path === '/rpc' && request.method === 'POST') {
        if (capabilities.allowsHttp('rpc'))
          await this.http.handle(request, response);
        else sendError(response, httpErrors.forbiddenRoute('rpc'));
      } else if (path === '/status' && request.method === 'GET') {
        response.writeHead(200).end();
      } else if (
        (path === '/health' || path === '/version') &&
        request.method === 'GET'
      ) {
        const name = path.slice(1);
        if (!capabilities.allowsHttp(name))
          sendError(response, httpErrors.forbiddenRoute(name));
        else if (name === 'health') response.writeHead(200).end();
        else
          response
            .writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8' })
            .end(this.host.version);
      } else {
        response.writeHead(404).end();
      }
    } catch (error) {
      if (!response.headersSent)
        response.writeHead(500, { 'Content-Type': 'text/plain' });
      response.end(String(error));
    }
  }

  private onUpgrade(
    request: IncomingMessage,
    socket: Duplex,
    head: Buffer,
  ): void {
    const path = (request.url ?? '/').split('?')[0];
    if (path !== '/rpc') {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
      return;
    }
    if (!this.host.capabilities.allowsHttp('rpc')) {
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n');
      return;
    }
    this.wss.handleUpgrade(request, socket, head, (ws) => this.onSocket(ws));
  }

  private onSocket(ws: WebSocket): void {
    const opening = RpcConnection.open(this.host, ws);
    this.connections.add(opening);
    opening.then(
      (connection) => this.liveConnections.add(connection),
      () => ws.terminate(),
    );
    ws.on('error', () => ws.terminate());
    ws.once('close', () => {
      const cleanup = opening
        .then(async (connection) => {
          await connection.close();
          this.liveConnections.delete(connection);
        })
        .catch(() => undefined)
        .finally(() => {
          this.connections.delete(opening);
          this.closing.delete(cleanup);
        });
      this.closing.add(cleanup);
    });
  }

  /** Diagnostic counts; see {@link TestServerStats}. */
  async stats(): Promise<TestServerStats> {
    // Let cleanups of connections that already closed finish, so the counts are not a snapshot of a half-done drop.
    await Promise.allSettled(this.closing);
    const engine = await this.host.stats();
    let transactions = 0;
    for (const connection of this.liveConnections)
      transactions += connection.transactionCount;
    return {
      connections: this.connections.size,
      engineSessions: engine.engineSessions,
      sessions: engine.sessions,
      httpSessions: this.http.cachedSessions,
      liveQueries: engine.liveQueries,
      liveRoutes: engine.liveRoutes,
      transactions,
      orphanNotifications: engine.orphanNotifications,
    };
  }

  /** Closes every client (their live queries, transactions and sessions are cleaned up), then the engine. */
  async close(): Promise<void> {
    const closed = new Promise<void>((resolve) =>
      this.server.close(() => resolve()),
    );
    this.server.closeAllConnections();
    for (const client of this.wss.clients)
      client.close(1001, 'Server shutting down');
    // A client that does not answer the close handshake is cut off rather than waited for (ws waits 30 s).
    const cutOff = setTimeout(() => {
      for (const client of this.wss.clients) client.terminate();
    }, 500);
    await closed;
    clearTimeout(cutOff);
    await Promise.allSettled(this.connections);
    await Promise.allSettled(this.closing);
    await this.http.close();
    await this.host.close();
  }
}
