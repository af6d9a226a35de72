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
import { checkSignature, publicKeyFromHex } from '../../../src/bot/discord/signature.js';
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
