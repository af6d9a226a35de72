/**
 * A count never goes back over a reveal sent by another process. Slack replicas (HTTP mode, as behind a load
 * balancer) and an `--only scheduler` process on one database, one Slack stand-in and one fake clock, sharing the
 * chat.update budget. A replica takes two answers; the second one's count waits for its turn (the message's 1.5 s
 * spacing); meanwhile another process reveals the question at once: the Reveal press landing on a second replica,
 * or the scheduler revealing a daily card as its window ends. When the count's turn comes it is dropped: the
 * message stays revealed, without its buttons. Without the round check (`revealedRounds`) both tests fail.
 */
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { createStudyBot } from '../../../src/app.js';
import { startSlack, type RunningSlack } from '../../../src/bot/slack/index.js';
import type { UpdateBudgetOptions } from '../../../src/bot/slack/update-budget.js';
import { createSchedulerStore } from '../../../src/db/prompt-store.js';
import { createRevealedRounds } from '../../../src/db/revealed-rounds.js';
import { createUpdateBudgetStore } from '../../../src/db/update-budget-store.js';
import { standaloneSlackSender } from '../../../src/ops/senders.js';
import { createScheduler } from '../../../src/scheduler/index.js';
import { FakeClock } from '../../support/clock.js';
import { dbTargets, type DbTarget } from '../../support/db.js';
import { SECOND } from '../../support/games.js';
import { FakeSlack, type Who } from '../../support/slack-requests.js';
import { startSlackStandIn, type RecordedCall } from '../../support/slack-standin.js';

const SECRET = 'reveal-order-signing-secret';
const CHANNEL = 'CSTUDY';
const alice: Who = { userId: 'UALICE', userName: 'alice', channelId: CHANNEL };
const player = (n: number): Who => ({ userId: `UPLAYER${n}`, userName: `player${n}`, channelId: CHANNEL });
const DROPPED = 'its count or countdown is dropped';

type Block = { type: string; elements?: Array<{ type?: string; action_id?: string; text?: { text: string } }> };
const text = (call: RecordedCall) => JSON.stringify(call.args.blocks);
const buttons = (call: RecordedCall) =>
  ((call.args.blocks as Block[]) ?? []).filter((b) => b.type === 'actions').flatMap((b) => (b.elements ?? []).map((e) => ({ actionId: e.action_id!, label: e.text?.text ?? '' })));

async function world(target: DbTarget, start: string) {
  const database = await target.open();
  const clock = new FakeClock(new Date(start));
  const standin = await startSlackStandIn({ now: () => clock.now().getTime() });
  standin.users.set('UALICE', { id: 'UALICE', name: 'alice', real_name: 'Alice', tz: 'UTC', is_admin: true, profile: { display_name: 'Alice' } });
  const edits: UpdateBudgetOptions = { updateClock: clock, updateBudget: createUpdateBudgetStore(database.db), revealedRounds: createRevealedRounds(database.db) };
  const running: RunningSlack[] = [];

  /** One Slack replica: its own core (its own caches) and Bolt app; `logged` hears its log lines. */
  async function replica(logged: string[] = []) {
    const bot = await createStudyBot({ db: database.db, clock });
    const log = pino({ level: 'debug' }, { write: (line: string) => void logged.push(String(JSON.parse(line).msg)) });
    const slack = await startSlack({ bot, botToken: 'xoxb-order', signingSecret: SECRET, port: 0, apiUrl: standin.apiUrl, log, clock, ...edits });
    running.push(slack);
    return new FakeSlack(`http://127.0.0.1:${slack.port}/slack/events`, SECRET, standin);
  }

  /** The `--only scheduler` process: its own core and a standalone sender with its own coalescer. */
  async function schedulerProcess() {
    const bot = await createStudyBot({ db: database.db, clock });
    const sender = standaloneSlackSender({ botToken: 'xoxb-order', signingSecret: SECRET, port: 0, apiUrl: standin.apiUrl }, pino({ level: 'silent' }), edits);
    return createScheduler({ store: createSchedulerStore(database.db), rounds: bot, senders: [sender], clock, instanceId: 'scheduler', log: pino({ level: 'silent' }) });
  }

  const waitFor = <T>(check: () => T | undefined | false, what: string) => standin.waitFor(check, 20_000, what);
  const editsOf = (ts: string) => standin.callsTo('chat.update').filter((c) => c.args.ts === ts);
  const posted = () => standin.callsTo('chat.postMessage').filter((c) => c.args.channel === CHANNEL && c.result?.ok);
  const ephemerals = () => standin.callsTo('chat.postEphemeral').length;

  /** Two answers on `fake`: the first count goes out at once, the second waits for the message's next turn. */
  async function answerTwice(fake: FakeSlack, ts: string, actionId: string): Promise<void> {
    await fake.send(fake.blockActionBody(player(1), { actionId, messageTs: ts }));
    await waitFor(() => editsOf(ts).length === 1, 'the first count');
    expect(text(editsOf(ts)[0]!)).toContain('1 answered');
    const verdicts = ephemerals();
    await fake.send(fake.blockActionBody(player(2), { actionId, messageTs: ts }));
    await waitFor(() => ephemerals() > verdicts, "player 2's verdict");
  }

  /** The held count's turn comes; it is dropped, and the message ends on its reveal. */
  async function expectStaysRevealed(ts: string, logged: string[], reveal: string): Promise<void> {
    clock.advance(2 * SECOND);
    await waitFor(() => logged.some((m) => m.includes(DROPPED)) || editsOf(ts).length > 2, "the held count's turn");
    const last = editsOf(ts).at(-1)!;
    expect(text(last)).toContain(reveal);
    expect(buttons(last)).toEqual([]);
    expect(editsOf(ts)).toHaveLength(2);
    expect(standin.violations).toEqual([]);
  }

  async function close(): Promise<void> {
    for (const slack of running) await slack.stop();
    await standin.close().catch(() => {});
    await database.close();
  }

  return { clock, ephemerals, lastEphemeral: () => standin.callsTo('chat.postEphemeral').at(-1)?.args.text, replica, schedulerProcess, waitFor, editsOf, posted, answerTwice, expectStaysRevealed, close };
}

