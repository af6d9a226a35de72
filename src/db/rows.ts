/** Raw SQL helpers shared by the stores: one shape for rows and timestamps from both drivers. */
import { sql, type SQL } from 'drizzle-orm';
import type { Db } from './connect.js';

/** The handle a drizzle transaction callback receives. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

/** A transaction handle or the database: both run the same statements. */
export type Queryable = Db | Tx;

/** postgres.js returns rows as an array, PGlite as `{ rows }`: read both. */
export async function queryRows<T>(db: Queryable, statement: SQL): Promise<T[]> {
  const result: unknown = await db.execute(statement);
  if (Array.isArray(result)) return result as T[];
  return ((result as { rows?: T[] }).rows ?? []) as T[];
}

/** Timestamps travel as epoch milliseconds (drivers disagree on Date vs string); this reads them back. */
export function msToDate(value: unknown): Date {
  return new Date(Number(value));
}

/** Reads a timestamptz column as epoch milliseconds (pair with msToDate). */
export function epochMs(column: SQL): SQL {
  return sql`(extract(epoch from ${column}) * 1000)::float8`;
}
