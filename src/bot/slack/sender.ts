/**
 * Everything the Slack adapter sends through the Web API: channel posts (with image uploads),
 * ephemeral replies, message updates, and the scheduler's Sender on top of them. Slack's
 * "you can't post here" errors become ChannelUnavailableError so callers can pause instead of retrying.
 */
import type { types, webApi } from '@slack/bolt';
import type { Logger } from 'pino';
import { ChannelUnavailableError } from '../../core/errors.js';
import type { FileAttachment, ImageAttachment, Message } from '../../core/messages.js';
import type { PostOptions } from '../../core/ports.js';
import { isNotRepeated } from './call-retries.js';
import { leanFetch } from './lean-fetch.js';
import { SLACK_CALL_TIMEOUT_MS } from './clients.js';
import { carriesMark, describeMark, postMetadata, roundMarkOf } from './message-marks.js';
import { renderMessage, type RenderOptions } from './render.js';
import { UpdateCoalescer } from './updates.js';
import { uploadToChannel, waitForShare } from './upload.js';

type WebClient = webApi.WebClient;
type ModalView = types.ModalView;

/** Slack error codes meaning the bot can no longer post to that channel. */
export const CHANNEL_UNAVAILABLE_ERRORS = new Set(['channel_not_found', 'not_in_channel', 'is_archived', 'account_inactive']);

/** How a user gets the bot into a channel it has not joined: every "I can't here" note ends with it. */
export const INVITE_ME = 'Invite me with `/invite @studybot`';
/** Under a reply whose picture could not go where the bot has not joined (the text went alone). */
export const PICTURE_NEEDS_INVITE = `The picture needs me in this channel. ${INVITE_ME}.`;

/** The `error` field of a Slack Web API platform error, if that is what `error` is. */
export function slackErrorCode(error: unknown): string | undefined {
  const data = (error as { data?: { error?: unknown } } | undefined)?.data;
  return typeof data?.error === 'string' ? data.error : undefined;
}

async function guardChannel<T>(channelId: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    const code = slackErrorCode(error);
    if (code && CHANNEL_UNAVAILABLE_ERRORS.has(code)) {
      throw new ChannelUnavailableError(`Slack refused channel ${channelId}: ${code}`);
    }
    throw error;
  }
}

/** A channel message to edit: `workspace` is the Slack team, whose chat.update budget it spends. */
export interface ChannelMessageEdit {
  workspace: string;
  channelId: string;
  ts: string;
  message: Message;
  /** The press's own response_url: replaces the message where chat.update cannot reach it. */
  responseUrl?: string;
}

export class SlackPoster {
  /**
   * @param client every call but chat.update.
   * @param updateClient chat.update's, for the same token: it rejects a 429, which `updates` waits out for that
   *   workspace alone (clients.ts), where `client` would hold back every call for the Retry-After.
   * @param updates every chat.update of this poster goes through it (one budget per workspace); the
   *   adapter and the scheduler's Sender share the poster, so they share it too.
   */
  constructor(
    readonly client: WebClient,
    private readonly updateClient: WebClient,
    private readonly log?: Logger,
    private readonly updates = new UpdateCoalescer(),
    /** How long a response_url post or an upload's POST may go unanswered (the Web API clients' own timeout). */
    private readonly callTimeoutMs = SLACK_CALL_TIMEOUT_MS,
  ) {}

  /**
   * Posts to the channel; an image is uploaded first (see below), and the caption waits until Slack shows
   * the share (upload.ts waitForShare), so that the picture sits above it. Returns the message ts ('' when posted
   * through response_url). With an interaction's response_url, a channel the bot is not in (a
   * private channel, a DM) still gets the message the way slash commands reply there.
   */
  async postPublic(channelId: string, message: Message, responseUrl?: string, mark: PostOptions | undefined = roundMarkOf(message)): Promise<string> {
    const { text, blocks } = renderMessage(message);
    const metadata = postMetadata(mark);
    const startedAt = new Date();
    // The image goes first: chat:write.public lets the caption into a channel the bot has not joined,
    // but a file share there fails, and a caption without its image would be half a reply. Unless the
    // text is whole without it (a leaderboard): then the text goes alone, saying how to get the picture.
    let lastFile: string | undefined;
    if (message.image) {
      try {
        lastFile = await this.upload(channelId, message.image);
      } catch (error) {
        if (!(error instanceof ChannelUnavailableError) || !message.image.supplementary || !responseUrl) throw error;
        const alone: Message = { ...message, image: undefined, footer: [message.footer, PICTURE_NEEDS_INVITE].filter(Boolean).join(' · ') };
        await this.respond(responseUrl, { response_type: 'in_channel', replace_original: false, ...renderMessage(alone) });
        return '';
      }
    }
    for (const file of message.files ?? []) lastFile = await this.uploadFile(channelId, file);
    if (lastFile && !(await waitForShare(this.client, lastFile, channelId))) {
      this.log?.warn({ channelId, file: lastFile }, 'slack: the upload was not shared yet; its caption may show above it');
    }
    let ts = '';
    try {
      const result = await guardChannel(channelId, () => this.client.chat.postMessage({ channel: channelId, text, blocks, ...(metadata ? { metadata } : {}) }));
      ts = result.ts ?? '';
    } catch (error) {
      const posted = await this.postedDespite(error, channelId, mark, startedAt);
      if (posted !== null) return posted;
      if (!(error instanceof ChannelUnavailableError) || !responseUrl) throw error;
      await this.respond(responseUrl, { response_type: 'in_channel', replace_original: false, text, blocks });
    }
    return ts;
  }

