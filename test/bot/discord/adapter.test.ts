/**
 * The adapter's protocol behaviour against the Discord stand-in, with a scripted core so each
 * Discord rule (3-second acknowledgement, modal as first response, deferral visibility, errors,
 * attachments, duplicates, registration) is driven exactly.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Actor, Request } from '../../../src/core/commands.js';
import type { DeckSuggestion, StudyBotApi } from '../../../src/core/bot.js';
import { ChannelUnavailableError } from '../../../src/core/errors.js';
import type { Outcome } from '../../../src/core/messages.js';
import { DEFAULT_ACK_AFTER_MS, NOT_ALL_SENT, SORRY } from '../../../src/bot/discord/respond.js';
import { APPLICATION_ID, CHANNEL_ID, GUILD_ID, sleep, startHarness, type Harness } from '../../support/discord-harness.js';
import { InteractionFactory, MANAGE_GUILD, MEMBER_PERMISSIONS, bool, int, str, sub, type TestUser } from '../../support/discord-interactions.js';
import { isEphemeral } from '../../support/discord-standin.js';

class ScriptedCore implements StudyBotApi {
  requests: Request[] = [];
  suggestions: { actor: Actor; prefix: string }[] = [];
  script: (request: Request) => Promise<Outcome> = async () => ({ reply: { text: 'ok', visibility: 'public' } });
  async handle(request: Request): Promise<Outcome> {
    this.requests.push(request);
    return this.script(request);
  }
  /** When set, suggestions wait for it (a slow core). */
  suggestGate?: Promise<void>;
  async suggestDecks(actor: Actor, prefix: string): Promise<DeckSuggestion[]> {
    this.suggestions.push({ actor, prefix });
    if (this.suggestGate) await this.suggestGate;
    return Array.from({ length: 30 }, (_, i) => ({ slug: `${prefix}deck-${i}`, title: `Deck ${i}` }));
  }
}

const alice: TestUser = { id: '800000000000000001', username: 'alice', globalName: 'Alice A.' };
const admin: TestUser = { id: '800000000000000002', username: 'root', permissions: MEMBER_PERMISSIONS | MANAGE_GUILD };

/** A guild whose events Discord sends to shard 1 of 2: (id >> 22) % 2 === 1. */
const SHARD_ONE_GUILD_ID = '710000000004194305';

const core = new ScriptedCore();
let h: Harness;

beforeAll(async () => {
  h = await startHarness(core);
});
afterAll(async () => {
  await h?.close();
});
beforeEach(() => {
  core.requests = [];
  core.script = async () => ({ reply: { text: 'ok', visibility: 'public' } });
});

describe('start-up', () => {
  it('registers every slash command to the configured guild with the bot token', async () => {
    const put = h.standIn.requests.find((r) => r.method === 'PUT');
    expect(put?.path).toBe(`/applications/${APPLICATION_ID}/guilds/${GUILD_ID}/commands`);
    expect(put?.authorization).toBe('Bot stand-in-bot-token');
    const names = (put?.body as { name: string }[]).map((c) => c.name).sort();
    expect(names).toEqual(['daily', 'deck', 'decks', 'fsrs', 'generate', 'help', 'leaderboard', 'quiz', 'review', 'stats', 'timezone']);
    const daily = (put?.body as any[]).find((c) => c.name === 'daily');
    expect(daily.default_member_permissions).toBe(MANAGE_GUILD.toString());
    expect(daily.options.map((o: any) => o.name)).toEqual(['on', 'off', 'status']);
    const dailyMode = daily.options[0].options.find((o: any) => o.name === 'mode');
    expect(dailyMode.choices.map((c: any) => c.value)).toEqual(['mcq', 'typed']);
    const quiz = (put?.body as any[]).find((c) => c.name === 'quiz');
    expect(quiz.options.find((o: any) => o.name === 'deck').autocomplete).toBe(true);
  });

  it('found the gateway through GET /gateway/bot and keeps heartbeating', async () => {
    expect(h.standIn.requests.some((r) => r.method === 'GET' && r.path === '/gateway/bot')).toBe(true);
    const identify = h.standIn.gatewayReceived.find((p) => p.op === 2) as { d: { token: string } };
    expect(identify.d.token).toBe('stand-in-bot-token');
    await sleep(600);
    expect(h.standIn.gatewayReceived.filter((p) => p.op === 1).length).toBeGreaterThanOrEqual(1);
    expect(h.adapter.isHealthy()).toBe(true);
  });

  it('resumes after the connection drops and gets the interactions it missed', async () => {
    const resumesBefore = h.standIn.gatewayReceived.filter((p) => p.op === 6).length;
    h.standIn.dropConnections();
    // Sent while the bot is disconnected: Discord keeps it for the resumed session.
    const i = h.guild.slash(alice, 'stats');
    h.standIn.interact(i);
    const callback = await h.standIn.callbackFor(i.id);
    expect(callback.body.type).toBe(4);
    expect(h.standIn.gatewayReceived.filter((p) => p.op === 6).length).toBe(resumesBefore + 1);
    expect(h.standIn.gatewayReceived.filter((p) => p.op === 2)).toHaveLength(1);
    expect(h.adapter.isHealthy()).toBe(true);
  });

  it('registers globally when no guild is configured', async () => {
    const other = await startHarness(new ScriptedCore(), { guildId: undefined });
    try {
      const put = other.standIn.requests.find((r) => r.method === 'PUT');
      expect(put?.path).toBe(`/applications/${APPLICATION_ID}/commands`);
    } finally {
      await other.close();
    }
  });
});

