/**
 * "I was right" end to end on Slack: signed requests into the running Bolt app, the real core on a real
 * database, the local Slack stand-in recording the Web API calls. The appeal is a notice in the channel
 * (without the answer, which could give an open question away); the asker or a workspace admin opens it
 * with a press, which answers them alone (chat.postEphemeral), and decides there; the notice is then
 * updated (chat.update) so the appellant sees the outcome.
 */
import { and, eq, sql } from 'drizzle-orm';
import { pino } from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { startSlack, type RunningSlack } from '../../../src/bot/slack/index.js';
import { createStudyBot } from '../../../src/app.js';
import type { StudyBot } from '../../../src/core/service.js';
import type { Database } from '../../../src/db/connect.js';
import { answers, appeals, pointsLedger, reviewLogs, users } from '../../../src/db/schema.js';
import { dbTargets, openForSuite } from '../../support/db.js';
import { FakeSlack, type Who } from '../../support/slack-requests.js';
import { blocksText, buttonIn, nextCall } from '../../support/slack-calls.js';
import { startSlackStandIn, STANDIN_TEAM, type RecordedCall, type SlackStandIn } from '../../support/slack-standin.js';

const SECRET = 'appeals-signing-secret';
const CHANNEL = 'CAPPEAL';
const admin: Who = { userId: 'UADMIN', userName: 'admin', channelId: CHANNEL };
const asker: Who = { userId: 'UASKER', userName: 'asker', channelId: CHANNEL };
const carol: Who = { userId: 'UCAROL', userName: 'carol', channelId: CHANNEL };
const dave: Who = { userId: 'UDAVE', userName: 'dave', channelId: CHANNEL };
const WRONG = 'it paints pictures of cats';


