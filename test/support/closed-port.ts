/** A loopback port nothing listens on (opened, then closed at once): a connection there is refused, never sent. */
import { createServer } from 'node:net';

export async function closedLoopbackPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
