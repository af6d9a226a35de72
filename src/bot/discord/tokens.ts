/**
 * Which interaction token may still edit a public message, so a quiz question's answer count (and its
 * reveal, after an accepted appeal) is edited over the interaction's own webhook route (which needs no
 * channel permission) rather than the bot's channel route (which fails where the bot lacks View
 * Channel).
 *
 * Two steps, as Discord tells us: an interaction about to post a message with buttons in the channel
 * keeps its token (noteSending): a command's answer (a /quiz question), or a press's follow-up (the
 * appeal notice, posted by the appellant's press on their private verdict). A press on that message
 * brings the message's id with its creating interaction's id (notePress), which links the two; a
 * follow-up's id, known once it is sent, is linked at once the same way. Both are kept in memory, the
 * fast path when the press lands where the message was posted, and in the shared store when there is
 * one (src/db/interaction-token-store.ts), so a press on another replica behind the load balancer, or
 * after a restart, finds the token too.
 *
 * A store call that fails or takes longer than its budget costs only the webhook route: the edit goes
 * over the channel route as without a token, and it is logged. Tokens themselves are never logged.
 */
import type { Logger } from 'pino';
import type { Message, Outcome } from '../../core/messages.js';
import { systemClock, type Clock } from '../../core/ports.js';
import { raceTimer } from '../../timeouts.js';
import type { InteractionTokenStore } from '../interaction-tokens.js';

/** Discord's interaction-token lifetime. */
const LIFETIME_MS = 15 * 60_000;
/** Less a minute, so an edit is never sent with a dying token. */
export const USABLE_MS = LIFETIME_MS - 60_000;
/** Entries kept in memory per map; older ones are still in the store. */
const LIMIT = 5000;
/** A store call slower than this is given up (the command's reply waits for its save). */
export const STORE_BUDGET_MS = 300;

interface Entry {
  token: string;
  at: number;
}

export interface InteractionTokensOptions {
  /** Shared by the replicas; without it, tokens are this process's alone. */
  store?: InteractionTokenStore;
  clock?: Clock;
  log?: Logger;
  budgetMs?: number;
}

export class InteractionTokens {
  /** Interaction id -> its token, for the commands we answered. */
  private readonly byInteraction = new Map<string, Entry>();
  /** Public message id -> the token of the interaction that created it. */
  private readonly byMessage = new Map<string, Entry>();
  /** Messages this process has linked in the store already (a link is written once per message and process). */
  private readonly linked = new Map<string, true>();
  private readonly clock: Clock;
  private readonly budgetMs: number;

  constructor(private readonly options: InteractionTokensOptions = {}) {
    this.clock = options.clock ?? systemClock;
    this.budgetMs = options.budgetMs ?? STORE_BUDGET_MS;
  }

  /** A command's answer, before it goes out (noteSending). Never rejects. */
  async noteAnswer(interactionId: string, token: string, outcome: Outcome, at?: Date): Promise<void> {
    await this.noteSending(interactionId, token, [outcome.reply, outcome.update], at);
  }

  /**
   * The messages an interaction is about to create, before they go out: its token is kept when one of
   * them shows buttons in the channel. Only then: no other message an interaction creates is edited
   * later, and a token is a credential. `at`: when the interaction came, if not just now (a replay).
   * Never rejects.
   */
  async noteSending(interactionId: string, token: string, messages: readonly (Message | undefined)[], at?: Date): Promise<void> {
    if (messages.some(pressableInChannel)) await this.noteInteraction(interactionId, token, at);
  }

  /** An interaction whose messages can be edited with this token for USABLE_MS from `at` (now). Never rejects. */
  async noteInteraction(interactionId: string, token: string, at: Date = this.clock.now()): Promise<void> {
    remember(this.byInteraction, interactionId, { token, at: at.getTime() });
    const { store } = this.options;
    if (store) await this.withinBudget('save', { interactionId }, () => store.save(interactionId, token, at, new Date(at.getTime() - LIFETIME_MS)));
  }

  /**
   * Public message `messageId` came from interaction `originId`: a component on it was pressed (its
   * interaction metadata says so), or a follow-up of `originId` just created it. Never rejects.
   */
  async notePress(messageId: string, originId: string | undefined): Promise<void> {
    if (!originId) return;
    const origin = this.byInteraction.get(originId);
    if (origin) remember(this.byMessage, messageId, origin);
    const { store } = this.options;
    if (!store || this.linked.has(messageId)) return;
    remember(this.linked, messageId, true);
    const done = await this.withinBudget('link', { messageId, interactionId: originId }, () => store.link(messageId, originId));
    // Not linked after all: the next press tries again.
    if (!done) this.linked.delete(messageId);
  }

  /** A token that can still edit `messageId`, if one is known here or in the store; undefined on any doubt. */
  async forMessage(messageId: string): Promise<string | undefined> {
    const now = this.clock.now().getTime();
    const entry = this.byMessage.get(messageId);
    if (entry && now - entry.at <= USABLE_MS) return entry.token;
    const { store } = this.options;
    if (!store || entry) return undefined;
    let token: string | undefined;
    await this.withinBudget('lookup', { messageId }, async () => {
      token = await store.tokenFor(messageId, new Date(now - USABLE_MS));
    });
    return token;
  }

  /** Runs a store call within the budget; false (and a log line) when it failed or was too slow. */
  private async withinBudget(step: string, context: object, call: () => Promise<void>): Promise<boolean> {
    const pending = call();
    try {
      const settled = await raceTimer(pending, this.budgetMs);
      if (settled.done) return true;
      pending.catch(() => undefined);
      this.options.log?.warn({ ...context, step, budgetMs: this.budgetMs }, 'interaction token store too slow; the channel route stands in');
    } catch (error) {
      // The driver's own error: drizzle's wrapper quotes the statement's parameters, the token among them.
      this.options.log?.warn({ err: innermost(error), ...context, step }, 'interaction token store failed; the channel route stands in');
    }
    return false;
  }
}

/** A message that shows buttons in the channel: someone may press them, and it may be edited later. */
export function pressableInChannel(message: Message | undefined): boolean {
  return message?.visibility === 'public' && Boolean(message.choices?.length);
}

function innermost(error: unknown): unknown {
  let e = error;
  for (let depth = 0; depth < 6 && e instanceof Error && e.cause !== undefined; depth++) e = e.cause;
  return e;
}

function remember<V>(map: Map<string, V>, key: string, value: V): void {
  map.delete(key);
  map.set(key, value);
  // Maps iterate in insertion order, so the first entry is the oldest.
  if (map.size > LIMIT) map.delete(map.keys().next().value as string);
}
