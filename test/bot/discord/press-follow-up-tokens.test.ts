/**
 * A press whose answer is late goes out as a deferred update and then follow-ups (respond.ts). A
 * public follow-up with buttons (an appeal notice from a slow core) is linked to the press's token by
 * its id as soon as it is sent, so the core's later edit of it goes over the press's webhook even
 * before anyone pressed it, where the bot lacks View Channel. A private follow-up, or a public one
 * without buttons, keeps no token: its edit goes over the channel route. A scripted core drives it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeckSuggestion, StudyBotApi } from '../../../src/core/bot.js';
import type { Request } from '../../../src/core/commands.js';
import type { Message, Outcome } from '../../../src/core/messages.js';
import { APPLICATION_ID, GUILD_ID, startHarness, type Harness } from '../../support/discord-harness.js';
import { InteractionFactory, type TestUser } from '../../support/discord-interactions.js';
import { isEphemeral, type StoredMessage } from '../../support/discord-standin.js';

const ada: TestUser = { id: '810000000000000081', username: 'ada', globalName: 'Ada' };
const HIDDEN_CHANNEL_ID = '720000000000000081';
const POST = 'sb1:see:1';

const withButton = (text: string): Message => ({ text, visibility: 'public', choices: [{ id: 'sb1:see:2', label: 'Open' }] });

/** Presses wait for `release`; a /stats carries `edits` for the message the test names. */
class ScriptedCore implements StudyBotApi {
  pressAnswer: Outcome = { reply: withButton('posted by a press') };
  release!: () => void;
  private gate = this.closeGate();
  editTarget?: string;

  closeGate(): Promise<void> {
    this.gate = new Promise((resolve) => (this.release = resolve));
    return this.gate;
  }

  async handle(request: Request): Promise<Outcome> {
    if (request.command.type === 'press') {
      await this.gate;
      return this.pressAnswer;
    }
    if (request.command.type === 'stats' && this.editTarget) {
      return { reply: { text: 'edited', visibility: 'private' }, edits: [{ channelId: HIDDEN_CHANNEL_ID, messageRef: this.editTarget, message: { text: 'decided', visibility: 'public' } }] };
    }
    return { reply: { text: 'Press to post', visibility: 'private', choices: [{ id: POST, label: 'Post' }] } };
  }

  async suggestDecks(): Promise<DeckSuggestion[]> {
    return [];
  }
}

describe('Discord: a late press posting a public message with buttons keeps its token for it', () => {
  const core = new ScriptedCore();
  let h: Harness;
  let hidden: InteractionFactory;

  beforeAll(async () => {
    h = await startHarness(core, { ackAfterMs: 100 });
    h.standIn.failChannel(HIDDEN_CHANNEL_ID, 403);
    hidden = new InteractionFactory(h.standIn, { guildId: GUILD_ID, channelId: HIDDEN_CHANNEL_ID });
  });
  afterAll(async () => {
    await h?.close();
  });

  /** A press on a private message, answered late with `answer`: the message its follow-up created. */
  async function lateFollowUp(answer: Outcome): Promise<{ posted: StoredMessage; token: string }> {
    const command = hidden.slash(ada, 'review');
    h.standIn.interact(command);
    await h.standIn.callbackFor(command.id);
    const source = h.standIn.originalOf(command.token)!;
    expect(isEphemeral(source)).toBe(true);
    core.pressAnswer = answer;
    core.closeGate();
    const press = hidden.button(ada, source, POST);
    h.standIn.interact(press);
    expect((await h.standIn.callbackFor(press.id)).body.type).toBe(6);
    core.release();
    const followUp = await h.standIn.waitForRequest((r) => r.method === 'POST' && r.path === `/webhooks/${APPLICATION_ID}/${press.token}`);
    const posted = [...h.standIn.messages.values()].find((m) => m.interaction_token === press.token && m.id !== source.id)!;
    expect(followUp.status).toBe(200);
    return { posted, token: press.token };
  }

  /** The core edits `message` (no press on it first): the route the edit took and its status. */
  async function editByCore(message: StoredMessage): Promise<[string, number]> {
    core.editTarget = message.id;
    const stats = hidden.slash(ada, 'stats');
    h.standIn.interact(stats);
    await h.standIn.callbackFor(stats.id);
    const edit = await h.standIn.waitForRequest((r) => r.method === 'PATCH' && r.path.endsWith(`/messages/${message.id}`));
    return [edit.path, edit.status];
  }

  it("edits the follow-up over the press's webhook, with no press on it first", async () => {
    const { posted, token } = await lateFollowUp({ reply: withButton('📨 Appeal') });
    expect(isEphemeral(posted)).toBe(false);
    expect(await editByCore(posted)).toEqual([`/webhooks/${APPLICATION_ID}/${token}/messages/${posted.id}`, 200]);
    expect(h.standIn.messages.get(posted.id)!.embeds[0].description).toBe('decided');
  });

  it('keeps no token for a public follow-up without buttons: its edit goes over the channel route', async () => {
    const { posted } = await lateFollowUp({ reply: { text: 'nothing to press', visibility: 'public' } });
    expect(await editByCore(posted)).toEqual([`/channels/${HIDDEN_CHANNEL_ID}/messages/${posted.id}`, 403]);
  });
});
