/** Answering a channel question: its buttons (MCQ choice, typed form, show answer, self rating, reveal) and the typed form. */
import { withCardPicture } from './card-pictures.js';
import { pointsChanged } from './picture-replies.js';
import type { Caller, CoreDeps } from './context.js';
import type { QuizMode } from './commands.js';
import { decideAnswer, isDue, mcqAttempt, selfRatedAttempt, totalPoints, typedAttempt, type Attempt } from './decisions.js';
import { UserError } from './errors.js';
import { cachedDeckContext } from './grading/deck-context.js';
import { mayAppeal } from './grading/typed.js';
import { gradeRemembering } from './appeals/remembered.js';
import { appealChoice } from './appeals/views.js';
import { buildId, type ActionId } from './ids.js';
import { privateText, type Message, type Outcome } from './messages.js';
import type { Round } from './model.js';
import { MAX_TYPED_ANSWER, typedAnswerProblem } from './options.js';
import { cleanInputText } from './text/sanitize.js';
import type { AnswerDecision } from './ports.js';
import { revealRound } from './quiz.js';
import { withSeeIt } from './see-it.js';
import type { Rating } from './scheduling/fsrs.js';
import { mcqVerdict, ratedMessage, revealForRating, roundMessage, typedVerdict } from './views.js';

/** An appeal names a round too, but is filed by appeals/flow.ts. */
type RoundAction = Exclude<Extract<ActionId, { round: number }>, { kind: 'appeal' }>;

/** A button on a channel question: MCQ choice, open the typed modal, show answer, or a self rating. */
export async function pressRound(deps: CoreDeps, caller: Caller, action: RoundAction): Promise<Outcome> {
  const round = await openRound(deps, caller, action.round);
  switch (action.kind) {
    case 'mcq': {
      requireMode(round, 'mcq');
      const labels = round.choices ?? [];
      if (action.choice >= labels.length) throw new UserError('That choice does not exist on this question.');
      return answer(deps, caller, round, mcqAttempt(action.choice, round.correctChoice), (d, due) =>
        mcqVerdict(round, action.choice, d.correct, totalPoints(d.points), due, d.streak),
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
      const rateId = (rating: Rating) => buildId({ kind: 'rate', round: round.id, rating });
      const reveal = revealForRating(round.card, state, deps.clock.now(), rateId, 'Answer', caller.user.scheduling);
      return { reply: await withSeeIt(deps, await withCardPicture(deps, reveal, round.card.id, 'back'), round.card) };
    }
    case 'rate': {
      requireMode(round, 'self');
      const rating = action.rating as Rating;
      return answer(deps, caller, round, selfRatedAttempt(rating), (d) => ({
        title: 'Saved',
        text: ratedMessage(rating, d.state, totalPoints(d.points), d.streak, deps.clock.now()),
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
      // The pressed message becomes the reveal: kept with the round, so an accepted appeal can edit it.
      return { update: (await revealRound(deps, round.id, caller.messageRef)).message };
    }
  }
}

/** The typed-answer modal was submitted. */
export async function submitTyped(deps: CoreDeps, caller: Caller, roundId: number, rawText: string): Promise<Outcome> {
  const round = await openRound(deps, caller, roundId);
  requireMode(round, 'typed');
  const problem = typedAnswerProblem(rawText);
  if (problem) throw new UserError(`${problem} Nothing was recorded; press Answer to try again.`);
  const text = cleanInputText(rawText);
  // The deck's other cards let the grader tell the answer to another card from an answer to this one.
  // Answers accepted on appeal before pass for this card (appeals/remembered.ts).
  const grade = await gradeRemembering(deps, caller.user, text, round.card, cachedDeckContext(round.card.deckId, await deps.store.deckCards(round.card.deckId)));
  return answer(deps, caller, round, typedAttempt(text, grade), (d, due) => {
    const verdict = typedVerdict(round, grade, totalPoints(d.points), due, d.streak);
    // Not "correct": the answerer may say it was; whoever may reveal the question decides (appeals/flow.ts).
    return mayAppeal(grade) ? { ...verdict, choices: [appealChoice(round.id)] } : verdict;
  });
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
      dueForUser = isDue(context.cardState, now);
      return decideAnswer(context, attempt, now, caller.user.timeZone, dueForUser, caller.user.scheduling);
    },
  );
  if (result.status === 'duplicate') {
    const previous = result.existing;
    const what = previous.choice !== null && round.mode === 'mcq' ? ` (you chose ${String.fromCharCode(65 + previous.choice)})` : '';
    return { reply: privateText(`You already answered this one${what}. One answer per question counts.`) };
  }
  if (result.status === 'closed') throw closedError(round);
  pointsChanged(deps, round.workspaceId, caller.user.userId);
  return {
    reply: await withSeeIt(deps, verdict(result.decision, dueForUser), round.card),
    // A game question's count is shown by coalesced edits (core/games), not one edit per answer.
    update: round.source === 'game' ? undefined : { ...roundMessage(round, result.answerCount, caller.user.timeZone), progressOf: { roundId: round.id } },
  };
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

