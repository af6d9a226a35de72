/**
 * The Discord stand-in enforces what Discord documents; otherwise a passing adapter test proves
 * nothing. Raw HTTP here, so each rule is checked on its own, with the stand-in's clock moved by hand.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { DiscordStandIn } from '../support/discord-standin.js';
import { InteractionFactory, type TestUser } from '../support/discord-interactions.js';

const APP = '700000000000000001';
const TOKEN = 'bot-token';
const user: TestUser = { id: '800000000000000001', username: 'ada' };

let standIn: DiscordStandIn;
let now = 1_800_000_000_000;
let factory: InteractionFactory;

beforeEach(async () => {
  standIn = await DiscordStandIn.start({ applicationId: APP, token: TOKEN, now: () => now });
  factory = new InteractionFactory(standIn, { guildId: '710000000000000001', channelId: '720000000000000001' });
});
afterEach(async () => {
  await standIn.close();
});

async function call(method: string, path: string, body?: unknown, bot = false): Promise<{ status: number; json: any }> {
  const response = await fetch(`${standIn.apiBase}/api/v10${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(bot ? { authorization: `Bot ${TOKEN}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, json: text ? JSON.parse(text) : undefined };
}

function slash() {
  const interaction = factory.slash(user, 'quiz');
  standIn.interact(interaction);
  return interaction;
}

const callbackPath = (i: { id: string; token: string }) => `/interactions/${i.id}/${i.token}/callback`;

describe('Discord stand-in: payload limits', () => {
  it('refuses an embed description over 4,096 characters with Invalid Form Body', async () => {
    const i = slash();
    const { status, json } = await call('POST', callbackPath(i), { type: 4, data: { embeds: [{ description: 'x'.repeat(4097) }] } });
    expect(status).toBe(400);
    expect(json.code).toBe(50035);
    expect(standIn.violations.join()).toMatch(/description is 4097 characters/);
  });

  it('refuses field values over 1,024, more than 25 fields and 6,000 characters in all', async () => {
    const fields = Array.from({ length: 26 }, (_, n) => ({ name: `f${n}`, value: n === 0 ? 'v'.repeat(1025) : 'v'.repeat(300) }));
    const { status } = await call('POST', '/channels/1/messages', { embeds: [{ fields }] }, true);
    expect(status).toBe(400);
    const text = standIn.violations.join('\n');
    expect(text).toMatch(/fields\[0\]\.value is 1025/);
    expect(text).toMatch(/26 fields \(max 25\)/);
    expect(text).toMatch(/characters in all \(max 6000\)/);
  });

  it('checks custom ids, button labels and row sizes', async () => {
    const button = (n: number) => ({ type: 2, style: 1, label: n === 0 ? 'L'.repeat(81) : `b${n}`, custom_id: n === 1 ? 'c'.repeat(101) : `id${n}` });
    const rows = Array.from({ length: 6 }, (_, r) => ({ type: 1, components: Array.from({ length: r === 0 ? 6 : 1 }, (_, n) => button(r * 10 + n)) }));
    const { status } = await call('POST', '/channels/1/messages', { content: 'hi', components: rows }, true);
    expect(status).toBe(400);
    const text = standIn.violations.join('\n');
    expect(text).toMatch(/label is 81 characters \(max 80\)/);
    expect(text).toMatch(/custom_id is 101 characters \(max 100\)/);
    expect(text).toMatch(/6 buttons \(max 5\)/);
    expect(text).toMatch(/6 action rows \(max 5\)/);
  });

  it('checks modal title, labels and max_length, and accepts the Label component', async () => {
    const bad = slash();
    await call('POST', callbackPath(bad), {
      type: 9,
      data: { custom_id: 'm', title: 'T'.repeat(46), components: [{ type: 18, label: 'L'.repeat(46), component: { type: 4, custom_id: 'a', style: 2, max_length: 4001 } }] },
    });
    const text = standIn.violations.join('\n');
    expect(text).toMatch(/modal title is 46 characters/);
    expect(text).toMatch(/label is 46 characters/);
    expect(text).toMatch(/max_length is 4001/);
    standIn.violations.length = 0;
    const good = slash();
    const ok = await call('POST', callbackPath(good), {
      type: 9,
      data: { custom_id: 'm', title: 'Your answer', components: [{ type: 10, content: 'What is a GAN?' }, { type: 18, label: 'Answer', component: { type: 4, custom_id: 'a', style: 2, max_length: 2000 } }] },
    });
    expect(ok.status).toBe(204);
    expect(standIn.violations).toEqual([]);
  });

  it('allows at most 25 autocomplete choices, and only as the answer to an autocomplete', async () => {
    const auto = factory.autocomplete(user, 'quiz', [{ name: 'deck', type: 3, value: 'g', focused: true }]);
    standIn.interact(auto);
    const choices = Array.from({ length: 26 }, (_, n) => ({ name: `d${n}`, value: `d${n}` }));
    expect((await call('POST', callbackPath(auto), { type: 8, data: { choices } })).status).toBe(400);
    expect(standIn.violations.join()).toMatch(/26 autocomplete choices/);
    const command = slash();
    expect((await call('POST', callbackPath(command), { type: 8, data: { choices: [] } })).status).toBe(400);
    expect(standIn.violations.join()).toMatch(/callback type 8 does not answer interaction type 2/);
  });

  it('refuses a message update (type 7) as the answer to a slash command', async () => {
    const i = slash();
    expect((await call('POST', callbackPath(i), { type: 7, data: { content: 'x' } })).status).toBe(400);
  });

  it('checks command registration', async () => {
    const { status } = await call('PUT', `/applications/${APP}/commands`, [{ name: 'Quiz', description: '' }], true);
    expect(status).toBe(400);
    expect(standIn.violations.join('\n')).toMatch(/not 1-32 lowercase/);
  });
});

describe('Discord stand-in: timing and follow-ups', () => {
  it('answers 10062 Unknown interaction to a first response after 3 s', async () => {
    const i = slash();
    now += 3001;
    const { status, json } = await call('POST', callbackPath(i), { type: 4, data: { content: 'late' } });
    expect(status).toBe(404);
    expect(json.code).toBe(10062);
  });

  it('kills the interaction token after 15 minutes', async () => {
    const i = slash();
    expect((await call('POST', callbackPath(i), { type: 5 })).status).toBe(204);
    now += 15 * 60 * 1000 + 1;
    const { status, json } = await call('PATCH', `/webhooks/${APP}/${i.token}/messages/@original`, { content: 'too late' });
    expect(status).toBe(401);
    expect(json.code).toBe(50027);
  });

  it('fills the deferred reply with the first follow-up, keeping its visibility', async () => {
    const i = slash();
    await call('POST', callbackPath(i), { type: 5 });
    const first = await call('POST', `/webhooks/${APP}/${i.token}?wait=true`, { content: 'done', flags: 64 });
    expect(first.json.id).toBe(standIn.originalOf(i.token)?.id);
    expect(first.json.flags & 64).toBe(0);
    expect(standIn.violations.join()).toMatch(/keeps the deferral's visibility/);
    const second = await call('POST', `/webhooks/${APP}/${i.token}?wait=true`, { content: 'more' });
    expect(second.json.id).not.toBe(first.json.id);
  });

  it("edits by id over an interaction's webhook only that interaction's own messages", async () => {
    const a = slash();
    const b = slash();
    await call('POST', callbackPath(a), { type: 4, data: { content: 'a' } });
    await call('POST', callbackPath(b), { type: 4, data: { content: 'b' } });
    const followUp = await call('POST', `/webhooks/${APP}/${a.token}?wait=true`, { content: 'a, more' });
    expect((await call('PATCH', `/webhooks/${APP}/${a.token}/messages/${followUp.json.id}`, { content: 'a, edited' })).status).toBe(200);
    const other = await call('PATCH', `/webhooks/${APP}/${b.token}/messages/${followUp.json.id}`, { content: 'not yours' });
    expect(other.status).toBe(404);
    expect(other.json.code).toBe(10008);
    expect(standIn.violations.join()).toMatch(/not this interaction's response or one of its follow-ups/);
  });

  it("keeps a deferred reply's visibility through an edit that asks to change it, and flags the ask", async () => {
    const i = slash();
    await call('POST', callbackPath(i), { type: 5 });
    const edited = await call('PATCH', `/webhooks/${APP}/${i.token}/messages/@original`, { content: 'secret', flags: 64 });
    expect(edited.json.flags & 64).toBe(0);
    expect(standIn.violations.join()).toMatch(/an edit cannot change a message's ephemeral state/);
    // The channel saw both states of the public message: the thinking one, then the edit.
    expect(standIn.shownInChannel.filter((shown) => shown.messageId === edited.json.id).map((shown) => shown.content)).toEqual(['', 'secret']);
  });

  it('makes the follow-up after an edited (filled) deferral a message of its own, ephemeral if asked, even once the original is deleted', async () => {
    const i = slash();
    await call('POST', callbackPath(i), { type: 5 });
    const original = await call('PATCH', `/webhooks/${APP}/${i.token}/messages/@original`, { content: 'note' });
    expect((await call('DELETE', `/webhooks/${APP}/${i.token}/messages/@original`)).status).toBe(204);
    const followUp = await call('POST', `/webhooks/${APP}/${i.token}?wait=true`, { content: 'private', flags: 64 });
    expect(followUp.json.id).not.toBe(original.json.id);
    expect(followUp.json.flags & 64).toBe(64);
    expect(standIn.shownInChannel.map((shown) => shown.content)).not.toContain('private');
    expect(standIn.violations).toEqual([]);
  });

  it('flags a follow-up sent after deleting a deferred reply as undocumented', async () => {
    const i = slash();
    await call('POST', callbackPath(i), { type: 5 });
    await call('DELETE', `/webhooks/${APP}/${i.token}/messages/@original`);
    await call('POST', `/webhooks/${APP}/${i.token}?wait=true`, { content: 'private now', flags: 64 });
    expect(standIn.violations.join()).toMatch(/after deleting a deferred reply/);
  });

  it('can lag an interaction webhook behind its HTTP answer with 404 Unknown Webhook, as discord-api-docs#7220 reports', async () => {
    const endpoint = createServer((req, res) => {
      req.resume();
      req.on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ type: 5 })));
    });
    await new Promise<void>((resolve) => endpoint.listen(0, '127.0.0.1', resolve));
    try {
      standIn.lagWebhooksAfterHttpAnswer(1);
      const i = factory.slash(user, 'quiz');
      const url = `http://127.0.0.1:${(endpoint.address() as AddressInfo).port}/interactions`;
      expect((await standIn.deliver(url, i)).status).toBe(200);
      const edit = `/webhooks/${APP}/${i.token}/messages/@original`;
      expect(await call('PATCH', edit, { content: 'done' })).toMatchObject({ status: 404, json: { code: 10015 } });
      expect((await call('PATCH', edit, { content: 'done' })).status).toBe(200);
      // An answer over REST (gateway mode) is not what the issue reports.
      const viaRest = slash();
      await call('POST', callbackPath(viaRest), { type: 5 });
      expect((await call('PATCH', `/webhooks/${APP}/${viaRest.token}/messages/@original`, { content: 'done' })).status).toBe(200);
    } finally {
      await new Promise<void>((resolve) => endpoint.close(() => resolve()));
    }
  });

  it('answers 429 with retry_after while a route is rate limited', async () => {
    standIn.rateLimit({ match: (method, path) => method === 'POST' && path.startsWith('/channels/'), times: 1, retryAfterSeconds: 0.25 });
    const limited = await call('POST', '/channels/1/messages', { content: 'a' }, true);
    expect(limited.status).toBe(429);
    expect(limited.json.retry_after).toBe(0.25);
    expect((await call('POST', '/channels/1/messages', { content: 'a' }, true)).status).toBe(200);
  });
});

describe('Discord stand-in: channel messages', () => {
  const card = (nonce?: string) => ({ content: 'card', ...(nonce ? { nonce, enforce_nonce: true } : {}) });

  it('answers a repeated nonce with enforce_nonce within a few minutes with the first message, not a second one', async () => {
    const first = await call('POST', '/channels/720000000000000001/messages', card('sbr1'), true);
    expect(first).toMatchObject({ status: 200, json: { nonce: 'sbr1' } });
    now += 60_000;
    const again = await call('POST', '/channels/720000000000000001/messages', card('sbr1'), true);
    expect(again.json.id).toBe(first.json.id);
    expect((await call('POST', '/channels/720000000000000001/messages', { ...card('sbr1'), enforce_nonce: false }, true)).json.id).not.toBe(first.json.id);
    // The nonce is the create's (and the gateway's) alone: a message read back does not carry it.
    const read = (await call('GET', '/channels/720000000000000001/messages', undefined, true)).json.find((m: any) => m.id === first.json.id);
    expect(read).toMatchObject({ content: 'card' });
    expect(read).not.toHaveProperty('nonce');
    now += 10 * 60_000; // long past "a few minutes"
    expect((await call('POST', '/channels/720000000000000001/messages', card('sbr1'), true)).json.id).not.toBe(first.json.id);
    expect((await call('POST', '/channels/720000000000000001/messages', card('x'.repeat(26)), true)).status).toBe(400);
    standIn.violations.length = 0;
  });

  it("edits over a channel's route only that channel's messages, never an ephemeral one or a deleted one", async () => {
    const posted = (await call('POST', '/channels/720000000000000001/messages', { content: 'reveal' }, true)).json;
    expect((await call('PATCH', `/channels/720000000000000001/messages/${posted.id}`, { content: 'revised' }, true)).json).toMatchObject({ content: 'revised' });
    expect(await call('PATCH', `/channels/720000000000000002/messages/${posted.id}`, { content: 'elsewhere' }, true)).toMatchObject({ status: 404, json: { code: 10008 } });
    const i = slash();
    await call('POST', callbackPath(i), { type: 4, data: { content: 'only you', flags: 64 } });
    const ephemeral = standIn.originalOf(i.token)!;
    expect(await call('PATCH', `/channels/720000000000000001/messages/${ephemeral.id}`, { content: 'x' }, true)).toMatchObject({ status: 404, json: { code: 10008 } });
    standIn.deleteMessage(posted.id);
    expect(await call('PATCH', `/channels/720000000000000001/messages/${posted.id}`, { content: 'gone' }, true)).toMatchObject({ status: 404, json: { code: 10008 } });
  });

  it('reads a channel back newest first, from just after an id, with snowflakes of the stand-in clock', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      ids.push((await call('POST', '/channels/720000000000000001/messages', { content: `m${i}` }, true)).json.id);
      now += 1000;
    }
    await call('POST', '/channels/720000000000000002/messages', { content: 'elsewhere' }, true);
    expect(Number(BigInt(ids[0]!) >> 22n) + 1_420_070_400_000).toBe(now - 3000);
    const all = await call('GET', '/channels/720000000000000001/messages', undefined, true);
    expect(all.json.map((m: any) => m.id)).toEqual([...ids].reverse());
    const after = await call('GET', `/channels/720000000000000001/messages?after=${ids[0]}&limit=1`, undefined, true);
    expect(after.json.map((m: any) => m.id)).toEqual([ids[1]]);
    expect((await call('GET', '/channels/720000000000000001/messages?limit=101', undefined, true)).status).toBe(400);
    expect((await call('GET', '/users/@me', undefined, true)).json).toMatchObject({ id: standIn.botUserId, bot: true });
    standIn.violations.length = 0;
  });
});

describe('Discord stand-in: gateway shards', () => {
  /** Opens a gateway connection and identifies as `shard`; resolves with READY's shard, or the close code. */
  async function identify(shard: unknown): Promise<{ socket: WebSocket; ready?: number[]; closed?: number }> {
    const socket = new WebSocket(standIn.gatewayUrl);
    return new Promise((resolve) => {
      socket.on('message', (raw) => {
        const payload = JSON.parse(raw.toString());
        if (payload.op === 10) socket.send(JSON.stringify({ op: 2, d: { token: TOKEN, intents: 1, properties: {}, ...(shard === undefined ? {} : { shard }) } }));
        if (payload.t === 'READY') resolve({ socket, ready: payload.d.shard });
      });
      socket.on('close', (code) => resolve({ socket, closed: code }));
    });
  }
  const open: WebSocket[] = [];
  async function connect(shard: unknown) {
    const result = await identify(shard);
    open.push(result.socket);
    return result;
  }
  afterEach(() => {
    for (const socket of open.splice(0)) socket.terminate();
  });

  it('recommends the configured shard count in GET /gateway/bot', async () => {
    const sharded = await DiscordStandIn.start({ applicationId: APP, token: TOKEN, recommendedShards: 4, maxConcurrency: 2 });
    try {
      const response = await fetch(`${sharded.apiBase}/api/v10/gateway/bot`, { headers: { authorization: `Bot ${TOKEN}` } });
      expect(await response.json()).toMatchObject({ shards: 4, session_start_limit: { max_concurrency: 2 } });
    } finally {
      await sharded.close();
    }
    expect((await call('GET', '/gateway/bot', undefined, true)).json.shards).toBe(1);
  });

  it('takes each shard of one count once, and closes 4010 Invalid shard otherwise', async () => {
    expect((await connect([0, 2])).ready).toEqual([0, 2]);
    expect((await connect([2, 2])).closed).toBe(4010);
    expect((await connect([0, 2])).closed).toBe(4010);
    expect((await connect([1, 3])).closed).toBe(4010);
    expect((await connect([1, 2])).ready).toEqual([1, 2]);
    expect(standIn.connectedShards()).toEqual([[0, 2], [1, 2]]);
    expect(standIn.violations).toEqual([
      'gateway IDENTIFY: shard [2, 2]: shard_id must be 0 to num_shards - 1',
      'gateway IDENTIFY: shard 0 identified twice while connected',
      'gateway IDENTIFY: shard [1, 3] identified while shard [0, 2] is connected: num_shards must match',
    ]);
    standIn.violations.length = 0;
  });

  it("sends a guild's interactions only to its shard ((guild_id >> 22) % num_shards), and DMs to shard 0", async () => {
    const zero = await connect([0, 2]);
    const one = await connect([1, 2]);
    const seen = new Map<WebSocket, string[]>([[zero.socket, []], [one.socket, []]]);
    const arrived = new Promise<void>((resolve) => {
      for (const [socket, events] of seen) {
        socket.on('message', (raw) => {
          const payload = JSON.parse(raw.toString());
          if (payload.t !== 'INTERACTION_CREATE') return;
          events.push(payload.d.guild_id ?? 'dm');
          if ([...seen.values()].flat().length === 3) resolve();
        });
      }
    });
    const onShardOne = '710000000004194305';
    standIn.interact(new InteractionFactory(standIn, { guildId: onShardOne, channelId: '720000000000000001' }).slash(user, 'stats'));
    standIn.interact(factory.slash(user, 'stats')); // guild 710000000000000001: shard 0
    standIn.interact(new InteractionFactory(standIn, { channelId: '730000000000000001' }).slash(user, 'stats'));
    await arrived;
    expect(seen.get(zero.socket)).toEqual(['710000000000000001', 'dm']);
    expect(seen.get(one.socket)).toEqual([onShardOne]);
  });
});
