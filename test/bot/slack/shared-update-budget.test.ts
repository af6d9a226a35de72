/**
 * One busy workspace edited by two processes, as with `--only slack` and `--only scheduler`: the Bolt app takes
 * the presses and edits a quiz's count on every answer, a standalone scheduler sender (its own process, its own
 * coalescer) counts five games down and reveals them. One database, one Slack stand-in (429 past 50 chat.update
 * a minute in the workspace), one fake clock. Together they would edit ~70 times a minute.
 *
 * - Sharing the budget in Postgres, they stay within Slack's limit together and lose nothing.
 * - Each with its own budget only (40 a minute each, as before the shared one), Slack answers 429: the fault the
 *   shared budget is for, so this arrangement is known to test it.
 * - With the budget's table gone (every take fails), each falls back to its own 15 a minute: slower, within the
 *   limit for two processes, and still nothing lost.
 */
import { sql } from 'drizzle-orm';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { createStudyBot } from '../../../src/app.js';
import { startSlack } from '../../../src/bot/slack/index.js';
import { FALLBACK_UPDATES_PER_MINUTE, type UpdateBudgetOptions } from '../../../src/bot/slack/update-budget.js';
import type { Request } from '../../../src/core/commands.js';
import { createGameStepStore } from '../../../src/db/game-step-store.js';
import { createUpdateBudgetStore } from '../../../src/db/update-budget-store.js';
import { standaloneSlackSender } from '../../../src/ops/senders.js';
import { createGameRunner } from '../../../src/scheduler/game-steps.js';
import { FakeClock } from '../../support/clock.js';
import { dbTargets, type DbTarget } from '../../support/db.js';
import { SECOND } from '../../support/games.js';
import { FakeSlack } from '../../support/slack-requests.js';
import { alice, GAMES, PLAYERS, player, QUIZ } from '../../support/slack-busy.js';
import { blocksText, buttonsIn } from '../../support/slack-calls.js';
import { SLACK_LIMITS } from '../../support/slack-rules.js';
import { startSlackStandIn } from '../../support/slack-standin.js';

const SECRET = 'shared-budget-signing-secret';

const text = blocksText;
const buttons = buttonsIn;

type Budget = 'shared' | 'per process' | 'database failing';

/** The two processes on one database and stand-in; `stopAtFirst429` ends the load once Slack has refused an edit. */
async function busyWorkspace(target: DbTarget, budget: Budget) {
  const database = await target.open();
  const clock = new FakeClock(new Date('2026-03-02T10:00:00Z'));
  const standin = await startSlackStandIn({ now: () => clock.now().getTime() });
  standin.users.set('UALICE', { id: 'UALICE', name: 'alice', real_name: 'Alice', tz: 'UTC', is_admin: true, profile: { display_name: 'Alice' } });
  const bot = await createStudyBot({ db: database.db, clock });
  const handled: Request[] = [];
  const api = {
    handle: async (request: Request) => {
      const outcome = await bot.handle(request);
      handled.push(request);
      return outcome;
    },
    suggestDecks: bot.suggestDecks.bind(bot),
  };
  const shared: UpdateBudgetOptions = { updateClock: clock, ...(budget === 'per process' ? {} : { updateBudget: createUpdateBudgetStore(database.db) }) };
  const warnings: string[] = [];
  const log = pino({ level: 'warn' }, { write: (line: string) => void warnings.push(String(JSON.parse(line).msg)) });
  if (budget === 'database failing') await database.db.execute(sql`alter table slack_update_budget rename to slack_update_budget_gone`);
  const slack = await startSlack({ bot: api, botToken: 'xoxb-budget', signingSecret: SECRET, port: 0, apiUrl: standin.apiUrl, log, clock, ...shared });
  const scheduler = standaloneSlackSender({ botToken: 'xoxb-budget', signingSecret: SECRET, port: 0, apiUrl: standin.apiUrl }, log, shared);
  const runner = createGameRunner({ store: createGameStepStore(database.db), steps: bot.gameSteps!, senders: [scheduler], clock });
  const fake = new FakeSlack(`http://127.0.0.1:${slack.port}/slack/events`, SECRET, standin);

  const posted = (channel: string) => standin.callsTo('chat.postMessage').filter((c) => c.args.channel === channel && c.result?.ok);
  const editsOf = (ts: unknown) => standin.callsTo('chat.update').filter((c) => c.args.ts === ts);
  const waitFor = <T>(check: () => T | undefined | false, what: string) => standin.waitFor(check, 20_000, what);
  const ephemerals = () => standin.callsTo('chat.postEphemeral').length;
  const refused = () => standin.callsTo('chat.update').some((c) => c.result?.ok === false);

  /**
   * After a 429 the workspace's edits wait out its Retry-After on the fake clock, which moves only between steps,
   * so a step awaiting a refused edit would wait for ever: when stopping at the first 429, it is left unfinished.
   */
  async function step(work: Promise<unknown>, stopAtFirst429: boolean): Promise<void> {
    if (!stopAtFirst429) return void (await work);
    let done = false;
    work.then(() => (done = true), () => (done = true));
    while (!done && !refused()) await new Promise((resolve) => setTimeout(resolve, 20));
    if (done) await work;
  }

  /** The games and the quiz, 90 answers a second apart, the reveal, two more minutes; false if Slack refused an edit (stopped there). */
  async function run(stopAtFirst429 = false): Promise<boolean> {
    for (const [i, channel] of GAMES.entries()) {
      await fake.command(alice(channel), '/quiz', 'gan mcq rounds:1 time:90');
      await waitFor(() => ephemerals() > i, `the game in ${channel} started`);
    }
    expect((await runner.tick()).asked).toBe(GAMES.length);
    await fake.command(alice(QUIZ), '/quiz', 'gan mcq');
    const quiz = await waitFor(() => posted(QUIZ)[0], 'the quiz question');
    const answer = buttons(quiz)[0]!.actionId;
    const reveal = buttons(quiz).find((b) => b.label === 'Reveal')!.actionId;
    const verdicts = ephemerals();
    for (let n = 1; n <= PLAYERS; n++) {
      await step(fake.send(fake.blockActionBody(player(n), { actionId: answer, messageTs: String(quiz.result!.ts) })), stopAtFirst429);
      await waitFor(() => ephemerals() >= verdicts + n || (stopAtFirst429 && refused()), `player ${n}'s verdict`);
      clock.advance(SECOND);
      await step(runner.tick(), stopAtFirst429);
      if (stopAtFirst429 && refused()) return false;
    }
    const before = handled.length;
    await fake.send(fake.blockActionBody(alice(QUIZ), { actionId: reveal, messageTs: String(quiz.result!.ts) }));
    await waitFor(() => handled.length > before, 'the reveal handled');
    for (let s = 0; s < 120; s++) {
      clock.advance(SECOND);
      await step(runner.tick(), stopAtFirst429);
      if (stopAtFirst429 && refused()) return false;
    }
    await waitFor(() => text(editsOf(quiz.result!.ts).at(-1)!).includes('Quiz answer'), 'the quiz revealed');
    return true;
  }

  /** Each message on its newest state: every game closed and revealed, the quiz on its reveal with every answer. */
  function expectNothingLost(): void {
    for (const channel of GAMES) {
      const last = editsOf(posted(channel)[0]!.result!.ts).at(-1)!;
      expect(text(last)).toContain('Closed ·');
      expect(buttons(last)).toEqual([]);
      expect(posted(channel).some((c) => text(c).includes('· answer'))).toBe(true);
    }
    const quizEdits = editsOf(posted(QUIZ)[0]!.result!.ts);
    expect(text(quizEdits.at(-1)!)).toMatch(new RegExp(`of ${PLAYERS}\\)|${PLAYERS} answered`));
    expect(quizEdits.slice(0, -1).every((c) => !text(c).includes('Quiz answer'))).toBe(true);
  }

  /** The most chat.update calls that arrived in any 60 s (as Slack counts them). */
  function busiestMinute(): number {
    const at = standin.callsTo('chat.update').map((c) => c.at);
    return Math.max(...at.map((t) => at.filter((u) => u >= t && u < t + 60_000).length));
  }

  async function close(): Promise<void> {
    await slack.stop();
    await standin.close().catch(() => {});
    await database.close();
  }

  return { run, expectNothingLost, busiestMinute, standin, warnings, close, editsByChannel: (channels: string[]) => standin.callsTo('chat.update').filter((c) => channels.includes(String(c.args.channel))) };
}

