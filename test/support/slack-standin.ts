/**
 * A local stand-in for Slack's Web API (and the URLs Slack hands out: response_url, file upload
 * URLs). It answers the methods the adapter uses the way Slack does (HTTP 200, `ok: false` with an
 * error code on failure) and records every call so tests can assert on what the bot sent.
 *
 * It is strict where Slack is (slack-rules.ts): Block Kit limits, scopes from the app manifest,
 * trigger_ids that live 3 s and work once, response_urls good for 5 uses in 30 minutes,
 * `not_in_channel` where the bot has not joined, chat.update's rate (50 a minute in the workspace: 429 with the
 * Retry-After until the oldest of them is a minute old), `message_not_found` for an update
 * of a message it never posted in that channel or deleted since (deleteMessage), 429 with Retry-After,
 * presses only of a button on a message it shows (pressed: anything else throws in the test), a new block_id in every iteration of
 * a message (chat.update, or replace_original through a response_url). It keeps
 * what the bot posted (with its message metadata: malformed metadata is refused, an event_type Slack
 * does not accept is ignored with a warning) for conversations.history, which returns it newest first
 * between `oldest` and `latest` (both exclusive unless `inclusive`), `limit` at a time (default 100, at
 * most 999), and metadata only with include_all_metadata. Message ts are the stand-in clock's time, as Slack's are.
 * Faults to drive: a call left unanswered before it is carried out (hang), or carried out with its answer lost
 * (loseAnswer: what a timeout or a dropped connection after the request went out may hide).
 * Broken rules fail the call and land in `violations`. Time is `options.now`.
 */
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { formParts, readBody } from './http-bodies.js';
import { blockIdsOf, manifestBotScopes, messageProblems, metadataProblems, requiredScopes, reusedBlockIdProblems, SLACK_LIMITS, viewProblems } from './slack-rules.js';

export interface RecordedCall {
  method: string;
  args: Record<string, unknown>;
  /** Bearer token the call was made with. */
  token?: string;
  /** What the stand-in answered. */
  result?: Record<string, unknown>;
  /** When it came, on the stand-in's clock (ms). */
  at: number;
}

export interface RecordedUpload {
  fileId: string;
  filename?: string;
  bytes: Buffer;
  /** Where files.completeUploadExternal shared it; `ts` once the share has landed (see shareLag). */
  share?: { channel: string; ts?: string };
}

export interface RecordedResponse {
  id: string;
  body: Record<string, unknown>;
  /** The ts of the message it posted or replaced (none for a delete_original or a text-less post). */
  ts?: string;
}

export interface StandInUser {
  id: string;
  name?: string;
  real_name?: string;
  tz?: string;
  is_admin?: boolean;
  is_owner?: boolean;
  profile?: { display_name?: string };
}

export interface SlackStandInOptions {
  /** The stand-in's clock (ms). Default Date.now. */
  now?: () => number;
  /** Bot scopes granted. Default: those of slack-app-manifest.yml. */
  scopes?: string[];
  /**
   * Slack shares a completed upload asynchronously: its message lands (gets its ts) only after this many
   * files.info looks at the file have answered without it. Default 1, as Slack's first look after the upload
   * often shows no share yet.
   */
  shareLag?: number;
}

/** A button as the bot rendered it, so a press can carry its real value and block_id. */
export interface RenderedButton {
  actionId: string;
  value?: string;
  blockId?: string;
  label: string;
}

