/**
 * Which interaction token may still edit a public message, so a quiz question's answer count (and its
 * reveal, after an accepted appeal) is edited over the interaction's own webhook route (which needs no
 * channel permission) rather than the bot's channel route (which fails where the bot lacks View
 * Channel). In memory, per process: tokens only live 15 minutes, and a miss falls back to the channel
 * route.
 */

/** Discord's interaction-token lifetime, less a minute so an edit is never sent with a dying token. */
const USABLE_MS = 14 * 60_000;
const LIMIT = 5000;

export class InteractionTokens {
  /** Interaction id -> its token, for the commands we answered. */
  private readonly byInteraction = new Map<string, { token: string; at: number }>();
  /** Public message id -> the token of the interaction that created it. */
  private readonly byMessage = new Map<string, { token: string; at: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  /** A command we are answering: its reply (public or not) can be edited with this token. */
  noteCommand(interactionId: string, token: string): void {
    remember(this.byInteraction, interactionId, { token, at: this.now() });
  }

  /** A component on `messageId` was pressed; the message came from interaction `originId`. */
  notePress(messageId: string, originId: string | undefined): void {
    const origin = originId ? this.byInteraction.get(originId) : undefined;
    if (origin) remember(this.byMessage, messageId, origin);
  }

  /** A token that can still edit `messageId`, if we know one. */
  forMessage(messageId: string): string | undefined {
    const entry = this.byMessage.get(messageId);
    if (!entry || this.now() - entry.at > USABLE_MS) return undefined;
    return entry.token;
  }
}

function remember<V>(map: Map<string, V>, key: string, value: V): void {
  map.delete(key);
  map.set(key, value);
  // Maps iterate in insertion order, so the first entry is the oldest.
  if (map.size > LIMIT) map.delete(map.keys().next().value as string);
}