describe('commands', () => {
  it('turns a slash command into a core request and replies directly when the core is quick', async () => {
    core.script = async () => ({
      reply: {
        title: 'Q',
        text: 'What is a GAN?',
        visibility: 'public',
        choices: [
          { id: 'sb1:mcq:1:0', label: 'A', style: 'primary' },
          { id: 'sb1:mcq:1:1', label: 'B' },
        ],
      },
    });
    const i = h.guild.slash(alice, 'quiz', [str('deck', 'gan'), str('mode', 'mcq')]);
    h.standIn.interact(i);
    const callback = await h.standIn.callbackFor(i.id);
    expect(callback.body.type).toBe(4);
    expect(isEphemeral(callback.body.data)).toBe(false);
    expect(callback.body.data.embeds[0]).toMatchObject({ title: 'Q', description: 'What is a GAN?' });
    expect(callback.body.data.components[0].components.map((b: any) => [b.custom_id, b.style])).toEqual([
      ['sb1:mcq:1:0', 1],
      ['sb1:mcq:1:1', 2],
    ]);
    expect(core.requests).toEqual([
      {
        actor: {
          platform: 'discord',
          workspaceId: GUILD_ID,
          channelId: CHANNEL_ID,
          userId: alice.id,
          displayName: 'Alice A.',
          canManage: false,
        },
        command: { type: 'quiz', deck: 'gan', mode: 'mcq' },
        interactionId: i.id,
      },
    ]);
  });

  it('maps every option to the core command', async () => {
    const cases: [any, unknown][] = [
      [h.guild.slash(alice, 'leaderboard', [str('scope', 'channel'), str('period', 'week')]), { type: 'leaderboard', scope: 'channel', period: 'week' }],
      [h.guild.slash(alice, 'review'), { type: 'review' }],
      [h.guild.slash(alice, 'stats'), { type: 'stats' }],
      [h.guild.slash(alice, 'timezone', [str('tz', 'Asia/Tokyo')]), { type: 'timezone', tz: 'Asia/Tokyo' }],
      [h.guild.slash(alice, 'timezone'), { type: 'timezone' }],
      [h.guild.slash(alice, 'decks'), { type: 'decks' }],
      [h.guild.slash(alice, 'help'), { type: 'help' }],
      [
        h.guild.slash(admin, 'daily', [sub('on', [str('deck', 'gan'), str('time', '09:30'), str('tz', 'Europe/Berlin'), str('mode', 'typed'), str('window', '12')])]),
        { type: 'daily', action: 'on', deck: 'gan', time: '09:30', tz: 'Europe/Berlin', mode: 'typed', window: '12' },
      ],
      [h.guild.slash(admin, 'daily', [sub('status')]), { type: 'daily', action: 'status' }],
    ];
    for (const [interaction] of cases) h.standIn.interact(interaction);
    await Promise.all(cases.map(([interaction]) => h.standIn.callbackFor(interaction.id)));
    const byId = new Map(core.requests.map((r) => [r.interactionId, r]));
    for (const [interaction, command] of cases) expect(byId.get(interaction.id)?.command).toEqual(command);
    const daily = core.requests.find((r) => r.command.type === 'daily');
    expect(daily?.actor.canManage).toBe(true);
  });

  it('passes canManage=false for a member without Manage Server, and the core refusal comes back private', async () => {
    core.script = async (request) =>
      request.actor.canManage ? { reply: { text: 'saved', visibility: 'private' } } : { reply: { text: 'You need Manage Server.', visibility: 'private' } };
    const i = h.guild.slash(alice, 'daily', [sub('off')]);
    h.standIn.interact(i);
    const callback = await h.standIn.callbackFor(i.id);
    expect(core.requests[0]?.actor.canManage).toBe(false);
    expect(isEphemeral(callback.body.data)).toBe(true);
    expect(callback.body.data.embeds[0].description).toBe('You need Manage Server.');
  });

  it('prefers the server nickname for the display name', async () => {
    const i = h.guild.slash({ ...alice, nick: 'Professor A' }, 'stats');
    h.standIn.interact(i);
    await h.standIn.callbackFor(i.id);
    expect(core.requests[0]?.actor.displayName).toBe('Professor A');
  });

  it('uses dm:<user> as the workspace outside a guild', async () => {
    const i = h.dm('730000000000000001').slash(alice, 'stats');
    h.standIn.interact(i);
    await h.standIn.callbackFor(i.id);
    expect(core.requests[0]?.actor).toMatchObject({ workspaceId: `dm:${alice.id}`, channelId: '730000000000000001', canManage: false });
  });

  it('defers at ~1.5 s (DEFAULT_ACK_AFTER_MS) when the core is slow, then edits the deferred reply', async () => {
    core.script = async () => {
      await sleep(2600);
      return { reply: { text: 'your stats', visibility: 'private' } };
    };
    const i = h.guild.slash(alice, 'stats');
    const sent = Date.now();
    h.standIn.interact(i);
    const callback = await h.standIn.callbackFor(i.id);
    expect(callback.body.type).toBe(5);
    expect(isEphemeral(callback.body.data)).toBe(true);
    expect(callback.at - sent).toBeGreaterThanOrEqual(DEFAULT_ACK_AFTER_MS - 100);
    expect(callback.at - sent).toBeLessThan(3000);
    const edit = await h.standIn.waitForRequest((r) => r.method === 'PATCH' && r.path === `/webhooks/${APPLICATION_ID}/${i.token}/messages/@original`);
    expect(edit.body.embeds[0].description).toBe('your stats');
    expect(h.standIn.originalOf(i.token)?.embeds[0].description).toBe('your stats');
  });

  it('turns a core crash into a polite private message and a log line', async () => {
    core.script = async () => {
      throw new Error('database on fire');
    };
    const i = h.guild.slash(alice, 'decks');
    h.standIn.interact(i);
    const callback = await h.standIn.callbackFor(i.id);
    expect(callback.body.type).toBe(4);
    expect(isEphemeral(callback.body.data)).toBe(true);
    expect(callback.body.data.embeds[0].description).toBe(SORRY);
    expect(callback.body.data.embeds[0].description).not.toContain('fire');
    const line = h.logs.find((l) => l.msg === 'discord interaction failed' && l.interactionId === i.id);
    expect((line?.err as { message: string }).message).toBe('database on fire');
    expect(h.adapter.isHealthy()).toBe(true);
  });

  it('keeps a public reply as it was when the follow-up after it fails, and tells the user privately once', async () => {
    core.script = async () => ({ reply: { text: 'The question', visibility: 'public' }, update: { text: 'And its count', visibility: 'public' } });
    const i = h.guild.slash(alice, 'quiz');
    const followUpPath = `/webhooks/${APPLICATION_ID}/${i.token}`;
    h.standIn.failNext({ match: (method, path) => method === 'POST' && path === followUpPath, times: 1, status: 404, code: 10015, message: 'Unknown Webhook' });
    h.standIn.interact(i);
    const callback = await h.standIn.callbackFor(i.id);
    expect(callback.body.type).toBe(4);
    const note = await h.standIn.waitForRequest((r) => r.method === 'POST' && r.path === followUpPath && r.status === 200);
    expect(isEphemeral(note.body)).toBe(true);
    expect(note.body.embeds[0].description).toBe(NOT_ALL_SENT);
    expect(h.standIn.requestsFor(i).map((r) => `${r.method} ${r.status}`)).toEqual(['POST 204', 'POST 404', 'POST 200']);
    const shown = h.standIn.originalOf(i.token);
    expect(isEphemeral(shown)).toBe(false);
    expect(shown?.embeds[0].description).toBe('The question');
    expect(h.logs.some((l) => l.msg === 'could not answer discord interaction' && l.interactionId === i.id)).toBe(true);
  });

  it('defers /generate first and sends the image as an attachment the embed points to', async () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]);
    core.script = async () => ({
      reply: {
        title: 'DCGAN',
        text: 'seed 7',
        visibility: 'public',
        image: { png, filename: 'dcgan seed 7.png', alt: 'digits' },
      },
    });
    const i = h.guild.slash(alice, 'generate', [str('model', 'dcgan'), int('digit', 3), int('seed', 7), int('interpolate', 9)]);
    h.standIn.interact(i);
    const callback = await h.standIn.callbackFor(i.id);
    expect(callback.body.type).toBe(5);
    const edit = await h.standIn.waitForRequest((r) => r.method === 'PATCH' && r.path.includes(i.token));
    expect(edit.files).toHaveLength(1);
    expect(edit.files[0]?.name).toBe('dcgan_seed_7.png');
    expect(edit.files[0]?.data.equals(png)).toBe(true);
    expect(edit.body.embeds[0].image.url).toBe('attachment://dcgan_seed_7.png');
    expect(core.requests[0]?.command).toEqual({ type: 'generate', model: 'dcgan', digit: '3', seed: '7', interpolate: '9' });
    // The deferral went out before the core was even asked.
    expect(callback.at).toBeLessThanOrEqual(edit.at);
  });

  it('downloads a /deck import attachment and hands its text to the core', async () => {
    const deck = '# Test deck\nQ: What is D?\nA: The discriminator.\n';
    core.script = async () => ({ reply: { text: 'Imported 1 card.', visibility: 'private' } });
    const i = h.guild.deckImport(alice, 'mine.txt', deck);
    h.standIn.interact(i);
    const callback = await h.standIn.callbackFor(i.id);
    expect(callback.body.type).toBe(5);
    expect(isEphemeral(callback.body.data)).toBe(true);
    const edit = await h.standIn.waitForRequest((r) => r.method === 'PATCH' && r.path.includes(i.token));
    expect(edit.body.embeds[0].description).toBe('Imported 1 card.');
    expect(core.requests[0]?.command).toEqual({ type: 'deck_import', filename: 'mine.txt', content: deck });
  });

  it('hands an .apkg attachment to the core as bytes with the history option, and /deck export and /fsrs as commands', async () => {
    core.script = async () => ({ reply: { text: 'ok', visibility: 'private' } });
    const apkg = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]);
    const imported = h.guild.deckImport(alice, 'deck.apkg', apkg, undefined, [bool('history', false)]);
    h.standIn.interact(imported);
    await h.standIn.waitForRequest((r) => r.method === 'PATCH' && r.path.includes(imported.token));
    const command = core.requests[0]?.command as { type: string; bytes?: Uint8Array };
    expect({ ...command, bytes: [...command.bytes!] }).toEqual({ type: 'deck_import', filename: 'deck.apkg', content: '', bytes: [...apkg], history: 'no' });

    for (const [options, expected] of [
      [['deck', [sub('export', [str('deck', 'biology')])]], { type: 'deck_export', deck: 'biology' }],
      [['fsrs', [sub('show')]], { type: 'fsrs', action: 'show' }],
      [['fsrs', [sub('retention', [str('value', '0.85')])]], { type: 'fsrs', action: 'retention', value: '0.85' }],
    ] as const) {
      core.requests = [];
      const i = h.guild.slash(alice, options[0], [...options[1]]);
      h.standIn.interact(i);
      await h.standIn.waitForRequest((r) => r.method === 'PATCH' && r.path.includes(i.token));
      expect(core.requests[0]?.command).toEqual(expected);
    }
  });

  it('refuses a deck file over 1 MB without asking the core, by reported size and by actual size', async () => {
    const big = 'x'.repeat(1024 * 1024 + 1);
    const honest = h.guild.deckImport(alice, 'big.txt', big);
    const lying = h.guild.deckImport(alice, 'small.txt', big, 10);
    h.standIn.interact(honest);
    h.standIn.interact(lying);
    for (const i of [honest, lying]) {
      const edit = await h.standIn.waitForRequest((r) => r.method === 'PATCH' && r.path.includes(i.token));
      expect(edit.body.embeds[0].description).toContain('too big');
    }
    expect(core.requests).toEqual([]);
  });

  it('answers deck autocomplete from the core, at most 25 choices', async () => {
    const i = h.guild.autocomplete(alice, 'quiz', [{ name: 'deck', type: 3, value: 'ga', focused: true }]);
    h.standIn.interact(i);
    const callback = await h.standIn.callbackFor(i.id);
    expect(callback.body.type).toBe(8);
    expect(callback.body.data.choices).toHaveLength(25);
    expect(callback.body.data.choices[0]).toEqual({ name: 'Deck 0 (gadeck-0)', value: 'gadeck-0' });
    expect(core.suggestions.at(-1)?.prefix).toBe('ga');
    expect(core.requests).toEqual([]);
  });

  it('answers autocomplete with no choices before the deadline when the core is slow', async () => {
    let release!: () => void;
    core.suggestGate = new Promise<void>((resolve) => (release = resolve));
    try {
      const i = h.guild.autocomplete(alice, 'quiz', [{ name: 'deck', type: 3, value: 'slow', focused: true }]);
      h.standIn.interact(i);
      // The stand-in records a violation (failing close()) if this comes after 3 s.
      const callback = await h.standIn.callbackFor(i.id);
      expect(callback.body).toEqual({ type: 8, data: { choices: [] } });
      expect(h.logs.some((l) => l.msg.includes('autocomplete too slow'))).toBe(true);
    } finally {
      release();
      core.suggestGate = undefined;
    }
  });
});

