/** Private spaced-repetition review: due cards first, then new ones up to a daily limit. */
import { pointsChanged } from './picture-replies.js';
import { withCardPicture } from './card-pictures.js';
import { assertVisible, type Caller, type CoreDeps } from './context.js';
import { UserError } from './errors.js';
import { buildId } from './ids.js';
import type { Outcome } from './messages.js';
import { decideReview, totalPoints } from './decisions.js';
import { DAILY_NEW_CARD_LIMIT, type Rating } from './scheduling/fsrs.js';
import { startOfLocalDay } from './time.js';
import { withSeeIt } from './see-it.js';
import { nextDueSentence, ratedMessage, revealForRating, reviewCardMessage, typedVerdict } from './views.js';
import { gradeRemembering } from './appeals/remembered.js';
import { APPEAL_LABEL } from './appeals/views.js';
import { cachedDeckContext } from './grading/deck-context.js';
import { mayAppeal } from './grading/typed.js';
import type { Choice } from './messages.js';
import { MAX_TYPED_ANSWER, typedAnswerProblem } from './options.js';
import type { CardState } from './scheduling/fsrs.js';
import { cleanInputText } from './text/sanitize.js';

export async function nextReview(deps: CoreDeps, caller: Caller, prefix?: string): Promise<Outcome> {
  const now = deps.clock.now();
  const deckIds = (await deps.store.listDecks(caller.user.workspaceId)).map((deck) => deck.id);
  const introducedToday = await deps.store.newCardsIntroducedSince(caller.user.userId, startOfLocalDay(now, caller.user.timeZone));
  const allowNew = introducedToday < DAILY_NEW_CARD_LIMIT;
  const next = await deps.store.nextReviewCard({ userId: caller.user.userId, deckIds, now, allowNew });
  if (!next) {
    const limit = allowNew ? '' : ` You have met today's ${DAILY_NEW_CARD_LIMIT} new cards; more tomorrow.`;
    const comeBack = nextDueSentence(await deps.store.nextDueAt(caller.user.userId, deckIds), now);
    return { reply: { title: '🎉 All caught up', text: [prefix, `Nothing is due right now.${comeBack}${limit}`].filter(Boolean).join('\n\n'), visibility: 'private' } };
  }
  const due = await deps.store.dueCount(caller.user.userId, deckIds, now);
  return { reply: await withCardPicture(deps, reviewCardMessage(next.card, due, prefix, showingNonce(next.state)), next.card.id, 'front') };
}

export async function showReviewAnswer(deps: CoreDeps, caller: Caller, cardId: number): Promise<Outcome> {
  const card = await deps.store.getCard(cardId);
  if (!card) throw new UserError('That card no longer exists. Try `/review` again.');
  assertVisible(card.deckWorkspaceId, caller);
  const state = await deps.store.cardState(caller.user.userId, cardId);
  const nonce = showingNonce(state);
  const rateId = (rating: Rating) => buildId({ kind: 'rrate', card: cardId, rating, nonce });
  const reveal = revealForRating(card, state, deps.clock.now(), rateId, 'Answer', caller.user.scheduling);
  return { reply: await withSeeIt(deps, await withCardPicture(deps, reveal, cardId, 'back'), card) };
}

export async function rateReview(deps: CoreDeps, caller: Caller, cardId: number, rating: Rating, nonce: number): Promise<Outcome> {
  const card = await deps.store.getCard(cardId);
  if (!card) throw new UserError('That card no longer exists. Try `/review` again.');
  assertVisible(card.deckWorkspaceId, caller);
  const now = deps.clock.now();
  const result = await deps.store.recordReview(
    {
      userId: caller.user.userId,
      workspaceId: caller.user.workspaceId,
      channelId: caller.actor.channelId,
      cardId,
      at: now,
      idempotencyKey: reviewKey(cardId, nonce),
    },
    (context) => decideReview(context, rating, now, caller.user.timeZone, caller.user.scheduling),
  );
  if (result.status === 'duplicate') return nextReview(deps, caller, 'That rating was already saved.');
  pointsChanged(deps, caller.user.workspaceId, caller.user.userId);
  const { state, points, streak } = result.decision;
  return nextReview(deps, caller, ratedMessage(rating, state, totalPoints(points), streak, now));
}

/** The nonce ties a rating to one showing of a card: pressing a rating twice, or rating and typing, counts once. */
function showingNonce(state: CardState | null): number {
  return state?.reps ?? 0;
}

function reviewKey(cardId: number, nonce: number): string {
  return `review:${cardId}:${nonce}`;
}

/** "Type answer" on a review card: the form to type it in. */
export async function openReviewAnswer(deps: CoreDeps, caller: Caller, cardId: number, nonce: number): Promise<Outcome> {
  const card = await deps.store.getCard(cardId);
  if (!card) throw new UserError('That card no longer exists. Try `/review` again.');
  assertVisible(card.deckWorkspaceId, caller);
  return {
    modal: {
      id: buildId({ kind: 'rtyped', card: cardId, nonce }),
      title: 'Your answer',
      prompt: card.front,
      inputLabel: 'Answer',
      placeholder: 'Type your answer in your own words…',
      maxLength: MAX_TYPED_ANSWER,
    },
  };
}

/**
 * A typed review answer: graded (answers accepted on appeal pass), the grade's rating saved once for this
 * showing, and under a verdict that is not "correct" an "I was right" button that re-rates it Good.
 */
export async function submitReviewAnswer(deps: CoreDeps, caller: Caller, cardId: number, nonce: number, rawText: string): Promise<Outcome> {
  const card = await deps.store.getCard(cardId);
  if (!card) throw new UserError('That card no longer exists. Try `/review` again.');
  assertVisible(card.deckWorkspaceId, caller);
  const problem = typedAnswerProblem(rawText);
  if (problem) throw new UserError(`${problem} Nothing was recorded; press Type answer to try again.`);
  const text = cleanInputText(rawText);
  const grade = await gradeRemembering(deps, caller.user, text, card, cachedDeckContext(card.deckId, await deps.store.deckCards(card.deckId)));
  const now = deps.clock.now();
  const key = reviewKey(cardId, nonce);
  const { userId, workspaceId } = caller.user;
  const result = await deps.store.recordReview(
    { userId, workspaceId, channelId: caller.actor.channelId, cardId, at: now, idempotencyKey: key },
    (context) => decideReview(context, grade.rating, now, caller.user.timeZone),
  );
  if (result.status === 'duplicate') return nextReview(deps, caller, 'That card was already rated.');
  pointsChanged(deps, workspaceId, userId);
  const { state, points, streak } = result.decision;
  const verdict = typedVerdict({ card }, grade, 0, true, streak);
  const choices: Choice[] = [];
  if (mayAppeal(grade)) {
    // Filed with the verdict, so the answer's text is kept; only the answerer's press accepts it.
    const filed = await deps.store.fileAppeal({ workspaceId, channelId: caller.actor.channelId, userId, cardId, text, at: now, target: { reviewKey: key } });
    if (filed.status !== 'missing') choices.push({ id: buildId({ kind: 'rright', appeal: filed.appeal.id }), label: APPEAL_LABEL, style: 'secondary' });
  }
  choices.push({ id: buildId({ kind: 'rnext' }), label: 'Next card', style: 'primary' });
  const reply = { ...verdict, text: `${grade.feedback}\n${ratedMessage(grade.rating, state, totalPoints(points), streak, now)}`, choices };
  return { reply: await withSeeIt(deps, reply, card) };
}
