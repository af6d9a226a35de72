/**
 * HTTP interactions mode, protocol only: the real adapter against the Discord stand-in with a
 * scripted core, so the 3-second rule, response types, modals and duplicate deliveries over HTTP
 * are driven exactly. The signature check is unit-tested at the bottom.
 */
import { generateKeyPairSync, sign } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Actor, Request } from '../../../src/core/commands.js';
import type { DeckSuggestion, StudyBotApi } from '../../../src/core/bot.js';
import type { Outcome } from '../../../src/core/messages.js';
import { DiscordAPIError } from 'discord.js';
import { checkSignature, publicKeyFromHex } from '../../../src/bot/discord/signature.js';
import { NOT_ALL_SENT } from '../../../src/bot/discord/respond.js';
import { FRESH_ANSWER_MS, FreshAnswers } from '../../../src/bot/discord/webhook-retry.js';
import { FakeClock } from '../../support/clock.js';
import { APPLICATION_ID } from '../../support/discord-harness.js';
import { startHttpHarness, type HttpHarness } from '../../support/discord-http-harness.js';
import type { TestUser } from '../../support/discord-interactions.js';
import { isEphemeral } from '../../support/discord-standin.js';

class ScriptedCore implements StudyBotApi {
  requests: Request[] = [];
  script: (request: Request) => Promise<Outcome> = async () => ({ reply: { text: 'ok', visibility: 'public' } });
  async handle(request: Request): Promise<Outcome> {
    this.requests.push(request);
    return this.script(request);
  }
  async suggestDecks(_actor: Actor, prefix: string): Promise<DeckSuggestion[]> {
    return [{ slug: `${prefix}-deck`, title: 'A deck' }];
  }
}

/** A promise the test settles, so a "slow" core waits on the test, not on a timer. */
function gate(): { wait: Promise<void>; open: () => void } {
  let open!: () => void;
  const wait = new Promise<void>((resolve) => (open = resolve));
  return { wait, open };
}

const alice: TestUser = { id: '800000000000000001', username: 'alice', globalName: 'Alice' };
const core = new ScriptedCore();
let h: HttpHarness;

beforeAll(async () => {
  h = await startHttpHarness(core);
});
afterAll(async () => {
  await h?.close();
});
beforeEach(() => {
  core.requests = [];
  core.script = async () => ({ reply: { text: 'ok', visibility: 'public' } });
});

async function postQuestion() {
  const posted = await h.replicas[0]!.sender.post(
    { platform: 'discord', workspaceId: 'g', channelId: '720000000000000001' },
    { text: 'Q?', footer: '0 answered', visibility: 'public', choices: [{ id: 'sb1:mcq:5:0', label: 'A' }, { id: 'sb1:type:5', label: 'Answer' }] },
  );
  return h.standIn.messages.get(posted.messageRef)!;
}

describe('HTTP interactions mode', () => {
  it('answers a quick command in the HTTP response itself', async () => {
    const i = h.guild.slash(alice, 'stats');
    const answer = await h.deliver(i);
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ type: 4, data: { embeds: [{ description: 'ok' }] } });
    expect(core.requests[0]).toMatchObject({ interactionId: i.id, actor: { userId: alice.id, displayName: 'Alice', platform: 'discord' } });
    expect(h.standIn.requestsFor(i).map((r) => r.via ?? r.method)).toEqual(['http']);
  });

  it('defers in the HTTP response when the core is slow, then edits the reply over REST', async () => {
    const slow = gate();
    core.script = async () => {
      await slow.wait;
      return { reply: { text: 'your stats', visibility: 'private' } };
    };
    const i = h.guild.slash(alice, 'stats');
    const answer = await h.deliver(i);
    expect(answer.status).toBe(200);
    expect(answer.body.type).toBe(5);
    expect(isEphemeral(answer.body.data)).toBe(true);
    expect(answer.ms).toBeLessThan(3000);
    slow.open();
    const edit = await h.standIn.waitForRequest((r) => r.method === 'PATCH' && r.path === `/webhooks/${APPLICATION_ID}/${i.token}/messages/@original`);
    expect(edit.body.embeds[0].description).toBe('your stats');
  });

  it('defers a slow press as an update (type 6), then edits the message and follows up privately', async () => {
    const message = await postQuestion();
    const slow = gate();
    core.script = async () => {
      await slow.wait;
      return { reply: { text: 'Correct!', visibility: 'private' }, update: { text: 'Q?', footer: '1 answered', visibility: 'public' } };
    };
    const press = h.guild.button(alice, message, 'sb1:mcq:5:0');
    const answer = await h.deliver(press);
    expect(answer.body).toEqual({ type: 6 });
    slow.open();
    const follow = await h.standIn.waitForRequest((r) => r.method === 'POST' && r.path === `/webhooks/${APPLICATION_ID}/${press.token}`);
    expect(isEphemeral(follow.body)).toBe(true);
    expect(h.standIn.messages.get(message.id)?.embeds[0].footer.text).toBe('1 answered');
  });

  it('shows a modal as the HTTP response (type 9) and takes its submission', async () => {
    const message = await postQuestion();
    core.script = async () => ({ modal: { id: 'sb1:typed:5', title: 'Answer', prompt: 'Q?', inputLabel: 'Your answer' } });
    const answer = await h.deliver(h.guild.button(alice, message, 'sb1:type:5'));
    expect(answer.body.type).toBe(9);
    expect(answer.body.data.custom_id).toBe('sb1:typed:5');
    core.script = async () => ({ reply: { text: 'Right!', visibility: 'private' } });
    await h.deliver(h.guild.modalSubmit(alice, 'sb1:typed:5', 'forty-two', message));
    expect(core.requests.at(-1)?.command).toEqual({ type: 'submit', id: 'sb1:typed:5', text: 'forty-two' });
  });

  it('asks the core once when one interaction arrives twice at once', async () => {
    const slow = gate();
    const started = gate();
    core.script = async () => {
      started.open();
      await slow.wait;
      return { reply: { text: 'Counted.', visibility: 'private' } };
    };
    const press = h.guild.button(alice, await postQuestion(), 'sb1:mcq:5:0');
    const first = h.deliver(press);
    await started.wait;
    const second = await h.deliver(press);
    expect(second.status).toBe(409);
    slow.open();
    expect((await first).status).toBe(200);
    expect(core.requests).toHaveLength(1);
  });

  it('refuses what is not a signed interaction POST', async () => {
    const endpoint = h.replicas[0]!.endpoint;
    expect((await fetch(endpoint)).status).toBe(405);
    expect((await h.deliver(h.guild.slash(alice, 'stats'), 0, { body: '{not json' })).status).toBe(401);
    const big = await fetch(endpoint, { method: 'POST', body: Buffer.alloc(2 << 20) });
    expect(big.status).toBe(413);
    expect(core.requests).toEqual([]);
  });
});