describe('buttons and modals', () => {
  async function postQuestion(): Promise<any> {
    core.script = async () => ({
      reply: { text: 'Q?', visibility: 'public', choices: [{ id: 'sb1:type:5', label: 'Answer' }] },
    });
    const i = h.guild.slash(alice, 'quiz', [str('mode', 'typed')]);
    h.standIn.interact(i);
    await h.standIn.callbackFor(i.id);
    core.requests = [];
    return h.standIn.originalOf(i.token);
  }

  it('opens the modal as the first response to a button', async () => {
    const message = await postQuestion();
    core.script = async () => ({
      modal: { id: 'sb1:typed:5', title: 'Your answer to a rather long question title here', prompt: 'What does the generator learn?', inputLabel: 'Answer' },
    });
    const press = h.guild.button(alice, message, 'sb1:type:5');
    h.standIn.interact(press);
    const callback = await h.standIn.callbackFor(press.id);
    expect(callback.body.type).toBe(9);
    expect(callback.body.data.custom_id).toBe('sb1:typed:5');
    expect(callback.body.data.title.length).toBeLessThanOrEqual(45);
    expect(callback.body.data.components[0]).toEqual({ type: 10, content: 'What does the generator learn?' });
    const label = callback.body.data.components[1];
    expect(label).toMatchObject({ type: 18, label: 'Answer' });
    expect(label.component).toMatchObject({ type: 4, style: 2, custom_id: 'answer', required: true, max_length: 2000 });
    expect(core.requests[0]?.command).toEqual({ type: 'press', id: 'sb1:type:5' });
  });

  it('sends a modal submission as text and shows the verdict privately while updating the count', async () => {
    const message = await postQuestion();
    core.script = async () => ({
      reply: { text: 'Mostly right. Missed: **latent space**', visibility: 'private' },
      update: { text: 'Q?', footer: '1 answered', visibility: 'public', choices: [{ id: 'sb1:type:5', label: 'Answer' }] },
    });
    const submit = h.guild.modalSubmit(alice, 'sb1:typed:5', 'it maps noise to images', message);
    h.standIn.interact(submit);
    const callback = await h.standIn.callbackFor(submit.id);
    expect(core.requests[0]?.command).toEqual({ type: 'submit', id: 'sb1:typed:5', text: 'it maps noise to images' });
    expect(callback.body.type).toBe(7);
    expect(callback.body.data.embeds[0].footer.text).toBe('1 answered');
    const follow = await h.standIn.waitForRequest((r) => r.method === 'POST' && r.path === `/webhooks/${APPLICATION_ID}/${submit.token}`);
    expect(isEphemeral(follow.body)).toBe(true);
    expect(follow.body.embeds[0].description).toContain('latent space');
    expect(h.standIn.messages.get(message.id)?.embeds[0].footer.text).toBe('1 answered');
  });

  it('defers a slow button press as an update, then edits the message and follows up', async () => {
    const message = await postQuestion();
    core.script = async () => {
      await sleep(2300);
      return { reply: { text: 'Correct!', visibility: 'private' }, update: { text: 'Q?', footer: '2 answered', visibility: 'public' } };
    };
    const press = h.guild.button(alice, message, 'sb1:mcq:5:1');
    h.standIn.interact(press);
    const callback = await h.standIn.callbackFor(press.id);
    expect(callback.body.type).toBe(6);
    const edit = await h.standIn.waitForRequest((r) => r.method === 'PATCH' && r.path.includes(press.token));
    expect(edit.body.embeds[0].footer.text).toBe('2 answered');
    const follow = await h.standIn.waitForRequest((r) => r.method === 'POST' && r.path === `/webhooks/${APPLICATION_ID}/${press.token}`);
    expect(isEphemeral(follow.body)).toBe(true);
    expect(h.standIn.messages.get(message.id)?.embeds[0].footer.text).toBe('2 answered');
  });

  it('tells the user to press again when a modal comes too late to be shown', async () => {
    const message = await postQuestion();
    core.script = async () => {
      await sleep(2300);
      return { modal: { id: 'sb1:typed:5', title: 'Answer', prompt: 'Q?', inputLabel: 'Answer' } };
    };
    const press = h.guild.button(alice, message, 'sb1:type:5');
    h.standIn.interact(press);
    expect((await h.standIn.callbackFor(press.id)).body.type).toBe(6);
    const follow = await h.standIn.waitForRequest((r) => r.method === 'POST' && r.path === `/webhooks/${APPLICATION_ID}/${press.token}`);
    expect(isEphemeral(follow.body)).toBe(true);
    expect(follow.body.embeds[0].description).toContain('press the button again');
  });

  it('handles an interaction delivered twice only once', async () => {
    const message = await postQuestion();
    core.script = async () => ({ reply: { text: 'Counted.', visibility: 'private' } });
    const press = h.guild.button(alice, message, 'sb1:mcq:5:0');
    h.standIn.interact(press);
    h.standIn.interact(press);
    await h.standIn.callbackFor(press.id);
    await sleep(300);
    expect(core.requests).toHaveLength(1);
    expect(h.standIn.requestsFor(press)).toHaveLength(1);
  });
});

