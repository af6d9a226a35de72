/** The scheduler's way to post to the terminal: daily cards appear on screen like any other message. */
import type { Message } from '../../core/messages.js';
import type { ChannelRef, Sender } from '../../core/ports.js';
import type { TerminalScreen } from './respond.js';

export function createTerminalSender(screen: TerminalScreen): Sender {
  return {
    platform: 'terminal',
    async post(_channel: ChannelRef, message: Message) {
      await screen.show(message);
      return { messageRef: `terminal-${Date.now()}` };
    },
    async update(_channel: ChannelRef, _ref: string, message: Message) {
      if (message.footer) screen.write(`↻ ${message.footer}`);
    },
  };
}
