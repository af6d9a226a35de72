/**
 * Right after an interaction is answered in the HTTP response, its webhook (follow-ups, @original
 * edits) can answer 404 Unknown Webhook (10015) for a few seconds, then work
 * (discord-api-docs#7220: "after making my script retry for 2-3 times in a span of ~10 seconds, it
 * finally registers"). Only a call sent that soon after the answer is retried, a few times and with a
 * growing pause; later, an unknown webhook is what it says.
 */
import { DiscordAPIError } from 'discord.js';
import { sleep } from '../../timeouts.js';

/** A webhook call this soon after the interaction's HTTP answer may meet the lag. */
export const FRESH_ANSWER_MS = 10_000;
/** Pauses before each retry: 7.5 s in all, within the lag the issue reports. */
export const UNKNOWN_WEBHOOK_RETRY_MS: readonly number[] = [500, 1000, 2000, 4000];
const UNKNOWN_WEBHOOK = 10015;
/** Answers remembered at most (each is dropped once it is no longer fresh). */
const LIMIT = 5000;

export interface RetryClock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const realRetryClock: RetryClock = { now: Date.now, sleep };

export function isUnknownWebhook(error: unknown): boolean {
  return error instanceof DiscordAPIError && error.status === 404 && error.code === UNKNOWN_WEBHOOK;
}

/** When each interaction token's HTTP answer went out, while that is recent. */
export class FreshAnswers {
  private readonly answeredAt = new Map<string, number>();

  constructor(private readonly clock: RetryClock = realRetryClock) {}

  noteAnswered(token: string): void {
    const now = this.clock.now();
    this.answeredAt.delete(token);
    this.answeredAt.set(token, now);
    // Insertion order is answer order: the stale ones are at the front.
    for (const [old, at] of this.answeredAt) {
      if (now - at <= FRESH_ANSWER_MS && this.answeredAt.size <= LIMIT) break;
      this.answeredAt.delete(old);
    }
  }

  isFresh(token: string): boolean {
    const at = this.answeredAt.get(token);
    return at !== undefined && this.clock.now() - at <= FRESH_ANSWER_MS;
  }

  /** Runs `call`; while `token`'s answer is fresh, an Unknown Webhook is retried after each pause in turn. */
  async call<T>(token: string, call: () => Promise<T>, onRetry?: (attempt: number, error: unknown) => void): Promise<T> {
    const fresh = this.isFresh(token);
    for (let attempt = 0; ; attempt++) {
      try {
        return await call();
      } catch (error) {
        const pause = UNKNOWN_WEBHOOK_RETRY_MS[attempt];
        if (!fresh || pause === undefined || !isUnknownWebhook(error)) throw error;
        onRetry?.(attempt + 1, error);
        await this.clock.sleep(pause);
      }
    }
  }
}