export interface SlackStandIn {
  /** Every documented rule the bot broke, e.g. `chat.postMessage: message.blocks[0].text is 3001 characters (max 3000)`. */
  violations: string[];
  /**
   * Channels the bot is not a member of: postEphemeral and file shares there answer not_in_channel, and so
   * do chat.postMessage and chat.update unless the channel is public (channelKinds) and the bot has chat:write.public.
   */
  notJoined: Set<string>;
  /**
   * What kind of conversation each channel is. Slack's ids do not say it (a private channel made since 2021
   * starts with C, like a public one), so a test names it here; an id not named is read by the old
   * convention: D a DM, G a private channel, anything else public.
   */
  channelKinds: Map<string, ChannelKind>;
  /** A fresh trigger_id, as Slack puts in a command or press: good once, for 3 s. */
  issueTrigger(id?: string): string;
  /**
   * The button `actionId` on the message `ts` as it shows now, for a press of it. Slack sends presses only
   * from a message it shows, so a ts it never posted or a button not on it throws: the test is wrong.
   */
  pressed(ts: string, actionId: string): RenderedButton;
  /**
   * A message the bot posted before the test began (an earlier run): it is in `channel`'s history, its
   * buttons can be pressed and chat.update can edit it. Not in `calls`. `ephemeral`: seen by one user only,
   * so it is pressable but not in history and not editable. Returns its ts.
   */
  earlierMessage(channel: string, blocks: unknown[], options?: { ephemeral?: boolean; text?: string }): string;
  /** Answer the next `times` calls of `method` with HTTP 429 and Retry-After. */
  rateLimit(method: string, times: number, retryAfterSeconds: number): void;
  /**
   * The next `times` calls of `method` are recorded and never answered (a connection gone silent). `method` may
   * also be `response_url` (a post to any response_url, carried out first, as Slack would show it) or `upload`
   * (the bytes POSTed to an upload URL, kept).
   */
  hang(method: string, times: number): void;
  /**
   * The next `times` calls of `method` are carried out (a post is kept in its channel) but their answer is lost:
   * `silent`, never sent (the caller times out); `drop`, the connection closed; `gateway-timeout`, HTTP 504 from the edge.
   */
  loseAnswer(method: string, times: number, how?: LostAnswer): void;
  /** The bot's messages in `channel` as the stand-in holds them (what its members see), oldest first. */
  messagesIn(channel: string): readonly { ts: string; text: unknown; blocks: unknown; metadata?: unknown }[];
  /** Web API base, e.g. http://127.0.0.1:1234/api/ (Bolt clientOptions.slackApiUrl). */
  apiUrl: string;
  calls: RecordedCall[];
  uploads: RecordedUpload[];
  responses: RecordedResponse[];
  users: Map<string, StandInUser>;
  callsTo(method: string): RecordedCall[];
  /**
   * A response_url the bot may post to; posts are recorded under `id`. `replaces`: the ts of the message
   * a replace_original through it replaces (the pressed message's); else its own posts count as one message.
   */
  responseUrl(id: string, replaces?: string): string;
  /** Make the next `times` calls of `method` fail with Slack error `error`. */
  fail(method: string, error: string, times?: number): void;
  /** Deletes a channel message, as its channel's members can: chat.update on it then answers message_not_found. */
  deleteMessage(channel: string, ts: string): void;
  /** Polls until `check` returns a truthy value (or throws after `timeoutMs`). */
  waitFor<T>(check: () => T | undefined | false | null, timeoutMs?: number, what?: string): Promise<T>;
  /** Socket Mode: resolves once a client has connected to the socket (apps.connections.open URL) and got `hello`. */
  socketConnected(timeoutMs?: number): Promise<void>;
  /** Socket Mode: sends an envelope to the connected client; resolves with the client's ack (envelope payload). */
  sendEnvelope(type: 'slash_commands' | 'interactive', payload: Record<string, unknown>, options?: { retryAttempt?: number; envelopeId?: string }): Promise<Record<string, unknown>>;
  /** A file a user shared: files.info describes it, and its private URL serves it to the bot token only. Returns its id. */
  shareFile(name: string, bytes: Uint8Array): string;
  /** Stops the server; rejects if any documented rule was broken (see `violations`). */
  close(): Promise<void>;
}

/** How a call carried out loses its answer (loseAnswer). */
export type LostAnswer = 'silent' | 'drop' | 'gateway-timeout';

export type ChannelKind = 'public' | 'private' | 'im' | 'mpim';

export const STANDIN_TEAM = 'T0STANDIN';
export const STANDIN_BOT_USER = 'U0BOT';
export const STANDIN_BOT_ID = 'B0BOT';

/** A message as conversations.history returns it. */
interface StandInMessage {
  type: 'message';
  ts: string;
  text: unknown;
  blocks: unknown;
  user: string;
  bot_id: string;
  metadata?: unknown;
}

const MANIFEST = new URL('../../slack-app-manifest.yml', import.meta.url);

