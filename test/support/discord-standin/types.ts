/** The stand-in's public shapes: what it records, what it stores, what tests configure and inject. */

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
