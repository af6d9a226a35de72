/** Reading what the bot sent the Slack stand-in: the next call of a method, a button's action_id, the blocks as text. */
import type { RecordedCall, SlackStandIn } from './slack-standin.js';

type Block = { type: string; elements?: Array<{ action_id?: string; text?: { text: string } }> };

/** Runs `act`, then waits for the next call of `method` after it. */
export async function nextCall(standin: SlackStandIn, method: string, act: () => Promise<unknown>): Promise<RecordedCall> {
  const before = standin.callsTo(method).length;
  await act();
  return standin.waitFor(() => standin.callsTo(method)[before], 10_000, method);
}

/** The action_id of the button labelled `label` in the call's message. */
export function buttonIn(call: RecordedCall, label: string): string | undefined {
  return (call.args.blocks as Block[])
    .filter((b) => b.type === 'actions')
    .flatMap((b) => b.elements!)
    .find((e) => e.text?.text === label)?.action_id;
}

export function blocksText(call: RecordedCall): string {
  return JSON.stringify(call.args.blocks);
}
