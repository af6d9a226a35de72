/**
 * A TCP proxy in front of the Postgres server, for fault tests: it can cut every connection at once and
 * then, for a while, answer new connections the way a restarting or failed-over server does.
 * - 'forward': pipe to the upstream.
 * - 'starting-up': read the startup packet, reply FATAL 57P03 "the database system is starting up", close
 *   (what Postgres says during a restart or recovery).
 * - 'reset': close new connections at once (a primary that is gone, before the address moves).
 * Only 127.0.0.1.
 */
import { createServer, connect, type Server, type Socket } from 'node:net';

export type ProxyMode = 'forward' | 'starting-up' | 'reset';

export interface TcpProxy {
  readonly port: number;
  mode: ProxyMode;
  /** Where 'forward' connects (change it to model a failover to another address). */
  upstream: { host: string; port: number };
  /** Connections turned away since the last cut. */
  readonly refused: number;
  /** Cuts every open connection and switches to `mode`. */
  cut(mode: Exclude<ProxyMode, 'forward'>): void;
  /** Resolves once `count` connections have been turned away since the last cut. */
  refusals(count: number): Promise<void>;
  close(): Promise<void>;
}

export async function startTcpProxy(upstream: { host: string; port: number }): Promise<TcpProxy> {
  const open = new Set<Socket>();
  let refused = 0;
  let waiters: { count: number; resolve: () => void }[] = [];
  const track = (socket: Socket) => {
    open.add(socket);
    socket.on('close', () => open.delete(socket));
    socket.on('error', () => socket.destroy());
  };
  const turnedAway = () => {
    refused++;
    waiters = waiters.filter((w) => (refused >= w.count ? (w.resolve(), false) : true));
  };

  const proxy: TcpProxy = {
    port: 0,
    mode: 'forward',
    upstream,
    get refused() {
      return refused;
    },
    cut(mode) {
      proxy.mode = mode;
      refused = 0;
      for (const socket of open) socket.destroy();
    },
    refusals(count) {
      return refused >= count ? Promise.resolve() : new Promise((resolve) => waiters.push({ count, resolve }));
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of open) socket.destroy();
        server.close(() => resolve());
      }),
  };

  const server: Server = createServer((client) => {
    track(client);
    switch (proxy.mode) {
      case 'reset':
        turnedAway();
        client.destroy();
        return;
      case 'starting-up':
        client.once('data', () => {
          turnedAway();
          client.end(startingUpError());
        });
        return;
      case 'forward': {
        const server = connect(proxy.upstream.port, proxy.upstream.host);
        track(server);
        client.pipe(server).pipe(client);
        client.on('close', () => server.destroy());
        server.on('close', () => client.destroy());
      }
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  (proxy as { port: number }).port = (server.address() as { port: number }).port;
  return proxy;
}

/** A protocol ErrorResponse: FATAL 57P03, as a server in startup or recovery sends it. */
function startingUpError(): Buffer {
  const fields = ['SFATAL', 'VFATAL', 'C57P03', 'Mthe database system is starting up'];
  const body = Buffer.concat([...fields.map((f) => Buffer.from(`${f}\0`)), Buffer.from([0])]);
  const head = Buffer.alloc(5);
  head.write('E', 0);
  head.writeInt32BE(body.length + 4, 1);
  return Buffer.concat([head, body]);
}
