/**
 * The node-postgres pool the server database runs on, hardened for connections that die under it
 * (a backend killed with pg_terminate_backend, a Postgres restart, a failover):
 *
 * - Every client always has an 'error' listener. node-postgres emits 'error' on a client whose
 *   connection breaks; pg-pool listens only while the client is idle, so a checked-out client (inside a
 *   transaction) would otherwise crash the process with an unhandled 'error' event.
 * - A checked-out client whose connection breaks is handed back to the pool at once (which drops it),
 *   and a second release is a no-op. drizzle's transaction() never releases the client when BEGIN
 *   itself fails, and every such leak would shrink the pool until it wedged.
 * - Named prepared statements, as postgres.js had them: each statement text gets a stable name, so the
 *   server parses and plans it once per connection. Off for poolers that cannot keep them.
 * - Connection attempts time out (a failover can leave the old address silent), and connections are
 *   recycled every half hour so the per-connection statement cache cannot grow without end.
 */
import { createHash } from 'node:crypto';
import type { Duplex } from 'node:stream';
import pg from 'pg';

export interface PoolOptions {
  /** The server's postgres:// URL, or the embedded database's connection streams (pglite-thread.ts). */
  target: { url: string } | { stream: () => Duplex };
  max: number;
  preparedStatements: boolean;
  /** Told about connection errors that the pool handled (for logs). */
  onConnectionError?: (error: Error) => void;
}

const CONNECT_TIMEOUT_MS = 5_000;
const MAX_LIFETIME_S = 30 * 60;
/** pg's default (10 s) would drop warm connections, and their prepared statements, between bursts. */
const IDLE_TIMEOUT_MS = 5 * 60_000;

type Release = (error?: Error | boolean) => void;

export function createPool(options: PoolOptions): pg.Pool {
  const prepared = options.preparedStatements;

  class StudybotClient extends pg.Client {
    private poolRelease?: Release;
    private checkedOut = false;

    constructor(config?: pg.ClientConfig) {
      super(config);
      this.on('error', (error: Error) => {
        options.onConnectionError?.(error);
        if (this.checkedOut) this.release(error);
      });
    }

    // pg-pool assigns `client.release` at every checkout; keep its function and hand out a guarded one.
    set release(fn: Release) {
      this.poolRelease = fn;
      this.checkedOut = true;
    }

    get release(): Release {
      return (error?: Error | boolean) => {
        if (!this.checkedOut) return;
        this.checkedOut = false;
        this.poolRelease?.(error);
      };
    }

    override query(...args: unknown[]): never {
      const [config] = args;
      if (prepared && isPlainQueryConfig(config) && !config.name) args[0] = { ...config, name: statementName(config.text) };
      return (super.query as (...a: unknown[]) => never)(...args);
    }
  }

  const { target } = options;
  const where: pg.PoolConfig =
    'url' in target
      ? {
          connectionString: target.url,
          connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
          idleTimeoutMillis: IDLE_TIMEOUT_MS,
          maxLifetimeSeconds: MAX_LIFETIME_S,
          keepAlive: true,
          keepAliveInitialDelayMillis: 10_000,
        }
      : // In memory, nothing can go silent, and the connection is kept for good: PGlite's one role and database.
        { stream: target.stream, user: 'postgres', database: 'postgres', idleTimeoutMillis: 0 };
  return new pg.Pool({ ...where, max: options.max, Client: StudybotClient });
}

function isPlainQueryConfig(config: unknown): config is { text: string; name?: string } {
  return (
    typeof config === 'object' &&
    config !== null &&
    typeof (config as { text?: unknown }).text === 'string' &&
    typeof (config as { submit?: unknown }).submit !== 'function'
  );
}

/** Same text, same name, on every connection; 120 bits of SHA-1 make a collision out of reach. */
function statementName(text: string): string {
  return `sb_${createHash('sha1').update(text).digest('hex').slice(0, 30)}`;
}
