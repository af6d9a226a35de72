/**
 * The database a bench/interactions.ts run uses: with DATABASE_URL, a fresh database on that server
 * (made here, dropped afterwards) that the bot processes open by URL; without, nothing here: each
 * bot process opens its own in-memory PGlite.
 */
import { randomBytes } from 'node:crypto';

export interface BenchDatabase {
  kind: 'postgres' | 'pglite';
  /** For the bot processes; undefined on PGlite. */
  url?: string;
  drop(): Promise<void>;
}

export async function benchDatabase(): Promise<BenchDatabase> {
  const url = process.env.DATABASE_URL;
  if (!url) return { kind: 'pglite', drop: async () => {} };
  const pg = (await import('pg')).default;
  const name = `studybot_bench_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create database "${name}"`);
  const target = new URL(url);
  target.pathname = `/${name}`;
  return {
    kind: 'postgres',
    url: target.toString(),
    drop: async () => {
      await admin.query(`drop database if exists "${name}" with (force)`);
      await admin.end();
    },
  };
}
