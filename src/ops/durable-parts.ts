/**
 * What the adapters keep in Postgres, so that a crash, a restart or another replica loses nothing: the
 * interaction inbox (both platforms, src/bot/inbox.ts) and, for Discord, the interaction tokens that
 * edit public messages over their own webhooks (src/bot/interaction-tokens.ts); for Slack, the chat.update
 * budget every process editing a workspace takes from (src/bot/slack/update-budget.ts), the standalone
 * scheduler's sender too, and the rounds' reveals a count or countdown checks before it goes out (round-check.ts).
 */
import type { Config } from '../config.js';
import type { Clock } from '../core/ports.js';
import type { Db } from '../db/connect.js';
import { createInboxStore } from '../db/inbox-store.js';
import { createInteractionTokenStore } from '../db/interaction-token-store.js';
import { createRevealedRounds } from '../db/revealed-rounds.js';
import { createUpdateBudgetStore } from '../db/update-budget-store.js';

export function durableParts(db: Db, config: Pick<Config, 'inbox'>, clock: Clock) {
  const inbox = { inbox: createInboxStore(db), inboxLeaseMs: config.inbox.leaseMs, clock };
  // Every process's Slack edits share the budget, and a count or countdown asks whether its round is revealed.
  const slackEdits = { updateBudget: createUpdateBudgetStore(db), revealedRounds: createRevealedRounds(db) };
  return { slack: { ...inbox, ...slackEdits }, slackSender: slackEdits, discord: { ...inbox, tokenStore: createInteractionTokenStore(db) } };
}