describe('shutdown', () => {
  it('finishes an interaction in flight, then disconnects and reports unhealthy', async () => {
    const slow = new ScriptedCore();
    let arrived!: () => void;
    const started = new Promise<void>((resolve) => (arrived = resolve));
    slow.script = async () => {
      arrived();
      await sleep(400);
      return { reply: { text: 'finished', visibility: 'private' } };
    };
    const other = await startHarness(slow);
    try {
      const i = other.guild.slash(alice, 'stats');
      other.standIn.interact(i);
      await started;
      await other.adapter.stop();
      expect(other.adapter.isHealthy()).toBe(false);
      const callback = other.standIn.requests.find((r) => r.path.startsWith(`/interactions/${i.id}/`));
      expect(callback?.body.data.embeds[0].description).toBe('finished');
      // Interactions after stop() are not taken any more.
      const late = other.guild.slash(alice, 'stats');
      other.standIn.interact(late);
      await sleep(200);
      expect(slow.requests).toHaveLength(1);
    } finally {
      await other.close();
    }
  });
});

describe('sender', () => {
  it('posts a channel message with buttons and edits it later', async () => {
    const channel = { platform: 'discord' as const, workspaceId: GUILD_ID, channelId: '740000000000000001' };
    const { messageRef } = await h.adapter.sender.post(channel, {
      title: 'Daily question',
      text: 'What is mode collapse?',
      visibility: 'public',
      choices: [{ id: 'sb1:show:9', label: 'Show answer' }],
    });
    const stored = h.standIn.messages.get(messageRef);
    expect(stored?.channel_id).toBe('740000000000000001');
    expect(stored?.embeds[0].title).toBe('Daily question');
    expect(stored?.components[0].components[0].custom_id).toBe('sb1:show:9');
    await h.adapter.sender.update(channel, messageRef, { text: 'Closed: 3 answered', visibility: 'public' });
    expect(h.standIn.messages.get(messageRef)?.embeds[0].description).toBe('Closed: 3 answered');
    expect(h.standIn.messages.get(messageRef)?.components).toEqual([]);
  });

  it('throws ChannelUnavailableError on 403 and 404', async () => {
    h.standIn.failChannel('750000000000000001', 403);
    h.standIn.failChannel('750000000000000002', 404);
    for (const channelId of ['750000000000000001', '750000000000000002']) {
      await expect(
        h.adapter.sender.post({ platform: 'discord', workspaceId: GUILD_ID, channelId }, { text: 'hi', visibility: 'public' }),
      ).rejects.toBeInstanceOf(ChannelUnavailableError);
    }
  });
});

