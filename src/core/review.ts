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
import { ratedMessage, revealForRating, reviewCardMessage } from './views.js';

export async function nextReview(deps: CoreDeps, caller: Caller, prefix?: string): Promise<Outcome> {
  const now = deps.clock.now();
  const deckIds = (await deps.store.listDecks(caller.user.workspaceId)).map((deck) => deck.id);
  const introducedToday = await deps.store.newCardsIntroducedSince(caller.user.userId, startOfLocalDay(now, caller.user.timeZone));
  const allowNew = introducedToday < DAILY_NEW_CARD_LIMIT;
  const next = await deps.store.nextReviewCard({ userId: caller.user.userId, deckIds, now, allowNew });
  if (!next) {
    const limit = allowNew ? '' : ` You have met today's ${DAILY_NEW_CARD_LIMIT} new cards; more tomorrow.`;
    return { reply: { title: '🎉 All caught up', text: [prefix, `Nothing is due right now.${limit}`].filter(Boolean).join('\n\n'), visibility: 'private' } };
  }
  const due = await deps.store.dueCount(caller.user.userId, deckIds, now);
  return { reply: await withCardPicture(deps, reviewCardMessage(next.card, due, prefix), next.card.id, 'front') };
}

export async function showReviewAnswer(deps: CoreDeps, caller: Caller, cardId: number): Promise<Outcome> {
  const card = await deps.store.getCard(cardId);
  if (!card) throw new UserError('That card no longer exists. Try `/review` again.');
  assertVisible(card.deckWorkspaceId, caller);
  const state = await deps.store.cardState(caller.user.userId, cardId);
  // The nonce ties a rating to this showing: pressing a rating twice counts once.
  const nonce = state?.reps ?? 0;
  const reveal = revealForRating(card, state, deps.clock.now(), (rating) => buildId({ kind: 'rrate', card: cardId, rating, nonce }), 'Answer', caller.user.scheduling);
  return { reply: await withCardPicture(deps, reveal, cardId, 'back') };
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
      idempotencyKey: `review:${cardId}:${nonce}`,
    },
    (context) => decideReview(context, rating, now, caller.user.timeZone, caller.user.scheduling),
  );
  if (result.status === 'duplicate') return nextReview(deps, caller, 'That rating was already saved.');
  pointsChanged(deps, caller.user.workspaceId, caller.user.userId);
  const { state, points, streak } = result.decision;
  return nextReview(deps, caller, ratedMessage(rating, state, totalPoints(points), streak, now));
}
