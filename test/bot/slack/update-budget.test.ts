/**
 * One busy workspace, end to end through the running Bolt app: five games whose countdowns the scheduler
 * edits, and a quiz whose count every answer edits, on one fake clock (the core, the game runner, the
 * adapter's chat.update spacing and budget, the stand-in). Together they would edit ~70 times a minute;
 * Slack's chat.update allows ~50 per workspace (the stand-in answers 429 past that). Every edit, the
 * scheduler's too, has to share the workspace's budget, and none may be lost: each message ends on its
 * newest state, and a count never overtakes a reveal.
 */
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStudyBot } from '../../../src/app.js';
import { startSlack, type RunningSlack } from '../../../src/bot/slack/index.js';
import { WORKSPACE_UPDATES_PER_MINUTE } from '../../../src/bot/slack/updates.js';
import type { StudyBotApi } from '../../../src/core/bot.js';
import type { Request } from '../../../src/core/commands.js';
import type { StudyBot } from '../../../src/core/service.js';
import type { Database } from '../../../src/db/connect.js';
import { createGameStepStore } from '../../../src/db/game-step-store.js';
import { createGameRunner, type GameRunner } from '../../../src/scheduler/game-steps.js';
import { FakeClock } from '../../support/clock.js';
import { dbTargets } from '../../support/db.js';
import { SECOND } from '../../support/games.js';
import { FakeSlack } from '../../support/slack-requests.js';
import { alice, GAMES, PLAYERS, player, QUIZ } from '../../support/slack-busy.js';
import { blocksText, buttonsIn } from '../../support/slack-calls.js';
import { SLACK_LIMITS } from '../../support/slack-rules.js';
import { startSlackStandIn, type SlackStandIn } from '../../support/slack-standin.js';

const SECRET = 'budget-signing-secret';

const text = blocksText;
const buttons = buttonsIn;

