/**
 * Acknowledged means kept, on the Slack HTTP adapter: replica A acks deliveries and dies before its core
 * answers (its work never finishes); replica B, on the same database, replays them once A's lease has
 * run out: the core gets each one again with its own interactionId, and each user is answered through
 * the delivery's response_url. A redelivery Slack sends after the crash is recognised and not run twice.
 */
import { sql } from 'drizzle-orm';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InteractionInbox } from '../../../src/bot/inbox.js';
import { startSlack, type RunningSlack } from '../../../src/bot/slack/index.js';
import type { Database } from '../../../src/db/connect.js';
import { createInboxStore } from '../../../src/db/inbox-store.js';
import { queryRows } from '../../../src/db/rows.js';
import { buildId } from '../../../src/core/ids.js';
import type { Outcome } from '../../../src/core/messages.js';
import { FakeClock } from '../../support/clock.js';
import { openTemplatedPglite } from '../../support/pglite-template.js';
import { earlierButtons } from '../../support/slack-calls.js';
import { FakeSlack } from '../../support/slack-requests.js';
import { ScriptedBot } from '../../support/slack-scripted-bot.js';
import { startSlackStandIn, type SlackStandIn } from '../../support/slack-standin.js';

const SECRET = 'test-signing-secret';
const LEASE_MS = 30_000;
const silent = pino({ level: process.env.TEST_LOG ?? 'silent' });

let database: Database;
let standin: SlackStandIn;
let clock: FakeClock;
const running: RunningSlack[] = [];

beforeEach(async () => {
  database = await openTemplatedPglite();
  standin = await startSlackStandIn();
  clock = new FakeClock(new Date());
});

afterEach(async () => {
  for (const slack of running.splice(0)) await slack.stop();
  await standin.close();
  await database.close();
});

async function replica(bot: ScriptedBot): Promise<{ slack: RunningSlack; fake: FakeSlack }> {
  const slack = await startSlack({
    bot,
    botToken: 'xoxb-test',
    signingSecret: SECRET,
    port: 0,
    apiUrl: standin.apiUrl,
    log: silent,
    inbox: createInboxStore(database.db),
    inboxLeaseMs: LEASE_MS,
    clock,
  });
  running.push(slack);
  return { slack, fake: new FakeSlack(`http://127.0.0.1:${slack.port}/slack/events`, SECRET, standin) };
}

/** A core that never answers: the process working on these deliveries is as good as dead. */
function deadCore(): { bot: ScriptedBot; revive: () => void } {
  const bot = new ScriptedBot();
  const stuck: Array<(outcome: Outcome) => void> = [];
  bot.respond = () => new Promise<Outcome>((resolve) => stuck.push(resolve));
  return { bot, revive: () => stuck.splice(0).forEach((resolve) => resolve({})) };
}

/** Polls until every inbox row is marked done (a loaded machine gets 30 s). */
async function untilNoOpenRows(): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const [row] = await queryRows<{ n: number }>(database.db, sql`select count(*)::int as n from interaction_inbox where done_at is null`);
    if (row!.n === 0) return;
    if (Date.now() > deadline) throw new Error(`${row!.n} inbox rows still open`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const users = ['UANA', 'UBEN', 'UCAI'].map((userId) => ({ userId, channelId: 'CSTUDY' }));
const answer = buildId({ kind: 'mcq', round: 41, choice: 2 });

describe('Slack deliveries survive the death of the replica that acked them', () => {
  it('replays every acked, unfinished press and command on another replica, once, and answers each user', async () => {
    const dead = deadCore();
    const a = await replica(dead.bot);
    const question = earlierButtons(standin, 'CSTUDY', [answer]);
    const replies = await Promise.all([
      ...users.map((who) => a.fake.send(a.fake.blockActionBody(who, { actionId: answer, messageTs: question }))),
      a.fake.command(users[0]!, '/stats'),
    ]);
    expect(replies.map((reply) => reply.status)).toEqual([200, 200, 200, 200]);
    await standin.waitFor(() => dead.bot.requests.length === 4, 10_000, 'replica A took all four');
    const acked = dead.bot.requests.map((request) => request.interactionId).sort();
    // A goes away: its sweeper stops at once; its stuck work would hold stop() for the grace period.
    const aStopped = a.slack.stop();

    // Replica B starts once A's lease is over, and sweeps at start.
    clock.advance(LEASE_MS + 1_000);
    const survivor = new ScriptedBot();
    survivor.respond = (request) => ({
      reply: { text: request.command.type === 'press' ? `Recorded for ${request.actor.userId}` : 'Your stats', visibility: 'private' },
    });
    await replica(survivor);
    await standin.waitFor(() => survivor.requests.length === 4, 20_000, 'replica B replayed all four');
    expect(survivor.requests.map((request) => request.interactionId).sort()).toEqual(acked);
    expect(survivor.requests.filter((r) => r.command.type === 'press').map((r) => r.actor.userId).sort()).toEqual(['UANA', 'UBEN', 'UCAI']);

    // Each user hears back through their own delivery's response_url (the bot's ephemeral way in).
    const privateTexts = await standin.waitFor(
      () => {
        const texts = standin.callsTo('chat.postEphemeral').map((call) => `${String(call.args.user)}:${String(call.args.text)}`);
        return texts.length >= 4 ? texts.sort() : undefined;
      },
      10_000,
      'four private replies',
    );
    expect(privateTexts).toEqual(['UANA:Recorded for UANA', 'UANA:Your stats', 'UBEN:Recorded for UBEN', 'UCAI:Recorded for UCAI']);

    // A finishing after all, and later sweeps, replay nothing again. B marks a row done just after its
    // reply (the stand-in may see the reply first), and the clock jump below would outrun B's renewals.
    dead.revive();
    await aStopped;
    await untilNoOpenRows();
    clock.advance(LEASE_MS * 3);
    const later = new InteractionInbox({ store: createInboxStore(database.db), platform: 'slack', clock, maxAgeMs: 30 * 60_000, replay: async () => {} });
    expect(await later.sweep()).toBe(0);
    expect(survivor.requests).toHaveLength(4);
  });

  it('drops a redelivery of a press another replica already took, even across processes', async () => {
    const dead = deadCore();
    const a = await replica(dead.bot);
    const body = a.fake.blockActionBody(users[1]!, { actionId: answer, messageTs: earlierButtons(standin, 'CSTUDY', [answer]), actionTs: '1764000200.000001' });
    expect((await a.fake.send(body)).status).toBe(200);
    await standin.waitFor(() => dead.bot.requests.length === 1, 10_000, 'replica A took it');

    const other = new ScriptedBot();
    const b = await replica(other);
    // Slack retries to whichever replica the load balancer picks: B must not run it a second time.
    const retried = await new FakeSlack(`http://127.0.0.1:${b.slack.port}/slack/events`, SECRET, standin).send(body, { retryNum: 1 });
    expect(retried.status).toBe(200);
    expect(other.requests).toHaveLength(0);
    dead.revive();
  });
});
