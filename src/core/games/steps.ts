/**
 * The core side of a game's steps, for the game-step runner (src/scheduler/game-steps.ts): what to post
 * when a question opens, closes and when the game ends, and what follows each step. The runner claims
 * the step, posts, and records the follow-up; this module only reads and writes through the ports.
 */
import type { CoreDeps } from '../context.js';
import type { Message } from '../messages.js';
import type { Card, Round } from '../model.js';
import { buildRound } from '../quiz.js';
import { staleAfterPost } from './after-appeal.js';
import { hintText } from './hint.js';
import {
  COUNTDOWN_STEP_SECONDS,
  MIN_SECONDS_BETWEEN_QUESTIONS,
  nextQuestionAt,
  type ClaimedEdit,
  type ClaimedStep,
  type FollowUp,
  type Game,
  type ShownState,
} from './model.js';
import type { GameStore } from './ports.js';
import { computeStandings, scoreAnswer } from './standings.js';
import { closedQuestionMessage, gameRevealMessage, openQuestionMessage, standingsMessage, stoppedByName } from './views.js';

/** Decks' cards are read once per deck for a while: every question of every game on it needs them for MCQ. */
const DECK_CACHE_MS = 60_000;
const DECK_CACHE_SIZE = 200;
/** Open questions this runner asked, kept until revealed: their edits and reveal need not read them back. */
const OPEN_CACHE_SIZE = 20_000;

export interface AskResult {
  roundId: number;
  /** When the question opened (the round's own time, an earlier attempt's when it opened it). */
  opensAt: Date;
  message: Message;
  /** Set when an earlier attempt of this step already posted the question and recorded it: do not post it again. */
  messageRef: string | null;
  /**
   * An earlier attempt opened the question and died (or failed) before recording its message, so it may
   * be in the channel already: the runner looks before posting, and if it is not there, `restartUnseen`.
   */
  unsure: boolean;
  shown: ShownState;
  followUp: FollowUp;
}

export interface RevealResult {
  /** The answer and who got it right, posted to the channel. */
  post: Message;
  /** The question's own message without its buttons (null if it was never posted). */
  closed: { messageRef: string; message: Message } | null;
  followUp: FollowUp;
}

/**
 * The standings of a game that ran its course follow the last reveal after the least pause between
 * questions: the answer is read first, and the ends of many games closing together do not crowd out
 * their reveals. A stopped game, or a single timed question (its end posts nothing), ends at once.
 */
function standingsAt(game: Game, revealedAt: Date): Date {
  const pause = game.rounds > 1 && game.state !== 'stopping' ? MIN_SECONDS_BETWEEN_QUESTIONS * 1000 : 0;
  return new Date(revealedAt.getTime() + pause);
}

/** The countdown step shown where a platform cannot count by itself (edits refresh it). */
export function countdownBucket(msLeft: number): number {
  return Math.max(0, Math.ceil(msLeft / 1000 / COUNTDOWN_STEP_SECONDS));
}

export class GameSteps {
  private readonly deckCards = new Map<number, { cards: Card[]; at: number }>();
  private readonly open = new Map<number, Round>();

  constructor(
    private readonly deps: CoreDeps,
    private readonly games: GameStore,
  ) {}

  /** Opens question `step.round` (or finds it, when a crashed attempt opened it) and its message. */
  async ask(step: ClaimedStep, liveCountdown: boolean): Promise<AskResult> {
    const { game } = step;
    const now = this.deps.clock.now();
    let round = step.question ? await this.deps.store.getRound(step.question.roundId) : null;
    if (!round) {
      const card = await this.cardOf(game, step.round);
      const deckCards = game.mode === 'mcq' ? await this.cardsOf(game.deckId) : [];
      const fresh = buildRound(
        this.deps,
        {
          workspaceId: game.workspaceId,
          channelId: game.channelId,
          card,
          deckCards,
          deckTitle: game.deckTitle,
          mode: game.mode,
          closesAt: new Date(now.getTime() + game.seconds * 1000),
          createdBy: game.createdBy,
          source: 'game',
        },
        now,
      );
      const { roundId, created } = await this.games.openRound(game.id, step.round, fresh);
      round = created ? { ...fresh, id: roundId } : await this.deps.store.getRound(roundId);
      if (!round) throw new Error(`game ${game.id} question ${step.round} vanished`);
    }
    this.remember(round);
    const messageRef = step.question?.messageRef ?? null;
    return this.asked(step, round, messageRef, step.question !== null && messageRef === null, liveCountdown, now);
  }

  /**
   * The question an earlier attempt opened never reached the channel (the runner looked, or cannot
   * look): nobody saw it, so it starts over now with its full time rather than the dead attempt's rest.
   */
  async restartUnseen(step: ClaimedStep, roundId: number, liveCountdown: boolean): Promise<AskResult> {
    const now = this.deps.clock.now();
    await this.games.retimeUnpostedRound(roundId, now, new Date(now.getTime() + step.game.seconds * 1000));
    const round = await this.deps.store.getRound(roundId);
    if (!round) throw new Error(`game ${step.game.id} question ${step.round} vanished`);
    this.remember(round);
    return this.asked(step, round, null, false, liveCountdown, now);
  }

