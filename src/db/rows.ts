/** Raw SQL helpers shared by the stores: one shape for rows and timestamps from both drivers. */
import { getTableColumns, sql, type SQL, type Table } from 'drizzle-orm';
import type { Platform } from '../core/ports.js';
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

/** A timestamptz parameter both drivers accept (the scheduler's and /daily's stores use it). */
export function timestamptz(at: Date): SQL {
  return sql`${at.toISOString()}::timestamptz`;
}

/**
 * Ids as an array for `id = any(...)`, travelling as one JSON parameter (a claimant's heartbeat may hold
 * thousands): the primary key finds them, where `id in (select ...)` over the same JSON scanned the table.
 */
export function idArray(ids: readonly number[]): SQL {
  return sql`array(select (jsonb_array_elements_text(${JSON.stringify(ids)}::jsonb))::bigint)`;
}

/** Reads a timestamptz column as epoch milliseconds (pair with msToDate). */
export function epochMs(column: SQL): SQL {
  return sql`(extract(epoch from ${column}) * 1000)::float8`;
}

/**
 * `values` keyed by the table's SQL column names instead of its property names, for rows that travel as
 * one JSON parameter to json_to_recordset (Dates become ISO strings on the way).
 */
export function bySqlName<T extends Table>(table: T, values: { [K in keyof T['_']['columns']]?: unknown }): Record<string, unknown> {
  const columns: Record<string, { name: string }> = getTableColumns(table);
  return Object.fromEntries(Object.entries(values).map(([key, value]) => [columns[key]!.name, value]));
}

/** `a, b, c` for `platform in (…)`. */
export function platformList(platforms: readonly Platform[]): SQL {
  return sql.join(platforms.map((p) => sql`${p}`), sql`, `);
}