describe('rate limits', () => {
  // discord.js's REST waits out a 429's retry_after (50 ms here) and sends the request again.
  const retryAfterSeconds = 0.05;

  it("delivers a follow-up answered 429, once, after the retry", async () => {
    core.script = async () => ({ reply: { text: 'The question', visibility: 'public' }, update: { text: 'And its count', visibility: 'public' } });
    const i = h.guild.slash(alice, 'quiz');
    const followUpPath = `/webhooks/${APPLICATION_ID}/${i.token}`;
    h.standIn.rateLimit({ match: (method, path) => method === 'POST' && path === followUpPath, times: 1, retryAfterSeconds });
    h.standIn.interact(i);
    await h.standIn.waitForRequest((r) => r.method === 'POST' && r.path === followUpPath && r.status === 200);
    expect(h.standIn.requestsFor(i).map((r) => `${r.method} ${r.status}`)).toEqual(['POST 204', 'POST 429', 'POST 200']);
    const shown = [...h.standIn.messages.values()].filter((m) => m.interaction_token === i.token).map((m) => m.embeds[0].description);
    expect(shown).toEqual(['The question', 'And its count']);
  });

  it('posts a channel message answered 429, once, after the retry', async () => {
    const channelId = '740000000000000009';
    h.standIn.rateLimit({ match: (method, path) => method === 'POST' && path === `/channels/${channelId}/messages`, times: 1, retryAfterSeconds });
    const { messageRef } = await h.adapter.sender.post({ platform: 'discord', workspaceId: GUILD_ID, channelId }, { text: 'Daily question', visibility: 'public' });
    expect(h.standIn.requests.filter((r) => r.path === `/channels/${channelId}/messages`).map((r) => r.status)).toEqual([429, 200]);
    expect([...h.standIn.messages.values()].filter((m) => m.channel_id === channelId).map((m) => m.id)).toEqual([messageRef]);
  });
});

