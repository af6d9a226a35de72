/** The scheduler's way to post to the terminal: daily cards and games appear on screen like any other message. */
import type { Message } from '../../core/messages.js';
import type { ChannelRef, Sender } from '../../core/ports.js';
import { countdownLine, renderInline } from './render.js';
import type { TerminalScreen } from './respond.js';

/** Posted messages remembered for their edits. */
const REMEMBERED = 100;

export function createTerminalSender(screen: TerminalScreen): Sender {
  // What each posted message said, so an edit prints only what it adds (a game's hint, the answer).
  const posted = new Map<string, string>();
  let posts = 0;
  return {
    platform: 'terminal',
    async post(_channel: ChannelRef, message: Message) {
      await screen.show(message);
      const messageRef = `terminal-${++posts}`;
      posted.set(messageRef, message.text);
      if (posted.size > REMEMBERED) posted.delete(posted.keys().next().value!);
      return { messageRef };
    },
    async update(_channel: ChannelRef, ref: string, message: Message) {
      const before = new Set((posted.get(ref) ?? '').split('\n'));
      posted.set(ref, message.text);
      const added = message.text.split('\n').filter((line) => line.trim() && !before.has(line));
      const news = [...added.map(renderInline), message.countdown ? countdownLine(message.countdown) : '', message.footer ?? ''].filter(Boolean);
      if (news.length > 0) screen.write(`↻ ${news.join(' · ')}`);
    },
  };
}
