/**
 * What the bot's messages show: their buttons (for presses), the block_ids of every iteration (each must be
 * new), the metadata kept; and the test's own hands on them (a press, an earlier run's message, a delete).
 */
import { blockIdsOf, metadataProblems, reusedBlockIdProblems } from '../slack-rules.js';
import type { StandInState } from './state.js';
import { STANDIN_BOT_ID, STANDIN_BOT_USER, type RenderedButton } from './types.js';

/** Well-formed metadata (ruleError refused the rest) is kept unless Slack ignores it: then the answer warns. */
export function keptMetadata(state: StandInState, method: string, given: unknown): { metadata?: unknown; warned?: { warning: string; response_metadata: { warnings: string[] } } } {
  const { warning, problems } = metadataProblems(given);
  if (!warning) return { metadata: given };
  for (const problem of problems) state.violations.push(`${method}: ${problem}`);
  return { warned: { warning, response_metadata: { warnings: [warning] } } };
}

/** An update of message `key` must not repeat a block_id of an earlier iteration (slack-rules.ts). */
export function newIteration(state: StandInState, method: string, key: string, blocks: unknown): void {
  const earlier = state.iterations.get(key) ?? new Set<string>();
  for (const problem of reusedBlockIdProblems(blocks, earlier)) state.violations.push(`${method}: ${problem}`);
  for (const id of blockIdsOf(blocks)) earlier.add(id);
  state.iterations.set(key, earlier);
}

export function remember(state: StandInState, ts: string, blocks: unknown): string {
  if (!Array.isArray(blocks)) return ts;
  const buttons: RenderedButton[] = [];
  // Buttons sit in an actions block's elements or as a section's accessory.
  for (const block of blocks as any[]) {
    for (const element of [...(block?.elements ?? []), ...(block?.accessory ? [block.accessory] : [])]) {
      if (element?.type === 'button') buttons.push({ actionId: element.action_id, value: element.value, blockId: block.block_id, label: element.text?.text ?? '' });
    }
  }
  state.rendered.set(ts, buttons);
  return ts;
}

/** SlackStandIn.pressed: the button as the message `ts` shows it now; anything else throws (the test is wrong). */
export function pressed(state: StandInState, ts: string, actionId: string): RenderedButton {
  const buttons = state.rendered.get(ts);
  if (!buttons) throw new Error(`stand-in: a press of ${actionId} on message ${ts}, which the bot never posted (or deleted): Slack sends presses only from messages it shows`);
  const button = buttons.find((b) => b.actionId === actionId);
  if (!button) throw new Error(`stand-in: a press of ${actionId} on message ${ts}, which has no such button (it has ${buttons.map((b) => b.actionId).join(', ') || 'none'})`);
  return button;
}

/** SlackStandIn.earlierMessage: a message posted before the test began; returns its ts. */
export function earlierMessage(state: StandInState, channel: string, blocks: unknown[], options: { ephemeral?: boolean; text?: string } = {}): string {
  const ts = remember(state, state.nextTs(), blocks);
  newIteration(state, 'earlierMessage', ts, blocks);
  if (!options.ephemeral) state.channelMessages(channel).push({ type: 'message', ts, text: options.text ?? '', blocks, user: STANDIN_BOT_USER, bot_id: STANDIN_BOT_ID });
  return ts;
}

/** SlackStandIn.deleteMessage: chat.update on it then answers message_not_found. */
export function deleteMessage(state: StandInState, channel: string, ts: string): void {
  state.rendered.delete(ts);
  state.history.set(channel, state.channelMessages(channel).filter((m) => m.ts !== ts));
}
