import { connect, createServer, type Socket } from 'node:net';

/**
 * A TCP relay in front of a server, to break the link without touching the server: `blackhole()` swallows what
 * clients send (requests leave the client but never arrive), `deafen()` swallows what the server sends (requests
 * arrive and run, their replies are lost), `reset()` drops every open link and relays normally again.
 */
export interface LinkProxy {
  url: string;
  blackhole(): void;
  deafen(): void;
  reset(): void;
  close(): Promise<void>;
}

export async function startLinkProxy(targetPort: number): Promise<LinkProxy> {
  const links = new Set<Socket>();
  let swallowing = false;
  let deaf = false;
  const server = createServer((client) => {
    const upstream = connect(targetPort, '127.0.0.1');
    links.add(client).add(upstream);
    client.on('data', (chunk) => {
      if (!swallowing) upstream.write(chunk);
    });
    upstream.on('data', (chunk) => {
      if (!deaf) client.write(chunk);
    });
    const drop = () => {
      client.destroy();
      upstream.destroy();
      links.delete(client);
      links.delete(upstream);
    };
    client.on('close', drop).on('error', drop);
    upstream.on('close', drop).on('error', drop);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `ws://127.0.0.1:${port}/rpc`,
    blackhole: () => {
      swallowing = true;
    },
    deafen: () => {
      deaf = true;
    },
    reset: () => {
      swallowing = false;
      deaf = false;
      for (const socket of links) socket.destroy();
      links.clear();
    },
    close: async () => {
      for (const socket of links) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
