/** Renders the core message model as terminal text. */
import type { Message } from '../../core/messages.js';

const useColor = process.stdout.isTTY && !process.env.NO_COLOR;
const bold = (s: string) => (useColor ? `\x1b[1m${s}\x1b[22m` : s);
const dim = (s: string) => (useColor ? `\x1b[2m${s}\x1b[22m` : s);

/** `**bold**` -> terminal bold; `_x_` and backticks are left readable as they are. */
export function renderInline(text: string): string {
  return text.replace(/\*\*(.+?)\*\*/gs, (_, inner: string) => bold(inner));
}

export function renderMessage(message: Message, imagePath?: string): string {
  const lines: string[] = [];
  const tag = message.visibility === 'private' ? dim(' (only you)') : '';
  if (message.title) lines.push(bold(message.title) + tag);
  else if (tag) lines.push(tag.trim());
  if (message.text) lines.push(renderInline(message.text));
  for (const field of message.fields ?? []) lines.push(`${bold(field.name)}: ${renderInline(field.value)}`);
  if (imagePath) lines.push(`🖼  image saved to ${imagePath}`);
  if (message.choices?.length) {
    lines.push(message.choices.map((choice, index) => `[${index + 1}] ${choice.label}`).join('   '));
  }
  if (message.countdown) lines.push(countdownLine(message.countdown));
  if (message.footer) lines.push(dim(message.footer));
  return lines.join('\n');
}

/** The terminal cannot count by itself either: the core's coalesced edits print a fresh line. */
export function countdownLine(countdown: NonNullable<Message['countdown']>): string {
  return `⏳ ${countdown.secondsLeft} s left`;
}
