/**
 * Storage test helpers: every storage test runs on PGlite, and also on the Postgres server
 * when DATABASE_URL is set (CI sets it). Each open on the server gets a fresh database,
 * so parallel test files and repeated CI runs never collide.
 */
import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { afterAll, beforeAll } from 'vitest';
import { openDatabase, type Database } from '../../src/db/connect.js';
import { openTemplatedPglite } from './pglite-template.js';

export interface DbTarget {
  name: 'pglite' | 'postgres';
  open(): Promise<Database>;
}

const serverUrl = process.env.DATABASE_URL;

export const dbTargets: DbTarget[] = [
  { name: 'pglite', open: openTemplatedPglite },
  ...(serverUrl ? [{ name: 'postgres' as const, open: () => openFreshServerDatabase(serverUrl) }] : []),
];

/** Creates `studybot_test_<random>` on the server, opens it, and drops it again on close. */
export async function openFreshServerDatabase(url: string, maxConnections = 8, preparedStatements = true): Promise<Database> {
  const name = `studybot_test_${randomBytes(6).toString('hex')}`;
  await withAdmin(url, (sql) => sql.unsafe(`create database "${name}"`));
  const target = new URL(url);
  target.pathname = `/${name}`;
  const database = await openDatabase({ url: target.toString(), maxConnections, preparedStatements });
  return {
    ...database,
    close: async () => {
      await database.close();
      await withAdmin(url, (sql) => sql.unsafe(`drop database if exists "${name}" with (force)`));
    },
  };
}

async function withAdmin(url: string, work: (sql: postgres.Sql) => Promise<unknown>): Promise<void> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await work(sql);
  } finally {
    await sql.end();
  }
}

/** Opens a database for one test and closes it whatever happens. */
export async function withDb(open: () => Promise<Database>, work: (db: Database) => Promise<void>): Promise<void> {
  const database = await open();
  try {
    await work(database);
  } finally {
    await database.close();
  }
}

/**
 * One database for a whole describe block, for blocks that share one (opening PGlite is slow). Call it
 * first in the block: `opened` gets the database to keep and seed before the block's other beforeAll
 * hooks, and it closes after the block's own afterAll hooks (vitest runs those last-registered first),
 * so what a block started on the database is stopped before it closes.
 */
export function openForSuite(target: DbTarget, opened: (database: Database) => void | Promise<void>): void {
  let database: Database | undefined;
  beforeAll(async () => {
    database = await target.open();
    await opened(database);
  });
  afterAll(async () => {
    await database?.close();
  });
}
