/**
 * A deferred command reply keeps the visibility it was deferred with (Discord: no edit, and not the
 * first follow-up, can change it). When the core's slow answer turns out the other way round, the
 * adapter goes through documented steps only (deferred-reply.ts); and when a send then fails, the user
 * is told where Discord allows it, without the channel seeing anything private and without asking the
 * core twice (a deferred button press too). Both modes, against the Discord stand-in, with a scripted
 * core held back by a gate, and faults injected as Discord errors on the follow-up or edit route.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Actor, Request } from '../../../src/core/commands.js';
import type { DeckSuggestion, StudyBotApi } from '../../../src/core/bot.js';
import type { Message, Outcome } from '../../../src/core/messages.js';
import { ANSWERED_PRIVATELY, NOT_ALL_SENT, POSTING_PUBLICLY } from '../../../src/bot/discord/deferred-reply.js';
import { APPLICATION_ID, CHANNEL_ID, GUILD_ID, startHarness } from '../../support/discord-harness.js';
import { startHttpHarness } from '../../support/discord-http-harness.js';
import { str, type InteractionFactory, type TestUser } from '../../support/discord-interactions.js';
import { isEphemeral, type DiscordStandIn, type RecordedRequest, type StoredMessage } from '../../support/discord-standin.js';

class ScriptedCore implements StudyBotApi {
  requests: Request[] = [];
  script: (request: Request) => Promise<Outcome> = async () => ({ reply: { text: 'ok', visibility: 'public' } });
  async handle(request: Request): Promise<Outcome> {
    this.requests.push(request);
    return this.script(request);
  }
  async suggestDecks(_actor: Actor, _prefix: string): Promise<DeckSuggestion[]> {
    return [];
  }
}

/** What a test drives: one running adapter (either mode) and its stand-in. */
interface Running {
  standIn: DiscordStandIn;
  guild: InteractionFactory;
  logs: { msg: string; [key: string]: unknown }[];
  /** Sends the interaction and resolves with its initial response (the deferral, here). */
  send(interaction: any): Promise<RecordedRequest>;
  /** Posts a public message with buttons in the channel, as the bot's Sender does. */
  post(message: Message): Promise<StoredMessage>;
  close(): Promise<void>;
}

const modes: { name: string; start: (core: StudyBotApi) => Promise<Running> }[] = [
  {
    name: 'gateway',
    start: async (core) => {
      const h = await startHarness(core);
      const post = async (message: Message) => h.standIn.messages.get((await h.adapter.sender.post(CHANNEL, message)).messageRef)!;
      return { ...h, post, send: (i) => (h.standIn.interact(i), h.standIn.callbackFor(i.id)) };
    },
  },
  {
    name: 'HTTP interactions',
    start: async (core) => {
      const h = await startHttpHarness(core);
      const post = async (message: Message) => h.standIn.messages.get((await h.replicas[0]!.sender.post(CHANNEL, message)).messageRef)!;
      return { ...h, post, send: (i) => h.send(i) };
    },
  },
];

const CHANNEL = { platform: 'discord' as const, workspaceId: GUILD_ID, channelId: CHANNEL_ID };
const alice: TestUser = { id: '800000000000000001', username: 'alice', globalName: 'Alice' };
const SECRET = 'There is no deck called "nope".';
const PUBLIC = '🏆 Leaderboard: Alice 10 pts';

