/** The scheduler's way to post to the terminal: daily cards and games appear on screen like any other message. */
import type { Message } from '../../core/messages.js';
import type { ChannelRef, Sender } from '../../core/ports.js';
import type { TerminalScreen } from './respond.js';

export function createTerminalSender(screen: TerminalScreen): Sender {
  return {
    platform: 'terminal',
    async post(_channel: ChannelRef, message: Message) {
      return { messageRef: await screen.show(message) };
    },
    async update(_channel: ChannelRef, ref: string, message: Message) {
      screen.edit(ref, message);
    },
  };
}
