/**
 * Opens the database: postgres.js when a URL is given, else embedded PGlite in a data folder.
 * Both get the same drizzle schema and the same SQL migrations, applied here at open.
 */
import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import postgres, { type Sql } from 'postgres';
import { fromRoot } from '../paths.js';
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
}

export interface OpenOptions {
  /** postgres:// URL. Unset: embedded PGlite. */
  url?: string;
  /** PGlite folder; unset with no URL means in-memory (tests). */
  dataDir?: string;
  /** Pool size for postgres.js. */
  maxConnections?: number;
  /**
   * Named prepared statements on the server (default true). Turn off behind a pooler that cannot keep
   * them, such as PgBouncer before 1.21 in transaction mode.
   */
  preparedStatements?: boolean;
}

export const migrationsFolder = fromRoot('migrations');

export async function openDatabase(options: OpenOptions = {}): Promise<Database> {
  return options.url ? openPostgres(options.url, options) : openPglite(options);
}

async function openPostgres(url: string, options: OpenOptions): Promise<Database> {
  const client = postgres(url, {
    max: options.maxConnections ?? 10,
    onnotice: () => {},
  });
  const db = drizzlePostgres(options.preparedStatements === false ? client : preparing(client), { schema });
  await migratePostgres(db, { migrationsFolder });
  return {
    db: db as unknown as Db,
    kind: 'postgres',
    ping: async () => {
      await client`select 1`;
    },
    close: () => client.end({ timeout: 5 }),
  };
}

/**
 * drizzle's postgres.js driver sends every statement unnamed, which postgres.js runs as two round trips
 * (describe, then execute) with a fresh parse and plan each time. Named statements are described and
 * parsed once per connection, then cost one round trip. This client makes every statement named,
 * including those inside transactions and savepoints.
 */
function preparing(client: Sql): Sql {
  return new Proxy(client, {
    get(target, key, receiver) {
      switch (key) {
        case 'unsafe':
          return (query: string, params?: unknown[], options?: Record<string, unknown>) =>
            target.unsafe(query, params as never, { ...options, prepare: true });
        case 'begin':
        case 'savepoint': {
          // Both take their callback last and hand it the scoped client, which must prepare too.
          const open = (Reflect.get(target, key, receiver) as (...a: unknown[]) => unknown).bind(target);
          return (...args: unknown[]) => {
            const fn = args.pop() as (sql: Sql) => unknown;
            return open(...args, (inner: Sql) => fn(preparing(inner)));
          };
        }
        default:
          return Reflect.get(target, key, receiver);
      }
    },
  });
}

async function openPglite(options: OpenOptions): Promise<Database> {
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
  const client = options.dataDir ? new PGlite(options.dataDir) : new PGlite();
  const db = drizzlePglite(client, { schema });
  await migratePglite(db, { migrationsFolder });
  return {
    db: db as unknown as Db,
    kind: 'pglite',
    ping: async () => {
      await client.query('select 1');
    },
    close: () => client.close(),
  };
}
