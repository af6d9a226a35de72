/**
 * A local stand-in for Discord, enough for discord.js to log in and for tests to drive interactions:
 * - REST on http://127.0.0.1:<port>/api/v10/...: GET /gateway/bot, GET /users/@me, command registration,
 *   interaction callbacks, webhook follow-ups and edits, channel messages (create, with nonce and
 *   enforce_nonce, folded for 2 minutes; edit, only the channel's own messages and never an ephemeral or
 *   a deleted one; read back newest first, without the nonce); every request is recorded.
 * - Gateway on ws://127.0.0.1:<port>/gateway: HELLO, IDENTIFY -> READY, heartbeats -> ACKs,
 *   then INTERACTION_CREATE dispatches sent by the test. Sharded as Discord shards (discord-shards.ts):
 *   /gateway/bot recommends `recommendedShards`, each shard connects once with the same count, and a
 *   guild's events go only to its shard.
 * - A tiny CDN: files registered with serveFile() are downloadable like Discord attachments.
 * - Outgoing webhooks (HTTP interactions mode): deliver() POSTs an interaction to the bot's endpoint,
 *   signed with the stand-in's Ed25519 key (publicKeyHex), and takes the HTTP answer as the initial
 *   response under the same rules as a REST callback (3 s, types that fit, one per interaction).
 * It keeps the messages it was asked to create so tests can press buttons on them, and it answers
 * a second callback for the same interaction like Discord does (400, code 40060).
 *
 * It is strict where Discord is: payloads that break a documented limit (discord-rules.ts) get
 * 400 Invalid Form Body and land in `violations`; a callback after 3 s gets 10062 Unknown
 * interaction; the token dies after 15 minutes; the first follow-up after a deferred reply edits
 * that reply and keeps its visibility, as every edit keeps a message's (asking to change it is a
 * violation); routes can be rate limited (429 with retry_after) or fail with a given error
 * (failNext); webhooks can lag behind an HTTP answer with 404 Unknown Webhook, as Discord's do
 * (lagWebhooksAfterHttpAnswer), or be carried out with their answer lost (loseAnswer: what a timeout, a reset
 * connection or the edge's 5xx may hide). `shownInChannel` keeps every state of every public message, for
 * tests of what the channel saw. Time is `options.now`, so tests can move it without waiting.
 */
import { generateKeyPairSync, sign } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { formParts, postText, readBody, sendJson } from './http-bodies.js';
import { callbackProblems, commandProblems, LIMITS, messageProblems } from './discord-rules.js';
import { requestedShard, shardConflict, shardReceives, type Shard } from './discord-shards.js';

export interface RecordedFile {
  field: string;
  name: string;
  data: Buffer;
}

export interface RecordedRequest {
  method: string;
  /** Route without `/api/v10`, e.g. `/interactions/1/abc/callback`. */
  path: string;
  query: URLSearchParams;
  authorization: string | undefined;
  /** JSON body, or `payload_json` of a multipart body. */
  body: any;
  files: RecordedFile[];
  status: number;
  at: number;
  /** `http`: the initial response came as the answer to an outgoing-webhook POST, not a REST call. */
  via?: 'http';
}

/** What the bot's interactions endpoint answered to one delivery. */
export interface HttpDelivery {
  status: number;
  body: any;
  contentType: string | undefined;
  /** Wall-clock ms from sending the POST to reading the whole answer. */
  ms: number;
}

/** Ways to spoil a delivery, for tests of the bot's signature check. */
export interface DeliveryTampering {
  /** Sign this timestamp (unix seconds) instead of now. */
  timestamp?: string;
  /** Send this signature instead of the real one. */
  signature?: string;
  /** Sign the interaction, then send this body instead. */
  body?: string;
  /** Leave the signature headers out. */
  unsigned?: boolean;
}

export interface StoredMessage {
  id: string;
  channel_id: string;
  content: string;
  embeds: any[];
  components: any[];
  attachments: any[];
  flags: number;
  /** Set for messages created by an interaction response or follow-up. */
  interaction_token?: string;
  [key: string]: unknown;
}

export interface StandInOptions {
  applicationId: string;
  token: string;
  botUserId?: string;
  /** HELLO's heartbeat interval; small values make tests exercise heartbeats. */
  heartbeatIntervalMs?: number;
  /**
   * Guilds the bot is in. Like Discord, READY lists them as unavailable and a GUILD_CREATE per guild
   * follows, so discord.js caches them (the production path). Without any, READY is all there is.
   */
  guilds?: { id: string; name: string; channelIds: string[] }[];
  /** The stand-in's clock (ms); tests pass a fake one to step past deadlines. Default Date.now. */
  now?: () => number;
  /** GET /gateway/bot's `shards`, Discord's recommended shard count. Default 1. */
  recommendedShards?: number;
  /** GET /gateway/bot's `session_start_limit.max_concurrency`: shards that may identify together. Default 1. */
  maxConcurrency?: number;
}

export interface RateLimit {
  match: (method: string, path: string) => boolean;
  times: number;
  retryAfterSeconds: number;
}

