/**
 * After an accepted appeal the channel's messages agree with the points, end to end on Slack: signed
 * requests into the running Bolt app, the real core on a real database, the Slack stand-in, and the
 * game-step runner posting through the adapter's Sender on a fake clock. A /quiz question's reveal and
 * a game's reveal and standings get one chat.update each (bot token); a rejected appeal edits nothing;
 * an edit Slack refuses (message_not_found: someone deleted it) leaves the decision, its reply and the
 * points as they are.
 */
import { eq, sql } from 'drizzle-orm';
import { pino } from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { createStudyBot } from '../../../src/app.js';
import { startSlack, type RunningSlack } from '../../../src/bot/slack/index.js';
import type { StudyBot } from '../../../src/core/service.js';
import type { Database } from '../../../src/db/connect.js';
import { createGameStepStore } from '../../../src/db/game-step-store.js';
import { appeals, pointsLedger, users } from '../../../src/db/schema.js';
import { createGameRunner, type GameRunner } from '../../../src/scheduler/game-steps.js';
import { FakeClock } from '../../support/clock.js';
import { dbTargets, openForSuite } from '../../support/db.js';
import { SECOND } from '../../support/games.js';
import { FakeSlack, type Who } from '../../support/slack-requests.js';
import { blocksText, buttonIn, nextCall } from '../../support/slack-calls.js';
import { startSlackStandIn, STANDIN_TEAM, type RecordedCall, type SlackStandIn } from '../../support/slack-standin.js';

const SECRET = 'appeal-edits-signing-secret';
const CHANNEL = 'CEDITS';
const who = (name: string): Who => ({ userId: `U${name.toUpperCase()}`, userName: name, channelId: CHANNEL });
// Each test's appellants meet the deck's cards for the first time, so their accepted answers pay (due-card rule).
const [asker, admin, carol, dave, erin, fred, gina] = ['asker', 'admin', 'carol', 'dave', 'erin', 'fred', 'gina'].map(who) as [Who, Who, Who, Who, Who, Who, Who];
const DECK = "front,back\nWhat does a GAN's discriminator do?,It tells real samples from generated ones.\nWhat does a GAN's generator do?,It turns random noise into samples that look real.\n";


