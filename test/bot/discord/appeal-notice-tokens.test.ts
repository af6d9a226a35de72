/**
 * The "I was right" notice is a public message with a button that a press created (the appellant's
 * press on their private verdict), not a command. Where the bot lacks View Channel, its outcome can
 * only be shown over that press's own webhook (Discord's Edit Followup Message needs no channel
 * permission): the press keeps its token for the notice, in memory and in the shared store, for the
 * same 14 usable minutes as a command's. Past them the edit goes over the channel route, which the
 * stand-in refuses there, and the decision, its reply and the points stand all the same. End to end,
 * in gateway mode and with two HTTP-interactions replicas on one database.
 */
import { eq, sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { createStudyBot } from '../../../src/app.js';
import type { Database } from '../../../src/db/connect.js';
import { createInteractionTokenStore } from '../../../src/db/interaction-token-store.js';
import { appeals, users } from '../../../src/db/schema.js';
import { FakeClock } from '../../support/clock.js';
import { dbTargets, openForSuite } from '../../support/db.js';
import { APPLICATION_ID, GUILD_ID, startHarness, type Harness } from '../../support/discord-harness.js';
import { startHttpHarness, type HttpHarness } from '../../support/discord-http-harness.js';
import { InteractionFactory, str, type TestUser } from '../../support/discord-interactions.js';
import { isEphemeral, type DiscordStandIn, type RecordedRequest, type StoredMessage } from '../../support/discord-standin.js';

const asker: TestUser = { id: '810000000000000071', username: 'asker', globalName: 'Asker' };
const cyd: TestUser = { id: '810000000000000072', username: 'cyd', globalName: 'Cyd' };
const dee: TestUser = { id: '810000000000000073', username: 'dee', globalName: 'Dee' };
/** A channel where the bot lacks View Channel: the stand-in refuses its channel route (403 Missing Access). */
const HIDDEN_CHANNEL_ID = '720000000000000071';
const MINUTE = 60_000;
const WRONG = 'bananas and a bicycle';

/** Which replica gets each step of an appeal (gateway mode has one process: always 0). */
interface Route {
  quiz: number;
  answer: number;
  appeal: number;
  review: number;
  decide: number;
}

/** What the two modes share: deliver an interaction to a replica, and read what Discord saw. */
interface Setup {
  standIn: DiscordStandIn;
  logs: Harness['logs'];
  send(interaction: any, replica: number): Promise<RecordedRequest>;
  close(): Promise<void>;
}

const modes = [
  { mode: 'gateway', replicas: 1 },
  { mode: 'HTTP interactions, two replicas', replicas: 2 },
] as const;

describe.each(dbTargets)('Discord: the appeal notice is edited over the appellant press\'s webhook (real core on $name)', (target) => {
  describe.each(modes)('$mode', ({ mode, replicas }) => {
    let database: Database;
    let setup: Setup;
    let hidden: InteractionFactory;
    // The adapters' clock (token ages); the cores keep real time.
    const clock = new FakeClock(new Date());
    const other = replicas - 1;

    openForSuite(target, async (opened) => {
      database = opened;
      const tokenStore = createInteractionTokenStore(database.db);
      if (mode === 'gateway') {
        const h = await startHarness(await createStudyBot({ db: database.db }), { tokenStore, clock });
        setup = {
          standIn: h.standIn,
          logs: h.logs,
          send: async (interaction) => {
            h.standIn.interact(interaction);
            return h.standIn.callbackFor(interaction.id);
          },
          close: () => h.close(),
        };
      } else {
        // Each replica has its own core, sharing only the database, as two processes would.
        const cores = [await createStudyBot({ db: database.db }), await createStudyBot({ db: database.db })];
        const h: HttpHarness = await startHttpHarness(cores, { tokenStore, clock }, { replicas: 2 });
        setup = { standIn: h.standIn, logs: h.logs, send: (interaction, replica) => h.send(interaction, replica), close: () => h.close() };
      }
      setup.standIn.failChannel(HIDDEN_CHANNEL_ID, 403);
      hidden = new InteractionFactory(setup.standIn, { guildId: GUILD_ID, channelId: HIDDEN_CHANNEL_ID });
    });
    afterAll(async () => {
      await setup?.close();
    });

    const button = (message: { components?: any[] }, label: string) =>
      (message.components ?? []).flatMap((row: any) => row.components).find((b: any) => b.label === label)?.custom_id as string;
    const editsOf = (message: StoredMessage) => setup.standIn.requests.filter((r) => r.method === 'PATCH' && r.path.endsWith(`/messages/${message.id}`));
    const appealOf = async (user: TestUser) => {
      const [row] = await database.db.select({ id: users.id }).from(users).where(eq(users.externalId, user.id));
      return (await database.db.select().from(appeals).where(eq(appeals.userId, row!.id)).orderBy(sql`${appeals.id} desc`))[0]!;
    };

    /** The asker's typed /quiz in the hidden channel, answered wrongly by `user`, who appeals: the notice and the press that posted it. */
    async function filedAppeal(user: TestUser, route: Route): Promise<{ notice: StoredMessage; press: { id: string; token: string } }> {
      const quiz = hidden.slash(asker, 'quiz', [str('deck', 'gan'), str('mode', 'typed')]);
      await setup.send(quiz, route.quiz);
      const question = setup.standIn.originalOf(quiz.token)!;
      const form = await setup.send(hidden.button(user, question, button(question, 'Answer')), route.answer);
      const submit = hidden.modalSubmit(user, form.body.data.custom_id, WRONG, setup.standIn.messages.get(question.id));
      await setup.send(submit, route.answer);
      await setup.standIn.waitForRequest((r) => r.method === 'POST' && r.path.endsWith(`/${submit.token}`));
      const verdict = [...setup.standIn.messages.values()].filter((m) => m.interaction_token === submit.token && isEphemeral(m)).at(-1)!;
      const press = hidden.button(user, verdict, button(verdict, 'I was right'));
      await setup.send(press, route.appeal);
      const notice = setup.standIn.originalOf(press.token)!;
      expect(isEphemeral(notice)).toBe(false);
      expect(notice.embeds[0].title).toBe('📨 Appeal');
      return { notice, press };
    }

    /** The asker opens the notice's review and accepts: their private reply, once the notice's edit was tried. */
    async function accept(notice: StoredMessage, route: Route): Promise<RecordedRequest> {
      const open = hidden.button(asker, notice, button(notice, 'Review appeal'));
      await setup.send(open, route.review);
      const review = setup.standIn.originalOf(open.token)!;
      expect(isEphemeral(review)).toBe(true);
      const decided = await setup.send(hidden.button(asker, review, button(review, 'Accept')), route.decide);
      await setup.standIn.waitForRequest((r) => r.method === 'PATCH' && r.path.endsWith(`/messages/${notice.id}`) && r.at >= decided.at);
      return decided;
    }

    async function waitForLog(match: (line: Harness['logs'][number]) => boolean): Promise<Harness['logs'][number]> {
      for (let waited = 0; ; waited += 10) {
        const line = setup.logs.find(match);
        if (line) return line;
        if (waited > 10_000) throw new Error('the expected log line never came');
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    }

    it('shows "Appeal accepted" on the notice over the press\'s webhook, where the bot cannot see the channel', async () => {
      // On two replicas the review and the decision land where the appeal was not filed.
      const route = { quiz: 0, answer: other, appeal: 0, review: other, decide: other };
      const { notice, press } = await filedAppeal(cyd, route);
      const decided = await accept(notice, route);
      expect(decided.body.data.embeds[0].description).toContain('Accepted. Cyd gets');
      expect(editsOf(notice).map((r) => [r.path, r.status])).toEqual([[`/webhooks/${APPLICATION_ID}/${press.token}/messages/${notice.id}`, 200]]);
      expect(setup.standIn.messages.get(notice.id)!.embeds[0].title).toBe('✅ Appeal accepted');
      expect(setup.standIn.requests.some((r) => r.path.startsWith(`/channels/${HIDDEN_CHANNEL_ID}/`))).toBe(false);
      expect(setup.logs.some((l) => l.msg === 'could not update the public message')).toBe(false);
      expect(JSON.stringify(setup.logs)).not.toContain(press.token);
    });

    it('falls back to the channel route past 14 minutes; refused there, the decision and its reply stand', async () => {
      const route = { quiz: other, answer: 0, appeal: other, review: 0, decide: other };
      const { notice } = await filedAppeal(dee, route);
      clock.advance(14 * MINUTE + 1_000);
      const decided = await accept(notice, route);
      expect(decided.body.data.embeds[0].description).toContain('Accepted. Dee gets');
      expect(editsOf(notice).map((r) => [r.path, r.status])).toEqual([[`/channels/${HIDDEN_CHANNEL_ID}/messages/${notice.id}`, 403]]);
      const refused = await waitForLog((l) => l.msg === 'could not update the public message' && l.messageId === notice.id);
      expect(refused).toMatchObject({ viaWebhook: false });
      expect(setup.standIn.messages.get(notice.id)!.embeds[0].title).toBe('📨 Appeal');
      expect(await appealOf(dee)).toMatchObject({ status: 'accepted' });
    });
  });
});