describe('the public count where the bot cannot see the channel', () => {
  it("edits the public question over the /quiz interaction's webhook, not the channel route", async () => {
    const own = new ScriptedCore();
    const hidden = await startHarness(own);
    try {
      hidden.standIn.failChannel(CHANNEL_ID, 403);
      own.script = async () => ({ reply: { text: 'Q?', visibility: 'public', choices: [{ id: 'sb1:show:9', label: 'Show answer' }] } });
      const quiz = hidden.guild.slash(alice, 'quiz', [str('mode', 'self')]);
      hidden.standIn.interact(quiz);
      await hidden.standIn.callbackFor(quiz.id);
      const question = hidden.standIn.originalOf(quiz.token)!;

      own.script = async () => ({ reply: { text: 'A', visibility: 'private', choices: [{ id: 'sb1:rate:9:3', label: 'Good' }] } });
      const show = hidden.guild.button(alice, question, 'sb1:show:9');
      hidden.standIn.interact(show);
      await hidden.standIn.callbackFor(show.id);
      const reveal = hidden.standIn.originalOf(show.token)!;

      own.script = async () => ({
        reply: { text: 'Saved', visibility: 'private' },
        update: { text: 'Q?', footer: '1 answered', visibility: 'public' },
      });
      const rate = hidden.guild.button(alice, reveal, 'sb1:rate:9:3');
      hidden.standIn.interact(rate);
      expect((await hidden.standIn.callbackFor(rate.id)).body.type).toBe(7);
      const edit = await hidden.standIn.waitForRequest((r) => r.method === 'PATCH' && r.path.endsWith(`/messages/${question.id}`));
      expect(edit.path).toBe(`/webhooks/${APPLICATION_ID}/${quiz.token}/messages/${question.id}`);
      expect(hidden.standIn.messages.get(question.id)!.embeds[0].footer.text).toBe('1 answered');
      expect(hidden.standIn.requests.some((r) => r.path.startsWith('/channels/'))).toBe(false);
      expect(hidden.logs.some((l) => l.msg === 'could not update the public message')).toBe(false);
    } finally {
      await hidden.close();
    }
  });
});