describe.each(dbTargets)('Slack appeals end to end (real core on $name)', (target) => {
  let database: Database;
  let bot: StudyBot;
  let standin: SlackStandIn;
  let slack: RunningSlack;
  let fake: FakeSlack;

  openForSuite(target, async (opened) => {
    database = opened;
    bot = await createStudyBot({ db: database.db });
    standin = await startSlackStandIn();
    standin.users.set('UADMIN', { id: 'UADMIN', name: 'admin', real_name: 'Admin', tz: 'UTC', is_admin: true, profile: { display_name: 'Admin' } });
    for (const [id, name] of [['UASKER', 'Asker'], ['UCAROL', 'Carol'], ['UDAVE', 'Dave']] as const) {
      standin.users.set(id, { id, name: name.toLowerCase(), real_name: name, tz: 'UTC', profile: { display_name: name } });
    }
    slack = await startSlack({ bot, botToken: 'xoxb-appeals', signingSecret: SECRET, port: 0, apiUrl: standin.apiUrl, log: pino({ level: 'silent' }) });
    fake = new FakeSlack(`http://127.0.0.1:${slack.port}/slack/events`, SECRET, standin);
    // A one-card deck, so every quiz asks the same card.
    await bot.handle({
      actor: { platform: 'slack', workspaceId: STANDIN_TEAM, channelId: CHANNEL, userId: 'UASKER', displayName: 'Asker', canManage: false },
      command: { type: 'deck_import', filename: 'solo.csv', content: "front,back\nWhat does a GAN's discriminator do?,It tells real samples from generated ones.\n" },
    });
  });

  afterAll(async () => {
    await slack?.stop();
    await standin?.close();
  });

  const next = (method: string, act: () => Promise<unknown>) => nextCall(standin, method, act);
  const ephemeralTs = (call: RecordedCall) => String(call.result!.message_ts);
  const press = (who: Who, call: RecordedCall, label: string, ephemeral: boolean) =>
    fake.blockActionBody(who, { actionId: buttonIn(call, label)!, messageTs: ephemeral ? ephemeralTs(call) : String(call.result!.ts), ephemeral });
  const userId = async (who: Who) => (await database.db.select().from(users).where(eq(users.externalId, who.userId)))[0]!.id;
  const points = async (who: Who) => {
    const [row] = await database.db.select({ total: sql<number>`coalesce(sum(${pointsLedger.amount}), 0)::int` }).from(pointsLedger).where(eq(pointsLedger.userId, await userId(who)));
    return row!.total;
  };

  /** The asker starts a typed quiz on the one card, `who` answers `answer`; returns the private verdict. */
  async function answer(who: Who, answer: string): Promise<RecordedCall> {
    const question = await next('chat.postMessage', () => fake.command(asker, '/quiz', 'solo typed'));
    const opened = await next('views.open', () => fake.send(press(who, question, 'Answer', false)));
    const form = await standin.waitFor(() => standin.callsTo('views.update').find((c) => c.args.view_id === (opened.result!.view as { id: string }).id), 10_000, 'form');
    const view = { ...(form.args.view as { callback_id: string; private_metadata: string }), id: String((opened.result!.view as { id: string }).id) };
    return next('chat.postEphemeral', () => fake.send(fake.viewSubmissionBody(who, view, answer)));
  }

  it('goes to the asker, is refused to others, pays once under concurrent accepts and a retry, and is remembered', async () => {
    const verdict = await answer(carol, WRONG);
    expect(verdict.args).toMatchObject({ user: 'UCAROL' });
    expect(String(verdict.args.text)).toMatch(/Not quite|Partly right/);
    expect(buttonIn(verdict, 'I was right')!.length).toBeLessThanOrEqual(255);
    const before = await points(carol);

    const notice = await next('chat.postMessage', () => fake.send(press(carol, verdict, 'I was right', true)));
    expect(notice.args.channel).toBe(CHANNEL);
    expect(blocksText(notice)).toContain('Carol');
    expect(blocksText(notice)).not.toContain('paints');

    const refused = await next('chat.postEphemeral', () => fake.send(press(dave, notice, 'Review appeal', false)));
    expect(refused.args).toMatchObject({ user: 'UDAVE' });
    expect(blocksText(refused)).toContain('Only the person who asked this question, or a moderator');

    const review = await next('chat.postEphemeral', () => fake.send(press(asker, notice, 'Review appeal', false)));
    expect(review.args).toMatchObject({ user: 'UASKER' });
    expect(blocksText(review)).toContain(WRONG);
    // Never trusted: Dave and Carol pressing Accept on a copy are refused and change nothing.
    for (const who of [dave, carol]) {
      const forged = await next('chat.postEphemeral', () => fake.send(press(who, review, 'Accept', true)));
      expect(blocksText(forged)).toMatch(/Only the person who asked|cannot decide your own appeal/);
    }
    expect(await points(carol)).toBe(before);

    // The asker and an admin accept at once; then Slack retries the asker's press.
    const askerPress = press(asker, review, 'Accept', true);
    const replies = standin.callsTo('chat.postEphemeral').length;
    await Promise.all([fake.send(askerPress), fake.send(press(admin, review, 'Accept', true))]);
    await standin.waitFor(() => standin.callsTo('chat.postEphemeral').length >= replies + 2, 10_000, 'both replies');
    expect(standin.callsTo('chat.postEphemeral').slice(replies).map((c) => (blocksText(c).includes('already accepted') ? 'already' : blocksText(c).includes('Accepted.') ? 'accepted' : blocksText(c))).sort()).toEqual(['accepted', 'already']);
    await fake.send(askerPress, { retryNum: 1 });
    // A later request's reply shows the retry was taken and answered nothing (the notice's buttons are gone by now).
    await next('chat.postEphemeral', () => fake.command(dave, '/help'));
    expect(standin.callsTo('chat.postEphemeral')).toHaveLength(replies + 3);

    expect(await points(carol)).toBe(Math.max(before, 10));
    const [row] = await database.db.select().from(appeals).where(eq(appeals.userId, await userId(carol)));
    expect(row).toMatchObject({ status: 'accepted', answerText: WRONG });
    expect((await database.db.select().from(reviewLogs).where(eq(reviewLogs.userId, await userId(carol)))).map((l) => l.rating)).toEqual([3]);
    const updated = await standin.waitFor(() => standin.callsTo('chat.update').find((c) => c.args.ts === notice.result!.ts), 10_000, 'notice update');
    expect(blocksText(updated)).toContain('Appeal accepted');

    const again = await answer(carol, 'It paints pictures of cats!');
    expect(String(again.args.text)).toContain('Correct');
    expect(buttonIn(again, 'I was right')).toBeUndefined();
  });

  it('rejects an appeal: the notice says so and nothing else changes', async () => {
    const verdict = await answer(dave, 'a loud noise');
    const before = await points(dave);
    const notice = await next('chat.postMessage', () => fake.send(press(dave, verdict, 'I was right', true)));
    const review = await next('chat.postEphemeral', () => fake.send(press(admin, notice, 'Review appeal', false)));
    const rejected = await next('chat.postEphemeral', () => fake.send(press(admin, review, 'Reject', true)));
    expect(blocksText(rejected)).toContain("Rejected. Dave's verdict stands");
    const updated = await standin.waitFor(() => standin.callsTo('chat.update').find((c) => c.args.ts === notice.result!.ts), 10_000, 'notice update');
    expect(blocksText(updated)).toContain('Appeal rejected');
    expect(await points(dave)).toBe(before);
    const rows = await database.db.select().from(answers).where(and(eq(answers.userId, await userId(dave))));
    expect(rows.map((r) => r.correct)).toEqual([false]);
  });

  it('self-grades a typed /review answer once', async () => {
    const card = await next('chat.postEphemeral', () => fake.command(admin, '/review'));
    const opened = await next('views.open', () => fake.send(press(admin, card, 'Type answer', true)));
    const form = await standin.waitFor(() => standin.callsTo('views.update').find((c) => c.args.view_id === (opened.result!.view as { id: string }).id), 10_000, 'form');
    const view = { ...(form.args.view as { callback_id: string; private_metadata: string }), id: String((opened.result!.view as { id: string }).id) };
    const verdict = await next('chat.postEphemeral', () => fake.send(fake.viewSubmissionBody(admin, view, 'bananas and a bicycle')));
    expect(blocksText(verdict)).toContain('Not quite');
    const marked = await next('chat.postEphemeral', () => fake.send(press(admin, verdict, 'I was right', true)));
    expect(blocksText(marked)).toContain('Marked right');
    const again = await next('chat.postEphemeral', () => fake.send(press(admin, verdict, 'I was right', true)));
    expect(blocksText(again)).toContain('already marked right');
    expect((await database.db.select().from(reviewLogs).where(eq(reviewLogs.userId, await userId(admin)))).map((l) => [l.rating, l.source])).toEqual([[3, 'review']]);
  });

  it('broke none of the documented Slack limits on the way', () => {
    expect(standin.violations).toEqual([]);
  });
});