/** A Discord error to answer some requests with, e.g. 404 Unknown Webhook (10015). */
export interface InjectedFailure {
  match: (method: string, path: string) => boolean;
  times: number;
  status: number;
  code: number;
  message: string;
}

/**
 * How a request carried out loses its answer (loseAnswer): `silent`, never answered (the client times out);
 * `reset`, the connection reset (ECONNRESET); `close`, the connection closed in order with no answer
 * (undici's "other side closed"); `bad-gateway`, HTTP 502 from the edge.
 */
export type LostAnswer = 'silent' | 'reset' | 'close' | 'bad-gateway';

const EPHEMERAL = 64;
/** 2015-01-01: the zero of a snowflake's timestamp. */
const DISCORD_EPOCH_MS = 1_420_070_400_000;
const API_PREFIX = '/api/v10';

export class DiscordStandIn {
  readonly requests: RecordedRequest[] = [];
  /** Gateway payloads the client sent (IDENTIFY, heartbeats, ...). */
  readonly gatewayReceived: { op: number; d: unknown }[] = [];
  readonly messages = new Map<string, StoredMessage>();
  /** Every state a channel member could see: each create and edit of a message that is not ephemeral, in order. */
  readonly shownInChannel: { messageId: string; content: string; embeds: any[] }[] = [];
  private readonly events = new EventEmitter();
  private readonly interactions = new Map<string, any>();
  /** The same interactions by token: every webhook call names one (a scan of them all made a long bench slower with each press). */
  private readonly interactionsByToken = new Map<string, any>();
  private readonly acknowledged = new Set<string>();
  /** The first POST to each interaction's callback route, for callbackFor. */
  private readonly firstCallbacks = new Map<string, RecordedRequest>();
  /** When each interaction was dispatched (stand-in clock), for the 3 s and 15 min rules. */
  private readonly createdAt = new Map<string, number>();
  /** Tokens whose deferred reply (type 5) still waits for its first follow-up. */
  private readonly deferredReplies = new Set<string>();
  /** Tokens whose deferred reply was deleted before any follow-up: what follows is undocumented. */
  private readonly deletedDeferrals = new Set<string>();
  private readonly rateLimits: RateLimit[] = [];
  private readonly failures: InjectedFailure[] = [];
  private readonly losses: { match: (method: string, path: string) => boolean; times: number; how: LostAnswer }[] = [];
  /** Every documented rule the bot broke, e.g. `POST /channels/1/messages: content is 2100 characters (max 2000)`. */
  readonly violations: string[] = [];
  private readonly originals = new Map<string, string>();
  private readonly files = new Map<string, Buffer>();
  private readonly channelErrors = new Map<string, number>();
  private readonly sockets = new Set<WebSocket>();
  private sequence = 0;
  private readonly history: { s: number; payload: string; guildId: string | undefined }[] = [];
  /** Session id -> the shard it was identified as. */
  private readonly sessions = new Map<string, Shard>();
  /** The shard each identified (or resumed) connection is. */
  private readonly shardOf = new Map<WebSocket, Shard>();
  private lastId = 0n;
  /** Create Message nonces seen with enforce_nonce: `<channel>:<nonce>` -> the message and when it was created. */
  private readonly nonces = new Map<string, { messageId: string; at: number }>();
  /** How many webhook calls after each HTTP answer get 404 Unknown Webhook (see lagWebhooksAfterHttpAnswer). */
  private webhookLag = 0;
  /** Tokens answered over HTTP -> webhook calls on them still to refuse. */
  private readonly laggingWebhooks = new Map<string, number>();
  /** Tokens of HTTP deliveries whose answer has not been read yet (webhook calls on them wait). */
  private readonly pendingDeliveries = new Map<string, Promise<void>>();
  readonly botUserId: string;
  /** The application's key pair: deliveries are signed with it, as Discord signs with the app's own. */
  private readonly keys = generateKeyPairSync('ed25519');

  private constructor(
    private readonly server: Server,
    private readonly wss: WebSocketServer,
    readonly options: StandInOptions,
  ) {
    this.botUserId = options.botUserId ?? '900000000000000001';
    this.events.setMaxListeners(100);
  }

