/**
 * Which interaction token may still edit a public message, so a quiz question's answer count (and its
 * reveal, after an accepted appeal) is edited over the interaction's own webhook route (which needs no
 * channel permission) rather than the bot's channel route (which fails where the bot lacks View
 * Channel).
 *
 * Two steps, as Discord tells us: a command whose answer shows buttons in the channel keeps its token
 * (noteCommand); a press on that message brings the message's id with its creating interaction's id
 * (notePress), which links the two. Both are kept in memory, the fast path when the press lands where
 * the command was answered, and in the shared store when there is one (src/db/interaction-token-store.ts),
 * so a press on another replica behind the load balancer, or after a restart, finds the token too.
 *
 * A store call that fails or takes longer than its budget costs only the webhook route: the edit goes
 * over the channel route as without a token, and it is logged. Tokens themselves are never logged.
 */
import type { Logger } from 'pino';
import type { Outcome } from '../../core/messages.js';
import { systemClock, type Clock } from '../../core/ports.js';
import type { InteractionTokenStore } from '../interaction-tokens.js';
import { raceTimer } from './respond.js';

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

  /**
   * A command's answer, before it goes out: its token is kept when the answer shows buttons in the
   * channel. Only then: no other message of a command is edited later, and a token is a credential.
   * Never rejects.
   */
  async noteAnswer(interactionId: string, token: string, outcome: Outcome): Promise<void> {
    const pressable = [outcome.reply, outcome.update].some((message) => message?.visibility === 'public' && message.choices?.length);
    if (pressable) await this.noteCommand(interactionId, token);
  }

  /** A command whose messages can be edited with this token. Never rejects. */
  async noteCommand(interactionId: string, token: string): Promise<void> {
    const at = this.clock.now();
    remember(this.byInteraction, interactionId, { token, at: at.getTime() });
    const { store } = this.options;
    if (store) await this.withinBudget('save', { interactionId }, () => store.save(interactionId, token, at, new Date(at.getTime() - LIFETIME_MS)));
  }

  /** A component on public message `messageId` was pressed; the message came from interaction `originId`. Never rejects. */
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
