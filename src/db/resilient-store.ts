/**
 * A Store decorator that rides out a lost database connection (killed backend, restart, failover).
 *
 * A call that fails because the connection went away is retried with a short backoff (about 3 s in
 * all) when that is safe:
 * - always when the statement never reached the server (connection refused, "starting up");
 * - otherwise only for calls that are idempotent: reads, upserts, and the writes that are unique per
 *   key (an answer per round and user, a review per idempotency key, deck cards per card key). A
 *   retry of those after a commit whose reply was lost finds the first write and counts it once.
 * createRound and markRevealed are not idempotent (a retry could open a second round, or report a
 * reveal as someone else's), so they are retried only in the first case.
 * When retrying is not safe or does not help, the user gets DatabaseUnavailableError, a UserError
 * that says to try again, instead of the generic "something went wrong".
 */
import type { Store } from '../core/ports.js';
import { sleep } from '../timeouts.js';
import { connectionLoss, DatabaseUnavailableError } from './connection-errors.js';

const IDEMPOTENT = new Set<string>([
  'ensureUser', 'ensureWorkspace', 'setTimeZone', 'listDecks', 'findDeck', 'importDeck', 'deckCards', 'getCard',
  'getRound', 'roundForRequest', 'roundForAnswer', 'setRoundMessageRef', 'recentRoundCards', 'roundAnswers',
  'findAnswer', 'recordAnswer', 'recordReview', 'cardState', 'nextReviewCard', 'newCardsIntroducedSince',
  'dueCount', 'nextDueAt', 'leaderboard', 'userStats', 'streak', 'streaks', 'studyDays', 'dueDays',
  // An appeal is filed once (unique per answer) and decided once (from pending): a retry finds it done.
  'fileAppeal', 'getAppeal', 'decideAppeal', 'acceptedAnswers', 'rejectedAnswers',
  'fsrsSettings', 'saveFsrsSettings', 'reviewLogEntries', 'deckPackage', 'cardImages',
] satisfies (keyof Store)[]);

/** Waits between attempts: 3.1 s in all, enough for a backend kill or a quick restart. */
export const RETRY_DELAYS_MS = [50, 100, 200, 400, 800, 1_500];

export interface ResilienceOptions {
  delays?: readonly number[];
  sleep?: (ms: number) => Promise<void>;
  /** Told about each retry and each give-up (for logs and metrics). */
  onRetry?: (method: string, attempt: number, error: unknown) => void;
  onGiveUp?: (method: string, error: unknown) => void;
}

export function resilientStore(store: Store, options: ResilienceOptions = {}): Store {
  const delays = options.delays ?? RETRY_DELAYS_MS;
  const wait = options.sleep ?? sleep;
  return new Proxy(store, {
    get(target, key, receiver) {
      const value: unknown = Reflect.get(target, key, receiver);
      if (typeof key !== 'string' || typeof value !== 'function') return value;
      const idempotent = IDEMPOTENT.has(key);
      return async (...args: unknown[]) => {
        for (let attempt = 0; ; attempt++) {
          try {
            return await (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
          } catch (error) {
            const loss = connectionLoss(error);
            if (!loss) throw error;
            const safe = loss === 'not-sent' || idempotent;
            if (!safe || attempt >= delays.length) {
              options.onGiveUp?.(key, error);
              throw new DatabaseUnavailableError(
                safe
                  ? undefined
                  : 'The database connection dropped while saving this. Please check and try again in a few seconds.',
              );
            }
            options.onRetry?.(key, attempt + 1, error);
            await wait(delays[attempt]!);
          }
        }
      };
    },
  });
}
