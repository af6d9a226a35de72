/**
 * kill -9 of the real bot process (`tsx src/main.ts`, Slack HTTP mode) in the middle of a burst of
 * answers: after a restart on the same database, every press the process acknowledged with a 200 is
 * recorded exactly once and its user has been answered, including the ones it acked but had not
 * committed (replayed from the interaction inbox). Runs on the server when DATABASE_URL is set, else on
 * an embedded PGlite folder.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src/db/connect.js';
import { queryRows } from '../../../src/db/rows.js';
import { startChildBot, type ChildBot } from '../../support/child-bot.js';
import { FakeSlack, type Who } from '../../support/slack-requests.js';
import { startSlackStandIn, type RecordedCall } from '../../support/slack-standin.js';

const SECRET = 'crash-test-signing-secret';
const PRESSES = 40;
/** Two cold starts of the bot (tsx, migrations) on a loaded machine. */
const SLOW = 300_000;
const serverUrl = process.env.DATABASE_URL;
const cleanups: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

/** A database of the test's own: a fresh one on the server, or a PGlite folder. */
async function ownDatabase(): Promise<{ env: Record<string, string>; open: () => ReturnType<typeof openDatabase> }> {
  if (!serverUrl) {
    const dataDir = mkdtempSync(join(tmpdir(), 'studybot-crash-'));
    cleanups.push(async () => rmSync(dataDir, { recursive: true, force: true }));
    return { env: { DATA_DIR: dataDir }, open: () => openDatabase({ dataDir }) };
  }
  const name = `studybot_crash_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`create database "${name}"`);
  await admin.end();
  cleanups.push(async () => {
    const dropper = new pg.Client({ connectionString: serverUrl });
    await dropper.connect();
    await dropper.query(`drop database if exists "${name}" with (force)`);
    await dropper.end();
  });
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return { env: { DATABASE_URL: url.toString() }, open: () => openDatabase({ url: url.toString(), maxConnections: 2 }) };
}

async function startSlackProcess(env: Record<string, string>): Promise<{ bot: ChildBot; port: number }> {
  const bot = startChildBot({
    ...env,
    STUDYBOT_ONLY: 'slack',
    SLACK_BOT_TOKEN: 'xoxb-crash-test',
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_PORT: '0',
    HTTP_PORT: 'off',
    GENERATE_ENABLED: 'false',
    PICTURES_ENABLED: 'false',
    SCHEDULER_ENABLED: 'false',
    INBOX_LEASE_SECONDS: '2',
    LOG_LEVEL: 'info',
  });
  const port = await bot.line((line) => {
    if (!line.includes('slack: listening (HTTP mode)')) return undefined;
    return Number((JSON.parse(line) as { port: number }).port);
  });
  return { bot, port };
}

describe('kill -9 of the Slack process during a burst of answers', () => {
  it('records every acknowledged press exactly once after a restart, and answers each of those users', async () => {
    const standin = await startSlackStandIn();
    cleanups.push(() => standin.close());
    const database = await ownDatabase();
    const env = { ...database.env, SLACK_API_URL: standin.apiUrl };

    const first = await startSlackProcess(env);
    const fake = new FakeSlack(`http://127.0.0.1:${first.port}/slack/events`, SECRET, standin);
    const host: Who = { userId: 'UHOST', channelId: 'CCRASH' };
    expect((await fake.command(host, '/quiz', 'gan mcq')).status).toBe(200);
    const question: RecordedCall = await standin.waitFor(() => standin.callsTo('chat.postMessage')[0], 60_000, 'the quiz question');
    const ts = String(question.result!.ts);
    const blocks = question.args.blocks as Array<{ type: string; elements?: Array<{ action_id: string }> }>;
    const choice = blocks.find((block) => block.type === 'actions')!.elements![0]!.action_id;

    // The burst: every press is sent at once; the process dies as soon as the first few are acked.
    const players: Who[] = Array.from({ length: PRESSES }, (_, i) => ({ userId: `UP${String(i).padStart(3, '0')}`, channelId: 'CCRASH' }));
    let acks = 0;
    let killed = false;
    const outcomes = await Promise.all(
      players.map((who) =>
        fake.send(fake.blockActionBody(who, { actionId: choice, messageTs: ts })).then(
          (reply) => {
            if (reply.status === 200 && ++acks === 5 && !killed) {
              killed = true;
              first.bot.child.kill('SIGKILL');
            }
            return { who, acked: reply.status === 200 };
          },
          () => ({ who, acked: false }),
        ),
      ),
    );
    if (!killed) first.bot.child.kill('SIGKILL');
    expect((await first.bot.exited).signal).toBe('SIGKILL');
    const acked = outcomes.filter((o) => o.acked).map((o) => o.who.userId).sort();
    expect(acked.length).toBeGreaterThanOrEqual(5);

    // A restart on the same database replays what the dead process acked and left unfinished.
    const second = await startSlackProcess(env);
    const answered = (userId: string) => standin.callsTo('chat.postEphemeral').some((call) => call.args.user === userId);
    await standin.waitFor(() => acked.every(answered), 120_000, `replies to all ${acked.length} acked presses`);
    second.bot.child.kill('SIGTERM');
    expect((await second.bot.exited).code).toBe(0);

    const db = await database.open();
    try {
      const rows = await queryRows<{ external_id: string; answers: number }>(
        db.db,
        sql`select u.external_id, count(*)::int as answers from users u join answers a on a.user_id = u.id
            where u.external_id like 'UP%' group by u.external_id`,
      );
      const paidTwice = await queryRows<{ user_id: number; reason: string }>(
        db.db,
        sql`select user_id, reason from points_ledger group by user_id, reason having count(*) > 1`,
      );
      const recorded = rows.map((r) => r.external_id).sort();
      // Everything acked is there; an unacked press may or may not have been committed before the kill.
      expect(acked.filter((userId) => !recorded.includes(userId))).toEqual([]);
      expect(rows.filter((r) => r.answers !== 1)).toEqual([]);
      expect(paidTwice).toEqual([]);
      const inbox = await queryRows<{ open: number; replayed: number }>(
        db.db,
        sql`select count(*) filter (where done_at is null)::int as open, count(*) filter (where attempts > 1)::int as replayed from interaction_inbox`,
      );
      expect(inbox[0]!.open).toBe(0);
      console.log(`crash test: ${acked.length} of ${PRESSES} presses acked before kill -9; ${inbox[0]!.replayed} replayed after the restart`);
    } finally {
      await db.close();
    }
  }, SLOW);
});
