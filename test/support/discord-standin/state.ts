/**
 * Everything the stand-in keeps between requests, shared by its modules, with the few helpers they all
 * use: its clock, its snowflakes, the request log and the answer to an invalid body.
 */
import { generateKeyPairSync } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { WebSocket } from 'ws';
import type { Shard } from '../discord-shards.js';
import type { InjectedFailure, LostAnswer, RateLimit, RecordedRequest, StandInOptions, StoredMessage } from './types.js';

/** 2015-01-01: the zero of a snowflake's timestamp. */
const DISCORD_EPOCH_MS = 1_420_070_400_000;

export class StandInState {
  readonly requests: RecordedRequest[] = [];
  /** Gateway payloads the client sent (IDENTIFY, heartbeats, ...). */
  readonly gatewayReceived: { op: number; d: unknown }[] = [];
  readonly messages = new Map<string, StoredMessage>();
  /** Every state a channel member could see: each create and edit of a message that is not ephemeral, in order. */
  readonly shownInChannel: { messageId: string; content: string; embeds: any[] }[] = [];
  readonly events = new EventEmitter();
  readonly interactions = new Map<string, any>();
  /** The same interactions by token: every webhook call names one (a scan of them all made a long bench slower with each press). */
  readonly interactionsByToken = new Map<string, any>();
  readonly acknowledged = new Set<string>();
  /** The first POST to each interaction's callback route, for callbackFor. */
  readonly firstCallbacks = new Map<string, RecordedRequest>();
  /** When each interaction was dispatched (stand-in clock), for the 3 s and 15 min rules. */
  readonly createdAt = new Map<string, number>();
  /** Tokens whose deferred reply (type 5) still waits for its first follow-up. */
  readonly deferredReplies = new Set<string>();
  /** Tokens whose deferred reply was deleted before any follow-up: what follows is undocumented. */
  readonly deletedDeferrals = new Set<string>();
  readonly rateLimits: RateLimit[] = [];
  readonly failures: InjectedFailure[] = [];
  readonly losses: { match: (method: string, path: string) => boolean; times: number; how: LostAnswer }[] = [];
  /** Every documented rule the bot broke, e.g. `POST /channels/1/messages: content is 2100 characters (max 2000)`. */
  readonly violations: string[] = [];
  readonly originals = new Map<string, string>();
  readonly files = new Map<string, Buffer>();
  readonly channelErrors = new Map<string, number>();
  readonly sockets = new Set<WebSocket>();
  sequence = 0;
  readonly history: { s: number; payload: string; guildId: string | undefined }[] = [];
  /** Session id -> the shard it was identified as. */
  readonly sessions = new Map<string, Shard>();
  /** The shard each identified (or resumed) connection is. */
  readonly shardOf = new Map<WebSocket, Shard>();
  private lastId = 0n;
  /** Create Message nonces seen with enforce_nonce: `<channel>:<nonce>` -> the message and when it was created. */
  readonly nonces = new Map<string, { messageId: string; at: number }>();
  /** How many webhook calls after each HTTP answer get 404 Unknown Webhook (see lagWebhooksAfterHttpAnswer). */
  webhookLag = 0;
  /** Tokens answered over HTTP -> webhook calls on them still to refuse. */
  readonly laggingWebhooks = new Map<string, number>();
  /** Tokens of HTTP deliveries whose answer has not been read yet (webhook calls on them wait). */
  readonly pendingDeliveries = new Map<string, Promise<void>>();
  readonly botUserId: string;
  /** The application's key pair: deliveries are signed with it, as Discord signs with the app's own. */
  readonly keys = generateKeyPairSync('ed25519');

  constructor(
    private readonly server: Server,
    readonly options: StandInOptions,
  ) {
    this.botUserId = options.botUserId ?? '900000000000000001';
    this.events.setMaxListeners(100);
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

  now(): number {
    return (this.options.now ?? Date.now)();
  }

  /** A snowflake: the stand-in clock's milliseconds since Discord's epoch, shifted by 22 bits; unique and increasing. */
  id(): string {
    const stamp = BigInt(Math.max(0, Math.floor(this.now()) - DISCORD_EPOCH_MS)) << 22n;
    this.lastId = stamp > this.lastId ? stamp : this.lastId + 1n;
    return this.lastId.toString();
  }

  /** Keeps a request in the log (and the first callback per interaction, found without a scan), and tells the waiters. */
  record(request: RecordedRequest): void {
    this.requests.push(request);
    const callback = request.method === 'POST' ? /^\/interactions\/(\d+)\//.exec(request.path) : null;
    if (callback && !this.firstCallbacks.has(callback[1]!)) this.firstCallbacks.set(callback[1]!, request);
    this.events.emit('request', request);
  }

  /** Records broken rules and turns them into Discord's answer to an invalid body. */
  invalid(request: RecordedRequest, problems: string[]): [number, unknown] | undefined {
    if (problems.length === 0) return undefined;
    for (const problem of problems) this.violations.push(`${request.method} ${request.path}: ${problem}`);
    return [400, { message: 'Invalid Form Body', code: 50035, errors: problems }];
  }
}