  /**
   * Only `userId` sees it. Ephemeral messages cannot carry files, so an image goes to the user's
   * DM instead. Falls back to the interaction's response_url where the bot cannot post ephemerals
   * (e.g. a channel it was never invited to).
   */
  async postPrivate(channelId: string, userId: string, message: Message, responseUrl?: string, render?: RenderOptions): Promise<void> {
    const { text, blocks } = renderMessage(message, render);
    try {
      await guardChannel(channelId, () => this.client.chat.postEphemeral({ channel: channelId, user: userId, text, blocks }));
    } catch (error) {
      if (!(error instanceof ChannelUnavailableError) || !responseUrl) throw error;
      await this.respond(responseUrl, { response_type: 'ephemeral', replace_original: false, text, blocks });
    }
    if (message.image || message.files?.length) {
      const dm = await this.client.conversations.open({ users: userId });
      const dmId = dm.channel?.id;
      if (dmId && message.image) await this.upload(dmId, message.image);
      for (const file of message.files ?? []) if (dmId) await this.uploadFile(dmId, file);
    }
  }

  /**
   * The bot's message posted since `postedAfter` with `mark` (a round or a key, found by the metadata
   * postPublic gave it), or null. Reads the channel's history, newest first, which needs the bot to be
   * a member (Slack answers not_in_channel otherwise).
   */
  async findPosted(channelId: string, mark: PostOptions, postedAfter: Date): Promise<string | null> {
    const botId = await this.botId();
    const oldest = ((postedAfter.getTime() - CLOCK_SKEW_MS) / 1000).toFixed(6);
    let cursor: string | undefined;
    for (let page = 0; page < HISTORY_PAGES; page++) {
      const history = await guardHistory(channelId, () =>
        this.client.conversations.history({ channel: channelId, oldest, limit: HISTORY_PAGE, include_all_metadata: true, ...(cursor ? { cursor } : {}) }),
      );
      const found = (history.messages ?? []).find((m) => m.bot_id === botId && carriesMark(m.metadata, mark));
      if (found?.ts) return found.ts;
      cursor = history.response_metadata?.next_cursor || undefined;
      if (!history.has_more || !cursor) return null;
    }
    this.log?.warn({ channelId, ...mark }, `${describeMark(mark)} not among the ${HISTORY_PAGES * HISTORY_PAGE} messages since it could have been posted; treating it as not posted`);
    return null;
  }

  /**
   * The ts of a marked post whose answer was lost after Slack may have carried it out (call-retries.ts), if it
   * is in the channel: the post went through, and saying otherwise would have the user ask again. Else null.
   */
  private async postedDespite(error: unknown, channelId: string, mark: PostOptions | undefined, since: Date): Promise<string | null> {
    if (!mark || !isNotRepeated(error)) return null;
    return this.findPosted(channelId, mark, since).catch((lookup: unknown) => {
      this.log?.warn({ err: lookup, channelId, ...mark }, 'slack: could not look for a post whose answer was lost');
      return null;
    });
  }

  private botIdentity?: Promise<string | undefined>;

  private botId(): Promise<string | undefined> {
    this.botIdentity ??= this.client.auth.test().then(
      (identity) => identity.bot_id,
      (error: unknown) => {
        this.botIdentity = undefined;
        throw error;
      },
    );
    return this.botIdentity;
  }

  /**
   * Edits a channel message within its workspace's chat.update budget, coalesced with the message's other
   * edits: settles once the edit (or a newer one) went out, or when a reveal made it stale. A message that is
   * `progressOf` a round (a count, a countdown) is progress, which the round's reveal makes stale (updates.ts).
   */
  edit(edit: ChannelMessageEdit): Promise<void> {
    const { workspace, channelId, ts, message, responseUrl } = edit;
    const roundId = message.progressOf?.roundId;
    return this.updates.submit(encodeMessageRef(channelId, ts), () => this.update(channelId, ts, message, responseUrl), { workspace, progress: roundId !== undefined, roundId });
  }