describe.each(modes)('a deferral that guessed the wrong visibility ($name)', (mode) => {
  const core = new ScriptedCore();
  let h: Running;

  beforeAll(async () => {
    h = await mode.start(core);
  });
  afterAll(async () => {
    await h?.close();
  });
  beforeEach(() => {
    core.requests = [];
  });

  /** Sends `interaction`; the core answers `outcome` only once the adapter has deferred. */
  async function deferredThen(interaction: any, outcome: Outcome, deferralType = 5): Promise<RecordedRequest> {
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    core.script = async () => (await gate, outcome);
    const deferral = await h.send(interaction);
    expect(deferral.body.type).toBe(deferralType);
    open();
    return deferral;
  }

  /** The interaction's calls after its deferral, as `METHOD status`, once there are `count` of them. */
  async function callsAfterDeferral(interaction: { id: string; token: string }, count: number): Promise<string[]> {
    const after = () => h.standIn.requestsFor(interaction).slice(1).map((r) => `${r.method} ${r.status}`);
    await vi.waitFor(() => expect(after()).toHaveLength(count), { timeout: 10_000, interval: 20 });
    return after();
  }

  const followUps = (interaction: { token: string }) =>
    h.standIn.requests.filter((r) => r.method === 'POST' && r.path === `/webhooks/${APPLICATION_ID}/${interaction.token}`);
  const failNext = (interaction: { token: string }, method: 'POST' | 'PATCH') =>
    h.standIn.failNext({
      match: (m, path) => m === method && path.startsWith(`/webhooks/${APPLICATION_ID}/${interaction.token}`),
      times: 1,
      status: 400,
      code: 50035,
      message: 'Invalid Form Body',
    });
  const channelSaw = (text: string) => h.standIn.shownInChannel.some((shown) => JSON.stringify(shown).includes(text));

  it('answers a public deferral privately: the channel sees the thinking message and a neutral note until its delete, never the answer', async () => {
    const i = h.guild.slash(alice, 'quiz', [str('deck', 'nope')]);
    const deferral = await deferredThen(i, { reply: { text: SECRET, visibility: 'private' } });
    expect(isEphemeral(deferral.body.data)).toBe(false);
    // Fill the deferral (so the next follow-up is a message of its own), delete it, then follow up privately.
    expect(await callsAfterDeferral(i, 3)).toEqual(['PATCH 200', 'DELETE 204', 'POST 200']);
    const [note, , answer] = h.standIn.requestsFor(i).slice(1);
    expect(note!.body.embeds[0].description).toBe(ANSWERED_PRIVATELY);
    expect(isEphemeral(answer!.body)).toBe(true);
    expect(answer!.body.embeds[0].description).toBe(SECRET);
    expect(channelSaw(SECRET)).toBe(false);
    expect(h.standIn.originalOf(i.token)).toBeUndefined();
  });

  it('tells the user privately when that private follow-up fails, leaves nothing in the channel, and asks the core once', async () => {
    const i = h.guild.slash(alice, 'quiz', [str('deck', 'nope')]);
    failNext(i, 'POST');
    await deferredThen(i, { reply: { text: SECRET, visibility: 'private' } });
    expect(await callsAfterDeferral(i, 4)).toEqual(['PATCH 200', 'DELETE 204', 'POST 400', 'POST 200']);
    const told = followUps(i).at(-1)!;
    expect(isEphemeral(told.body)).toBe(true);
    expect(told.body.embeds[0].description).toBe(NOT_ALL_SENT);
    expect(channelSaw(SECRET)).toBe(false);
    expect(h.standIn.originalOf(i.token)).toBeUndefined();
    expect(core.requests).toHaveLength(1);
    expect(h.logs.some((line) => line.msg === 'could not answer discord interaction' && line.step === 'the private follow-up')).toBe(true);
  });

  it('never sends the private answer when the public deferral cannot even be filled: the deferral shows the short error', async () => {
    const i = h.guild.slash(alice, 'quiz', [str('deck', 'nope')]);
    failNext(i, 'PATCH');
    await deferredThen(i, { reply: { text: SECRET, visibility: 'private' } });
    expect(await callsAfterDeferral(i, 2)).toEqual(['PATCH 400', 'PATCH 200']);
    const shown = h.standIn.originalOf(i.token)!;
    expect(shown.embeds[0].description).toBe(NOT_ALL_SENT);
    expect(followUps(i)).toEqual([]);
    expect(channelSaw(SECRET)).toBe(false);
  });

  it('posts a public answer after a private deferral: a private note, the public follow-up, then the note goes', async () => {
    const i = h.guild.slash(alice, 'stats');
    const deferral = await deferredThen(i, { reply: { text: PUBLIC, visibility: 'public' } });
    expect(isEphemeral(deferral.body.data)).toBe(true);
    expect(await callsAfterDeferral(i, 3)).toEqual(['PATCH 200', 'POST 200', 'DELETE 204']);
    const [note, posted] = h.standIn.requestsFor(i).slice(1);
    expect(note!.body.embeds[0].description).toBe(POSTING_PUBLICLY);
    expect(isEphemeral(posted!.body)).toBe(false);
    expect(posted!.body.embeds[0].description).toBe(PUBLIC);
  });

  it('turns the private note into the short error when that public follow-up fails', async () => {
    const i = h.guild.slash(alice, 'stats');
    failNext(i, 'POST');
    await deferredThen(i, { reply: { text: PUBLIC, visibility: 'public' } });
    expect(await callsAfterDeferral(i, 3)).toEqual(['PATCH 200', 'POST 400', 'PATCH 200']);
    const shown = h.standIn.originalOf(i.token)!;
    expect(isEphemeral(shown)).toBe(true);
    expect(shown.embeds[0].description).toBe(NOT_ALL_SENT);
    expect(core.requests).toHaveLength(1);
  });

  it('puts the short error in the deferral when filling it fails, whatever the guess', async () => {
    const i = h.guild.slash(alice, 'stats');
    failNext(i, 'PATCH');
    await deferredThen(i, { reply: { text: 'your stats', visibility: 'private' } });
    expect(await callsAfterDeferral(i, 2)).toEqual(['PATCH 400', 'PATCH 200']);
    expect(h.standIn.originalOf(i.token)!.embeds[0].description).toBe(NOT_ALL_SENT);
    expect(core.requests).toHaveLength(1);
  });

  it('tells the presser privately when the verdict after a deferred update fails, and the count still changes', async () => {
    const question = await h.post({ text: 'Q?', footer: '0 answered', visibility: 'public', choices: [{ id: 'sb1:mcq:5:0', label: 'A' }] });
    const press = h.guild.button(alice, question, 'sb1:mcq:5:0');
    failNext(press, 'POST');
    await deferredThen(press, { reply: { text: 'Correct! +10', visibility: 'private' }, update: { text: 'Q?', footer: '1 answered', visibility: 'public' } }, 6);
    expect(await callsAfterDeferral(press, 3)).toEqual(['PATCH 200', 'POST 400', 'POST 200']);
    const told = followUps(press).at(-1)!;
    expect(isEphemeral(told.body)).toBe(true);
    expect(told.body.embeds[0].description).toBe(NOT_ALL_SENT);
    expect(h.standIn.messages.get(question.id)?.embeds[0].footer.text).toBe('1 answered');
    expect(core.requests).toHaveLength(1);
  });
});
