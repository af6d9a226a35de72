/**
 * What the terminal shows of core outcomes: replies, a question that closed, answer counts, forms to
 * fill, edits of earlier messages. It also remembers what is on screen (the buttons to press by number,
 * the message they are on, a form waiting for a line) and what each message said, so an edit prints
 * only what it changes.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { Choice, Message, ModalRequest, Outcome } from '../../core/messages.js';
import { countdownLine, renderInline, renderMessage } from './render.js';

/** Messages whose text is remembered for their edits. */
const REMEMBERED = 100;

export class TerminalScreen {
  /** The buttons of the last message that had any, pressed by typing their number. */
  buttons: Choice[] = [];
  /** The public message those buttons are on (its ref, as edits name it); none when it is private. */
  buttonsOn: string | undefined;
  /** A form waiting for the next typed line. */
  pendingModal: ModalRequest | null = null;
  private readonly texts = new Map<string, string>();
  private shown = 0;

  constructor(
    readonly write: (text: string) => void,
    /** Where images are saved (the terminal cannot show them). */
    private readonly outputDir: string,
  ) {}

  /**
   * The button on screen that `text` names: its whole label ("show answer", "next card"), or the first
   * word of one label alone ("show", "reveal"), case and punctuation aside. A user who types what a
   * button says means to press it, not to answer with it.
   */
  buttonNamed(text: string): Choice | undefined {
    const words = (s: string) => s.toLowerCase().replace(/[^\p{L}\p{N}\s]/gu, ' ').trim().split(/\s+/).filter(Boolean);
    const typed = words(text).join(' ');
    if (!typed) return undefined;
    const whole = this.buttons.find((button) => words(button.label).join(' ') === typed);
    if (whole) return whole;
    const byFirstWord = this.buttons.filter((button) => words(button.label)[0] === typed);
    return byFirstWord.length === 1 ? byFirstWord[0] : undefined;
  }

  /** Prints `message`; returns the ref an edit of it names it by. */
  async show(message: Message): Promise<string> {
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
    const ref = `terminal-${++this.shown}`;
    this.remember(ref, message.text);
    if (message.choices?.length) {
      this.buttons = message.choices;
      this.buttonsOn = message.visibility === 'public' ? ref : undefined;
    }
    return ref;
  }

  /** Message `ref` now reads `message`: prints what it adds (a game's hint, the answer, a name accepted on appeal). */
  edit(ref: string, message: Message): void {
    const before = new Set((this.texts.get(ref) ?? '').split('\n'));
    this.remember(ref, message.text);
    const added = message.text.split('\n').filter((line) => line.trim() && !before.has(line));
    const news = [...added.map(renderInline), message.countdown ? countdownLine(message.countdown) : '', message.footer ?? ''].filter(Boolean);
    if (news.length > 0) this.write(`↻ ${news.join(' · ')}`);
  }

  /** `pressed`: the message whose button was pressed, which an update replaces. */
  async respond(outcome: Outcome, pressed?: string): Promise<void> {
    const pressedButtons = this.buttons;
    if (outcome.reply) await this.show(outcome.reply);
    if (outcome.update && pressed) this.remember(pressed, outcome.update.text);
    // The same buttons: a new count under the question. Other buttons (a reveal's "See it") or none: the
    // question closed, and what replaced it is news.
    if (outcome.update && !sameButtons(outcome.update.choices ?? [], pressedButtons)) {
      await this.show(outcome.update);
      if (!outcome.update.choices?.length) {
        this.buttons = [];
        this.buttonsOn = undefined;
      }
    } else if (outcome.update?.footer && !outcome.reply?.choices?.length) {
      this.write(`↻ ${outcome.update.footer}`);
    }
    if (outcome.modal) {
      this.pendingModal = outcome.modal;
      this.write(`✍️  ${outcome.modal.prompt}\nType your answer and press Enter:`);
    }
  }

  private remember(ref: string, text: string): void {
    this.texts.delete(ref);
    this.texts.set(ref, text);
    if (this.texts.size > REMEMBERED) this.texts.delete(this.texts.keys().next().value!);
  }
}

function sameButtons(a: readonly Choice[], b: readonly Choice[]): boolean {
  return a.length === b.length && a.every((choice, i) => choice.id === b[i]!.id);
}
