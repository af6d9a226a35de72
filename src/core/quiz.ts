/** Channel quizzes: starting a round, answering it (MCQ, typed, self-graded), and revealing it. */
import type { CoreDeps, Caller } from './context.js';
import { UserError } from './errors.js';
import { answeredAfterHint } from './games/hint.js';
import { buildChoices } from './grading/mcq.js';
import { gradeTyped, type TypedGrade } from './grading/typed.js';
import { buildId, type ActionId } from './ids.js';
import type { Message, Outcome } from './messages.js';
import type { Card, Round } from './model.js';
import type { QuizMode } from './commands.js';
import { pointsForAnswer, streakBonus } from './points.js';
import type { AnswerContext, AnswerDecision, ChannelRef, PointsEntry } from './ports.js';
import { applyRating, type Rating } from './scheduling/fsrs.js';
import { advanceStreak } from './streaks.js';
import { mcqVerdict, ratedMessage, revealForRating, revealMessage, roundMessage, typedVerdict } from './views.js';

export const DEFAULT_DECK = 'gan';
export const MAX_TYPED_ANSWER = 2_000;
/** How many of the channel's latest cards a new quiz avoids repeating. */
const RECENT_CARDS_AVOIDED = 5;

const MODE_WORDS: Record<string, QuizMode> = {
  mcq: 'mcq',
  choice: 'mcq',
  choices: 'mcq',
  multiple: 'mcq',
  typed: 'typed',
  type: 'typed',
  text: 'typed',
  write: 'typed',
  self: 'self',
  flashcard: 'self',
  flip: 'self',
};

export function parseMode(raw: string | undefined): QuizMode {
  const word = (raw ?? 'mcq').trim().toLowerCase();
  const mode = MODE_WORDS[word];
  if (!mode) throw new UserError(`Unknown mode "${raw}". Use mcq, typed or self.`);
  return mode;
}

export function normaliseSlug(raw: string | undefined): string {
  return (raw ?? DEFAULT_DECK).trim().toLowerCase() || DEFAULT_DECK;
}

export async function startQuiz(deps: CoreDeps, caller: Caller, deckArg?: string, modeArg?: string): Promise<Outcome> {
  const mode = parseMode(modeArg);
  const slug = normaliseSlug(deckArg);
  const deck = await deps.store.findDeck(caller.user.workspaceId, slug);
  if (!deck) throw new UserError(`There is no deck called "${slug}". See \`/decks\` for the decks you can use.`);
  const cards = await deps.store.deckCards(deck.id);
  if (cards.length === 0) throw new UserError(`The deck "${slug}" has no cards yet.`);
  const recent = new Set(
    await deps.store.recentRoundCards(caller.user.workspaceId, caller.actor.channelId, Math.min(cards.length - 1, RECENT_CARDS_AVOIDED)),
  );
  const fresh = cards.filter((card) => !recent.has(card.id));
  const pool = fresh.length > 0 ? fresh : cards;
  const card = pool[Math.floor(deps.random() * pool.length)]!;
  const round = await createRound(deps, {
    workspaceId: caller.user.workspaceId,
    channelId: caller.actor.channelId,
    card,
    deckCards: cards,
    deckTitle: deck.title,
    mode,
    closesAt: null,
    createdBy: caller.user.userId,
    source: 'quiz',
  });
  return { reply: roundMessage(round, 0, caller.user.timeZone) };
}

/** Used by the daily scheduler: a round for a given card in a channel, closing at `closesAt`. */
export async function openChannelRound(
  deps: CoreDeps,
  input: { channel: ChannelRef; deckId: number; cardId: number; mode: 'mcq' | 'typed'; closesAt: Date; source: 'daily'; timeZone?: string },
): Promise<{ roundId: number; message: Message }> {
  const workspaceId = await deps.store.ensureWorkspace(input.channel.platform, input.channel.workspaceId);
  const card = await deps.store.getCard(input.cardId);
  if (!card || card.deckId !== input.deckId) throw new Error(`Card ${input.cardId} is not in deck ${input.deckId}`);
  const deckCards = input.mode === 'mcq' ? await deps.store.deckCards(input.deckId) : [];
  const round = await createRound(deps, {
    workspaceId,
    channelId: input.channel.channelId,
    card,
    deckCards,
    deckTitle: card.deckTitle,
    mode: input.mode,
    closesAt: input.closesAt,
    createdBy: null,
    source: input.source,
  });
  return { roundId: round.id, message: roundMessage(round, 0, input.timeZone) };
}