  static async start(options: StandInOptions): Promise<DiscordStandIn> {
    const server = createServer();
    const wss = new WebSocketServer({ server, path: '/gateway' });
    const standIn = new DiscordStandIn(server, wss, options);
    server.on('request', (req, res) => void standIn.onHttp(req, res));
    wss.on('connection', (socket) => standIn.onGateway(socket));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return standIn;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  /** What the adapter takes as `apiBase` (it appends `/api`). */
  get apiBase(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get gatewayUrl(): string {
    return `ws://127.0.0.1:${this.port}/gateway`;
  }

  /** A snowflake: the stand-in clock's milliseconds since Discord's epoch, shifted by 22 bits; unique and increasing. */
  id(): string {
    const stamp = BigInt(Math.max(0, Math.floor(this.now()) - DISCORD_EPOCH_MS)) << 22n;
    this.lastId = stamp > this.lastId ? stamp : this.lastId + 1n;
    return this.lastId.toString();
  }

  /** Serves `content` at a CDN-style URL, as Discord does for attachments. */
  serveFile(name: string, content: string | Buffer): { url: string; size: number } {
    const key = `${this.id()}/${name}`;
    const data = Buffer.isBuffer(content) ? content : Buffer.from(content, 'utf8');
    this.files.set(key, data);
    return { url: `${this.apiBase}/attachments/${key}`, size: data.length };
  }

  /** Deletes a message, as a moderator can: edits of it then get 404 Unknown Message. */
  deleteMessage(messageId: string): void {
    this.messages.delete(messageId);
  }

  /** Make REST posts/edits to this channel fail like Discord does (403 Missing Access, 404 Unknown Channel). */
  failChannel(channelId: string, status: 403 | 404): void {
    this.channelErrors.set(channelId, status);
  }

  /**
   * discord-api-docs#7220: right after an interaction is answered in the HTTP response, its webhook can
   * answer 404 Unknown Webhook (10015) for a few seconds. From now on, the first `calls` webhook calls
   * (follow-ups, @original edits) after each HTTP answer get that; 0 turns it off.
   */
  lagWebhooksAfterHttpAnswer(calls: number): void {
    this.webhookLag = calls;
  }

  /** Answer the next `times` requests that `match` with 429 and `retry_after`, as Discord's rate limiter does. */
  rateLimit(limit: RateLimit): void {
    this.rateLimits.push({ ...limit });
  }

  /** Answer the next `times` requests that `match` with a Discord error instead of doing them. */
  failNext(failure: InjectedFailure): void {
    this.failures.push({ ...failure });
  }

  /** Carry out the next `times` requests that `match` (kept and recorded as usual) but lose their answer. */
  loseAnswer(match: (method: string, path: string) => boolean, times: number, how: LostAnswer = 'silent'): void {
    this.losses.push({ match, times, how });
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }

  /** The public key as the Developer Portal shows it: 32 raw bytes in hex (the SPKI DER is a 12-byte header + key). */
  get publicKeyHex(): string {
    return this.keys.publicKey.export({ format: 'der', type: 'spki' }).subarray(12).toString('hex');
  }

  /**
   * POSTs `interaction` to a bot's Interactions Endpoint URL as Discord does: headers
   * X-Signature-Ed25519 (over timestamp + body) and X-Signature-Timestamp. A 200 JSON answer is the
   * initial response, checked and applied like a REST callback (recorded with `via: 'http'`, so
   * callbackFor() finds it); anything else acknowledges nothing. PING (type 1) must get PONG.
   */
  async deliver(endpoint: string, interaction: any, tampering: DeliveryTampering = {}): Promise<HttpDelivery> {
    if (interaction.type !== 1) this.remember(interaction);
    const signedBody = JSON.stringify(interaction);
    const timestamp = tampering.timestamp ?? String(Math.floor(this.now() / 1000));
    const signature = tampering.signature ?? sign(null, Buffer.from(timestamp + signedBody), this.keys.privateKey).toString('hex');
    let settle!: () => void;
    if (interaction.token) this.pendingDeliveries.set(interaction.token, new Promise<void>((resolve) => (settle = resolve)));
    const started = performance.now();
    try {
      const response = await postText(
        endpoint,
        {
          'content-type': 'application/json',
          'user-agent': 'Discord-Interactions/1.0 (+https://discord.com)',
          ...(tampering.unsigned ? {} : { 'x-signature-ed25519': signature, 'x-signature-timestamp': timestamp }),
        },
        tampering.body ?? signedBody,
      );
      const { text } = response;
      const ms = performance.now() - started;
      const contentType = response.headers['content-type'];
      let body: any = text;
      try {
        body = JSON.parse(text);
      } catch {
        // not JSON: kept as text
      }
      if (response.status === 200) this.applyHttpAnswer(interaction, body, contentType);
      return { status: response.status, body, contentType, ms };
    } finally {
      if (interaction.token) {
        this.pendingDeliveries.delete(interaction.token);
        settle?.();
      }
    }
  }

  private applyHttpAnswer(interaction: any, body: any, contentType: string | undefined): void {
    const where = `HTTP answer to interaction ${interaction.id}`;
    if (!contentType?.startsWith('application/json') || typeof body !== 'object' || body === null) {
      // Discord takes a JSON interaction response here; multipart (files) fails.
      this.violations.push(`${where}: not a JSON interaction response (${contentType ?? 'no content type'})`);
      return;
    }
    if (interaction.type === 1) {
      if (body.type !== 1) this.violations.push(`${where}: a PING must be answered with PONG (type 1), got type ${body.type}`);
      return;
    }
    const request: RecordedRequest = {
      method: 'POST',
      path: `/interactions/${interaction.id}/${interaction.token}/callback`,
      query: new URLSearchParams(),
      authorization: undefined,
      body,
      files: [],
      status: 0,
      at: Date.now(),
      via: 'http',
    };
    const [status] = this.callback(interaction.id, interaction.token, body, request);
    request.status = status;
    if (status < 300 && this.webhookLag > 0) this.laggingWebhooks.set(interaction.token, this.webhookLag);
    this.record(request);
  }

  /** An interaction Discord sent: its token and the clock of its 3 s and 15 min rules start now. */
  private remember(interaction: any): void {
    this.interactions.set(interaction.id, interaction);
    if (interaction.token) this.interactionsByToken.set(interaction.token, interaction);
    this.createdAt.set(interaction.id, this.now());
  }

  /** Sends INTERACTION_CREATE on every open gateway connection. */
  interact(interaction: any): void {
    this.remember(interaction);
    this.dispatch('INTERACTION_CREATE', interaction);
  }

  /**
   * Sends a dispatch to the connected client(s): the shard of its `guild_id` (shard 0 for a DM).
   * Like Discord, every dispatch is kept with its sequence number so a client that reconnects with
   * RESUME gets what it missed.
   */
  dispatch(event: string, data: unknown, only?: WebSocket): void {
    this.sequence += 1;
    const payload = JSON.stringify({ op: 0, t: event, s: this.sequence, d: data });
    const guildId = (data as { guild_id?: string } | undefined)?.guild_id;
    // Only broadcast events are replayed: READY and friends belong to the socket they were sent on.
    if (!only) this.history.push({ s: this.sequence, payload, guildId });
    const targets = only ? [only] : [...this.shardOf].filter(([, shard]) => shardReceives(shard, guildId)).map(([socket]) => socket);
    for (const socket of targets) socket.send(payload);
  }

  /** The shards connected now, e.g. `[[0, 2], [1, 2]]`. */
  connectedShards(): Shard[] {
    return [...this.shardOf.values()];
  }

  /** Drops every gateway connection abruptly, as a network failure would; the client should resume. */
  dropConnections(): void {
    for (const socket of this.sockets) socket.terminate();
  }

  private guildsOf(shard: Shard): { id: string; name: string; channelIds: string[] }[] {
    return (this.options.guilds ?? []).filter((guild) => shardReceives(shard, guild.id));
  }

  private guildCreate(guild: { id: string; name: string; channelIds: string[] }): unknown {
    return {
      id: guild.id,
      name: guild.name,
      icon: null,
      owner_id: '1',
      unavailable: false,
      large: false,
      member_count: 3,
      features: [],
      joined_at: '2026-01-01T00:00:00.000Z',
      // @everyone shares the guild's id.
      roles: [{ id: guild.id, name: '@everyone', permissions: '2248473465835073', position: 0, color: 0, hoist: false, managed: false, mentionable: false, flags: 0 }],
      channels: guild.channelIds.map((id, position) => ({ id, type: 0, guild_id: guild.id, name: `study-${position}`, position, permission_overwrites: [] })),
      threads: [],
      members: [],
      presences: [],
      voice_states: [],
      emojis: [],
      stickers: [],
      stage_instances: [],
      guild_scheduled_events: [],
      soundboard_sounds: [],
    };
  }

  /** Resolves with the first recorded request (past, unless `pastToo` is false, or future) that matches. */
  waitForRequest(match: (request: RecordedRequest) => boolean, timeoutMs = 10_000, { pastToo = true } = {}): Promise<RecordedRequest> {
    const found = pastToo ? this.requests.find(match) : undefined;
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const onRequest = (request: RecordedRequest) => {
        if (!match(request)) return;
        cleanup();
        resolve(request);
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`stand-in: no matching request within ${timeoutMs} ms`));
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        this.events.off('request', onRequest);
      };
      this.events.on('request', onRequest);
    });
  }

  /** The first callback Discord would have received for this interaction. */
  callbackFor(interactionId: string, timeoutMs?: number): Promise<RecordedRequest> {
    const known = this.firstCallbacks.get(interactionId);
    if (known) return Promise.resolve(known);
    const prefix = `/interactions/${interactionId}/`;
    return this.waitForRequest((request) => request.method === 'POST' && request.path.startsWith(prefix), timeoutMs, { pastToo: false });
  }

  /** Keeps a request in the log (and the first callback per interaction, found without a scan), and tells the waiters. */
  private record(request: RecordedRequest): void {
    this.requests.push(request);
    const callback = request.method === 'POST' ? /^\/interactions\/(\d+)\//.exec(request.path) : null;
    if (callback && !this.firstCallbacks.has(callback[1]!)) this.firstCallbacks.set(callback[1]!, request);
    this.events.emit('request', request);
  }

  /** All requests made with this interaction's token (callback, follow-ups, edits), in order. */
  requestsFor(interaction: { id: string; token: string }): RecordedRequest[] {
    return this.requests.filter(
      (request) => request.path.startsWith(`/interactions/${interaction.id}/`) || request.path.includes(`/${interaction.token}`),
    );
  }

  /** The message an interaction's response created (or, for a component, the message it is on). */
  originalOf(token: string): StoredMessage | undefined {
    const id = this.originals.get(token);
    return id ? this.messages.get(id) : undefined;
  }

  /** Resolves when a client has identified and been sent READY. */
  waitForIdentify(timeoutMs = 10_000): Promise<void> {
    if (this.gatewayReceived.some((p) => p.op === 2)) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('stand-in: no IDENTIFY')), timeoutMs);
      this.events.once('identify', () => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  // ---- gateway ----

  private onGateway(socket: WebSocket): void {
    this.sockets.add(socket);
    socket.on('close', () => {
      this.sockets.delete(socket);
      this.shardOf.delete(socket);
    });
    const send = (payload: unknown) => socket.send(JSON.stringify(payload));
    send({ op: 10, d: { heartbeat_interval: this.options.heartbeatIntervalMs ?? 41_250 } });
    socket.on('message', (raw) => {
      const payload = JSON.parse(raw.toString()) as { op: number; d: any };
      this.gatewayReceived.push(payload);
      switch (payload.op) {
        case 1: // heartbeat
          send({ op: 11 });
          break;
        case 2: {
          // identify
          if (payload.d?.token !== this.options.token) {
            socket.close(4004, 'Authentication failed.');
            return;
          }
          const shard = requestedShard(payload.d.shard);
          const problem = typeof shard === 'string' ? shard : shardConflict(shard, this.shardOf.values());
          if (typeof shard === 'string' || problem !== undefined) {
            this.violations.push(`gateway IDENTIFY: ${problem}`);
            socket.close(4010, 'Invalid shard.');
            return;
          }
          this.shardOf.set(socket, shard);
          const sessionId = `session-${this.id()}`;
          this.sessions.set(sessionId, shard);
          const ready = {
            v: 10,
            user: { id: this.botUserId, username: 'studybot', discriminator: '0', global_name: null, avatar: null, bot: true },
            guilds: this.guildsOf(shard).map((guild) => ({ id: guild.id, unavailable: true })),
            session_id: sessionId,
            resume_gateway_url: this.gatewayUrl,
            shard: [...shard],
            application: { id: this.options.applicationId, flags: 0 },
          };
          this.dispatch('READY', ready, socket);
          for (const guild of this.guildsOf(shard)) this.dispatch('GUILD_CREATE', this.guildCreate(guild), socket);
          this.events.emit('identify');
          break;
        }
        case 6: {
          // resume: replay what the client missed, then RESUMED; an unknown session must identify again
          const { session_id: sessionId, seq, token } = payload.d ?? {};
          const shard = this.sessions.get(sessionId);
          if (token !== this.options.token || !shard) {
            send({ op: 9, d: false });
            break;
          }
          this.shardOf.set(socket, shard);
          for (const entry of this.history) if (entry.s > (seq ?? 0) && shardReceives(shard, entry.guildId)) socket.send(entry.payload);
          this.dispatch('RESUMED', {}, socket);
          this.events.emit('resumed');
          break;
        }
        default:
          break;
      }
    });
  }

  // ---- REST ----

  private async onHttp(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.apiBase);
    const raw = await readBody(req);
    if (req.method === 'GET' && url.pathname.startsWith('/attachments/')) {
      const file = this.files.get(decodeURIComponent(url.pathname.slice('/attachments/'.length)));
      if (!file) return sendJson(res, 404, { message: 'Not Found', code: 0 });
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': file.length });
      res.end(file);
      return;
    }
    const { body, files } = await parseBody(req.headers['content-type'], raw);
    const pathname = decodeURIComponent(url.pathname);
    const path = pathname.startsWith(API_PREFIX) ? pathname.slice(API_PREFIX.length) : pathname;
    // Discord applies an HTTP answer the moment it arrives; this stand-in reads it a little later on
    // its own connection, so a follow-up sent right after the answer waits until it has been read.
    const webhookToken = /^\/webhooks\/\d+\/([^/]+)/.exec(path)?.[1];
    const delivery = webhookToken ? this.pendingDeliveries.get(webhookToken) : undefined;
    if (delivery) await delivery;
    const request: RecordedRequest = {
      method: req.method ?? 'GET',
      path,
      query: url.searchParams,
      authorization: req.headers.authorization,
      body,
      files,
      status: 0,
      at: Date.now(),
    };
    const limited = this.rateLimits.find((limit) => limit.times > 0 && limit.match(request.method, path));
    if (limited) {
      limited.times -= 1;
      request.status = 429;
      this.record(request);
      sendJson(res, 429, { message: 'You are being rate limited.', retry_after: limited.retryAfterSeconds, global: false }, {
        'retry-after': String(Math.ceil(limited.retryAfterSeconds)),
        'x-ratelimit-limit': '5',
        'x-ratelimit-remaining': '0',
        'x-ratelimit-reset-after': String(limited.retryAfterSeconds),
        'x-ratelimit-bucket': 'stand-in',
        'x-ratelimit-scope': 'user',
      });
      return;
    }
    const failure = this.failures.find((f) => f.times > 0 && f.match(request.method, path));
    if (failure) failure.times -= 1;
    const [status, answer] = failure ? [failure.status, { message: failure.message, code: failure.code }] : this.route(request);
    request.status = status;
    this.record(request);
    const lost = this.losses.find((loss) => loss.times > 0 && loss.match(request.method, path));
    if (lost) {
      lost.times -= 1;
      if (lost.how === 'reset') req.socket.resetAndDestroy();
      else if (lost.how === 'close') req.socket.destroy();
      else if (lost.how === 'bad-gateway') res.writeHead(502, { 'content-type': 'text/html' }).end('<html><body>502 Bad Gateway</body></html>');
      return; // silent: left open, unanswered, until the client gives up (or close)
    }
    if (status === 204) {
      res.writeHead(204);
      res.end();
    } else {
      sendJson(res, status, answer);
    }
  }

  /** Records broken rules and turns them into Discord's answer to an invalid body. */
  private invalid(request: RecordedRequest, problems: string[]): [number, unknown] | undefined {
    if (problems.length === 0) return undefined;
    for (const problem of problems) this.violations.push(`${request.method} ${request.path}: ${problem}`);
    return [400, { message: 'Invalid Form Body', code: 50035, errors: problems }];
  }

  private route(request: RecordedRequest): [number, unknown] {
    const { method, path, body } = request;
    const app = this.options.applicationId;
    const botAuth = request.authorization === `Bot ${this.options.token}`;
    let m: RegExpMatchArray | null;

    if (method === 'GET' && path === '/gateway/bot') {
      if (!botAuth) return [401, { message: '401: Unauthorized', code: 0 }];
      return [200, {
        url: this.gatewayUrl,
        shards: this.options.recommendedShards ?? 1,
        session_start_limit: { total: 1000, remaining: 999, reset_after: 0, max_concurrency: this.options.maxConcurrency ?? 1 },
      }];
    }
    if (method === 'PUT' && (m = path.match(/^\/applications\/(\d+)\/(?:guilds\/(\d+)\/)?commands$/))) {
      if (!botAuth) return [401, { message: '401: Unauthorized', code: 0 }];
      if (m[1] !== app) return [403, { message: 'Missing Access', code: 50001 }];
      const bad = this.invalid(request, commandProblems(Array.isArray(body) ? body : []));
      if (bad) return bad;
      return [200, (body as any[]).map((command) => ({ ...command, id: this.id(), application_id: app, version: this.id() }))];
    }
    if (method === 'POST' && (m = path.match(/^\/interactions\/(\d+)\/([^/]+)\/callback$/))) {
      return this.callback(m[1]!, m[2]!, body, request);
    }
    if ((m = path.match(/^\/webhooks\/(\d+)\/([^/]+)(?:\/messages\/([^/]+))?$/))) {
      if (m[1] !== app) return [404, { message: 'Unknown Webhook', code: 10015 }];
      const lagging = this.laggingWebhooks.get(m[2]!) ?? 0;
      if (lagging > 0) {
        this.laggingWebhooks.set(m[2]!, lagging - 1);
        return [404, { message: 'Unknown Webhook', code: 10015 }];
      }
      return this.webhook(method, m[2]!, m[3], body, request);
    }
    if (method === 'GET' && path === '/users/@me') {
      if (!botAuth) return [401, { message: '401: Unauthorized', code: 0 }];
      return [200, { id: this.botUserId, username: 'studybot', discriminator: '0', global_name: null, avatar: null, bot: true }];
    }
    if ((m = path.match(/^\/channels\/(\d+)\/messages(?:\/(\d+))?$/))) {
      if (!botAuth) return [401, { message: '401: Unauthorized', code: 0 }];
      const failure = this.channelErrors.get(m[1]!);
      if (failure === 403) return [403, { message: 'Missing Access', code: 50001 }];
      if (failure === 404) return [404, { message: 'Unknown Channel', code: 10003 }];
      const bad = method === 'POST' || method === 'PATCH' ? this.invalid(request, messageProblems(body)) : undefined;
      if (bad) return bad;
      if (method === 'POST' && !m[2]) return [200, this.createChannelMessage(m[1]!, body, request)];
      if (method === 'GET' && !m[2]) return this.channelMessages(m[1]!, request);
      if (method === 'PATCH' && m[2]) {
        const existing = this.messages.get(m[2]);
        // A channel's route reaches only that channel's messages, and an ephemeral one is nobody's channel message.
        if (!existing || existing.channel_id !== m[1] || isEphemeral(existing)) return [404, { message: 'Unknown Message', code: 10008 }];
        return [200, this.editMessage(existing, body, request)];
      }
    }
    return [404, { message: `stand-in: no route for ${method} ${path}`, code: 0 }];
  }

  private callback(interactionId: string, token: string, body: any, request: RecordedRequest): [number, unknown] {
    const interaction = this.interactions.get(interactionId);
    if (!interaction || interaction.token !== token) return [404, { message: 'Unknown interaction', code: 10062 }];
    if (this.acknowledged.has(interactionId)) {
      return [400, { message: 'Interaction has already been acknowledged.', code: 40060 }];
    }
    const age = this.now() - (this.createdAt.get(interactionId) ?? this.now());
    if (age > LIMITS.initialResponseMs) {
      this.violations.push(`${request.method} ${request.path}: initial response ${age} ms after the interaction (max ${LIMITS.initialResponseMs})`);
      return [404, { message: 'Unknown interaction', code: 10062 }];
    }
    const modalFromComponent = interaction.type === 5 && interaction.message !== undefined;
    const bad = this.invalid(request, callbackProblems(interaction.type, body?.type, body?.data, modalFromComponent));
    if (bad) return bad;
    this.acknowledged.add(interactionId);
    const channelId = interaction.channel_id as string;
    switch (body?.type) {
      case 4: // reply
      case 5: {
        // deferred reply: a "thinking" message that later edits fill in
        const message = this.createMessage(channelId, body.type === 4 ? (body.data ?? {}) : { flags: body.data?.flags }, request, token, interaction);
        this.originals.set(token, message.id);
        if (body.type === 5) this.deferredReplies.add(token);
        break;
      }
      case 6: // deferred update
      case 7: {
        // update the message the component is on
        const source = interaction.message?.id as string | undefined;
        if (!source) return [400, { message: 'Interaction has no message', code: 50035 }];
        this.originals.set(token, source);
        const stored = this.messages.get(source);
        if (body.type === 7 && stored) this.editMessage(stored, body.data ?? {}, request);
        break;
      }
      case 8: // autocomplete result
      case 9: // modal
        break;
      default:
        this.acknowledged.delete(interactionId);
        return [400, { message: 'Invalid interaction response type', code: 50035 }];
    }
    return request.query.get('with_response') === 'true' ? [200, { interaction: { id: interactionId } }] : [204, null];
  }

  private webhook(method: string, token: string, target: string | undefined, body: any, request: RecordedRequest): [number, unknown] {
    const interaction = this.interactionsByToken.get(token);
    if (interaction && this.now() - (this.createdAt.get(interaction.id) ?? 0) > LIMITS.tokenLifetimeMs) {
      this.violations.push(`${method} ${request.path}: interaction token used after ${LIMITS.tokenLifetimeMs / 60_000} minutes`);
      return [401, { message: 'Invalid Webhook Token', code: 50027 }];
    }
    if (method === 'POST' || method === 'PATCH') {
      const bad = this.invalid(request, messageProblems(body));
      if (bad) return bad;
    }
    if (method === 'POST' && !target) {
      if (!interaction || !this.acknowledged.has(interaction.id)) return [404, { message: 'Unknown Webhook', code: 10015 }];
      if (this.deferredReplies.delete(token)) return this.firstFollowUpAfterDefer(token, body, request);
      if (this.deletedDeferrals.delete(token)) {
        this.violations.push(`POST ${request.path}: a follow-up after deleting a deferred reply (undocumented: choose the visibility when deferring)`);
      }
      return [200, this.createMessage(interaction.channel_id, body, request, token, interaction)];
    }
    const messageId = target === '@original' ? this.originals.get(token) : target;
    const stored = messageId ? this.messages.get(messageId) : undefined;
    if (!stored) return [404, { message: 'Unknown Message', code: 10008 }];
    // By id, an interaction's webhook reaches only its own follow-ups (and its response); @original is
    // its response, or for a component's interaction the message the component is on.
    if (target !== '@original' && stored.interaction_token !== token && stored.id !== this.originals.get(token)) {
      this.violations.push(`${method} ${request.path}: message ${stored.id} is not this interaction's response or one of its follow-ups`);
      return [404, { message: 'Unknown Message', code: 10008 }];
    }
    if (method === 'PATCH') {
      // An edit fills a deferred reply: later follow-ups are messages of their own.
      if (target === '@original') this.deferredReplies.delete(token);
      return [200, this.editMessage(stored, body, request)];
    }
    if (method === 'DELETE') {
      this.messages.delete(stored.id);
      if (target === '@original' && this.deferredReplies.delete(token)) this.deletedDeferrals.add(token);
      return [204, null];
    }
    if (method === 'GET') return [200, stored];
    return [405, { message: '405: Method Not Allowed', code: 0 }];
  }

  /**
   * Discord: the first follow-up after a deferred reply fills in that "thinking" message, and it
   * keeps the visibility chosen when deferring (a follow-up cannot turn it private or public).
   */
  private firstFollowUpAfterDefer(token: string, body: any, request: RecordedRequest): [number, unknown] {
    const original = this.messages.get(this.originals.get(token) ?? '');
    if (!original) return [404, { message: 'Unknown Message', code: 10008 }];
    const wantsEphemeral = isEphemeral(body);
    if (body?.flags !== undefined && wantsEphemeral !== isEphemeral(original)) {
      this.violations.push(`POST ${request.path}: the first follow-up after a deferred reply keeps the deferral's visibility; flags ${body.flags} are ignored`);
    }
    const { flags: _ignored, ...content } = body ?? {};
    return [200, this.editMessage(original, content, request)];
  }

  /**
   * Create Message over REST. With `enforce_nonce`, a nonce the bot already used in the last few minutes
   * returns that message and creates none (Discord's duplicate guard for retried creates).
   */
  private createChannelMessage(channelId: string, data: any, request: RecordedRequest): StoredMessage {
    const key = data?.enforce_nonce === true && data?.nonce !== undefined ? `${channelId}:${String(data.nonce)}` : undefined;
    const seen = key ? this.nonces.get(key) : undefined;
    const existing = seen && this.now() - seen.at <= LIMITS.nonceWindowMs ? this.messages.get(seen.messageId) : undefined;
    if (existing) return existing;
    const message = this.createMessage(channelId, data, request);
    if (data?.nonce !== undefined) message.nonce = data.nonce;
    if (key) this.nonces.set(key, { messageId: message.id, at: this.now() });
    return message;
  }

  /**
   * Get Channel Messages: newest first; `limit` 1-100 (default 50); `before` or `after` a message
   * id (`after` gives the messages right after it). Ephemeral messages are nobody's channel history, and a
   * create's nonce is not part of what is read back.
   */
  private channelMessages(channelId: string, request: RecordedRequest): [number, unknown] {
    const limit = Number(request.query.get('limit') ?? 50);
    if (!Number.isInteger(limit) || limit < 1 || limit > LIMITS.messagesPage) {
      return this.invalid(request, [`limit ${request.query.get('limit')} is not within 1-${LIMITS.messagesPage}`])!;
    }
    const all = [...this.messages.values()]
      .filter((message) => message.channel_id === channelId && !isEphemeral(message))
      .sort((a, b) => (BigInt(a.id) < BigInt(b.id) ? -1 : 1));
    const before = request.query.get('before');
    const after = request.query.get('after');
    let page: StoredMessage[];
    if (after !== null) page = all.filter((message) => BigInt(message.id) > BigInt(after)).slice(0, limit);
    else if (before !== null) page = all.filter((message) => BigInt(message.id) < BigInt(before)).slice(-limit);
    else page = all.slice(-limit);
    return [200, page.reverse().map(({ nonce: _nonce, ...message }) => message)];
  }

  private createMessage(channelId: string, data: any, request: RecordedRequest, token?: string, interaction?: any): StoredMessage {
    const message: StoredMessage = {
      id: this.id(),
      type: 0,
      channel_id: channelId,
      author: { id: this.botUserId, username: 'studybot', discriminator: '0', global_name: null, avatar: null, bot: true },
      content: data?.content ?? '',
      embeds: richEmbeds(data?.embeds),
      components: data?.components ?? [],
      attachments: attachmentsOf(data, request),
      flags: data?.flags ?? 0,
      timestamp: new Date().toISOString(),
      edited_timestamp: null,
      tts: false,
      mention_everyone: false,
      mentions: [],
      mention_roles: [],
      pinned: false,
      ...(token ? { interaction_token: token, webhook_id: this.options.applicationId } : {}),
      ...(interaction
        ? {
            interaction_metadata: {
              id: interaction.id,
              type: interaction.type,
              user: interaction.member?.user ?? interaction.user,
              authorizing_integration_owners: {},
              // Discord links a message created from a component interaction to the message clicked.
              ...(interaction.message ? { interacted_message_id: interaction.message.id } : {}),
            },
          }
        : {}),
    };
    this.messages.set(message.id, message);
    this.noteShown(message);
    return message;
  }

  /** An edit changes what a message says, never who sees it (Discord keeps an existing message's ephemeral state). */
  private editMessage(stored: StoredMessage, data: any, request: RecordedRequest): StoredMessage {
    if (data?.flags !== undefined && isEphemeral(data) !== isEphemeral(stored)) {
      this.violations.push(`${request.method} ${request.path}: an edit cannot change a message's ephemeral state (flags ${data.flags} on a message with flags ${stored.flags})`);
    }
    if (data?.content !== undefined) stored.content = data.content;
    if (data?.embeds !== undefined) stored.embeds = richEmbeds(data.embeds);
    if (data?.components !== undefined) stored.components = data.components;
    if (data?.attachments !== undefined || request.files.length) stored.attachments = attachmentsOf(data, request);
    stored.edited_timestamp = new Date().toISOString();
    this.noteShown(stored);
    return stored;
  }

  private noteShown(message: StoredMessage): void {
    if (!isEphemeral(message)) this.shownInChannel.push({ messageId: message.id, content: message.content, embeds: structuredClone(message.embeds) });
  }
}

