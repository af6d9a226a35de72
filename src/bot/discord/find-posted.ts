/**
 * How the scheduler's Discord sender finds a post an earlier attempt may have made (its poster died, or
 * lost Discord's answer): among the bot's own messages since then, read back with Get Channel Messages.
 *
 * A round's message carries its round id in its buttons' custom ids. A keyed post (a reveal, the
 * standings) is found by what it shows, since Discord reads back nothing that could carry its key unseen:
 * the nonce it went out with is not kept with the message (Create Message: its value "will appear in the
 * Message Create event"; messages read back lack it, discord.py#2451), a custom id needs a button the
 * post may not have, and an embed's url, an attachment's name or its alt text are all shown to users.
 * The keyed posts of a channel since one could have been made read differently (a reveal names its
 * question, a day's reveal comes hours after the day before's); one that reads the same is taken for it.
 * An app reads its own messages' embeds and buttons back without the Message Content intent.
 */
import { Routes, type REST } from 'discord.js';
import { parseId } from '../../core/ids.js';
import type { Message } from '../../core/messages.js';
import { renderMessage } from './render.js';

/** Messages read back per request (Discord allows 1-100). */
const PAGE = 100;
/** Pages read at most: a post is made soon after the time it is looked for from, not hundreds of messages later. */
const PAGES = 2;
/** `postedAfter` comes from our clock, a snowflake from Discord's: look a little earlier. */
const CLOCK_SKEW_MS = 60_000;
/** Discord's epoch (2015-01-01), the zero of a snowflake's timestamp. */
const DISCORD_EPOCH_MS = 1_420_070_400_000;

interface Embed {
  title?: string;
  description?: string;
  fields?: { name?: string; value?: string }[];
}

export interface ChannelMessage {
  id: string;
  author?: { id: string };
  embeds?: Embed[];
  components?: { components?: { custom_id?: string }[] }[];
}

/**
 * The id of the newest of the bot's messages posted after `postedAfter` (and after message `follows`, where
 * given) that `matches`, or null. Reads forward from then, a page at a time, until a page comes back short
 * or PAGES were read.
 */
export async function findBotMessage(
  rest: REST,
  channelId: string,
  botUserId: string,
  postedAfter: Date,
  matches: (message: ChannelMessage) => boolean,
  follows?: string,
): Promise<string | null> {
  const since = snowflakeAt(new Date(postedAfter.getTime() - CLOCK_SKEW_MS));
  // Both bound the search from below; a message id is exact where the clock bound is a minute early.
  let after = follows !== undefined && /^\d+$/.test(follows) && BigInt(follows) > BigInt(since) ? follows : since;
  let found: string | null = null;
  for (let page = 0; page < PAGES; page++) {
    const query = new URLSearchParams({ limit: String(PAGE), after });
    // Newest first: the messages right after `after`.
    const messages = (await rest.get(Routes.channelMessages(channelId), { query })) as ChannelMessage[];
    found = messages.find((m) => m.author?.id === botUserId && matches(m))?.id ?? found;
    if (messages.length < PAGE) break;
    after = messages[0]!.id;
  }
  return found;
}

/** The smallest snowflake of that instant, for `after`. */
export function snowflakeAt(at: Date): string {
  return (BigInt(Math.max(0, at.getTime() - DISCORD_EPOCH_MS)) << 22n).toString();
}

/** True when one of the message's buttons belongs to round `roundId` (ids are parsed, never trusted). */
export function carriesRound(roundId: number): (message: ChannelMessage) => boolean {
  return (message) =>
    (message.components ?? []).some((row) =>
      (row.components ?? []).some((component) => {
        const action = parseId(component.custom_id);
        return action !== null && 'round' in action && action.round === roundId;
      }),
    );
}

/**
 * True when the message shows what `message` renders to: its embed's title, text and fields. Not its
 * footer, nor its buttons: a repeat renders those anew (a game's reveal counts down to the next question,
 * the standings say when the game ended, a See it button depends on the generator), while the title and
 * text of a keyed post are the same for every attempt of its key.
 */
export function showsSame(message: Message): (read: ChannelMessage) => boolean {
  const wanted = identity(renderMessage(message).embeds[0]);
  return (read) => read.embeds?.length === 1 && identity(read.embeds[0]) === wanted;
}

/** Trimmed: whether Discord keeps leading or trailing whitespace is not documented, and it tells nothing apart. */
function identity(embed: Embed | undefined): string {
  const trim = (text: string | undefined) => (text ?? '').trim();
  return JSON.stringify([trim(embed?.title), trim(embed?.description), (embed?.fields ?? []).map((f) => [trim(f.name), trim(f.value)])]);
}