/** The answer and who got it right; marks the round revealed (later answers are refused). */
export async function revealRound(deps: CoreDeps, roundId: number): Promise<{ message: Message; round: Round }> {
  const round = await deps.store.getRound(roundId);
  if (!round) throw new Error(`Round ${roundId} not found`);
  await deps.store.markRevealed(roundId, deps.clock.now());
  const answers = await deps.store.roundAnswers(roundId);
  return { message: revealMessage(round, answers), round };
}

export interface RoundInput {
  workspaceId: number;
  channelId: string;
  card: Card;
  deckCards: Card[];
  deckTitle: string;
  mode: QuizMode;
  closesAt: Date | null;
  createdBy: number | null;
  source: Round['source'];
}

async function createRound(deps: CoreDeps, input: RoundInput): Promise<Round> {
  const round = buildRound(deps, input, deps.clock.now());
  const id = await deps.store.createRound(round);
  return { id, ...round };
}

/** A round opening at `opensAt`, with its multiple-choice labels drawn, ready to store. */
export function buildRound(deps: CoreDeps, input: RoundInput, opensAt: Date): Omit<Round, 'id'> {
  const choiceSet = input.mode === 'mcq' ? buildChoices(input.card, input.deckCards, deps.random) : null;
  return {
    workspaceId: input.workspaceId,
    channelId: input.channelId,
    card: input.card,
    deckTitle: input.deckTitle,
    mode: input.mode,
    choices: choiceSet?.labels ?? null,
    correctChoice: choiceSet?.correctIndex ?? null,
    opensAt,
    closesAt: input.closesAt,
    messageRef: null,
    source: input.source,
    revealedAt: null,
    createdBy: input.createdBy,
  };
}

type RoundAction = Extract<ActionId, { round: number }>;

/** A button on a channel question: MCQ choice, open the typed modal, show answer, or a self rating. */
export async function pressRound(deps: CoreDeps, caller: Caller, action: RoundAction): Promise<Outcome> {
  const round = await openRound(deps, caller, action.round);
  switch (action.kind) {
    case 'mcq': {
      requireMode(round, 'mcq');
      const labels = round.choices ?? [];
      if (action.choice >= labels.length) throw new UserError('That choice does not exist on this question.');
      const correct = action.choice === round.correctChoice;
      return answer(deps, caller, round, { choice: action.choice, text: null, correct, score: correct ? 1 : 0, rating: correct ? 3 : 1 }, (d, due) =>
        mcqVerdict(round, action.choice, correct, total(d.points), due, d.streak),
      );
    }
    case 'type': {
      requireMode(round, 'typed');
      await refuseRepeat(deps, caller, round);
      return {
        modal: {
          id: buildId({ kind: 'typed', round: round.id }),
          title: 'Your answer',
          prompt: round.card.front,
          inputLabel: 'Answer',
          placeholder: 'Type your answer in your own words…',
          maxLength: MAX_TYPED_ANSWER,
        },
      };
    }
    case 'show': {
      requireMode(round, 'self');
      await refuseRepeat(deps, caller, round);
      const state = await deps.store.cardState(caller.user.userId, round.card.id);
      return {
        reply: revealForRating(round.card, state, deps.clock.now(), (rating) => buildId({ kind: 'rate', round: round.id, rating }), 'Answer'),
      };
    }
    case 'rate': {
      requireMode(round, 'self');
      const rating = action.rating as Rating;
      return answer(deps, caller, round, { choice: null, text: null, correct: rating >= 3, score: (rating - 1) / 3, rating }, (d) => ({
        title: 'Saved',
        text: ratedMessage(rating, d.state, total(d.points), d.streak, deps.clock.now()),
        visibility: 'private',
      }));
    }
    case 'typed':
      throw new UserError('That form has expired. Press Answer again.');
    case 'reveal': {
      if (round.source !== 'quiz') throw new UserError('This card reveals its answer by itself when it closes.');
      if (round.createdBy !== caller.user.userId && !caller.actor.canManage) {
        throw new UserError('Only the person who started this quiz, or a moderator, can reveal it.');
      }
      return { update: (await revealRound(deps, round.id)).message };
    }
  }
}

/**
 * What is wrong with a typed answer before it is graded, or null. Adapters whose forms can show errors
 * inline (Slack) check this before closing the form; the core checks it again.
 */
export function typedAnswerProblem(rawText: string): string | null {
  const text = rawText.trim();
  if (text.length === 0) return 'Your answer was empty.';
  if (text.length > MAX_TYPED_ANSWER) return `Please keep your answer under ${MAX_TYPED_ANSWER} characters.`;
  return null;
}

