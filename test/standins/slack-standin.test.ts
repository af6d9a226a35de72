/**
 * The Slack stand-in enforces what Slack documents (Block Kit limits, scopes, trigger_id and
 * response_url lifetimes, not_in_channel, rate limits). Raw Web API calls, the clock moved by hand.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSlackStandIn, type SlackStandIn } from '../support/slack-standin.js';

let standIn: SlackStandIn;
let now = 1_800_000_000_000;

beforeEach(async () => {
  standIn = await startSlackStandIn({ now: () => now });
});
afterEach(async () => {
  standIn.violations.length = 0;
  await standIn.close();
});

async function api(method: string, args: Record<string, unknown>): Promise<{ status: number; body: any; retryAfter: string | null }> {
  const response = await fetch(`${standIn.apiUrl}${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Bearer xoxb-test' },
    body: JSON.stringify(args),
  });
  return { status: response.status, body: await response.json(), retryAfter: response.headers.get('retry-after') };
}

const section = (text: string, blockId?: string) => ({ type: 'section', text: { type: 'mrkdwn', text }, ...(blockId ? { block_id: blockId } : {}) });

describe('Slack stand-in: Block Kit', () => {
  it('refuses more than 50 blocks in a message and section text over 3,000 characters', async () => {
    const many = await api('chat.postMessage', { channel: 'C1', text: 'x', blocks: Array.from({ length: 51 }, () => section('a')) });
    expect(many.body).toMatchObject({ ok: false, error: 'invalid_blocks' });
    const long = await api('chat.postMessage', { channel: 'C1', text: 'x', blocks: [section('a'.repeat(3001))] });
    expect(long.body.ok).toBe(false);
    expect(standIn.violations.join('\n')).toMatch(/51 blocks \(max 50\)[\s\S]*3001 characters \(max 3000\)/);
  });

  it('answers msg_blocks_too_long past about 12,000 characters of text', async () => {
    const blocks = Array.from({ length: 5 }, () => section('a'.repeat(2500)));
    expect((await api('chat.postMessage', { channel: 'C1', text: 'x', blocks })).body.error).toBe('msg_blocks_too_long');
  });

  it('checks button text, action_id, value, reused block_ids and emoji cut in half', async () => {
    const button = { type: 'button', text: { type: 'plain_text', text: 'b'.repeat(76) }, action_id: 'a'.repeat(256), value: 'v'.repeat(2001) };
    const result = await api('chat.update', {
      channel: 'C1',
      ts: '1.1',
      text: 'cut \uD83D',
      blocks: [section('one', 'same'), { type: 'actions', block_id: 'same', elements: [button] }],
    });
    expect(result.body.ok).toBe(false);
    const text = standIn.violations.join('\n');
    expect(text).toMatch(/76 characters \(max 75\)/);
    expect(text).toMatch(/action_id is 256 characters/);
    expect(text).toMatch(/value is 2001 characters/);
    expect(text).toMatch(/block_id "same" is used twice/);
    expect(text).toMatch(/lone surrogate/);
  });

  it('records an update that repeats a block_id of an earlier iteration of the message ("use a new block_id")', async () => {
    const actions = (blockId: string) => ({ type: 'actions', block_id: blockId, elements: [{ type: 'button', text: { type: 'plain_text', text: 'A' }, action_id: 'act' }] });
    const { ts } = (await api('chat.postMessage', { channel: 'C1', text: 'q', blocks: [actions('v1')] })).body;
    expect((await api('chat.update', { channel: 'C1', ts, text: 'q', blocks: [actions('v2')] })).body.ok).toBe(true);
    expect(standIn.violations).toEqual([]);
    // Slack names no error for it: the update goes through, and the stand-in records the broken rule.
    expect((await api('chat.update', { channel: 'C1', ts, text: 'q', blocks: [actions('v1')] })).body.ok).toBe(true);
    expect(standIn.violations).toEqual(['chat.update: block_id "v1" was in an earlier iteration of this message (an update must use a new block_id)']);
    standIn.violations.length = 0;
    // Another message may use the same block_id.
    const other = (await api('chat.postMessage', { channel: 'C1', text: 'q', blocks: [actions('v1')] })).body;
    expect(other.ok).toBe(true);
    // replace_original through a press's response_url is an update of the pressed message.
    const url = standIn.responseUrl('press-1', ts);
    expect((await fetch(url, { method: 'POST', body: JSON.stringify({ replace_original: true, text: 'q', blocks: [actions('v2')] }) })).status).toBe(200);
    expect(standIn.violations).toEqual(['response_url press-1: block_id "v2" was in an earlier iteration of this message (an update must use a new block_id)']);
    expect(standIn.pressed(ts, 'act').blockId).toBe('v2');
  });

  it('checks a modal: title at most 24 characters, at most 100 blocks', async () => {
    const trigger = standIn.issueTrigger();
    const view = { type: 'modal', title: { type: 'plain_text', text: 'T'.repeat(25) }, blocks: Array.from({ length: 101 }, () => section('a')) };
    expect((await api('views.open', { trigger_id: trigger, view })).body.ok).toBe(false);
    expect(standIn.violations.join('\n')).toMatch(/view\.title is 25 characters[\s\S]*101 blocks \(max 100\)/);
  });
});

describe('Slack stand-in: lifetimes, membership, scopes, rates', () => {
  const view = { type: 'modal', title: { type: 'plain_text', text: 'Answer' }, blocks: [section('q')] };

  it('takes a trigger_id once and within 3 s', async () => {
    const trigger = standIn.issueTrigger();
    expect((await api('views.open', { trigger_id: trigger, view })).body.ok).toBe(true);
    expect((await api('views.open', { trigger_id: trigger, view })).body.error).toBe('invalid_trigger_id');
    const late = standIn.issueTrigger();
    now += 3001;
    expect((await api('views.open', { trigger_id: late, view })).body.error).toBe('expired_trigger_id');
    expect((await api('views.open', { trigger_id: 'made-up', view })).body.error).toBe('invalid_trigger_id');
  });

  it('allows a response_url 5 uses within 30 minutes', async () => {
    // A slash command's in_channel reply too (what it posts where the bot has not joined).
    const post = (url: string) => fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ response_type: 'in_channel', text: 'hi' }) });
    const url = standIn.responseUrl('r1');
    for (let use = 0; use < 5; use += 1) expect((await post(url)).status).toBe(200);
    expect((await post(url)).status).toBe(404);
    const old = standIn.responseUrl('r2');
    now += 30 * 60 * 1000 + 1;
    expect(await (await post(old)).text()).toBe('expired_url');
  });

  it('answers not_in_channel for ephemerals and file shares where the bot has not joined', async () => {
    standIn.notJoined.add('G1');
    expect((await api('chat.postEphemeral', { channel: 'G1', user: 'U1', text: 'x' })).body.error).toBe('not_in_channel');
    expect((await api('files.completeUploadExternal', { channel_id: 'G1', files: [{ id: 'F1' }] })).body.error).toBe('not_in_channel');
    expect((await api('chat.postMessage', { channel: 'G1', text: 'x' })).body.error).toBe('not_in_channel');
    // A question there was posted through response_url: chat.update cannot reach it.
    expect((await api('chat.update', { channel: 'G1', ts: '1.1', text: 'x' })).body.error).toBe('not_in_channel');
    standIn.notJoined.add('C2');
    // chat:write.public (in the manifest) lets the bot post in a public channel it has not joined, and edit there.
    const posted = (await api('chat.postMessage', { channel: 'C2', text: 'x' })).body;
    expect(posted.ok).toBe(true);
    expect((await api('chat.update', { channel: 'C2', ts: posted.ts, text: 'y' })).body.ok).toBe(true);
  });

  it('tells a channel\'s kind by what the test names, not by its id: a private channel may have a C id', async () => {
    standIn.channelKinds.set('CPRIV', 'private');
    standIn.notJoined.add('CPRIV');
    expect((await api('chat.postMessage', { channel: 'CPRIV', text: 'x' })).body.error).toBe('not_in_channel');
    standIn.channelKinds.set('CMPIM', 'mpim');
    expect((await api('conversations.history', { channel: 'CMPIM' })).body).toMatchObject({ ok: false, error: 'missing_scope', needed: 'mpim:history' });
  });

  it('shares an upload only after shareLag files.info looks, as Slack shares asynchronously', async () => {
    const { file_id: id, upload_url: url } = (await api('files.getUploadURLExternal', { filename: 'p.png', length: 3 })).body;
    await fetch(url, { method: 'POST', body: 'png' });
    const done = (await api('files.completeUploadExternal', { channel_id: 'C1', files: [{ id }] })).body;
    expect(done.files).toEqual([{ id, shares: {} }]);
    expect((await api('files.info', { file: id })).body.file.shares).toEqual({});
    const shares = (await api('files.info', { file: id })).body.file.shares;
    expect(shares.public.C1).toHaveLength(1);
    expect(standIn.uploads[0]!.share).toEqual({ channel: 'C1', ts: shares.public.C1[0].ts });
  });

  it('checks scopes against the manifest', async () => {
    expect((await api('conversations.info', { channel: 'C1' })).body).toMatchObject({ ok: false, error: 'missing_scope', needed: 'channels:read' });
    // conversations.history needs the history scope of the conversation's type; the manifest has none for DMs.
    expect((await api('conversations.history', { channel: 'D1' })).body).toMatchObject({ ok: false, error: 'missing_scope', needed: 'im:history' });
  });

  it('answers 429 with Retry-After, and rate limits chat.update at about 50 a minute', async () => {
    standIn.rateLimit('chat.postMessage', 1, 2);
    const limited = await api('chat.postMessage', { channel: 'C1', text: 'x' });
    expect(limited.status).toBe(429);
    expect(limited.retryAfter).toBe('2');
    const { ts } = (await api('chat.postMessage', { channel: 'C1', text: 'x' })).body;
    const other = (await api('chat.postMessage', { channel: 'C2', text: 'x' })).body.ts;
    // Per method and workspace, not per message: every channel's edits count, 10 s apart here.
    for (let n = 0; n < 50; n += 1) {
      expect((await api('chat.update', { channel: n % 2 ? 'C1' : 'C2', ts: n % 2 ? ts : other, text: `${n}` })).body.ok).toBe(true);
      if (n % 10 === 9) now += 10_000;
    }
    const over = await api('chat.update', { channel: 'C1', ts, text: 'one too many' });
    expect(over.status).toBe(429);
    // Retry-After: the seconds until the oldest of the 50 is a minute old (it went out 50 s ago).
    expect(over.retryAfter).toBe('10');
    now += 10_000;
    expect((await api('chat.update', { channel: 'C1', ts, text: 'later' })).body.ok).toBe(true);
  });

  it('hands back the rendered button with its own value and block_id', async () => {
    const blocks = [{ type: 'actions', block_id: 'b1', elements: [{ type: 'button', text: { type: 'plain_text', text: 'A' }, action_id: 'act', value: 'act|1.5' }] }];
    const posted = await api('chat.postMessage', { channel: 'C1', text: 'q', blocks });
    expect(standIn.pressed(posted.body.ts, 'act')).toEqual({ actionId: 'act', value: 'act|1.5', blockId: 'b1', label: 'A' });
  });

  it('sees a button placed as a section\'s accessory', async () => {
    const blocks = [{ type: 'section', block_id: 's1', text: { type: 'mrkdwn', text: 'card' }, accessory: { type: 'button', text: { type: 'plain_text', text: 'See it' }, action_id: 'see', value: 'v' } }];
    const posted = await api('chat.postEphemeral', { channel: 'C1', user: 'U1', text: 'card', blocks });
    expect(standIn.pressed(posted.body.message_ts, 'see')).toEqual({ actionId: 'see', value: 'v', blockId: 's1', label: 'See it' });
  });

  it('throws at a press of a message it never showed, or of a button not on it, naming the ts and action', async () => {
    expect(() => standIn.pressed('1764000999.000001', 'see')).toThrow(/see on message 1764000999\.000001, which the bot never posted/);
    const blocks = [{ type: 'actions', elements: [{ type: 'button', text: { type: 'plain_text', text: 'A' }, action_id: 'act' }] }];
    const { ts } = (await api('chat.postMessage', { channel: 'C1', text: 'q', blocks })).body;
    expect(() => standIn.pressed(ts, 'other')).toThrow(new RegExp(`other on message ${ts.replace('.', '\\.')}, which has no such button \\(it has act\\)`));
    standIn.deleteMessage('C1', ts);
    expect(() => standIn.pressed(ts, 'act')).toThrow(/never posted \(or deleted\)/);
  });

  it('gives what a response_url posts a ts whose buttons can be pressed; replace_original keeps the pressed ts', async () => {
    const blocks = (id: string) => [{ type: 'actions', block_id: id, elements: [{ type: 'button', text: { type: 'plain_text', text: 'A' }, action_id: id }] }];
    const post = (url: string, body: object) => fetch(url, { method: 'POST', body: JSON.stringify(body) });
    await post(standIn.responseUrl('cmd-1'), { response_type: 'in_channel', text: 'q', blocks: blocks('first') });
    const posted = standIn.responses[0]!.ts!;
    expect(standIn.pressed(posted, 'first').actionId).toBe('first');
    await post(standIn.responseUrl('act-1', posted), { replace_original: true, text: 'q', blocks: blocks('second') });
    expect(standIn.responses[1]!.ts).toBe(posted);
    expect(() => standIn.pressed(posted, 'first')).toThrow(/no such button/);
    expect(standIn.pressed(posted, 'second').actionId).toBe('second');
  });
});

describe('Slack stand-in: message metadata and history', () => {
  const metadata = { event_type: 'studybot_round', event_payload: { round_id: 7 } };

  it('keeps a post\'s metadata and returns it from conversations.history only with include_all_metadata, newest first', async () => {
    const first = (await api('chat.postMessage', { channel: 'C1', text: 'card', metadata })).body;
    now += 1000;
    const second = (await api('chat.postMessage', { channel: 'C1', text: 'other' })).body;
    expect(Number(second.ts)).toBeGreaterThan(Number(first.ts));
    expect(Math.floor(Number(first.ts))).toBe(Math.floor((now - 1000) / 1000)); // a ts is the posting time

    const plain = (await api('conversations.history', { channel: 'C1' })).body;
    expect(plain.messages.map((m: any) => m.ts)).toEqual([second.ts, first.ts]);
    expect(plain.messages[1].metadata).toBeUndefined();
    const withMetadata = (await api('conversations.history', { channel: 'C1', include_all_metadata: true })).body;
    expect(withMetadata.messages[1]).toMatchObject({ ts: first.ts, bot_id: 'B0BOT', metadata });
    const since = (await api('conversations.history', { channel: 'C1', oldest: first.ts })).body;
    expect(since.messages.map((m: any) => m.ts)).toEqual([second.ts]);
    const paged = (await api('conversations.history', { channel: 'C1', limit: 1 })).body;
    expect(paged).toMatchObject({ has_more: true, messages: [{ ts: second.ts }] });
    const next = (await api('conversations.history', { channel: 'C1', limit: 1, cursor: paged.response_metadata.next_cursor })).body;
    expect(next).toMatchObject({ has_more: false, messages: [{ ts: first.ts }] });
  });

  it('answers message_not_found to an update of a ts it never posted in that channel', async () => {
    expect((await api('chat.update', { channel: 'C1', ts: '1764000000.000001', text: 'x' })).body).toEqual({ ok: false, error: 'message_not_found' });
    const posted = (await api('chat.postMessage', { channel: 'C1', text: 'q' })).body;
    expect((await api('chat.update', { channel: 'C3', ts: posted.ts, text: 'x' })).body).toEqual({ ok: false, error: 'message_not_found' });
    const ephemeral = (await api('chat.postEphemeral', { channel: 'C1', user: 'U1', text: 'e' })).body;
    expect((await api('chat.update', { channel: 'C1', ts: ephemeral.message_ts, text: 'x' })).body).toEqual({ ok: false, error: 'message_not_found' });
    const earlier = standIn.earlierMessage('C1', [section('from an earlier run')]);
    expect((await api('chat.update', { channel: 'C1', ts: earlier, text: 'x' })).body.ok).toBe(true);
  });

  it('answers message_not_found to an update of a deleted message, which history no longer lists', async () => {
    const posted = (await api('chat.postMessage', { channel: 'C1', text: 'reveal' })).body;
    expect((await api('chat.update', { channel: 'C1', ts: posted.ts, text: 'revised' })).body).toMatchObject({ ok: true });
    standIn.deleteMessage('C1', posted.ts);
    expect((await api('chat.update', { channel: 'C1', ts: posted.ts, text: 'again' })).body).toEqual({ ok: false, error: 'message_not_found' });
    expect((await api('conversations.history', { channel: 'C1' })).body.messages).toEqual([]);
  });

  it('answers not_in_channel to a history read where the bot is not a member, and refuses malformed metadata', async () => {
    standIn.notJoined.add('C2');
    expect((await api('conversations.history', { channel: 'C2' })).body).toMatchObject({ ok: false, error: 'not_in_channel' });
    expect((await api('chat.postMessage', { channel: 'C1', text: 'x', metadata: { event_type: 'no_payload' } })).body).toMatchObject({
      ok: false,
      error: 'invalid_metadata_format',
    });
    expect(standIn.violations).toHaveLength(1);
  });

  it('posts a message whose event_type Slack does not accept, but ignores its metadata and warns', async () => {
    const dotted = (await api('chat.postMessage', { channel: 'C1', text: 'x', metadata: { event_type: 'studybot.post', event_payload: { key: 'v1.2' } } })).body;
    expect(dotted).toMatchObject({ ok: true, warning: 'invalid_metadata_schema', response_metadata: { warnings: ['invalid_metadata_schema'] } });
    expect(standIn.violations.join('\n')).toMatch(/event_type "studybot\.post"/);
    const hyphen = { event_type: 'studybot-post', event_payload: { key: 'v1.2' } };
    expect((await api('chat.postMessage', { channel: 'C1', text: 'y', metadata: hyphen })).body).not.toHaveProperty('warning');
    const history = (await api('conversations.history', { channel: 'C1', include_all_metadata: true })).body;
    expect(history.messages.map((m: any) => m.metadata)).toEqual([hyphen, undefined]);
    expect(standIn.violations).toHaveLength(1);
  });

  it('reads history between oldest and latest, both exclusive unless inclusive', async () => {
    const ts: string[] = [];
    for (const text of ['a', 'b', 'c']) {
      ts.push((await api('chat.postMessage', { channel: 'C1', text })).body.ts);
      now += 1000;
    }
    const between = (await api('conversations.history', { channel: 'C1', oldest: ts[0], latest: ts[2] })).body;
    expect(between.messages.map((m: any) => m.ts)).toEqual([ts[1]]);
    const inclusive = (await api('conversations.history', { channel: 'C1', oldest: ts[0], latest: ts[2], inclusive: true })).body;
    expect(inclusive.messages.map((m: any) => m.ts)).toEqual([ts[2], ts[1], ts[0]]);
  });
});
