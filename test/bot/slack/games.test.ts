/**
 * A whole game end to end on Slack (HTTP mode): signed requests into the running Bolt app, the real
 * core on a real database, the Slack stand-in recording the Web API calls, and the game-step runner
 * posting through the adapter's Sender on a fake clock. Slack cannot count down by itself, so the
 * countdown comes in coalesced chat.update edits.
 */
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStudyBot } from '../../../src/app.js';
import { startSlack, type RunningSlack } from '../../../src/bot/slack/index.js';
import { parseId } from '../../../src/core/ids.js';
import type { Database } from '../../../src/db/connect.js';
import { createGameStepStore } from '../../../src/db/game-step-store.js';
import { createStore } from '../../../src/db/store.js';
import { createGameRunner, type GameRunner } from '../../../src/scheduler/game-steps.js';
import { FakeClock } from '../../support/clock.js';
import { dbTargets } from '../../support/db.js';
import { SECOND } from '../../support/games.js';
import { FakeSlack, type Who } from '../../support/slack-requests.js';
import { startSlackStandIn, type RecordedCall, type SlackStandIn } from '../../support/slack-standin.js';

const SECRET = 'games-signing-secret';
const CHANNEL = 'CGAME';
const alice: Who = { userId: 'UALICE', userName: 'alice', channelId: CHANNEL };
const bob: Who = { userId: 'UBOB', userName: 'bob', channelId: CHANNEL };

describe.each(dbTargets)('a Slack game end to end (real core on $name)', (target) => {
  let database: Database;
  let standin: SlackStandIn;
  let slack: RunningSlack;
  let fake: FakeSlack;
  let runner: GameRunner;
  const clock = new FakeClock(new Date('2026-03-02T10:00:00Z'));

  beforeAll(async () => {
    database = await target.open();
    const bot = await createStudyBot({ db: database.db, clock });
    standin = await startSlackStandIn();
    standin.users.set('UALICE', { id: 'UALICE', name: 'alice', real_name: 'Alice', tz: 'Europe/Stockholm', is_admin: true, profile: { display_name: 'Alice' } });
    standin.users.set('UBOB', { id: 'UBOB', name: 'bob', real_name: 'Bob', tz: 'UTC', profile: { display_name: 'Bob' } });
    // The adapter's chat.update spacing runs on the game's clock too: the scheduler's edits share it.
    slack = await startSlack({ bot, botToken: 'xoxb-games', signingSecret: SECRET, port: 0, apiUrl: standin.apiUrl, log: pino({ level: 'silent' }), updateClock: clock });
    fake = new FakeSlack(`http://127.0.0.1:${slack.port}/slack/events`, SECRET, standin);
    runner = createGameRunner({ store: createGameStepStore(database.db), steps: bot.gameSteps!, senders: [slack.sender], clock });
  });

  afterAll(async () => {
    await slack?.stop();
    await standin?.close();
    await database?.close();
  });

  const nth = (method: string, n: number) => standin.waitFor(() => standin.callsTo(method)[n - 1], 10_000, `${method} #${n}`);
  const text = (call: RecordedCall) => JSON.stringify(call.args.blocks);
  const buttons = (call: RecordedCall) =>
    (call.args.blocks as { type: string; elements?: { action_id: string; text: { text: string } }[] }[])
      .filter((b) => b.type === 'actions')
      .flatMap((b) => b.elements!.map((e) => ({ actionId: e.action_id, label: e.text.text })));
  const after = async (ms: number) => {
    clock.advance(ms);
    return runner.tick();
  };
  async function answer(who: Who, question: RecordedCall, reply: string): Promise<RecordedCall> {
    const opens = standin.callsTo('views.open').length;
    const forms = standin.callsTo('views.update').length;
    const ephemerals = standin.callsTo('chat.postEphemeral').length;
    await fake.send(fake.blockActionBody(who, { actionId: buttons(question)[0]!.actionId, messageTs: String(question.result!.ts) }));
    // The adapter opens a placeholder with the trigger at once, then fills it with the core's form.
    const opened = await nth('views.open', opens + 1);
    const filled = await nth('views.update', forms + 1);
    const view = { ...(filled.args.view as { callback_id: string; private_metadata: string }), id: String((opened.result!.view as { id: string }).id) };
    await fake.send(fake.viewSubmissionBody(who, view, reply));
    return nth('chat.postEphemeral', ephemerals + 1);
  }

  it('plays three typed questions with a countdown, a hint and the standings', async () => {
    await fake.command(alice, '/quiz', 'gan typed rounds:3 time:30');
    const announced = await nth('chat.postMessage', 1);
    expect(text(announced)).toContain('Game on');

    expect((await runner.tick()).asked).toBe(1);
    const question = await nth('chat.postMessage', 2);
    expect(buttons(question).map((b) => b.label)).toEqual(['Answer', 'Stop game']);
    // Slack shows the time left and the closing time in the reader's own zone.
    const unix = Date.parse('2026-03-02T10:00:30Z') / 1000;
    expect(text(question)).toContain(`⏳ About *30 s* left · closes at <!date^${unix}^{time_secs}|10:00:30 UTC>`);
    const action = parseId(buttons(question)[0]!.actionId);
    const round = (await createStore(database.db).getRound(action && 'round' in action ? action.round : -1))!;

    clock.advance(4 * SECOND);
    expect(String((await answer(alice, question, round.card.back)).args.text)).toContain('Correct');
    // The count is not edited per answer; the next tick edits it in with the countdown step.
    expect(standin.callsTo('chat.update')).toHaveLength(0);
    await after(6 * SECOND); // 10 s: 20 s left
    const edit = await nth('chat.update', 1);
    expect(edit.args.ts).toBe(question.result!.ts);
    expect(text(edit)).toContain('1 answered');
    expect(text(edit)).toContain('About *20 s* left');

    await after(5 * SECOND); // 15 s: half time, the hint
    const hinted = await nth('chat.update', 2);
    expect(text(hinted)).toContain('💡 *Hint:*');
    clock.advance(2 * SECOND);
    expect(String((await answer(bob, question, 'something else entirely')).args.text)).toContain('Not quite');

    await after(13 * SECOND); // 30 s: closed
    const reveal = standin.callsTo('chat.postMessage').at(-1)!;
    expect(String(reveal.args.text)).toContain('Question 1 of 3');
    expect(text(reveal)).toMatch(/Got it right \(1 of 2\): 🥇 Alice \+12 \(4\.0 s\)/);
    // At most one edit per 5 s per message: 10 s, 15 s (hint), 20 s (new count and step), and the closing one.
    const edits = standin.callsTo('chat.update').filter((c) => c.args.ts === question.result!.ts);
    expect(edits.length).toBeLessThanOrEqual(5);
    expect(buttons(edits.at(-1)!)).toEqual([]);

    for (let i = 0; i < 15; i++) await after(5 * SECOND); // the last one: the standings, after a short pause
    const standings = standin.callsTo('chat.postMessage').at(-1)!;
    expect(String(standings.args.text)).toContain('Final standings');
    expect(String(standings.args.text)).toContain('Alice — 12 pts · 1/3 right · fastest 4.0 s');
    expect(String(standings.args.text)).toContain('Bob — 0 pts · 0/3 right');
  });
});
