/**
 * A count never goes back over a reveal sent by another process. Two Slack replicas (HTTP mode, as behind a load
 * balancer) on one database, one Slack stand-in and one fake clock, sharing the chat.update budget: replica A takes
 * two answers to a /quiz; the second one's count waits for its turn (the message's 1.5 s spacing); meanwhile the
 * Reveal press lands on replica B, which reveals the question at once. When A's turn comes, the count is dropped:
 * the message stays revealed, without its buttons.
 */
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { createStudyBot } from '../../../src/app.js';
import { startSlack, type RunningSlack } from '../../../src/bot/slack/index.js';
import type { UpdateBudgetOptions } from '../../../src/bot/slack/update-budget.js';
import type { Database } from '../../../src/db/connect.js';
import { createRevealedRounds } from '../../../src/db/revealed-rounds.js';
import { createUpdateBudgetStore } from '../../../src/db/update-budget-store.js';
import { FakeClock } from '../../support/clock.js';
import { dbTargets } from '../../support/db.js';
import { SECOND } from '../../support/games.js';
import { FakeSlack, type Who } from '../../support/slack-requests.js';
import { startSlackStandIn, type RecordedCall, type SlackStandIn } from '../../support/slack-standin.js';

const SECRET = 'reveal-order-signing-secret';
const QUIZ = 'CQUIZ';
const alice: Who = { userId: 'UALICE', userName: 'alice', channelId: QUIZ };
const player = (n: number): Who => ({ userId: `UPLAYER${n}`, userName: `player${n}`, channelId: QUIZ });

type Block = { type: string; elements?: Array<{ type?: string; action_id?: string; text?: { text: string } }> };
const text = (call: RecordedCall) => JSON.stringify(call.args.blocks);
const buttons = (call: RecordedCall) =>
  ((call.args.blocks as Block[]) ?? []).filter((b) => b.type === 'actions').flatMap((b) => (b.elements ?? []).map((e) => ({ actionId: e.action_id!, label: e.text?.text ?? '' })));

/** One replica: its own core (its own caches) and Bolt app, on the shared database and stand-in. */
async function replica(database: Database, standin: SlackStandIn, clock: FakeClock, edits: UpdateBudgetOptions, logged: string[]) {
  const bot = await createStudyBot({ db: database.db, clock });
  const log = pino({ level: 'debug' }, { write: (line: string) => void logged.push(String(JSON.parse(line).msg)) });
  const slack = await startSlack({ bot, botToken: 'xoxb-order', signingSecret: SECRET, port: 0, apiUrl: standin.apiUrl, log, clock, ...edits });
  return { slack, fake: new FakeSlack(`http://127.0.0.1:${slack.port}/slack/events`, SECRET, standin) };
}

describe.each(dbTargets)('order of a count and a reveal across Slack replicas ($name)', (target) => {
  it('drops a count held back in one replica once another has revealed its question', async () => {
    const database = await target.open();
    const clock = new FakeClock(new Date('2026-03-02T10:00:00Z'));
    const standin = await startSlackStandIn({ now: () => clock.now().getTime() });
    standin.users.set('UALICE', { id: 'UALICE', name: 'alice', real_name: 'Alice', tz: 'UTC', is_admin: true, profile: { display_name: 'Alice' } });
    const edits: UpdateBudgetOptions = { updateClock: clock, updateBudget: createUpdateBudgetStore(database.db), revealedRounds: createRevealedRounds(database.db) };
    const loggedA: string[] = [];
    const running: RunningSlack[] = [];
    try {
      const a = await replica(database, standin, clock, edits, loggedA);
      running.push(a.slack);
      const b = await replica(database, standin, clock, edits, []);
      running.push(b.slack);
      const waitFor = <T>(check: () => T | undefined | false, what: string) => standin.waitFor(check, 20_000, what);
      const ephemerals = () => standin.callsTo('chat.postEphemeral').length;

      await a.fake.command(alice, '/quiz', 'gan mcq');
      const quiz = await waitFor(() => standin.callsTo('chat.postMessage').find((c) => c.args.channel === QUIZ && c.result?.ok), 'the quiz question');
      const ts = String(quiz.result!.ts);
      const editsOf = () => standin.callsTo('chat.update').filter((c) => c.args.ts === ts);
      const answer = buttons(quiz)[0]!.actionId;
      const reveal = buttons(quiz).find((bt) => bt.label === 'Reveal')!.actionId;

      // The first answer's count goes out at once; the second's waits in A for the message's next turn.
      await a.fake.send(a.fake.blockActionBody(player(1), { actionId: answer, messageTs: ts }));
      await waitFor(() => editsOf().length === 1, 'the first count');
      expect(text(editsOf()[0]!)).toContain('1 answered');
      const verdicts = ephemerals();
      await a.fake.send(a.fake.blockActionBody(player(2), { actionId: answer, messageTs: ts }));
      await waitFor(() => ephemerals() > verdicts, "player 2's verdict");

      // The Reveal press lands on B, which has sent no edit of this message: the reveal goes out at once.
      await b.fake.send(b.fake.blockActionBody(alice, { actionId: reveal, messageTs: ts }));
      await waitFor(() => editsOf().length === 2, 'the reveal');
      expect(text(editsOf()[1]!)).toContain('Quiz answer');

      // A's turn comes: it finds the round revealed and drops its count (before the fix it sent it).
      clock.advance(2 * SECOND);
      await waitFor(() => loggedA.some((m) => m.includes('its count or countdown is dropped')) || editsOf().length > 2, "A's turn");
      const last = editsOf().at(-1)!;
      expect(text(last)).toContain('Quiz answer');
      expect(buttons(last)).toEqual([]);
      expect(editsOf()).toHaveLength(2);
      expect(standin.violations).toEqual([]);
    } finally {
      for (const slack of running) await slack.stop();
      await standin.close().catch(() => {});
      await database.close();
    }
  });
});