  /** Whether an edit of this message waits for its turn (the message's interval, or the workspace's budget). */
  editWaiting(channelId: string, ts: string): boolean {
    return this.updates.waiting(encodeMessageRef(channelId, ts));
  }

  /** chat.update; `responseUrl` (the press's own) replaces the message where chat.update cannot reach it. */
  private async update(channelId: string, ts: string, message: Message, responseUrl?: string): Promise<void> {
    const { text, blocks } = renderMessage(message);
    try {
      await guardChannel(channelId, () => this.updateClient.chat.update({ channel: channelId, ts, text, blocks }));
    } catch (error) {
      if (!(error instanceof ChannelUnavailableError) || !responseUrl) throw error;
      await this.respond(responseUrl, { replace_original: true, text, blocks });
    }
  }

  /** views.open needs the trigger_id of the press that asked for it, within 3 seconds of it. */
  async openModal(triggerId: string, view: ModalView): Promise<string | undefined> {
    const opened = await this.client.views.open({ trigger_id: triggerId, view });
    return opened.view?.id;
  }

  /** views.update needs no trigger: how a placeholder opened in time becomes the real form. */
  async updateModal(viewId: string, view: ModalView): Promise<void> {
    await this.client.views.update({ view_id: viewId, view });
  }

  /** Replaces an ephemeral message (chat.update cannot reach those) through its response_url. */
  async replaceEphemeral(responseUrl: string, message: Message): Promise<void> {
    const { text, blocks } = renderMessage(message);
    await this.respond(responseUrl, { replace_original: true, text, blocks });
  }

  /** files.uploadV2: getUploadURLExternal, POST the bytes, completeUploadExternal into the channel. */
  async upload(channelId: string, image: ImageAttachment): Promise<string> {
    return guardChannel(channelId, () =>
      uploadToChannel(this.client, { channelId, bytes: image.png, filename: image.filename, title: image.filename, alt: image.alt, mime: image.mime }, this.callTimeoutMs),
    );
  }

  /** A message's file (an exported deck), shared the same way as an image. */
  async uploadFile(channelId: string, file: FileAttachment): Promise<string> {
    return guardChannel(channelId, () =>
      uploadToChannel(this.client, { channelId, bytes: file.bytes, filename: file.name, title: file.name, alt: file.name, mime: file.mime }, this.callTimeoutMs),
    );
  }

  /** Each body says replace_original: through a press's URL, Slack may otherwise overwrite the pressed message. */
  private async respond(responseUrl: string, body: { replace_original: boolean } & Record<string, unknown>): Promise<void> {
    // Not sent again after a failure: Slack may have shown it (call-retries.ts); the handler tells the user.
    // Through the Web API calls' transport (lean-fetch.ts): where the bot is not in the channel, a press's verdict goes this way.
    const response = await leanFetch(responseUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(this.callTimeoutMs),
    });
    if (!response.ok) {
      this.log?.warn({ status: response.status }, 'slack response_url refused the message');
      throw new Error(`response_url answered ${response.status}`);
    }
  }
}

/** messageRef for Slack is `<channel>/<ts>`: a ts alone is only unique within its channel. */
export function encodeMessageRef(channelId: string, ts: string): string {
  return `${channelId}/${ts}`;
}

export function decodeMessageRef(ref: string, fallbackChannel: string): { channelId: string; ts: string } {
  const slash = ref.indexOf('/');
  return slash < 0 ? { channelId: fallbackChannel, ts: ref } : { channelId: ref.slice(0, slash), ts: ref.slice(slash + 1) };
}

/** conversations.history: messages per page, and pages read at most per lookup. */
const HISTORY_PAGE = 50;
const HISTORY_PAGES = 4;
/** The time a post could first have gone out comes from our clock, the ts from Slack's: look a little earlier. */
const CLOCK_SKEW_MS = 60_000;

/**
 * Like guardChannel, but not_in_channel only means the bot cannot read this channel's history (it may
 * still post there with chat:write.public): a plain error, so the scheduler retries instead of pausing.
 */
async function guardHistory<T>(channelId: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (slackErrorCode(error) === 'not_in_channel') {
      throw new Error(`cannot read the history of Slack channel ${channelId} to look for a message it may have posted: the bot is not a member (invite it)`);
    }
    return guardChannel(channelId, () => Promise.reject(error));
  }
}
