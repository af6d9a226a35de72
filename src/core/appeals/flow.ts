/**
 * The "I was right" use cases. In a channel question the appellant files it, whoever may reveal the
 * question (its asker, or a moderator; never the appellant) sees it privately and accepts or rejects it.
 * In a private review the answerer's own press accepts it: a self-grade, as Quizlet's override is.
 * Every id comes back from a platform and is checked against the presser before anything changes.
 */
import type { Caller, CoreDeps } from '../context.js';
import { UserError } from '../errors.js';
import { privateText, type Outcome } from '../messages.js';
import type { Round } from '../model.js';
import { pointsChanged } from '../picture-replies.js';
import { decideAcceptedAppeal } from './decide.js';
import { editsAfterAppeal, type GameEdits } from './edits.js';
import type { AppealRecord } from './model.js';
import { alreadyDecidedText, appealDecidedNotice, appealDecidedReply, appealNotice, appealReview } from './views.js';

const GONE = 'That appeal no longer exists.';

/** "I was right" under the presser's own typed answer to a channel question. */
export async function fileRoundAppeal(deps: CoreDeps, caller: Caller, roundId: number): Promise<Outcome> {
  const round = await deps.store.getRound(roundId);
  if (!round || round.workspaceId !== caller.user.workspaceId) throw new UserError('This question no longer exists.');
  const answer = await deps.store.findAnswer(round.id, caller.user.userId);
  if (!answer || round.mode !== 'typed' || answer.text === null) throw new UserError('Only your own typed answer to this question can be appealed.');
  if (answer.correct) throw new UserError('Your answer already counts as right.');
  const result = await deps.store.fileAppeal({
    workspaceId: round.workspaceId,
    channelId: round.channelId,
    userId: caller.user.userId,
    cardId: round.card.id,
    text: answer.text,
    at: deps.clock.now(),
    target: { answerId: answer.id, roundId: round.id },
  });
  if (result.status === 'missing') throw new UserError('That answer can no longer be appealed.');
  if (result.status === 'exists') return { reply: privateText(`One appeal per answer. ${alreadyDecidedText(result.appeal)}`) };
  return { reply: appealNotice(round.card, result.appeal) };
}

/** "Review appeal" on the channel notice: the answer and the reference, for the decider's eyes only. */
export async function viewRoundAppeal(deps: CoreDeps, caller: Caller, appealId: number): Promise<Outcome> {
  const { appeal, round } = await roundAppeal(deps, caller, appealId);
  if (appeal.status !== 'pending') return { reply: privateText(alreadyDecidedText(appeal)) };
  return { reply: appealReview(round.card, appeal) };
}

/**
 * Accept or Reject: decided once, whoever presses first (or twice). An accepted one also edits the
 * public messages that already showed the question's result (edits.ts); a rejected one changes none.
 */
export async function decideRoundAppeal(deps: CoreDeps, caller: Caller, appealId: number, accept: boolean, gameEdits?: GameEdits): Promise<Outcome> {
  const { appeal, round } = await roundAppeal(deps, caller, appealId);
  // The appellant's schedule, not the decider's.
  const stored = accept ? await deps.store.fsrsSettings(appeal.userId) : null;
  const personal = stored && { parameters: stored.parameters, desiredRetention: stored.desiredRetention };
  const result = await deps.store.decideAppeal({ appealId: appeal.id, deciderId: caller.user.userId, accept, at: deps.clock.now() }, (context) =>
    decideAcceptedAppeal(context, round, personal),
  );
  if (result.status === 'missing') throw new UserError(GONE);
  if (result.status === 'already') return decidedBefore(deps, caller, round, result.appeal, gameEdits);
  const outcome: Outcome = { reply: appealDecidedReply(result.appeal), update: appealDecidedNotice(round.card, result.appeal, caller.user.displayName) };
  if (!accept) return outcome;
  pointsChanged(deps, round.workspaceId, appeal.userId);
  return withEdits(deps, round, outcome, gameEdits);
}

/**
 * A decision already made, pressed again: by a second decider, or replayed after the process that
 * decided died before its messages went out. Nothing is decided twice, but the notice and the public
 * messages are brought up to date again (both are rendered from the store, so sending them twice is
 * harmless). The reply says it was decided before, which is true of both.
 */
async function decidedBefore(deps: CoreDeps, caller: Caller, round: Round, appeal: AppealRecord, gameEdits?: GameEdits): Promise<Outcome> {
  if (appeal.status === 'pending') return { reply: privateText(alreadyDecidedText(appeal)) };
  const outcome: Outcome = { reply: privateText(alreadyDecidedText(appeal)), update: appealDecidedNotice(round.card, appeal, appeal.decidedByName ?? caller.user.displayName) };
  return appeal.status === 'accepted' ? withEdits(deps, round, outcome, gameEdits) : outcome;
}

/** The decision stands whatever happens to its edits: one that cannot be worked out is left out. */
async function withEdits(deps: CoreDeps, round: Round, outcome: Outcome, gameEdits?: GameEdits): Promise<Outcome> {
  const edits = await editsAfterAppeal(deps, round.id, gameEdits).catch((error: unknown) => {
    deps.onEditError?.(error);
    return [];
  });
  return edits.length > 0 ? { ...outcome, edits } : outcome;
}

/** "I was right" under a private review's typed verdict: the review is re-rated Good, once. */
export async function selfGradeReview(deps: CoreDeps, caller: Caller, appealId: number): Promise<Outcome> {
  const appeal = await deps.store.getAppeal(appealId);
  if (!appeal || appeal.roundId !== null || appeal.userId !== caller.user.userId) throw new UserError('Only your own review answer can be marked right.');
  const result = await deps.store.decideAppeal({ appealId, deciderId: caller.user.userId, accept: true, at: deps.clock.now() }, (context) =>
    decideAcceptedAppeal(context, null, caller.user.scheduling),
  );
  if (result.status === 'missing') throw new UserError(GONE);
  if (result.status === 'already') return { reply: privateText('That answer is already marked right. Nothing changed.') };
  pointsChanged(deps, caller.user.workspaceId, caller.user.userId);
  return { reply: privateText('Marked right: the card is rated **Good** instead, and this answer passes for you from now on.', '✅ Self-graded') };
}

/** The appeal and its question, when the presser may decide it. */
async function roundAppeal(deps: CoreDeps, caller: Caller, appealId: number): Promise<{ appeal: AppealRecord; round: Round }> {
  const appeal = await deps.store.getAppeal(appealId);
  if (!appeal || appeal.workspaceId !== caller.user.workspaceId || appeal.roundId === null) throw new UserError(GONE);
  const round = await deps.store.getRound(appeal.roundId);
  if (!round) throw new UserError(GONE);
  if (round.createdBy !== caller.user.userId && !caller.actor.canManage) {
    throw new UserError('Only the person who asked this question, or a moderator, can decide its appeals.');
  }
  if (appeal.userId === caller.user.userId) throw new UserError('You cannot decide your own appeal: the person who asked, or another moderator, can.');
  return { appeal, round };
}
