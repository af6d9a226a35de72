/**
 * The one message model the core returns. Each adapter has a single renderer for it
 * (Discord embeds + components, Slack Block Kit, terminal text).
 *
 * Text uses a small markdown subset: **bold**, _italic_, `code`, and line breaks.
 * Renderers translate it to their platform's dialect.
 */
export type Visibility = 'public' | 'private';

export type ChoiceStyle = 'primary' | 'secondary' | 'success' | 'danger';

/** A button. `id` is a custom id built by core/ids.ts; adapters pass it back untouched. */
export interface Choice {
  id: string;
  label: string;
  style?: ChoiceStyle;
}

export interface Field {
  name: string;
  value: string;
  inline?: boolean;
}

export interface ImageAttachment {
  /** The picture's bytes: PNG unless `mime` says otherwise (a deck's own pictures can be JPEG, GIF or WebP). */
  png: Uint8Array;
  mime?: 'image/png' | 'image/jpeg' | 'image/gif' | 'image/webp';
  filename: string;
  alt: string;
  /**
   * The message's text is whole without it (a leaderboard's or stats card): where the platform will not
   * take the picture (Slack, in a channel the bot has not joined), the text goes alone. Otherwise the
   * picture is the reply (`/generate`), and nothing goes without it.
   */
  supplementary?: boolean;
}

/** A file sent with a message (an exported deck): attached on Discord, uploaded on Slack, saved in the terminal. */
export interface FileAttachment {
  name: string;
  bytes: Uint8Array;
  mime: string;
}

export interface Message {
  title?: string;
  text: string;
  fields?: Field[];
  choices?: Choice[];
  image?: ImageAttachment;
  /** Files to send with it (exports); renderers send each, or say which one the platform refused. */
  files?: FileAttachment[];
  footer?: string;
  /**
   * A question's closing time. Platforms that count down by themselves (Discord's relative timestamps)
   * show it live; the others show `secondsLeft`, which the core refreshes with coalesced edits.
   */
  countdown?: { closesAt: Date; secondsLeft: number };
  /**
   * This message is round `roundId` still open (its count, its countdown): stale once the round is revealed.
   * An adapter whose edits can wait their turn drops it then, whichever process revealed it (Slack: updates.ts).
   */
  progressOf?: { roundId: number };
  /** public: everyone in the channel sees it; private: only the actor (ephemeral). */
  visibility: Visibility;
}

/** A one-field form (Discord modal / Slack view) for typed answers. */
export interface ModalRequest {
  /** Custom id built by core/ids.ts; comes back with the submitted text. */
  id: string;
  title: string;
  /** The question, shown above the input where the platform allows. */
  prompt: string;
  inputLabel: string;
  placeholder?: string;
  /** Longest answer the core accepts; forms that can enforce it should. */
  maxLength?: number;
}

/**
 * What the core asks an adapter to do after a command.
 * - reply: send to the actor (private) or the channel (public)
 * - update: new content for the message whose button was pressed (e.g. the answer count). When the
 *   press came from a private message and the update is public, it is for the public message that the
 *   private one came from (a self-graded rating updates the question's count).
 * - modal: open this form (must be the first response on Discord, so the core returns it fast)
 * - keepPressed: the reply is a message of its own; it never takes the place of the private message
 *   whose button was pressed (a See it picture leaves the review's rating buttons where they are)
 * - edits: messages the bot posted in a channel earlier that no longer agree with the store (a reveal
 *   and a game's standings after an accepted appeal). Adapters send them after the reply, as their
 *   Sender edits channel messages; an edit that fails is logged, and changes nothing else.
 */
export interface Outcome {
  reply?: Message;
  update?: Message;
  modal?: ModalRequest;
  keepPressed?: boolean;
  edits?: ChannelEdit[];
}

/** New content for a message posted earlier in `channelId`, which the Sender of the platform knows as `messageRef`. */
export interface ChannelEdit {
  channelId: string;
  messageRef: string;
  message: Message;
}

export function privateText(text: string, title?: string): Message {
  return { text, title, visibility: 'private' };
}
