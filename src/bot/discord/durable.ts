/**
 * The Discord side of the interaction inbox (src/bot/inbox.ts), for both modes: what a deferred
 * interaction is kept as, and the replica-wide sweeper that finishes what a dead process deferred.
 * Also where the shared interaction tokens come in (tokens.ts).
 */
import type { REST } from 'discord.js';
import type { Logger } from 'pino';
import type { StudyBotApi } from '../../core/bot.js';
import type { Clock } from '../../core/ports.js';
import { raceTimer } from '../../timeouts.js';
import { InteractionInbox, type InboxStore } from '../inbox.js';
import type { InteractionTokenStore } from '../interaction-tokens.js';
import type { InflightTracker } from '../inflight.js';
import { replayDelivery, type DiscordDelivery } from './replay.js';
import { InteractionTokens } from './tokens.js';

/** An interaction token lives 15 minutes: past that, a deferred interaction cannot be finished. */
const TOKEN_LIFETIME_MS = 15 * 60_000;
/** The inbox write before a deferral may not eat Discord's 3 s: past this, defer unrecorded. */
const INBOX_WRITE_BUDGET_MS = 500;

export interface DurableOptions {
  /** Where a deferred interaction is recorded before the deferral, and finished from after a crash. */
  inbox?: InboxStore;
  /** How long a replica's unfinished interaction waits before another finishes it (ms). */
  inboxLeaseMs?: number;
  clock?: Clock;
  /** Interaction tokens shared by the replicas, so any of them edits a message over its own webhook. */
  tokenStore?: InteractionTokenStore;
}

/** The tokens that edit public messages over their interactions' webhooks, shared where a store is given. */
export function interactionTokens(options: DurableOptions, log: Logger): InteractionTokens {
  return new InteractionTokens({ store: options.tokenStore, clock: options.clock, log });
}

export function discordInbox(
  options: DurableOptions & { bot: StudyBotApi },
  rest: REST,
  inflight: InflightTracker,
  log: Logger,
  tokens?: InteractionTokens,
): InteractionInbox<DiscordDelivery> | undefined {
  if (!options.inbox) return undefined;
  return new InteractionInbox<DiscordDelivery>({
    store: options.inbox,
    platform: 'discord',
    replay: (delivery, _key, receivedAt) => inflight.run(() => replayDelivery(rest, options.bot, delivery, log, tokens, receivedAt)),
    clock: options.clock,
    log,
    leaseMs: options.inboxLeaseMs,
    maxAgeMs: TOKEN_LIFETIME_MS,
  });
}

/**
 * Records `delivery` just before its deferral: from then on Discord counts the interaction as answered.
 * A write slower than the budget lets the deferral go first; the inbox's finish() still waits for it.
 */
export async function recordBeforeDeferral(inbox: InteractionInbox<DiscordDelivery>, delivery: DiscordDelivery, log: Logger): Promise<void> {
  const taken = await raceTimer(inbox.take(delivery.request.interactionId!, delivery), INBOX_WRITE_BUDGET_MS);
  if (!taken.done) log.warn({ interactionId: delivery.request.interactionId }, 'inbox write too slow; deferring unrecorded');
}
