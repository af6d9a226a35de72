/**
 * Opens the database: the Postgres server when a URL is given, else embedded PGlite in a data folder (or in
 * memory, for tests), on a thread of its own. Both are reached through node-postgres, with the same drizzle
 * schema and the same SQL migrations, applied here at open.
 *
 * The server driver is node-postgres (pg) rather than postgres.js: postgres.js 3.4.9 crashes the
 * process with an uncaught TypeError when a connection dies under a transaction (porsager/postgres
 * #1154, #1208: a deferred write to a socket already set to null, from a setImmediate no caller can
 * catch), and the published patches for it leave the pool wedged. pg reports a dead connection as a
 * rejected query and an 'error' event, both of which src/db/pg-pool.ts handles.
 */
import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import type pg from 'pg';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import { fromRoot } from '../paths.js';
import { lockDataDir, type DataDirLock } from './data-dir-lock.js';
import { createPool } from './pg-pool.js';
import { PgliteThread } from './pglite-thread.js';
import * as schema from './schema.js';

export type Schema = typeof schema;
/** The drizzle handle both drivers share. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;

export interface Database {
  db: Db;
  kind: 'postgres' | 'pglite';
  /** Cheap round trip for health checks. */
  ping(): Promise<void>;
  close(): Promise<void>;
  /**
   * Embedded only: settles if the database stops under the process (its thread died). Nothing can be
   * stored after that, so the app stops and exits non-zero for its supervisor to restart it.
   */
  lost?: Promise<Error>;
}

export interface OpenOptions {
  /** postgres:// URL. Unset: embedded PGlite. */
  url?: string;
  /** PGlite folder; unset with no URL means in-memory (tests). */
  dataDir?: string;
  /** In-memory PGlite only: start from this data-dir dump (see pgliteTemplate) instead of an empty cluster. */
  template?: Blob;
  /** Pool size on the server. */
  maxConnections?: number;
  /**
   * Named prepared statements on the server (default true). Turn off behind a pooler that cannot keep
   * them, such as PgBouncer before 1.21 in transaction mode.
   */
  preparedStatements?: boolean;
  /** Told when a server connection breaks (the pool replaces it; for logs). */
  onConnectionError?: (error: Error) => void;
}

export const migrationsFolder = fromRoot('migrations');

export async function openDatabase(options: OpenOptions = {}): Promise<Database> {
  return options.url ? openPostgres(options.url, options) : openPglite(options);
}

async function openPostgres(url: string, options: OpenOptions): Promise<Database> {
  const pool = createPool({
    target: { url },
    max: options.maxConnections ?? 10,
    preparedStatements: options.preparedStatements !== false,
    onConnectionError: options.onConnectionError,
  });
  return openOnPool(pool, 'postgres', () => endWithin(pool, CLOSE_TIMEOUT_MS));
}

/**
 * PGlite runs on a worker thread (pglite-thread.ts) and is reached through the same node-postgres code as
 * the server, over one connection: PGlite is a single backend, and one connection keeps it that way.
 */
async function openPglite(options: OpenOptions): Promise<Database> {
  let lock: DataDirLock | undefined;
  if (options.dataDir) {
    mkdirSync(options.dataDir, { recursive: true });
    lock = lockDataDir(options.dataDir); // before PGlite touches the folder
  }
  let thread: PgliteThread;
  try {
    thread = await PgliteThread.start({ dataDir: options.dataDir, template: options.dataDir ? undefined : options.template });
  } catch (error) {
    lock?.release();
    throw error;
  }
  const pool = createPool({ target: { stream: () => thread.connect() }, max: 1, preparedStatements: true });
  const database = await openOnPool(pool, 'pglite', async () => {
    try {
      await pool.end();
      await thread.close();
    } finally {
      lock?.release();
    }
  });
  return { ...database, lost: thread.died };
}

async function openOnPool(pool: pg.Pool, kind: Database['kind'], close: () => Promise<void>): Promise<Database> {
  // Idle clients that lose their connection are dropped by the pool; this only keeps it from being fatal.
  pool.on('error', () => {});
  const db = drizzlePg(pool, { schema });
  try {
    await migratePg(db, { migrationsFolder });
  } catch (error) {
    await close().catch(() => {});
    throw error;
  }
  return {
    db: db as unknown as Db,
    kind,
    ping: async () => {
      await pool.query('select 1');
    },
    close,
  };
}

/** Like postgres.js's end({ timeout: 5 }): wait for queries in flight, but not forever. */
const CLOSE_TIMEOUT_MS = 5_000;

async function endWithin(pool: pg.Pool, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const gaveUp = new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)));
  try {
    await Promise.race([pool.end(), gaveUp]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * A migrated, empty in-memory database as a PGlite data-dir dump, to pass as `template`: loading it
 * skips initdb and the migrations (the tests open many databases; this makes each open a few times cheaper).
 */
export async function pgliteTemplate(): Promise<Blob> {
  const client = new PGlite();
  try {
    await migratePglite(drizzlePglite(client, { schema }), { migrationsFolder });
    return await client.dumpDataDir('gzip');
  } finally {
    await client.close();
  }
}
