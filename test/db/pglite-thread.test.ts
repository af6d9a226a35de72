/**
 * Embedded PGlite on its own thread (src/db/pglite-thread.ts): the bot's event loop keeps turning while a
 * statement runs, and what one connection leaves behind (an open transaction, prepared statements) or a
 * dead thread never reaches the next query.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/connect.js';
import { PgliteThread } from '../../src/db/pglite-thread.js';
import { queryRows } from '../../src/db/rows.js';
import { ensurePgliteTemplate } from '../support/pglite-template.js';

const threads: PgliteThread[] = [];
const clients: pg.Client[] = [];

async function startThread(): Promise<PgliteThread> {
  // The migrated template: a fresh cluster's initdb would cost each test seconds more.
  const template = new Blob([new Uint8Array(readFileSync(await ensurePgliteTemplate()))]);
  const thread = await PgliteThread.start({ template });
  threads.push(thread);
  return thread;
}

async function connect(thread: PgliteThread): Promise<pg.Client> {
  const client = new pg.Client({ stream: () => thread.connect(), user: 'postgres', database: 'postgres' });
  client.on('error', () => {}); // the tests below break connections on purpose
  clients.push(client);
  await client.connect();
  return client;
}

afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.end().catch(() => {})));
  await Promise.all(threads.splice(0).map((thread) => thread.close()));
});

describe('PGlite on a worker thread', () => {
  it('keeps the event loop turning while one long statement runs', async () => {
    const client = await connect(await startThread());
    let turns = 0;
    let counting = true;
    const count = () => {
      turns++;
      if (counting) setImmediate(count);
    };
    setImmediate(count);
    // One statement of a few hundred ms: on the bot's own thread, not one turn could happen during it.
    const { rows } = await client.query('select count(*)::int as n from generate_series(1, 3000000) g where g % 7 = 0');
    counting = false;
    expect(rows[0].n).toBe(428571);
    expect(turns).toBeGreaterThan(10);
  });

  it('rolls back what a connection left open, and forgets its prepared statements', async () => {
    const thread = await startThread();
    const first = await connect(thread);
    await first.query('create table notes (body text)');
    await first.query({ name: 'add_note', text: 'insert into notes values ($1)', values: ['kept'] });
    await first.query('begin');
    await first.query({ name: 'add_note', text: 'insert into notes values ($1)', values: ['in flight'] });
    await first.end();

    const second = await connect(thread);
    expect((await second.query('select body from notes')).rows).toEqual([{ body: 'kept' }]);
    // The same statement name on a new connection: a real backend would not know it either.
    await second.query({ name: 'add_note', text: 'insert into notes values ($1)', values: ['again'] });
    expect((await second.query('select count(*)::int as n from notes')).rows[0].n).toBe(2);
  });

  it('rolls back the transaction of a connection that broke off', async () => {
    const thread = await startThread();
    const first = await connect(thread);
    await first.query('create table notes (body text)');
    await first.query('begin');
    await first.query("insert into notes values ('lost')");
    (first as unknown as { connection: { stream: { destroy(): void } } }).connection.stream.destroy();

    const second = await connect(thread);
    await second.query("insert into notes values ('next')"); // would fail inside the dead transaction's block
    expect((await second.query('select body from notes')).rows).toEqual([{ body: 'next' }]);
  });

  it('carries results far larger than one read, intact', async () => {
    const client = await connect(await startThread());
    const bytes = Buffer.alloc(3 * 1024 * 1024 + 17, 0);
    for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 31) % 251;
    await client.query('create table blobs (data bytea)');
    await client.query('insert into blobs values ($1)', [bytes]);
    const { rows } = await client.query('select data from blobs');
    expect(Buffer.compare(rows[0].data, bytes)).toBe(0);
  });

  it('fails queries with a clear error when the thread dies, instead of leaving them waiting', async () => {
    const thread = await startThread();
    const client = await connect(thread);
    const running = client.query('select count(*) from generate_series(1, 50000000)');
    await (thread as unknown as { worker: { terminate(): Promise<number> } }).worker.terminate();
    await expect(running).rejects.toThrow();
    const later = new pg.Client({ stream: () => thread.connect(), user: 'postgres', database: 'postgres' });
    later.on('error', () => {});
    await expect(later.connect()).rejects.toThrow(/PGlite thread exited/);
  });

  it('says why when PGlite cannot open its folder, instead of waiting for ever', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'studybot-pglite-thread-'));
    try {
      const file = join(dataDir, 'not-a-folder');
      writeFileSync(file, 'x');
      await expect(PgliteThread.start({ dataDir: join(file, 'db') })).rejects.toThrow(/PGlite/);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('keeps a data folder across opens, through the same migrations and schema as the server', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'studybot-pglite-thread-'));
    try {
      const first = await openDatabase({ dataDir });
      await first.db.execute(sql`insert into workspaces (platform, external_id) values ('terminal', 'kept')`);
      await first.close();
      const second = await openDatabase({ dataDir });
      const rows = await queryRows(second.db, sql`select external_id from workspaces`);
      await second.close();
      expect(rows).toEqual([{ external_id: 'kept' }]);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
