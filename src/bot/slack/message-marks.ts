/**
 * How a Slack post carries its mark (a daily card's or game question's round id, a reveal's or the
 * standings' key) in message metadata, so that a takeover can find what a dead attempt posted
 * (SlackPoster.findPosted): what is written, and whether metadata read back from Slack is that mark.
 */
import { parseId } from '../../core/ids.js';
import type { Message } from '../../core/messages.js';
import type { PostOptions } from '../../core/ports.js';

/** The metadata event type a daily card or a game question carries its round id in. */
const ROUND_EVENT_TYPE = 'studybot_round';
/** The metadata event type a post without a round (a game's reveal, its standings) carries its key in. */
const KEYED_EVENT_TYPE = 'studybot_post';
/** The message metadata a post carries its mark in (a round wins over a key), so findPosted can find it. */
export function postMetadata(mark: PostOptions | undefined): { event_type: string; event_payload: Record<string, string | number> } | undefined {
  if (mark?.roundId !== undefined) return { event_type: ROUND_EVENT_TYPE, event_payload: { round_id: mark.roundId } };
  if (mark?.key !== undefined) return { event_type: KEYED_EVENT_TYPE, event_payload: { key: mark.key } };
  return undefined;
}

/** Metadata from the platform is untrusted: exactly the metadata postMetadata gives this mark. */
export function carriesMark(metadata: unknown, mark: PostOptions): boolean {
  const expected = postMetadata(mark);
  const m = metadata as { event_type?: unknown; event_payload?: Record<string, unknown> | null } | undefined;
  if (!expected || m?.event_type !== expected.event_type) return false;
  return Object.entries(expected.event_payload).every(([name, value]) => {
    const found = m.event_payload?.[name];
    return typeof value === 'number' ? Number(found) === value : found === value;
  });
}

/** The buttons only a question has: one a verdict or an appeal carries names its round too, but is not it. */
const QUESTION_BUTTONS = new Set(['mcq', 'type', 'show', 'reveal']);

/** A question's mark, read off its buttons (the round they answer), so it can be found like a daily card. */
export function roundMarkOf(message: Message): PostOptions | undefined {
  for (const choice of message.choices ?? []) {
    const action = parseId(choice.id);
    if (action !== null && QUESTION_BUTTONS.has(action.kind) && 'round' in action) return { roundId: action.round };
  }
  return undefined;
}

export function describeMark(mark: PostOptions): string {
  return mark.roundId !== undefined ? `round ${mark.roundId} (a daily card or a game question)` : `the post keyed ${mark.key ?? '(none)'} (a game's reveal or standings)`;
}
