/** Reading what the bot sent the Slack stand-in (the next call of a method, a button's action_id, the blocks as text), and a message from an earlier run. */
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

/** Every button in the call's message, in order: its action_id and label. */
export function buttonsIn(call: RecordedCall): Array<{ actionId: string; label: string }> {
  return ((call.args.blocks as Block[] | undefined) ?? [])
    .filter((b) => b.type === 'actions')
    .flatMap((b) => (b.elements ?? []).map((e) => ({ actionId: e.action_id!, label: e.text?.text ?? '' })));
}

export function blocksText(call: RecordedCall): string {
  return JSON.stringify(call.args.blocks);
}

/**
 * A message with these buttons that the bot posted before the test began (an earlier run), so a test of
 * the adapter alone has a real message to press; a button's value defaults to its id, as render.ts does.
 * Returns its ts.
 */
export function earlierButtons(standin: SlackStandIn, channel: string, buttons: Array<string | { id: string; value: string }>, options: { ephemeral?: boolean } = {}): string {
  const elements = buttons.map((button, i) => {
    const { id, value } = typeof button === 'string' ? { id: button, value: button } : button;
    return { type: 'button', text: { type: 'plain_text', text: `Button ${i + 1}` }, action_id: id, value };
  });
  return standin.earlierMessage(channel, [{ type: 'section', text: { type: 'mrkdwn', text: 'Question' } }, { type: 'actions', elements }], { ...options, text: 'Question' });
}