describe.each(dbTargets)('chat.update budget of a busy Slack workspace (real core on $name)', (target) => {
  let database: Database;
  let bot: StudyBot;
  let standin: SlackStandIn;
  let slack: RunningSlack;
  let fake: FakeSlack;
  let runner: GameRunner;
  /** Requests the core has answered: the adapter hands an answer's edit to its coalescer right after. */
  const handled: Request[] = [];
  const clock = new FakeClock(new Date('2026-03-02T10:00:00Z'));

  beforeAll(async () => {
    database = await target.open();
    bot = await createStudyBot({ db: database.db, clock });
    standin = await startSlackStandIn({ now: () => clock.now().getTime() });
    standin.users.set('UALICE', { id: 'UALICE', name: 'alice', real_name: 'Alice', tz: 'UTC', is_admin: true, profile: { display_name: 'Alice' } });
    const api: StudyBotApi = {
      handle: async (request) => {
        const outcome = await bot.handle(request);
        handled.push(request);
        return outcome;
      },
      suggestDecks: (actor, prefix) => bot.suggestDecks(actor, prefix),
    };
    slack = await startSlack({ bot: api, botToken: 'xoxb-budget', signingSecret: SECRET, port: 0, apiUrl: standin.apiUrl, log: pino({ level: 'silent' }), clock, updateClock: clock });
    fake = new FakeSlack(`http://127.0.0.1:${slack.port}/slack/events`, SECRET, standin);
    runner = createGameRunner({ store: createGameStepStore(database.db), steps: bot.gameSteps!, senders: [slack.sender], clock });
  });

  afterAll(async () => {
    await slack?.stop();
    await standin?.close();
    await database?.close();
  });

  const posted = (channel: string) => standin.callsTo('chat.postMessage').filter((c) => c.args.channel === channel && c.result?.ok);
  const editsOf = (ts: unknown) => standin.callsTo('chat.update').filter((c) => c.args.ts === ts);
  const waitFor = <T>(check: () => T | undefined | false, what: string) => standin.waitFor(check, 20_000, what);

  it('keeps every edit of the workspace, the scheduler\'s too, within the budget, and loses none', async () => {
    const ephemerals = () => standin.callsTo('chat.postEphemeral').length;
    // One timed question per game channel: the asker is told privately, the runner posts the question.
    for (const [i, channel] of GAMES.entries()) {
      await fake.command(alice(channel), '/quiz', 'gan mcq rounds:1 time:90');
      await waitFor(() => ephemerals() > i, `the game in ${channel} started`);
    }
    expect((await runner.tick()).asked).toBe(GAMES.length);
    const questions = GAMES.map((channel) => posted(channel)[0]!);
    expect(questions.every((q) => q && buttons(q).length > 0)).toBe(true);

    await fake.command(alice(QUIZ), '/quiz', 'gan mcq');
    const quiz = await waitFor(() => posted(QUIZ)[0], 'the quiz question');
    const answer = buttons(quiz)[0]!.actionId;
    const reveal = buttons(quiz).find((b) => b.label === 'Reveal')!.actionId;

    // A new answer every second for 90 s, while the games count down and close. The runner's tick returns
    // while its edits wait for the budget (they wait on this fake clock, which moves only between ticks).
    const verdicts = ephemerals();
    for (let n = 1; n <= PLAYERS; n++) {
      await fake.send(fake.blockActionBody(player(n), { actionId: answer, messageTs: String(quiz.result!.ts) }));
      await waitFor(() => ephemerals() >= verdicts + n, `player ${n}'s verdict`);
      clock.advance(SECOND);
      await runner.tick();
    }
    // The reveal comes while the quiz's newest count still waits for the workspace's budget.
    expect(editsOf(quiz.result!.ts).length).toBeLessThan(PLAYERS);
    const before = handled.length;
    await fake.send(fake.blockActionBody(alice(QUIZ), { actionId: reveal, messageTs: String(quiz.result!.ts) }));
    await waitFor(() => handled.length > before, 'the reveal handled');
    expect(text(editsOf(quiz.result!.ts).at(-1)!)).not.toContain('Quiz answer');
    for (let s = 0; s < 120; s++) {
      clock.advance(SECOND);
      await runner.tick();
    }
    await waitFor(() => text(editsOf(quiz.result!.ts).at(-1)!).includes('Quiz answer'), 'the quiz revealed');

    const updates = standin.callsTo('chat.update');
    expect(updates.every((c) => c.result?.ok)).toBe(true);
    expect(standin.violations).toEqual([]);
    // Any 60 s of the run, as Slack counts them (on arrival): under its limit, the games' edits counted with
    // the quiz's. The adapter spends at most WORKSPACE_UPDATES_PER_MINUTE of them by its own clock; a send
    // still in flight when the clock moves on arrives a little later, which the margin to Slack's 50 covers.
    const limit = SLACK_LIMITS.updatesPerMinute;
    for (let i = limit; i < updates.length; i++) expect(updates[i]!.at - updates[i - limit]!.at).toBeGreaterThanOrEqual(60_000);
    const busiest = Math.max(...updates.map((u) => updates.filter((v) => v.at >= u.at && v.at < u.at + 60_000).length));
    expect(busiest).toBeGreaterThanOrEqual(WORKSPACE_UPDATES_PER_MINUTE - 5);
    const gameEdits = updates.filter((c) => GAMES.includes(String(c.args.channel)));
    expect(gameEdits.length).toBeGreaterThanOrEqual(GAMES.length * 3);
    expect(updates.length - gameEdits.length).toBeGreaterThan(20);

    // Nothing lost: each question ends closed, each game revealed; the quiz ends on its reveal with every answer.
    for (const [i, channel] of GAMES.entries()) {
      const last = editsOf(questions[i]!.result!.ts).at(-1)!;
      expect(text(last)).toContain('Closed ·');
      expect(buttons(last)).toEqual([]);
      expect(posted(channel).some((c) => text(c).includes('· answer'))).toBe(true);
    }
    const quizEdits = editsOf(quiz.result!.ts);
    expect(text(quizEdits.at(-1)!)).toMatch(new RegExp(`of ${PLAYERS}\\)|${PLAYERS} answered`));
    expect(quizEdits.slice(0, -1).every((c) => !text(c).includes('Quiz answer'))).toBe(true);
  });
});
