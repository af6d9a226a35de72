/** What appeals look like: the button under a verdict, the notice in the channel, the decider's view. */
import { buildId } from '../ids.js';
import type { Choice, Message } from '../messages.js';
import type { Card } from '../model.js';
import type { AppealRecord } from './model.js';

export const APPEAL_LABEL = 'I was right';

/** Under a typed verdict in a channel question. */
export function appealChoice(roundId: number): Choice {
  return { id: buildId({ kind: 'appeal', round: roundId }), label: APPEAL_LABEL, style: 'secondary' };
}

/**
 * Posted in the channel when an answer is appealed. It names the appellant but not their answer: the
 * question may still be open, and the answer would give it away. The decider sees it privately.
 */
export function appealNotice(card: Card, appeal: AppealRecord): Message {
  return {
    title: '📨 Appeal',
    text: `**${appeal.displayName}** says their answer to **${card.front}** was right.`,
    choices: [{ id: buildId({ kind: 'aview', appeal: appeal.id }), label: 'Review appeal', style: 'primary' }],
    footer: 'The person who asked, or a moderator, can accept or reject it.',
    visibility: 'public',
  };
}

/** For the decider only: the answer beside the reference, with Accept and Reject. */
export function appealReview(card: Card, appeal: AppealRecord): Message {
  return {
    title: `📨 Appeal from ${appeal.displayName}`,
    text: `**${card.front}**`,
    fields: [
      { name: 'Their answer', value: appeal.text },
      { name: 'Reference answer', value: card.back },
    ],
    choices: [
      { id: buildId({ kind: 'aok', appeal: appeal.id }), label: 'Accept', style: 'success' },
      { id: buildId({ kind: 'ano', appeal: appeal.id }), label: 'Reject', style: 'danger' },
    ],
    footer: 'Accepting pays the points of a correct answer and lets this answer pass for the card from now on.',
    visibility: 'private',
  };
}

/** The channel notice once decided: the appellant learns the outcome there. */
export function appealDecidedNotice(card: Card, appeal: AppealRecord, deciderName: string): Message {
  const accepted = appeal.status === 'accepted';
  const paid = appeal.points > 0 ? `: +${appeal.points} points` : '';
  return {
    title: accepted ? '✅ Appeal accepted' : '❌ Appeal rejected',
    text: accepted
      ? `**${deciderName}** accepted **${appeal.displayName}**'s answer to **${card.front}**${paid}.`
      : `**${deciderName}** rejected **${appeal.displayName}**'s appeal on **${card.front}**. The verdict stands.`,
    visibility: 'public',
  };
}

export function appealDecidedReply(appeal: AppealRecord): Message {
  const text =
    appeal.status === 'accepted'
      ? `Accepted. ${appeal.displayName} gets ${appeal.points > 0 ? `+${appeal.points} points` : 'the answer counted as right (no points: the card was not due for them)'}, and the answer passes for this card from now on.`
      : `Rejected. ${appeal.displayName}'s verdict stands; nothing changed.`;
  return { title: 'Appeal decided', text, visibility: 'private' };
}

export function alreadyDecidedText(appeal: AppealRecord): string {
  if (appeal.status === 'pending') return 'This answer is already appealed; the person who asked, or a moderator, will decide.';
  const by = appeal.decidedByName ? ` by ${appeal.decidedByName}` : '';
  return `This appeal was already ${appeal.status}${by}. Nothing changed.`;
}