export async function startSlackStandIn(options: SlackStandInOptions = {}): Promise<SlackStandIn> {
  const now = options.now ?? Date.now;
  const scopes = new Set(options.scopes ?? manifestBotScopes(readFileSync(MANIFEST, 'utf8')));
  const violations: string[] = [];
  const notJoined = new Set<string>();
  const triggers = new Map<string, { issuedAt: number; used: boolean }>();
  /** `own`: the ts of the latest message posted through it, which its replace_original replaces when it has no `replaces`. */
  const responseUrls = new Map<string, { issuedAt: number; uses: number; replaces?: string; own?: string }>();
  const rendered = new Map<string, RenderedButton[]>();
  /** Per message (ts, or a response_url's own): the block_ids of every iteration so far. */
  const iterations = new Map<string, Set<string>>();
  const updates: number[] = [];
  const rateLimits = new Map<string, { times: number; retryAfterSeconds: number }>();
  const hangs = new Map<string, number>();
  /** True (and one fewer left) when the next call of `name` is to go unanswered. */
  const takeHang = (name: string): boolean => {
    const left = hangs.get(name) ?? 0;
    if (left > 0) hangs.set(name, left - 1);
    return left > 0;
  };
  const losses = new Map<string, { times: number; how: LostAnswer }>();
  const calls: RecordedCall[] = [];
  const uploads: RecordedUpload[] = [];
  const responses: RecordedResponse[] = [];
  const users = new Map<string, StandInUser>();
  const failures = new Map<string, { error: string; times: number }>();
  let lastTsMicros = 0n;
  let fileCounter = 0;
  /** Uploads shared but not landed yet: how many more files.info looks answer without the share. */
  const pendingLooks = new Map<string, number>();
  const shared = new Map<string, { name: string; bytes: Buffer }>();
  let viewCounter = 0;
  let origin = '';

  /** Channel messages the bot posted, oldest first, for conversations.history. */
  const history = new Map<string, StandInMessage[]>();
  // Like Slack's: the posting time in seconds with microseconds, unique and increasing within the stand-in.
  const nextTs = () => {
    const micros = BigInt(Math.floor(now())) * 1000n;
    lastTsMicros = micros > lastTsMicros ? micros : lastTsMicros + 1n;
    return `${lastTsMicros / 1_000_000n}.${String(lastTsMicros % 1_000_000n).padStart(6, '0')}`;
  };

  const channelKinds = new Map<string, ChannelKind>();
  const kindOf = (channel: string): ChannelKind => channelKinds.get(channel) ?? (channel.startsWith('D') ? 'im' : channel.startsWith('G') ? 'private' : 'public');
  /** chat:write.public lets the bot post in a public channel it has not joined; nowhere else. */
  const mayPost = (channel: string) => !notJoined.has(channel) || (kindOf(channel) === 'public' && scopes.has('chat:write.public'));

  const methods: Record<string, (args: Record<string, unknown>) => Record<string, unknown>> = {
    'auth.test': () => ({ url: 'https://standin.slack.com/', team: 'Stand-in', user: 'studybot', team_id: STANDIN_TEAM, user_id: STANDIN_BOT_USER, bot_id: STANDIN_BOT_ID }),
    'chat.postMessage': (args) => {
      const channel = String(args.channel);
      if (!mayPost(channel)) return { ok: false, error: 'not_in_channel' };
      const ts = remember(nextTs(), args.blocks);
      newIteration('chat.postMessage', ts, args.blocks);
      const { metadata, warned } = keptMetadata('chat.postMessage', args.metadata);
      const message: StandInMessage = { type: 'message', ts, text: args.text, blocks: args.blocks, user: STANDIN_BOT_USER, bot_id: STANDIN_BOT_ID, ...(metadata ? { metadata } : {}) };
      channelMessages(channel).push(message);
      return { channel: args.channel, ts, message, ...warned };
    },
    // Newest first; `oldest`/`latest` bound the ts (exclusive unless `inclusive`); metadata only with include_all_metadata.
    'conversations.history': (args) => {
      const channel = String(args.channel);
      if (notJoined.has(channel)) return { ok: false, error: 'not_in_channel' };
      const limit = Math.min(Math.max(Number(args.limit ?? 100) || 100, 1), 999);
      const inclusive = isTrue(args.inclusive);
      const oldest = Number(args.oldest ?? 0);
      const latest = args.latest === undefined ? Infinity : Number(args.latest);
      const inRange = channelMessages(channel)
        .filter((m) => { const ts = Number(m.ts); return (inclusive ? ts >= oldest : ts > oldest) && (inclusive ? ts <= latest : ts < latest); })
        .reverse();
      const start = typeof args.cursor === 'string' && args.cursor ? Number(args.cursor.replace(/^page:/, '')) : 0;
      const page = inRange.slice(start, start + limit).map(({ metadata, ...m }) => (isTrue(args.include_all_metadata) && metadata ? { ...m, metadata } : m));
      const more = start + limit < inRange.length;
      return { messages: page, has_more: more, ...(more ? { response_metadata: { next_cursor: `page:${start + limit}` } } : {}) };
    },
    'chat.postEphemeral': (args) => {
      if (notJoined.has(String(args.channel))) return { ok: false, error: 'not_in_channel' };
      const ts = remember(nextTs(), args.blocks);
      newIteration('chat.postEphemeral', ts, args.blocks);
      return { message_ts: ts };
    },
    // A message the bot may not post beside (a private channel or DM it has not joined, where a slash
    // command's reply went through response_url) cannot be edited either: only its response_url replaces it.
    'chat.update': (args) => {
      if (!mayPost(String(args.channel))) return { ok: false, error: 'not_in_channel' };
      // Slack: "No message exists with the requested timestamp" (never posted there, or deleted since).
      const stored = history.get(String(args.channel))?.find((m) => m.ts === String(args.ts));
      if (!stored) return { ok: false, error: 'message_not_found' };
      const at = now();
      while (updates.length && updates[0]! <= at - 60_000) updates.shift();
      // Slack's limits are per method, per app, per workspace (the stand-in is one workspace): HTTP 429 with
      // Retry-After, the seconds until a call would be taken again (here: until the oldest ages out of the minute).
      if (updates.length >= SLACK_LIMITS.updatesPerMinute) {
        violations.push(`chat.update: more than ${SLACK_LIMITS.updatesPerMinute} in a minute`);
        return { ok: false, error: 'ratelimited', httpStatus: 429, retryAfter: Math.max(1, Math.ceil((updates[0]! + 60_000 - at) / 1000)) };
      }
      updates.push(at);
      newIteration('chat.update', String(args.ts), args.blocks);
      remember(String(args.ts), args.blocks);
      // Metadata left out keeps the message's own.
      const { metadata, warned } = keptMetadata('chat.update', args.metadata);
      Object.assign(stored, { text: args.text, blocks: args.blocks, ...(metadata ? { metadata } : {}) });
      return { channel: args.channel, ts: args.ts, text: args.text, ...warned };
    },
    'views.open': (args) => {
      const trigger = triggers.get(String(args.trigger_id));
      if (!trigger) return { ok: false, error: 'invalid_trigger_id' };
      if (trigger.used) return { ok: false, error: 'invalid_trigger_id', note: 'trigger_id already used' };
      if (now() - trigger.issuedAt > SLACK_LIMITS.triggerLifetimeMs) return { ok: false, error: 'expired_trigger_id' };
      trigger.used = true;
      return { view: { ...(args.view as object), id: `V${++viewCounter}` } };
    },
    'views.update': (args) => {
      const id = String(args.view_id);
      if (!/^V\d+$/.test(id) || Number(id.slice(1)) > viewCounter) return { ok: false, error: 'not_found' };
      return { view: { ...(args.view as object), id } };
    },
    'users.info': (args) => {
      const id = String(args.user);
      const user = users.get(id) ?? { id, name: id.toLowerCase(), real_name: id, tz: 'UTC' };
      return { user: { is_admin: false, is_owner: false, ...user, id } };
    },
    'apps.connections.open': () => ({ url: `${origin.replace(/^http/, 'ws')}/socket` }),
    'conversations.open': (args) => ({ channel: { id: `D${String(args.users)}` } }),
    'files.getUploadURLExternal': (args) => {
      const fileId = `F${++fileCounter}`;
      uploads.push({ fileId, filename: typeof args.filename === 'string' ? args.filename : undefined, bytes: Buffer.alloc(0) });
      return { file_id: fileId, upload_url: `${origin}/upload/${fileId}` };
    },
    'files.info': (args) => {
      const upload = uploadOf(String(args.file));
      if (upload) return { file: uploadedFileInfo(upload) };
      const file = shared.get(String(args.file));
      if (!file) return { ok: false, error: 'file_not_found' };
      const url = `${origin}/files-pri/${STANDIN_TEAM}-${String(args.file)}/${encodeURIComponent(file.name)}`;
      return { file: { id: args.file, name: file.name, size: file.bytes.length, url_private: url, url_private_download: `${url}?download=1` } };
    },
    'files.completeUploadExternal': (args) => {
      if (typeof args.channel_id === 'string' && notJoined.has(args.channel_id)) return { ok: false, error: 'not_in_channel' };
      const files = args.files as Array<{ id: string; title?: string }>;
      for (const f of files) {
        const upload = uploadOf(f.id);
        if (upload && typeof args.channel_id === 'string') {
          upload.share = { channel: args.channel_id };
          pendingLooks.set(f.id, options.shareLag ?? 1);
        }
      }
      // As Slack's: the share is not in this answer, it lands later.
      return { files: files.map((f) => ({ id: f.id, title: f.title, shares: {} })) };
    },
  };

  function uploadOf(fileId: string): RecordedUpload | undefined {
    return uploads.find((u) => u.fileId === fileId);
  }

  /** files.info of a file the bot uploaded: its share once landed, `public` or `private` by the channel's kind. */
  function uploadedFileInfo(upload: RecordedUpload): Record<string, unknown> {
    const share = upload.share;
    if (share && !share.ts) {
      const left = pendingLooks.get(upload.fileId) ?? 0;
      if (left > 0) pendingLooks.set(upload.fileId, left - 1);
      else share.ts = nextTs();
    }
    const landed = share?.ts ? share : undefined;
    const kind = landed && kindOf(landed.channel) === 'public' ? 'public' : 'private';
    return { id: upload.fileId, name: upload.filename, size: upload.bytes.length, shares: landed ? { [kind]: { [landed.channel]: [{ ts: landed.ts }] } } : {} };
  }

  /** Well-formed metadata (ruleError refused the rest) is kept unless Slack ignores it: then the answer warns. */
  function keptMetadata(method: string, given: unknown): { metadata?: unknown; warned?: { warning: string; response_metadata: { warnings: string[] } } } {
    const { warning, problems } = metadataProblems(given);
    if (!warning) return { metadata: given };
    for (const problem of problems) violations.push(`${method}: ${problem}`);
    return { warned: { warning, response_metadata: { warnings: [warning] } } };
  }

  function channelMessages(channel: string): StandInMessage[] {
    let list = history.get(channel);
    if (!list) history.set(channel, (list = []));
    return list;
  }

  /** An update of message `key` must not repeat a block_id of an earlier iteration (slack-rules.ts). */
  function newIteration(method: string, key: string, blocks: unknown): void {
    const earlier = iterations.get(key) ?? new Set<string>();
    for (const problem of reusedBlockIdProblems(blocks, earlier)) violations.push(`${method}: ${problem}`);
    for (const id of blockIdsOf(blocks)) earlier.add(id);
    iterations.set(key, earlier);
  }

  function remember(ts: string, blocks: unknown): string {
    if (!Array.isArray(blocks)) return ts;
    const buttons: RenderedButton[] = [];
    // Buttons sit in an actions block's elements or as a section's accessory.
    for (const block of blocks as any[]) {
      for (const element of [...(block?.elements ?? []), ...(block?.accessory ? [block.accessory] : [])]) {
        if (element?.type === 'button') buttons.push({ actionId: element.action_id, value: element.value, blockId: block.block_id, label: element.text?.text ?? '' });
      }
    }
    rendered.set(ts, buttons);
    return ts;
  }

  /** The rules every call must keep; a broken one is Slack's error for that call. */
  function ruleError(method: string, args: Record<string, unknown>): Record<string, unknown> | undefined {
    const needed = requiredScopes(method, args, kindOf).filter((scope) => !scopes.has(scope));
    if (needed.length) {
      violations.push(`${method}: needs scope ${needed.join(', ')}, which the manifest does not grant`);
      return { ok: false, error: 'missing_scope', needed: needed.join(','), provided: [...scopes].join(',') };
    }
    if (method === 'chat.postMessage' || method === 'chat.postEphemeral' || method === 'chat.update') {
      const { error, problems } = messageProblems(args);
      if (error) {
        for (const problem of problems) violations.push(`${method}: ${problem}`);
        return { ok: false, error };
      }
    }
    if (method === 'chat.postMessage' || method === 'chat.update') {
      const { error, problems } = metadataProblems(args.metadata);
      if (error) {
        for (const problem of problems) violations.push(`${method}: ${problem}`);
        return { ok: false, error };
      }
    }
    if (method === 'views.open' || method === 'views.update') {
      const problems = viewProblems(args.view);
      if (problems.length) {
        for (const problem of problems) violations.push(`${method}: ${problem}`);
        return { ok: false, error: 'invalid_arguments', response_metadata: { messages: problems } };
      }
    }
    if (method === 'files.getUploadURLExternal') {
      if (args.alt_text !== undefined) violations.push('files.getUploadURLExternal: the argument is alt_txt, not alt_text');
      if (typeof args.alt_txt === 'string' && [...args.alt_txt].length > SLACK_LIMITS.uploadAltText) {
        violations.push(`files.getUploadURLExternal: alt_txt over ${SLACK_LIMITS.uploadAltText} characters`);
        return { ok: false, error: 'alt_txt_too_large' };
      }
    }
    return undefined;
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      res.writeHead(500).end(String(error));
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req);
    const url = new URL(req.url ?? '/', 'http://standin');
    const [, area, name] = url.pathname.split('/');
    if (area === 'api' && name) {
      const args = parseApiArgs(req.headers['content-type'], body);
      const token = req.headers.authorization?.replace(/^Bearer /, '') ?? (typeof args.token === 'string' ? args.token : undefined);
      const call: RecordedCall = { method: name, args, token, at: now() };
      calls.push(call);
      if (takeHang(name)) return;
      const limited = rateLimits.get(name);
      if (limited && limited.times > 0) {
        limited.times -= 1;
        call.result = { ok: false, error: 'ratelimited' };
        res.writeHead(429, { 'content-type': 'application/json', 'retry-after': String(limited.retryAfterSeconds) }).end(JSON.stringify(call.result));
        return;
      }
      const failure = failures.get(name);
      if (failure && failure.times > 0) {
        failure.times -= 1;
        call.result = { ok: false, error: failure.error };
      } else {
        const method = methods[name];
        call.result = ruleError(name, args) ?? (method ? { ok: true, ...method(args) } : { ok: false, error: 'unknown_method' });
      }
      const { httpStatus, retryAfter, ...result } = call.result as { httpStatus?: number; retryAfter?: number };
      call.result = result;
      const lost = losses.get(name);
      if (lost && lost.times > 0) {
        lost.times -= 1;
        if (lost.how === 'drop') req.socket.destroy();
        else if (lost.how === 'gateway-timeout') res.writeHead(504, { 'content-type': 'text/html' }).end('<html><body>504 Gateway Time-out</body></html>');
        return; // silent: the connection stays open, unanswered, until the caller gives up (or close)
      }
      if (httpStatus === 429) return void res.writeHead(429, { 'content-type': 'application/json', 'retry-after': String(retryAfter ?? 1) }).end(JSON.stringify(result));
      return json(res, call.result);
    }
    if (area === 'upload' && name) {
      const upload = uploadOf(name);
      if (!upload) return void res.writeHead(404).end();
      upload.bytes = await uploadedBytes(req.headers['content-type'], body);
      if (takeHang('upload')) return;
      res.writeHead(200, { 'content-type': 'text/plain' }).end(`OK - ${upload.bytes.length}`);
      return;
    }
    if (area === 'files-pri' && name) {
      // Slack serves private files to a request with the bot token only (a browser session otherwise)
      const file = shared.get(name.slice(STANDIN_TEAM.length + 1));
      if (!file) return void res.writeHead(404).end();
      if (!/^Bearer xoxb-\S+$/.test(req.headers.authorization ?? '')) {
        violations.push(`files-pri ${name}: fetched without the bot token`);
        return void res.writeHead(302, { location: 'https://standin.slack.com/?redir=login' }).end();
      }
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(file.bytes.length) }).end(file.bytes);
      return;
    }
    if (area === 'response' && name) {
      const parsed = JSON.parse(body.toString('utf8') || '{}') as Record<string, unknown>;
      const url = responseUrls.get(name) ?? { issuedAt: now(), uses: 0 };
      responseUrls.set(name, url);
      url.uses += 1;
      const refused = url.uses > SLACK_LIMITS.responseUrlUses ? 'used_url' : now() - url.issuedAt > SLACK_LIMITS.responseUrlLifetimeMs ? 'expired_url' : undefined;
      const { error, problems } = messageProblems(parsed);
      if (refused || error) {
        violations.push(...(refused ? [`response_url ${name}: ${refused}`] : problems.map((p) => `response_url ${name}: ${p}`)));
        res.writeHead(refused ? 404 : 400, { 'content-type': 'text/plain' }).end(refused ?? error);
        return;
      }
      // Through a press's URL, Slack may replace the pressed message unless told otherwise: say which.
      if (url.replaces && parsed.replace_original === undefined && parsed.delete_original === undefined) {
        violations.push(`response_url ${name}: no replace_original, so Slack may overwrite the pressed message`);
      }
      // Slack shows what a response_url posts as a message with a ts, which can be pressed like any other.
      let ts: string | undefined;
      if (isTrue(parsed.delete_original)) {
        if (url.replaces) rendered.delete(url.replaces);
      } else if (isTrue(parsed.replace_original)) {
        newIteration(`response_url ${name}`, url.replaces ?? `response:${name}`, parsed.blocks);
        ts = url.replaces ?? (url.own ??= nextTs());
        remember(ts, parsed.blocks);
      } else {
        ts = url.own = remember(nextTs(), parsed.blocks);
      }
      responses.push({ id: name, body: parsed, ...(ts ? { ts } : {}) });
      if (takeHang('response_url')) return;
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
      return;
    }
    res.writeHead(404).end();
  }

  // Socket Mode: Slack's side of the WebSocket (hello, envelopes, acks by envelope_id).
  const wss = new WebSocketServer({ noServer: true });
  let socket: WebSocket | undefined;
  let envelopeCounter = 0;
  const pendingAcks = new Map<string, (payload: Record<string, unknown>) => void>();
  server.on('upgrade', (req, sock, head) => {
    if (!req.url?.startsWith('/socket')) return void sock.destroy();
    wss.handleUpgrade(req, sock, head, (ws) => {
      socket = ws;
      ws.on('message', (data) => {
        const message = JSON.parse(String(data)) as { envelope_id?: string; payload?: Record<string, unknown> };
        if (message.envelope_id) pendingAcks.get(message.envelope_id)?.(message.payload ?? {});
      });
      ws.send(JSON.stringify({ type: 'hello', num_connections: 1, connection_info: { app_id: 'A0STUDY' } }));
    });
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    violations,
    notJoined,
    channelKinds,
    issueTrigger(id) {
      const triggerId = id ?? `${triggers.size + 1}.trigger.${now()}`;
      triggers.set(triggerId, { issuedAt: now(), used: false });
      return triggerId;
    },
    pressed(ts, actionId) {
      const buttons = rendered.get(ts);
      if (!buttons) throw new Error(`stand-in: a press of ${actionId} on message ${ts}, which the bot never posted (or deleted): Slack sends presses only from messages it shows`);
      const button = buttons.find((b) => b.actionId === actionId);
      if (!button) throw new Error(`stand-in: a press of ${actionId} on message ${ts}, which has no such button (it has ${buttons.map((b) => b.actionId).join(', ') || 'none'})`);
      return button;
    },
    earlierMessage(channel, blocks, options = {}) {
      const ts = remember(nextTs(), blocks);
      newIteration('earlierMessage', ts, blocks);
      if (!options.ephemeral) channelMessages(channel).push({ type: 'message', ts, text: options.text ?? '', blocks, user: STANDIN_BOT_USER, bot_id: STANDIN_BOT_ID });
      return ts;
    },
    rateLimit: (method, times, retryAfterSeconds) => void rateLimits.set(method, { times, retryAfterSeconds }),
    hang: (method, times) => void hangs.set(method, times),
    loseAnswer: (method, times, how = 'silent') => void losses.set(method, { times, how }),
    messagesIn: (channel) => channelMessages(channel).map(({ ts, text, blocks, metadata }) => ({ ts, text, blocks, ...(metadata ? { metadata } : {}) })),
    apiUrl: `${origin}/api/`,
    calls,
    uploads,
    responses,
    users,
    callsTo: (method) => calls.filter((c) => c.method === method),
    responseUrl: (id, replaces) => {
      if (!responseUrls.has(id)) responseUrls.set(id, { issuedAt: now(), uses: 0, ...(replaces ? { replaces } : {}) });
      return `${origin}/response/${id}`;
    },
    fail: (method, error, times = 1) => void failures.set(method, { error, times }),
    deleteMessage(channel, ts) {
      rendered.delete(ts);
      history.set(channel, channelMessages(channel).filter((m) => m.ts !== ts));
    },
    shareFile(name, bytes) {
      const id = `F0SHARED${++fileCounter}`;
      shared.set(id, { name, bytes: Buffer.from(bytes) });
      return id;
    },
    async waitFor(check, timeoutMs = 5000, what = 'condition') {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const value = check();
        if (value) return value;
        if (Date.now() > deadline) throw new Error(`stand-in: timed out waiting for ${what}`);
        await new Promise((r) => setTimeout(r, 10));
      }
    },
    async socketConnected(timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      while (socket?.readyState !== 1) {
        if (Date.now() > deadline) throw new Error('stand-in: timed out waiting for a socket mode connection');
        await new Promise((r) => setTimeout(r, 10));
      }
    },
    sendEnvelope(type, payload, options = {}) {
      const envelopeId = options.envelopeId ?? `env-${++envelopeCounter}`;
      return new Promise((resolve, reject) => {
        if (!socket || socket.readyState !== 1) return reject(new Error('stand-in: no socket mode client connected'));
        const timer = setTimeout(() => reject(new Error(`stand-in: no ack for ${envelopeId}`)), 3000);
        pendingAcks.set(envelopeId, (ack) => {
          clearTimeout(timer);
          pendingAcks.delete(envelopeId);
          resolve(ack);
        });
        socket.send(
          JSON.stringify({ envelope_id: envelopeId, type, payload, accepts_response_payload: true, retry_attempt: options.retryAttempt ?? 0, retry_reason: options.retryAttempt ? 'timeout' : '' }),
        );
      });
    },
    async close() {
      await new Promise<void>((resolve, reject) => {
        for (const client of wss.clients) client.terminate();
        wss.close();
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      });
      // A passing test must not have broken a rule real Slack enforces; tests that break one on purpose clear `violations`.
      if (violations.length) throw new Error(`the bot broke Slack's documented rules:\n${violations.join('\n')}`);
    },
  };
}

/** The Web API client sends form fields; structured ones (blocks, view, files) are JSON strings. */
function parseApiArgs(contentType: string | undefined, body: Buffer): Record<string, unknown> {
  const text = body.toString('utf8');
  if (contentType?.includes('application/json')) return JSON.parse(text || '{}') as Record<string, unknown>;
  const args: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(text)) {
    args[key] = /^[[{]/.test(value) ? tryJson(value) : value;
  }
  return args;
}

/** Slack booleans arrive as true, "true" or "1". */
function isTrue(value: unknown): boolean {
  return value === true || value === 'true' || value === '1' || value === 1;
}

function tryJson(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

/** The upload step posts multipart form data (or raw bytes); return the file's bytes. */
async function uploadedBytes(contentType: string | undefined, body: Buffer): Promise<Buffer> {
  if (!contentType?.startsWith('multipart/form-data')) return body;
  const { files } = await formParts(contentType, body);
  return files[0]?.data ?? Buffer.alloc(0);
}

function json(res: ServerResponse, payload: Record<string, unknown>): void {
  res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(payload));
}
