/**
 * The terminal adapter: the no-token demo. Type slash commands, answer by number or text.
 * It is the same core as the chat adapters; `/as <name>` switches user so a group can be tried alone.
 */
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { userInfo } from 'node:os';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { StudyBotApi } from '../../core/bot.js';
import type { Actor, Command } from '../../core/commands.js';
import { deckFileTooBig, MAX_DECK_BYTES } from '../../core/decks/limits.js';
import { isPackageName, MAX_PACKAGE_BYTES, packageFileTooBig } from '../../core/decks/package.js';
import { parseId } from '../../core/ids.js';
import type { Choice, Outcome } from '../../core/messages.js';
import type { Sender } from '../../core/ports.js';
import type { RunningAdapter } from '../adapter.js';
import { parseTerminalLine } from './parse.js';
import { TerminalScreen } from './respond.js';
import { createTerminalSender } from './sender.js';

export interface TerminalOptions {
  bot: StudyBotApi;
  input?: Readable;
  output?: Writable;
  /** Where /generate images are saved. */
  outputDir?: string;
  /** Starting user name (default: the OS user). */
  userName?: string;
  /** Who may manage (daily settings, others' quizzes, appeals); default everyone, as suits a demo one person runs. */
  moderators?: readonly string[];
}

export interface RunningTerminal extends RunningAdapter {
  readonly sender: Sender;
  /** Resolves when the input ends (Ctrl-D, /quit or end of a piped file). */
  readonly closed: Promise<void>;
}

export const TERMINAL_WORKSPACE = 'local';
export const TERMINAL_CHANNEL = 'terminal';

export async function startTerminal(options: TerminalOptions): Promise<RunningTerminal> {
  const input = options.input ?? process.stdin;
  const output = options.output ?? process.stdout;
  const screen = new TerminalScreen((text) => output.write(`${text}\n`), options.outputDir ?? join('data', 'generated'));
  const write = screen.write;
  const sender = createTerminalSender(screen);
  let userName = options.userName ?? safeUserName();
  let interactions = 0;
  // Interaction ids must not repeat across runs on one database: a replayed id finds the round or answer it
  // made before ('/quiz' as the first line of a new run showed the last run's first quiz again).
  const session = randomUUID();
  let running = true;

  const actor = (): Actor => ({
    platform: 'terminal',
    workspaceId: TERMINAL_WORKSPACE,
    channelId: TERMINAL_CHANNEL,
    userId: userName.toLowerCase(),
    displayName: userName,
    canManage: !options.moderators || options.moderators.some((name) => name.toLowerCase() === userName.toLowerCase()),
    timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
  });

  /** `messageRef`: the public message whose button was pressed. */
  async function run(command: Command, messageRef?: string): Promise<Outcome> {
    const request = { actor: actor(), command, interactionId: `terminal-${session}-${++interactions}`, ...(messageRef ? { messageRef } : {}) };
    const outcome = await options.bot.handle(request);
    await screen.respond(outcome, messageRef);
    // Earlier messages that changed (a reveal after an accepted appeal), edited as the scheduler's posts are.
    for (const edit of outcome.edits ?? []) {
      const channel = { platform: 'terminal' as const, workspaceId: TERMINAL_WORKSPACE, channelId: edit.channelId };
      await sender.update(channel, edit.messageRef, edit.message).catch((error: unknown) => write(`Could not update an earlier message: ${String(error)}`));
    }
    return outcome;
  }

  /** Presses a button of the screen's last message with buttons. */
  function press(choice: Choice): Promise<Outcome> {
    return run({ type: 'press', id: choice.id }, screen.buttonsOn);
  }

  async function handleLine(line: string): Promise<void> {
    const parsed = parseTerminalLine(line);
    if (screen.pendingModal && (parsed.kind === 'text' || parsed.kind === 'pick' || parsed.kind === 'letter')) {
      const modal = screen.pendingModal;
      screen.pendingModal = null;
      await run({ type: 'submit', id: modal.id, text: line.trim() });
      return;
    }
    switch (parsed.kind) {
      case 'empty':
        return;
      case 'quit':
        rl.close();
        return;
      case 'as':
        userName = parsed.name;
        write(`You are now ${userName}.`);
        return;
      case 'command':
        await run(parsed.command);
        return;
      case 'import':
        await importFile(parsed.path, parsed.history);
        return;
      case 'pick': {
        const choice = screen.buttons[parsed.index];
        if (!choice) write(`There is no button [${parsed.index + 1}] on screen. /help lists the commands.`);
        else await press(choice);
        return;
      }
      case 'letter': {
        // "a" used to press the first button, whatever it was: before a game's first question, "Stop game".
        const choice = screen.buttons.find((button) => button.label.trim().toUpperCase() === parsed.letter);
        if (!choice) write(`There is no answer ${parsed.letter} on screen. Type a button's number, or /help for the commands.`);
        else await press(choice);
        return;
      }
      case 'text': {
        const named = screen.buttonNamed(parsed.text);
        if (named) {
          await press(named);
          return;
        }
        // An "Answer" (or review "Type answer") button on screen: typing the answer directly opens and fills its form.
        const answerButton = screen.buttons.find((button) => ['type', 'rtype'].includes(parseId(button.id)?.kind ?? ''));
        if (answerButton) {
          const outcome = await press(answerButton);
          if (outcome.modal) {
            screen.pendingModal = null;
            await run({ type: 'submit', id: outcome.modal.id, text: parsed.text });
          }
          return;
        }
        write('Type a number to press a button, or a /command (try /help).');
        return;
      }
      case 'unknown':
        write(`Unknown command ${parsed.word}. Try /help.`);
        return;
      case 'usage':
        write(parsed.text);
        return;
    }
  }

  async function importFile(path: string, history?: string): Promise<void> {
    const isPackage = isPackageName(path);
    let bytes: Buffer;
    try {
      bytes = await readFile(path);
      if (bytes.length > (isPackage ? MAX_PACKAGE_BYTES : MAX_DECK_BYTES)) {
        write(isPackage ? packageFileTooBig(path) : deckFileTooBig(path));
        return;
      }
    } catch (error) {
      write(`Cannot read ${path}: ${unreadable(error)}. \`/deck import\` takes a deck file's path here, e.g. \`/deck import ./my-deck.csv\`.`);
      return;
    }
    const file = isPackage ? { content: '', bytes: new Uint8Array(bytes) } : { content: bytes.toString('utf8') };
    await run({ type: 'deck_import', filename: basename(path), ...file, ...(history === undefined ? {} : { history }) });
  }

  const rl = createInterface({ input, output, terminal: false });
  write('studybot: type /quiz gan to start, /help for all commands, /quit to leave.');
  const closed = (async () => {
    for await (const line of rl) {
      if (!running) break;
      try {
        await handleLine(line);
      } catch (error) {
        write(`Something went wrong: ${(error as Error).message}`);
      }
    }
    running = false;
  })();

  return {
    name: 'terminal',
    sender,
    closed,
    isHealthy: () => running,
    async stop() {
      running = false;
      rl.close();
      await closed;
    },
  };
}

/** Why a file could not be read, in words ("ENOENT" means nothing to most users). */
function unreadable(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'there is no such file';
  if (code === 'EISDIR') return 'that is a folder, not a file';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  return code ?? String(error);
}

function safeUserName(): string {
  try {
    return userInfo().username || 'you';
  } catch {
    return 'you';
  }
}