describe.each(dbTargets)('chat.update budget shared by two processes on one workspace ($name)', (target) => {
  it('keeps both processes together under Slack\'s limit, with every edit\'s final state arriving', async () => {
    const world = await busyWorkspace(target, 'shared');
    try {
      expect(await world.run()).toBe(true);
      const updates = world.standin.callsTo('chat.update');
      expect(updates.every((c) => c.result?.ok)).toBe(true);
      expect(world.standin.violations).toEqual([]);
      const limit = SLACK_LIMITS.updatesPerMinute;
      for (let i = limit; i < updates.length; i++) expect(updates[i]!.at - updates[i - limit]!.at).toBeGreaterThanOrEqual(60_000);
      // The budget is spent, not wasted: the limiter grants 40 a minute plus its burst (44 at most, by its clock;
      // test/db/update-budget-store.test.ts). Counted on arrival, a send still in flight when this fake clock
      // moves on lands a little later, beside later ones: the margin to Slack's 50 (checked above) is for that.
      expect(world.busiestMinute()).toBeGreaterThanOrEqual(40);
      // Both processes had their share.
      expect(world.editsByChannel(GAMES).length).toBeGreaterThanOrEqual(GAMES.length * 3);
      expect(world.editsByChannel([QUIZ]).length).toBeGreaterThan(20);
      world.expectNothingLost();
    } finally {
      await world.close();
    }
  });

  it('draws 429s from Slack when each process keeps only its own budget (the fault the shared one prevents)', async () => {
    const world = await busyWorkspace(target, 'per process');
    try {
      expect(await world.run(true)).toBe(false);
      expect(world.standin.violations).toContain(`chat.update: more than ${SLACK_LIMITS.updatesPerMinute} in a minute`);
    } finally {
      await world.close();
    }
  });

  it('still gets every edit out, each process by its own smaller budget, while the budget\'s query fails', async () => {
    const world = await busyWorkspace(target, 'database failing');
    try {
      expect(await world.run()).toBe(true);
      expect(world.standin.callsTo('chat.update').every((c) => c.result?.ok)).toBe(true);
      expect(world.standin.violations).toEqual([]);
      // Each process keeps to its own 15 a minute by its clock (test/bot/slack/shared-budget.test.ts); on arrival
      // a late send can land beside later ones, so a little more.
      expect(world.busiestMinute()).toBeLessThanOrEqual(2 * FALLBACK_UPDATES_PER_MINUTE + 5);
      world.expectNothingLost();
      // Logged once per process and retry, not once per edit.
      const fallbacks = world.warnings.filter((w) => w.includes('shared chat.update budget did not answer'));
      expect(fallbacks.length).toBeGreaterThanOrEqual(2);
      expect(fallbacks.length).toBeLessThan(40);
    } finally {
      await world.close();
    }
  });
});