describe('gateway sharding', () => {
  it("connects this replica's shards (DISCORD_SHARD_IDS of DISCORD_SHARD_COUNT) and reports each in health", async () => {
    // max_concurrency 4: shards 1 and 3 identify together, not 5 s apart (Discord's identify buckets).
    const sharded = await startHarness(new ScriptedCore(), { shards: { ids: [1, 3], count: 4 } }, { standIn: { maxConcurrency: 4 } });
    try {
      const identified = sharded.standIn.gatewayReceived.filter((p: any) => p.op === 2).map((p: any) => p.d.shard);
      expect(identified.sort()).toEqual([[1, 4], [3, 4]]);
      expect(sharded.adapter.isHealthy()).toBe(true);
      expect(sharded.adapter.healthDetails?.()).toMatchObject({ shards: { '1': { status: 'Ready' }, '3': { status: 'Ready' } } });
    } finally {
      await sharded.close();
    }
  });

  it("defaults to shards: 'auto': connects every shard of Discord's recommended count from /gateway/bot", async () => {
    const own = new ScriptedCore();
    const auto = await startHarness(own, {}, { standIn: { recommendedShards: 2, maxConcurrency: 2 } });
    try {
      const identified = auto.standIn.gatewayReceived.filter((p: any) => p.op === 2).map((p: any) => p.d.shard);
      expect(identified.sort()).toEqual([[0, 2], [1, 2]]);
      expect(auto.standIn.connectedShards().map(([id]) => id).sort()).toEqual([0, 1]);
      expect(auto.adapter.isHealthy()).toBe(true);
      expect(auto.adapter.healthDetails?.()).toMatchObject({ shards: { '0': { status: 'Ready' }, '1': { status: 'Ready' } } });
      // Each shard takes its own guilds' interactions: GUILD_ID is on shard 0, this one on shard 1.
      const onShardOne = new InteractionFactory(auto.standIn, { guildId: SHARD_ONE_GUILD_ID, channelId: CHANNEL_ID });
      for (const i of [auto.guild.slash(alice, 'stats'), onShardOne.slash(alice, 'stats')]) {
        auto.standIn.interact(i);
        expect((await auto.standIn.callbackFor(i.id)).body.type).toBe(4);
      }
      expect(own.requests.map((r) => r.actor.workspaceId)).toEqual([GUILD_ID, SHARD_ONE_GUILD_ID]);
    } finally {
      await auto.close();
    }
  });

  it("with Discord's recommendation of one shard, connects shard 0 of 1", async () => {
    const identify = h.standIn.gatewayReceived.find((p: any) => p.op === 2) as any;
    expect(identify.d.shard).toEqual([0, 1]);
    expect(h.adapter.healthDetails?.()).toMatchObject({ shards: { '0': { status: 'Ready' } } });
  });
});