describe('checkSignature', () => {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const hex = publicKey.export({ format: 'der', type: 'spki' }).subarray(12).toString('hex');
  const key = publicKeyFromHex(hex);
  const body = Buffer.from('{"type":1}');
  const now = 1_800_000_000_000;
  const ts = String(now / 1000);
  const signed = (timestamp: string, data = body) => sign(null, Buffer.concat([Buffer.from(timestamp), data]), privateKey).toString('hex');

  it('accepts Discord-style signatures over timestamp + body within 5 minutes either way', () => {
    expect(checkSignature(key, { signature: signed(ts), timestamp: ts }, body, now)).toEqual({ ok: true });
    const early = String(now / 1000 - 299);
    expect(checkSignature(key, { signature: signed(early), timestamp: early }, body, now).ok).toBe(true);
  });

  it.each([
    ['missing headers', { signature: undefined, timestamp: ts }, 'missing signature headers'],
    ['non-hex signature', { signature: 'zz'.repeat(64), timestamp: ts }, 'malformed signature'],
    ['short signature', { signature: 'ab', timestamp: ts }, 'malformed signature'],
    ['stale timestamp', { timestamp: String(now / 1000 - 301) }, 'stale timestamp'],
    ['future timestamp', { timestamp: String(now / 1000 + 301) }, 'stale timestamp'],
    ['odd timestamp', { signature: 'ab'.repeat(64), timestamp: '1e9' }, 'malformed timestamp'],
  ])('refuses a %s', (_name, headers, reason) => {
    const timestamp = headers.timestamp;
    const signature = 'signature' in headers ? headers.signature : signed(timestamp);
    expect(checkSignature(key, { signature, timestamp }, body, now)).toEqual({ ok: false, reason });
  });

  it('refuses a signature over another body or timestamp', () => {
    expect(checkSignature(key, { signature: signed(ts, Buffer.from('{"type":2}')), timestamp: ts }, body, now)).toEqual({ ok: false, reason: 'bad signature' });
    expect(checkSignature(key, { signature: signed(String(now / 1000 - 1)), timestamp: ts }, body, now)).toEqual({ ok: false, reason: 'bad signature' });
  });

  it('refuses a malformed public key with a clear message', () => {
    expect(() => publicKeyFromHex('abc')).toThrow('64 hex characters');
  });
});

