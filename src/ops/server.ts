/** The operations HTTP server: GET /healthz (200 or 503, JSON detail) and GET /metrics (Prometheus text). */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';
import type { Logger } from '../log.js';
import type { HealthReport } from './health.js';

export interface OpsServerOptions {
  host: string;
  /** 0 picks a free port; read the real one from `port` afterwards. */
  port: number;
  health(): Promise<HealthReport>;
  registry: Registry;
  log?: Logger;
}

export interface OpsServer {
  readonly port: number;
  readonly host: string;
  close(): Promise<void>;
}

export async function startOpsServer(options: OpsServerOptions): Promise<OpsServer> {
  const server = createServer((request, response) => {
    route(request, response, options).catch((error: unknown) => {
      options.log?.error({ err: error, path: request.url }, 'ops request failed');
      if (!response.headersSent) send(response, 500, 'text/plain; charset=utf-8', 'internal error\n');
      else response.destroy();
    });
  });
  // Health probes are short; don't let idle keep-alive sockets hold shutdown up.
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  options.log?.info({ host: address.address, port: address.port }, 'health and metrics server listening');
  return {
    port: address.port,
    host: address.address,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function route(request: IncomingMessage, response: ServerResponse, options: OpsServerOptions): Promise<void> {
  const path = (request.url ?? '/').split('?')[0];
  const method = request.method ?? 'GET';
  if (path !== '/healthz' && path !== '/metrics') {
    send(response, 404, 'text/plain; charset=utf-8', 'not found: try /healthz or /metrics\n');
    return;
  }
  if (method !== 'GET' && method !== 'HEAD') {
    response.setHeader('allow', 'GET, HEAD');
    send(response, 405, 'text/plain; charset=utf-8', 'method not allowed\n');
    return;
  }
  if (path === '/healthz') {
    const report = await options.health();
    send(response, report.status === 'ok' ? 200 : 503, 'application/json', `${JSON.stringify(report)}\n`, method);
    return;
  }
  send(response, 200, options.registry.contentType, await options.registry.metrics(), method);
}

function send(response: ServerResponse, status: number, type: string, body: string, method = 'GET'): void {
  response.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
  response.end(method === 'HEAD' ? undefined : body);
}