/** The typed-answer modal was submitted. */
export async function submitTyped(deps: CoreDeps, caller: Caller, roundId: number, rawText: string): Promise<Outcome> {
  const round = await openRound(deps, caller, roundId);
  requireMode(round, 'typed');
  const problem = typedAnswerProblem(rawText);
  if (problem) throw new UserError(`${problem} Nothing was recorded; press Answer to try again.`);
  const text = rawText.trim();
  const grade: TypedGrade = gradeTyped(text, round.card.back);
  return answer(
    deps,
    caller,
    round,
    { choice: null, text, correct: grade.verdict === 'correct', score: grade.score, rating: grade.rating },
    (d, due) => typedVerdict(round, grade, total(d.points), due, d.streak),
  );
}

interface Attempt {
  choice: number | null;
  text: string | null;
  correct: boolean;
  score: number;
  rating: Rating;
}

async function answer(
  deps: CoreDeps,
  caller: Caller,
  round: Round,
  attempt: Attempt,
  verdict: (decision: AnswerDecision, dueForUser: boolean) => Message,
): Promise<Outcome> {
  const now = deps.clock.now();
  let dueForUser = true;
  const result = await deps.store.recordAnswer(
    { round, userId: caller.user.userId, channelId: round.channelId, at: now, idempotencyKey: caller.interactionId },
    (context) => {
      dueForUser = !context.cardState || context.cardState.due.getTime() <= now.getTime();
      return decideAnswer(context, attempt, now, caller.user.timeZone, dueForUser);
    },
  );
  if (result.status === 'duplicate') {
    const previous = result.existing;
    const what = previous.choice !== null && round.mode === 'mcq' ? ` (you chose ${String.fromCharCode(65 + previous.choice)})` : '';
    return { reply: { text: `You already answered this one${what}. One answer per question counts.`, visibility: 'private' } };
  }
  if (result.status === 'closed') throw closedError(round);
  return {
    reply: verdict(result.decision, dueForUser),
    // A game question's count is shown by coalesced edits (core/games), not one edit per answer.
    update: round.source === 'game' ? undefined : roundMessage(round, result.answerCount, caller.user.timeZone),
  };
}

/**
 * Points, schedule and streak for one answer. A quiz pays only when the card is due for the user,
 * so repeating /quiz cannot farm points; daily prompts pay their first-correct bonus regardless.
 */
export function decideAnswer(context: AnswerContext, attempt: Attempt, now: Date, timeZone: string, dueForUser: boolean): AnswerDecision {
  const { round } = context;
  const { state, log } = applyRating(context.cardState, attempt.rating, now);
  const streak = advanceStreak(context.streak, now, timeZone);
  const daily = round.source === 'daily';
  const points: PointsEntry[] = [];
  if (round.mode !== 'self' && (dueForUser || daily)) {
    const earned = pointsForAnswer({
      correct: attempt.correct,
      score: attempt.score,
      mode: round.mode,
      correctRank: attempt.correct && daily ? context.priorCorrect + 1 : null,
      daily,
      hinted: answeredAfterHint(round, now),
    });
    for (const entry of earned) {
      // Outside the card's due window only the daily bonus pays.
      if (dueForUser || entry.reason === 'first_correct') points.push(entry);
    }
  }
  if (context.streak?.lastDay !== streak.lastDay) {
    const bonus = streakBonus(streak.current);
    if (bonus > 0) points.push({ amount: bonus, reason: 'streak' });
  }
  return { ...attempt, state, log, streak, points, source: daily ? 'daily' : 'quiz' };
}

async function openRound(deps: CoreDeps, caller: Caller, roundId: number): Promise<Round> {
  const round = await deps.store.roundForAnswer(roundId);
  if (!round || round.workspaceId !== caller.user.workspaceId) {
    throw new UserError('This question no longer exists. Start a new one with `/quiz`.');
  }
  const now = deps.clock.now().getTime();
  if (round.revealedAt || (round.closesAt && round.closesAt.getTime() <= now)) throw closedError(round);
  return round;
}

function closedError(round: Round): UserError {
  return new UserError(`This question is closed. The answer was: ${round.card.back}`);
}

function requireMode(round: Round, mode: QuizMode): void {
  if (round.mode !== mode) throw new UserError('That button does not belong to this question.');
}

async function refuseRepeat(deps: CoreDeps, caller: Caller, round: Round): Promise<void> {
  if (await deps.store.findAnswer(round.id, caller.user.userId)) {
    throw new UserError('You already answered this one. One answer per question counts.');
  }
}

function total(points: PointsEntry[]): number {
  return points.reduce((sum, entry) => sum + entry.amount, 0);
}