describe.each(dbTargets)('Slack: an accepted appeal edits what the channel was shown (real core on $name)', (target) => {
  let database: Database;
  let bot: StudyBot;
  let standin: SlackStandIn;
  let slack: RunningSlack;
  let fake: FakeSlack;
  let runner: GameRunner;
  const logs: { msg: string; [key: string]: unknown }[] = [];
  const clock = new FakeClock(new Date('2026-03-02T10:00:00Z'));

  openForSuite(target, async (opened) => {
    database = opened;
    bot = await createStudyBot({ db: database.db, clock });
    standin = await startSlackStandIn();
    standin.users.set('UADMIN', { id: 'UADMIN', name: 'admin', real_name: 'Admin', tz: 'UTC', is_admin: true, profile: { display_name: 'Admin' } });
    for (const person of [asker, carol, dave, erin, fred, gina]) {
      const name = person.userName!.replace(/^./, (c) => c.toUpperCase());
      standin.users.set(person.userId, { id: person.userId, name: person.userName, real_name: name, tz: 'UTC', profile: { display_name: name } });
    }
    const log = pino({ level: 'warn' }, { write: (line: string) => void logs.push(JSON.parse(line)) });
    slack = await startSlack({ bot, botToken: 'xoxb-appeal-edits', signingSecret: SECRET, port: 0, apiUrl: standin.apiUrl, log });
    fake = new FakeSlack(`http://127.0.0.1:${slack.port}/slack/events`, SECRET, standin);
    runner = createGameRunner({ store: createGameStepStore(database.db), steps: bot.gameSteps!, senders: [slack.sender], clock });
    await bot.handle({
      actor: { platform: 'slack', workspaceId: STANDIN_TEAM, channelId: CHANNEL, userId: asker.userId, displayName: 'Asker', canManage: false },
      command: { type: 'deck_import', filename: 'duo.csv', content: DECK },
    });
  });

  afterAll(async () => {
    await slack?.stop();
    await standin?.close();
  });

  const next = (method: string, act: () => Promise<unknown>) => nextCall(standin, method, act);
  const tsOf = (call: RecordedCall) => String(call.result!.ts ?? call.result!.message_ts);
  const press = (person: Who, call: RecordedCall, label: string) =>
    fake.blockActionBody(person, { actionId: buttonIn(call, label)!, messageTs: tsOf(call), ephemeral: call.method === 'chat.postEphemeral' });
  const updatesOf = (ts: string) => standin.callsTo('chat.update').filter((c) => c.args.ts === ts);
  const userId = async (person: Who) => (await database.db.select().from(users).where(eq(users.externalId, person.userId)))[0]!.id;
  const points = async (person: Who) => {
    const [row] = await database.db.select({ total: sql<number>`coalesce(sum(${pointsLedger.amount}), 0)::int` }).from(pointsLedger).where(eq(pointsLedger.userId, await userId(person)));
    return row!.total;
  };
  const appealOf = async (person: Who) => (await database.db.select().from(appeals).where(eq(appeals.userId, await userId(person))))[0]!;

  /** `person` answers the question posted in `question` with `reply`: their private verdict. */
  async function answer(person: Who, question: RecordedCall, reply: string): Promise<RecordedCall> {
    const opened = await next('views.open', () => fake.send(press(person, question, 'Answer')));
    const viewId = String((opened.result!.view as { id: string }).id);
    const form = await standin.waitFor(() => standin.callsTo('views.update').find((c) => c.args.view_id === viewId), 10_000, 'form');
    const view = { ...(form.args.view as { callback_id: string; private_metadata: string }), id: viewId };
    return next('chat.postEphemeral', () => fake.send(fake.viewSubmissionBody(person, view, reply)));
  }

  /** `person` appeals from `verdict`; `decider` opens it and presses `choice`: the decider's reply, once the notice shows it. */
  async function appealAndDecide(person: Who, verdict: RecordedCall, decider: Who, choice: 'Accept' | 'Reject'): Promise<RecordedCall> {
    const notice = await next('chat.postMessage', () => fake.send(press(person, verdict, 'I was right')));
    const review = await next('chat.postEphemeral', () => fake.send(press(decider, notice, 'Review appeal')));
    const decided = await next('chat.postEphemeral', () => fake.send(press(decider, review, choice)));
    await standin.waitFor(() => updatesOf(tsOf(notice)).length > 0, 10_000, 'the notice updated');
    return decided;
  }

  /** The asker's typed /quiz, answered by `person` with `reply` and revealed by the asker. */
  async function revealedQuiz(person: Who, reply: string) {
    const question = await next('chat.postMessage', () => fake.command(asker, '/quiz', 'duo typed'));
    const verdict = await answer(person, question, reply);
    await fake.send(press(asker, question, 'Reveal'));
    // The answer count's edit may go first (coalesced per message): the reveal is the last one.
    const revealed = await standin.waitFor(() => updatesOf(tsOf(question)).find((c) => blocksText(c).includes('Quiz answer')), 10_000, 'the reveal');
    expect(blocksText(revealed)).toContain('Nobody got it right (1 answered)');
    return { question, verdict, editsAfter: () => updatesOf(tsOf(question)).slice(updatesOf(tsOf(question)).indexOf(revealed) + 1) };
  }

  it("edits a /quiz question's reveal once with chat.update, and pays once", async () => {
    const { verdict, editsAfter } = await revealedQuiz(carol, 'it paints pictures of cats');
    const before = await points(carol);
    const decided = await appealAndDecide(carol, verdict, asker, 'Accept');
    expect(blocksText(decided)).toContain('Accepted. Carol gets +10 points');
    const edit = await standin.waitFor(() => editsAfter()[0], 10_000, 'the reveal edited');
    expect(edit.args).toMatchObject({ channel: CHANNEL });
    expect(edit.token).toBe('xoxb-appeal-edits');
    expect(blocksText(edit)).toMatch(/Got it right \(1 of 1\): 🥇 Carol \(\+10, accepted on appeal\)/);
    // An admin's accept after it is told it was decided, and edits nothing more.
    await next('chat.postEphemeral', () => fake.send(press(admin, standin.callsTo('chat.postEphemeral').find((c) => blocksText(c).includes('Appeal from Carol'))!, 'Accept')));
    expect(blocksText(standin.callsTo('chat.postEphemeral').at(-1)!)).toContain('already accepted');
    expect(editsAfter()).toHaveLength(1);
    expect(await points(carol)).toBe(before + 10);
  });

  it('edits nothing for a rejected appeal', async () => {
    const { verdict, editsAfter } = await revealedQuiz(dave, 'a loud noise');
    const decided = await appealAndDecide(dave, verdict, admin, 'Reject');
    expect(blocksText(decided)).toContain("Rejected. Dave's verdict stands");
    expect(editsAfter()).toEqual([]);
  });

  it('keeps the decision, its reply and the points when the reveal was deleted (message_not_found)', async () => {
    const { question, verdict, editsAfter } = await revealedQuiz(erin, 'bananas and a bicycle');
    const before = await points(erin);
    standin.deleteMessage(CHANNEL, tsOf(question));
    const decided = await appealAndDecide(erin, verdict, asker, 'Accept');
    expect(blocksText(decided)).toContain('Accepted. Erin gets +10 points');
    const refused = await standin.waitFor(() => editsAfter()[0], 10_000, 'the edit tried');
    expect(refused.result).toMatchObject({ ok: false, error: 'message_not_found' });
    await standin.waitFor(() => logs.find((l) => l.msg === 'slack: could not edit an earlier channel message; it keeps what it showed' && l.ts === tsOf(question)), 10_000, 'the warning');
    expect(await appealOf(erin)).toMatchObject({ status: 'accepted', points: 10 });
    expect(await points(erin)).toBe(before + 10);
    // Nothing told the decider otherwise: one reply, the accepted one.
    expect(standin.callsTo('chat.postEphemeral').filter((c) => c.args.user === asker.userId && blocksText(c).includes("couldn't update"))).toEqual([]);
  });

  it("edits a game's reveal and standings once each", async () => {
    expect(blocksText(await next('chat.postMessage', () => fake.command(asker, '/quiz', 'duo typed rounds:2 time:30')))).toContain('Game on');
    await runner.tick();
    const posts = () => standin.callsTo('chat.postMessage');
    const q1 = posts().at(-1)!;
    expect(blocksText(q1)).toContain('Question 1 of 2');
    clock.advance(4 * SECOND);
    const fredVerdict = await answer(fred, q1, 'it hums a tune');
    await answer(gina, q1, 'it sings a song');
    clock.advance(26 * SECOND);
    await runner.tick();
    const reveal1 = posts().at(-1)!;
    expect(blocksText(reveal1)).toContain('Nobody got it right (2 answered)');
    for (let i = 0; i < 20 && !blocksText(posts().at(-1)!).includes('🏁 Final standings'); i++) {
      clock.advance(5 * SECOND);
      await runner.tick();
    }
    const standings = posts().at(-1)!;
    expect(blocksText(standings)).toContain('🏁 Final standings');
    const before = await points(fred);

    const decided = await appealAndDecide(fred, fredVerdict, asker, 'Accept');
    expect(blocksText(decided)).toContain('Accepted. Fred gets +10 points');
    const revised = await standin.waitFor(() => updatesOf(tsOf(standings))[0], 10_000, 'the standings edited');
    expect(blocksText(revised)).toMatch(/🥇 \*Fred\* — 12 pts · 1\/2 right · fastest 4\.0 s/);
    expect(updatesOf(tsOf(reveal1))).toHaveLength(1);
    expect(blocksText(updatesOf(tsOf(reveal1))[0]!)).toMatch(/Got it right \(1 of 2\): 🥇 Fred \+12 \(4\.0 s, accepted on appeal\)/);
    expect(updatesOf(tsOf(standings))).toHaveLength(1);
    expect(await points(fred)).toBe(before + 10);
  });

  it('broke none of the documented Slack limits on the way', () => {
    expect(standin.violations).toEqual([]);
  });
});
