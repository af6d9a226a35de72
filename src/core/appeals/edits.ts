/**
 * The public messages an accepted appeal makes stale. A question already revealed shows who got it
 * right (and a game's posted standings their points), so those messages are rendered again from the
 * store, after the decision committed, for the adapter to edit. A question not revealed yet needs
 * nothing: its reveal will read the store then.
 */
import type { CoreDeps } from '../context.js';
import type { ChannelEdit } from '../messages.js';
import type { Round } from '../model.js';
import { revealView } from '../quiz.js';

/** A game question's edits (core/games/after-appeal.ts); absent where games are not enabled. */
export type GameEdits = (round: Round) => Promise<ChannelEdit[]>;

export async function editsAfterAppeal(deps: CoreDeps, roundId: number, gameEdits?: GameEdits): Promise<ChannelEdit[]> {
  // Read now, not before the decision: a reveal marked after this read reads the decided answer itself.
  const round = await deps.store.getRound(roundId);
  if (!round?.revealedAt) return [];
  if (round.source === 'game') return gameEdits ? gameEdits(round) : [];
  // A /quiz question's message is known from its Reveal press, a daily card's from its post.
  if (round.messageRef === null) return [];
  return [{ channelId: round.channelId, messageRef: round.messageRef, message: await revealView(deps, round) }];
}