/** Create Message: an embed's `type` "will be `rich` regardless of if you try to set it"; read back so. */
function richEmbeds(embeds: unknown): any[] {
  return Array.isArray(embeds) ? embeds.map((embed) => (embed && typeof embed === 'object' ? { ...embed, type: 'rich' } : embed)) : [];
}

/** True for a message only its recipient can see. */
export function isEphemeral(data: { flags?: number } | undefined): boolean {
  return ((data?.flags ?? 0) & EPHEMERAL) !== 0;
}

function attachmentsOf(data: any, request: RecordedRequest): any[] {
  return request.files.map((file, index) => ({
    id: String(index),
    filename: file.name,
    size: file.data.length,
    url: `attachment://${file.name}`,
    proxy_url: `attachment://${file.name}`,
    ...(data?.attachments?.[index] ?? {}),
  }));
}

async function parseBody(contentType: string | undefined, raw: Buffer): Promise<{ body: any; files: RecordedFile[] }> {
  if (!raw.length) return { body: undefined, files: [] };
  if (contentType?.startsWith('multipart/form-data')) {
    const { fields, files } = await formParts(contentType, raw);
    const json = fields.get('payload_json');
    return { body: json === undefined ? undefined : JSON.parse(json), files };
  }
  return { body: JSON.parse(raw.toString('utf8')), files: [] };
}