  private asked(step: ClaimedStep, round: Round, messageRef: string | null, unsure: boolean, liveCountdown: boolean, now: Date): AskResult {
    const closesAt = round.closesAt!;
    const shown: ShownState = { answers: 0, hint: false, bucket: liveCountdown ? 0 : countdownBucket(closesAt.getTime() - now.getTime()) };
    return {
      roundId: round.id,
      opensAt: round.opensAt,
      message: openQuestionMessage(step.game, round, step.round, shown, null, now),
      messageRef,
      unsure,
      shown,
      followUp: {
        whenRunning: { kind: 'reveal', round: step.round, dueAt: closesAt },
        whenStopping: { kind: 'reveal', round: step.round, dueAt: now },
      },
    };
  }

  /** Closes question `step.round` to answers and sums it up. */
  async reveal(step: ClaimedStep): Promise<RevealResult> {
    const { game } = step;
    const now = this.deps.clock.now();
    const end = { kind: 'end' as const, round: 0, dueAt: now };
    const roundId = step.question?.roundId;
    // The cached copy is fine: only its text is used, and revealQuestion below does not depend on it.
    const round = roundId === undefined ? null : await this.openRound(roundId);
    if (roundId !== undefined) this.open.delete(roundId);
    if (!round) {
      // Never opened (cannot happen in order; a hand-edited row): end rather than stall.
      return { post: { title: 'Game over', text: 'This game could not go on.', visibility: 'public' }, closed: null, followUp: { whenRunning: end, whenStopping: end } };
    }
    const answers = await this.games.revealQuestion(round.id, now);
    const question = { round: step.round, mode: round.mode, opensAt: round.opensAt, closesAt: round.closesAt ?? now };
    const scored = answers.map((answer) => scoreAnswer(question, answer, game.speedBonus));
    const last = step.round >= game.rounds || game.state === 'stopping';
    const next = last ? { ...end, dueAt: standingsAt(game, now) } : { kind: 'ask' as const, round: step.round + 1, dueAt: nextQuestionAt(step.dueAt, now) };
    return {
      post: gameRevealMessage(game, round, step.round, scored, last, Math.round((next.dueAt.getTime() - now.getTime()) / 1000)),
      closed: step.question?.messageRef ? { messageRef: step.question.messageRef, message: closedQuestionMessage(game, round, step.round, answers.length) } : null,
      followUp: { whenRunning: next, whenStopping: end },
    };
  }

  /** The final standings, or null for a single timed question that ran to its end (its reveal said it all). */
  async end(step: ClaimedStep): Promise<Message | null> {
    const { game } = step;
    const stopped = game.state === 'stopping';
    if (game.rounds === 1 && !stopped) return null;
    const results = await this.games.results(game.id);
    const standings = computeStandings(results, game.speedBonus);
    const ended: Game = { ...game, endedAt: this.deps.clock.now() };
    return standingsMessage(ended, standings, results.length, stoppedByName(game), game.timeZone);
  }

  /** A reveal or the standings as the store has them now, when an appeal decided while they were posted changed them. */
  async staleAfterPost(step: ClaimedStep, posted: Message): Promise<Message | null> {
    if (step.kind === 'end') return staleAfterPost(this.games, step.game, posted);
    const roundId = step.question?.roundId;
    const round = roundId === undefined ? null : await this.deps.store.getRound(roundId);
    return round ? staleAfterPost(this.games, step.game, posted, { round, number: step.round }) : null;
  }

  /** The open question's message as it should look now. */
  async questionUpdate(edit: ClaimedEdit): Promise<Message> {
    const round = await this.openRound(edit.roundId);
    if (!round) throw new Error(`round ${edit.roundId} vanished`);
    const hint = edit.shown.hint && round.mode === 'typed' ? hintText(round.card.back) : null;
    return openQuestionMessage(edit.game, round, edit.round, edit.shown, hint, this.deps.clock.now());
  }

  /** Text and times only: answers are checked against the database, never against this copy. */
  private async openRound(roundId: number): Promise<Round | null> {
    return this.open.get(roundId) ?? (await this.deps.store.roundForAnswer(roundId));
  }

  private remember(round: Round): void {
    this.open.set(round.id, round);
    if (this.open.size > OPEN_CACHE_SIZE) this.open.delete(this.open.keys().next().value!);
  }

  private async cardOf(game: Game, round: number): Promise<Card> {
    const cardId = game.cardIds[round - 1];
    if (cardId === undefined) throw new Error(`game ${game.id} has no card for question ${round}`);
    const inDeck = (await this.cardsOf(game.deckId)).find((c) => c.id === cardId);
    if (inDeck) return inDeck;
    // Removed from the deck by a re-import since the game started: it is still asked, as drawn.
    const card = await this.deps.store.getCard(cardId);
    if (!card) throw new Error(`card ${cardId} of game ${game.id} is gone`);
    return card;
  }

  private async cardsOf(deckId: number): Promise<Card[]> {
    const now = Date.now();
    const cached = this.deckCards.get(deckId);
    if (cached && now - cached.at < DECK_CACHE_MS) return cached.cards;
    const cards = await this.deps.store.deckCards(deckId);
    this.deckCards.delete(deckId);
    this.deckCards.set(deckId, { cards, at: now });
    if (this.deckCards.size > DECK_CACHE_SIZE) this.deckCards.delete(this.deckCards.keys().next().value!);
    return cards;
  }
}