describe.each(dbTargets)('order of a count and a reveal across processes ($name)', (target) => {
  it('drops a count held back in one replica once another replica has revealed the quiz', async () => {
    const w = await world(target, '2026-03-02T10:00:00Z');
    try {
      const loggedA: string[] = [];
      const a = await w.replica(loggedA);
      const b = await w.replica();
      await a.command(alice, '/quiz', 'gan mcq');
      const quiz = await w.waitFor(() => w.posted()[0], 'the quiz question');
      const ts = String(quiz.result!.ts);
      await w.answerTwice(a, ts, buttons(quiz)[0]!.actionId);

      // The Reveal press lands on B, which has sent no edit of this message: the reveal goes out at once.
      const reveal = buttons(quiz).find((bt) => bt.label === 'Reveal')!.actionId;
      await b.send(b.blockActionBody(alice, { actionId: reveal, messageTs: ts }));
      await w.waitFor(() => w.editsOf(ts).length >= 2, 'the reveal');
      expect(text(w.editsOf(ts)[1]!)).toContain('Quiz answer');
      await w.expectStaysRevealed(ts, loggedA, 'Quiz answer');
    } finally {
      await w.close();
    }
  });

  it("drops a count held back in a replica once the scheduler process has revealed the daily card", async () => {
    const w = await world(target, '2026-03-02T08:00:00Z');
    try {
      const logged: string[] = [];
      const slack = await w.replica(logged);
      const scheduler = await w.schedulerProcess();
      const replies = w.ephemerals();
      await slack.command(alice, '/daily', 'on deck:gan time:09:00 tz:UTC mode:mcq window:1h');
      await w.waitFor(() => w.ephemerals() > replies, 'the reply to /daily on');
      expect(w.lastEphemeral()).toContain('Daily cards are on');
      w.clock.set('2026-03-02T09:00:00Z');
      expect((await scheduler.tick()).posted).toBe(1);
      const card = w.posted()[0]!;
      const ts = String(card.result!.ts);

      // The answers come in the card's last second; the second count waits until 10:00:00.5, past the window's end.
      w.clock.set('2026-03-02T09:59:59Z');
      await w.answerTwice(slack, ts, buttons(card)[0]!.actionId);
      w.clock.set('2026-03-02T10:00:00Z');
      expect(w.editsOf(ts)).toHaveLength(1);
      expect((await scheduler.tick()).revealed).toBe(1);
      await w.waitFor(() => w.editsOf(ts).length >= 2, 'the card revealed');
      expect(buttons(w.editsOf(ts)[1]!)).toEqual([]);
      await w.expectStaysRevealed(ts, logged, 'Answer');
    } finally {
      await w.close();
    }
  });
});
