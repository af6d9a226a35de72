/**
 * What the Slack stand-in records and answers with, and its options: the types test code sees, plus
 * the shape of a message as conversations.history returns it.
 */
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
export interface StandInMessage {
  type: 'message';
  ts: string;
  text: unknown;
  blocks: unknown;
  user: string;
  bot_id: string;
  metadata?: unknown;
}

/** A Web API method as the stand-in answers it (its `ok: true` is added by the server). */
export type ApiMethod = (args: Record<string, unknown>) => Record<string, unknown>;
