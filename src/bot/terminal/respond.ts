/**
 * What the terminal shows of core outcomes: replies, a question that closed, answer counts, forms to
 * fill. It also remembers what is on screen (the buttons to press by number, a form waiting for a line).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { Choice, Message, ModalRequest, Outcome } from '../../core/messages.js';
import { renderMessage } from './render.js';

export class TerminalScreen {
  /** The buttons of the last message that had any, pressed by typing their number. */
  buttons: Choice[] = [];
  /** A form waiting for the next typed line. */
  pendingModal: ModalRequest | null = null;

  constructor(
    readonly write: (text: string) => void,
    /** Where images are saved (the terminal cannot show them). */
    private readonly outputDir: string,
  ) {}

  async show(message: Message): Promise<void> {
    let imagePath: string | undefined;
    if (message.image) {
      await mkdir(this.outputDir, { recursive: true });
      imagePath = join(this.outputDir, basename(message.image.filename));
      await writeFile(imagePath, message.image.png);
    }
    this.write(renderMessage(message, imagePath));
    if (message.files?.length) {
      await mkdir(this.outputDir, { recursive: true });
      for (const file of message.files) {
        const path = join(this.outputDir, basename(file.name));
        await writeFile(path, file.bytes);
        this.write(`📎 Saved ${path}`);
      }
    }
    if (message.choices?.length) this.buttons = message.choices;
  }

  async respond(outcome: Outcome): Promise<void> {
    if (outcome.reply) await this.show(outcome.reply);
    if (outcome.update && !outcome.update.choices?.length) {
      // The question closed (revealed): what replaced it is news, and its buttons are gone.
      await this.show(outcome.update);
      this.buttons = [];
    } else if (outcome.update?.footer && !outcome.reply?.choices?.length) {
      this.write(`↻ ${outcome.update.footer}`);
    }
    if (outcome.modal) {
      this.pendingModal = outcome.modal;
      this.write(`✍️  ${outcome.modal.prompt}\nType your answer and press Enter:`);
    }
  }
}
