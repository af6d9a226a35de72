/**
 * One claimed game step's posts and its record: ask a question, reveal it, or post the standings, then
 * complete the step (guarded by the claim). The loop that claims steps is game-steps.ts.
 *
 * A question survives its runner's death as a daily card does (round-posts.ts): its round is stored
 * before the post (unique per game and number, so every attempt of the step finds the same one), and
 * the post carries the round id. An attempt that finds the round opened but its message unrecorded (a
 * takeover, or a retry after an error) asks the platform whether the question is in the channel: if so
 * it records that message instead of posting; if not, the question starts over with its full time.
 *
 * Reveals and standings have no round of their own (the core's reveal is idempotent; points were paid
 * with the answers): they go out with a key of their own (keyed-posts.ts). A step claimed before (a
 * takeover, or a retry after an error: `attempts` above 1) may have posted it, so it first asks the
 * platform for it among the messages since the game's previous step was done (Slack: the key in message
 * metadata; Discord: the bot's message that shows the same), and posts only if it is not there. A first
 * attempt posts without looking.
 */
import type { Logger } from 'pino';
import type { ClaimedStep, FollowUp } from '../core/games/model.js';
import type { Message } from '../core/messages.js';
import type { Clock, Sender } from '../core/ports.js';
import type { GameStepHandler, GameStepStore } from './game-ports.js';
import { postKeyedOnce, type KeyedPost } from './keyed-posts.js';
import { findRoundPost, postRound } from './round-posts.js';

export interface StepDone {
  /** False when another runner had taken the claim over: this one's record changed nothing. */
  recorded: boolean;
  /** What comes next (none after the end). */
  followUp: FollowUp | null;
  /** When the step's message went out (or, for a step without one, when it was done). */
  sentAt: Date;
  messageRef?: string;
  /** A step whose message an earlier attempt had posted: found in the channel, not posted again. */
  found?: boolean;
}

export interface GameStepPosterDeps {
  store: GameStepStore;
  steps: GameStepHandler;
  clock: Clock;
  instanceId: string;
}

export class GameStepPoster {
  constructor(private readonly deps: GameStepPosterDeps) {}

  run(step: ClaimedStep, sender: Sender, log: Logger): Promise<StepDone> {
    switch (step.kind) {
      case 'ask':
        return this.ask(step, sender, log);
      case 'reveal':
        return this.reveal(step, sender, log);
      case 'end':
        return this.end(step, sender, log);
    }
  }

  private async ask(step: ClaimedStep, sender: Sender, log: Logger): Promise<StepDone> {
    const { store, steps, clock, instanceId } = this.deps;
    const live = sender.liveCountdown === true;
    let question = await steps.ask(step, live);
    let messageRef = question.messageRef;
    if (question.unsure) {
      messageRef = await findRoundPost(sender, step.channel, question.roundId, question.opensAt);
      if (messageRef !== null) log.info({ roundId: question.roundId, messageRef }, 'the question had reached the channel before its runner died; not posting it again');
      else question = await steps.restartUnseen(step, question.roundId, live);
    }
    const found = messageRef !== null && question.messageRef === null;
    messageRef ??= await postRound(sender, step.channel, question.roundId, question.message);
    const sentAt = clock.now();
    // A found message shows what the dead attempt posted: an impossible countdown step makes the next edit catch it up.
    const shown = found ? { ...question.shown, bucket: -1 } : question.shown;
    const recorded = await store.completeStep(step, instanceId, sentAt, question.followUp, { roundId: question.roundId, messageRef, shown });
    if (!recorded) log.warn('asked a question whose step another runner had taken over (it looks for this post before posting)');
    return { recorded, followUp: question.followUp, sentAt, messageRef, found };
  }

  private async reveal(step: ClaimedStep, sender: Sender, log: Logger): Promise<StepDone> {
    const { store, steps, clock, instanceId } = this.deps;
    const reveal = await steps.reveal(step);
    const posted = await this.postOnce(step, sender, `v${step.game.id}.${step.round}`, reveal.post, log);
    const sentAt = clock.now();
    const revealed = step.question ? { roundId: step.question.roundId, messageRef: posted.messageRef } : undefined;
    // The question keeps its buttons until replaced (answers are refused either way): closed beside the record.
    const closing = reveal.closed
      ? sender.update(step.channel, reveal.closed.messageRef, reveal.closed.message).catch((error: unknown) => log.warn({ err: error }, 'could not close the question message'))
      : null;
    const [recorded] = await Promise.all([store.completeStep(step, instanceId, clock.now(), reveal.followUp, undefined, revealed), closing]);
    if (recorded && revealed) await this.catchUp(step, sender, posted.messageRef, reveal.post, log);
    return { recorded, followUp: reveal.followUp, sentAt, messageRef: posted.messageRef, found: posted.found };
  }

  private async end(step: ClaimedStep, sender: Sender, log: Logger): Promise<StepDone> {
    const { store, steps, clock, instanceId } = this.deps;
    const standings = await steps.end(step);
    const posted = standings ? await this.postOnce(step, sender, `e${step.game.id}`, standings, log) : null;
    const sentAt = clock.now();
    const recorded = await store.finishGame(step, instanceId, clock.now(), { standingsRef: posted?.messageRef });
    if (recorded && posted && standings) await this.catchUp(step, sender, posted.messageRef, standings, log);
    return { recorded, followUp: null, sentAt, ...(posted ? { messageRef: posted.messageRef, found: posted.found } : {}) };
  }

  /**
   * An appeal accepted while the reveal or the standings were on their way found no message to edit; now
   * that it is recorded, a later one would. So this one is compared with the store once, and corrected.
   */
  private async catchUp(step: ClaimedStep, sender: Sender, messageRef: string, posted: Message, log: Logger): Promise<void> {
    try {
      const revised = await this.deps.steps.staleAfterPost(step, posted);
      if (revised) await sender.update(step.channel, messageRef, revised);
    } catch (error) {
      log.warn({ err: error }, 'could not bring a reveal or the standings up to date with an appeal decided as they were posted');
    }
  }

  /**
   * A reveal or the standings, looked for first where an earlier claim of the step may have posted it: after
   * the message it follows (a reveal its question, the standings the last reveal), since the last game's
   * reveal of the same card, or its standings, may read the same.
   */
  private postOnce(step: ClaimedStep, sender: Sender, key: string, message: Message, log: Logger): Promise<KeyedPost> {
    const follows = (step.kind === 'end' ? step.lastRevealRef : step.question?.messageRef) ?? undefined;
    return postKeyedOnce(sender, step.channel, key, message, step.attempts > 1 ? step.afterPrevious : null, log, follows);
  }
}
