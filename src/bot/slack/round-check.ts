/**
 * Whether a count or countdown may still go out: another process (a Slack replica handling the Reveal press, the
 * `--only scheduler` process revealing a daily card or closing a game question) may have revealed its round while
 * the edit waited for its turn. The coalescer asks right before sending such an edit; a revealed round's edit is
 * dropped, so the open question never goes back over its reveal. The reveal's process marks the round before it
 * edits, so a reveal already sent is always seen.
 *
 * The answer is read fresh each time (one read by primary key): nothing cached could know of another process's
 * reveal. A failing or slow read sends the edit (the old behaviour) and is logged: only counts and countdowns wait
 * on it, never a reveal.
 */
import type { Logger } from 'pino';
import { withTimeout } from '../../timeouts.js';
import type { UpdateClock } from './updates.js';

export interface RevealedRounds {
  /** Whether round `roundId` is revealed (revealed_at set); false for a round it does not know. */
  revealed(roundId: number): Promise<boolean>;
}

/** How long a progress edit waits for the answer before it goes out anyway. */
export const ROUND_CHECK_TIMEOUT_MS = 500;

export class RoundCheck {
  constructor(
    private readonly rounds: RevealedRounds,
    private readonly clock: UpdateClock,
    private readonly log?: Logger,
    private readonly timeoutMs = ROUND_CHECK_TIMEOUT_MS,
  ) {}

  /** True only when the store says the round is revealed; never rejects. */
  async revealed(roundId: number): Promise<boolean> {
    try {
      const revealed = await withTimeout(this.clock, this.timeoutMs, this.rounds.revealed(roundId));
      if (revealed) this.log?.debug({ roundId }, 'slack: round revealed meanwhile; its count or countdown is dropped');
      return revealed;
    } catch (error) {
      this.log?.warn({ err: error, roundId }, 'slack: could not tell whether a round is revealed; its count or countdown goes out');
      return false;
    }
  }
}
