/**
 * The database a bench/interactions.ts run uses: with DATABASE_URL, a fresh database on that server
 * (made here, dropped afterwards) that the bot processes open by URL; without, nothing here: each
 * bot process opens its own in-memory PGlite.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import pg from 'pg';

export interface BenchDatabase {
  kind: 'postgres' | 'pglite';
  /** For the bot processes; undefined on PGlite. */
  url?: string;
  /**
   * CPU the server's backends for this database have used so far (ms, from /proc: the server runs on
   * this machine); undefined on PGlite, whose work is the bot process's own.
   */
  serverCpuMs(): Promise<number | undefined>;
  drop(): Promise<void>;
}

/** utime + stime of a process, in ms (clock ticks of 10 ms); 0 once it has gone. */
function processCpuMs(pid: number): number {
  try {
    // Fields after the command name, which is in parentheses and may hold spaces.
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return 0;
  }
}

/** A fresh database on the server at `url`, for one bench run: its URL, an admin connection, and its drop. */
export async function scratchServerDatabase(url: string): Promise<{ name: string; url: string; admin: pg.Client; drop(): Promise<void> }> {
  const name = `studybot_bench_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create database "${name}"`);
  const target = new URL(url);
  target.pathname = `/${name}`;
  return {
    name,
    url: target.toString(),
    admin,
    drop: async () => {
      await admin.query(`drop database if exists "${name}" with (force)`);
      await admin.end();
    },
  };
}

export async function benchDatabase(): Promise<BenchDatabase> {
  const url = process.env.DATABASE_URL;
  if (!url) return { kind: 'pglite', serverCpuMs: async () => undefined, drop: async () => {} };
  const scratch = await scratchServerDatabase(url);
  return {
    kind: 'postgres',
    url: scratch.url,
    serverCpuMs: async () => {
      const { rows } = await scratch.admin.query<{ pid: number }>('select pid from pg_stat_activity where datname = $1', [scratch.name]);
      return rows.reduce((sum, row) => sum + processCpuMs(row.pid), 0);
    },
    drop: scratch.drop,
  };
}