describe('a webhook that lags behind the HTTP answer (discord-api-docs#7220)', () => {
  const clock = new FakeClock(new Date());
  const pauses: number[] = [];
  let lagged: HttpHarness;
  const lagCore = new ScriptedCore();

  beforeAll(async () => {
    // The pause moves the fake clock instead of waiting.
    lagged = await startHttpHarness(lagCore, {}, { now: () => clock.now().getTime(), sleep: async (ms) => void (pauses.push(ms), clock.advance(ms)) });
  });
  afterAll(async () => {
    await lagged?.close();
  });
  beforeEach(() => {
    pauses.length = 0;
    lagged.standIn.lagWebhooksAfterHttpAnswer(1);
  });

  const webhookCalls = (i: { token: string }) => lagged.standIn.requestsFor(i as { id: string; token: string }).filter((r) => r.path.startsWith('/webhooks/'));

  it('retries a follow-up sent right after the HTTP answer until Discord knows the webhook', async () => {
    const posted = await lagged.replicas[0]!.sender.post(
      { platform: 'discord', workspaceId: 'g', channelId: '720000000000000001' },
      { text: 'Q?', footer: '0 answered', visibility: 'public', choices: [{ id: 'sb1:mcq:6:0', label: 'A' }] },
    );
    lagCore.script = async () => ({ reply: { text: 'Correct!', visibility: 'private' }, update: { text: 'Q?', footer: '1 answered', visibility: 'public' } });
    const press = lagged.guild.button(alice, lagged.standIn.messages.get(posted.messageRef)!, 'sb1:mcq:6:0');
    expect((await lagged.deliver(press)).status).toBe(200);
    const verdict = await lagged.standIn.waitForRequest((r) => r.path.includes(press.token) && r.method === 'POST' && r.status === 200 && r.path.startsWith('/webhooks/'));
    expect(verdict.body.embeds[0].description).toBe('Correct!');
    expect(webhookCalls(press).map((r) => r.status)).toEqual([404, 200]);
    expect(pauses).toEqual([500]);
  });

  it('retries the picture\'s @original edit after a deferral in the HTTP answer', async () => {
    lagCore.script = async () => ({ reply: { text: 'board', image: { png: Uint8Array.from([1, 2, 3]), filename: 'board.png', alt: 'the board' }, visibility: 'public' } });
    const board = lagged.guild.slash(alice, 'leaderboard');
    expect((await lagged.deliver(board)).body.type).toBe(5);
    const edit = await lagged.standIn.waitForRequest((r) => r.method === 'PATCH' && r.path.includes(board.token) && r.status === 200);
    expect(edit.files).toHaveLength(1);
    expect(webhookCalls(board).map((r) => `${r.method} ${r.status}`)).toEqual(['PATCH 404', 'PATCH 200']);
    expect(lagged.standIn.originalOf(board.token)!.embeds[0].description).toBe('board');
  });

  it('gives up after four retries', async () => {
    lagged.standIn.lagWebhooksAfterHttpAnswer(5);
    lagCore.script = async () => ({ reply: { text: 'ok', visibility: 'private' }, update: { text: 'also public', visibility: 'public' } });
    const i = lagged.guild.slash(alice, 'stats');
    expect((await lagged.deliver(i)).body.type).toBe(4);
    // The reply went in the HTTP answer; the public part follows over the webhook, refused every time.
    await lagged.standIn.waitForRequest(() => webhookCalls(i).length >= 6);
    const followUps = webhookCalls(i).filter((r) => r.method === 'POST' && r.body?.embeds?.[0]?.description === 'also public');
    expect(followUps.map((r) => r.status)).toEqual([404, 404, 404, 404, 404]);
    expect(pauses.slice(0, 4)).toEqual([500, 1000, 2000, 4000]);
    expect(lagged.logs.some((l) => l.msg === 'could not answer discord interaction' && l.interactionId === i.id)).toBe(true);
    // The reply that went out stays as it was; the user is told privately, once, that a part is missing.
    const note = await lagged.standIn.waitForRequest((r) => r.method === 'POST' && r.path.includes(i.token) && r.status === 200);
    expect(isEphemeral(note.body)).toBe(true);
    expect(note.body.embeds[0].description).toBe(NOT_ALL_SENT);
    expect(lagged.standIn.originalOf(i.token)?.embeds[0].description).toBe('ok');
  });
});

describe('FreshAnswers', () => {
  const unknownWebhook = () => new DiscordAPIError({ message: 'Unknown Webhook', code: 10015 }, 10015, 404, 'POST', '/webhooks/1/t', { body: undefined, files: undefined });

  it('retries only an Unknown Webhook, and only soon after the answer', async () => {
    const clock = new FakeClock(new Date('2026-12-01T00:00:00Z'));
    const pauses: number[] = [];
    const answers = new FreshAnswers({ now: () => clock.now().getTime(), sleep: async (ms) => void (pauses.push(ms), clock.advance(ms)) });
    const failing = (error: () => Error) => async () => {
      throw error();
    };
    answers.noteAnswered('t');
    clock.advance(FRESH_ANSWER_MS + 1);
    await expect(answers.call('t', failing(unknownWebhook))).rejects.toThrow('Unknown Webhook');
    answers.noteAnswered('t');
    await expect(answers.call('t', failing(() => new Error('Missing Access')))).rejects.toThrow('Missing Access');
    await expect(answers.call('never-answered', failing(unknownWebhook))).rejects.toThrow('Unknown Webhook');
    expect(pauses).toEqual([]);
    let calls = 0;
    const lagging = async () => {
      calls += 1;
      if (calls < 3) throw unknownWebhook();
      return 'sent';
    };
    await expect(answers.call('t', lagging)).resolves.toBe('sent');
    expect(pauses).toEqual([500, 1000]);
  });
});
