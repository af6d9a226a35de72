/**
 * The Slack renderer: core Message -> Block Kit, core ModalRequest -> a modal view.
 * Images are not blocks here: Slack wants them uploaded (see sender.ts), so the renderer
 * only lays out text, fields, footer and buttons, within Block Kit's size limits.
 */
import { randomBytes } from 'node:crypto';
import type { types } from '@slack/bolt';
import type { Choice, Field, Message, ModalRequest } from '../../core/messages.js';
import { clip, codePoints, splitText, truncate } from '../../core/text.js';
import { escapeControl } from './escaping.js';

type KnownBlock = types.KnownBlock;
type Button = types.Button;
type ModalView = types.ModalView;

/** Block Kit limits we render within. */
export const LIMITS = {
  headerText: 150,
  sectionText: 3000,
  fieldText: 2000,
  fieldsPerSection: 10,
  buttonText: 75,
  buttonsPerActions: 5,
  actionId: 255,
  buttonValue: 2000,
  fallbackText: 3000,
  modalTitle: 24,
  inputLabel: 2000,
  placeholder: 150,
  inputLength: 3000,
  privateMetadata: 3000,
  blocksPerMessage: 50,
  /** Slack answers msg_blocks_too_long past about 12,000 characters of block text; we keep a margin. */
  messageBlocksText: 11_500,
} as const;

export interface SlackMessage {
  /** Notification / accessibility fallback (plain-ish text). */
  text: string;
  blocks: KnownBlock[];
}

/** Slack's mrkdwn: escape the three control characters, **bold** -> *bold*; _italic_ and `code` are the same. */
export function toMrkdwn(text: string): string {
  return escapeControl(text).replace(/\*\*(.+?)\*\*/gs, '*$1*');
}

/** Text without markup, for fallbacks and plain_text objects. */
export function toPlain(text: string): string {
  return text.replace(/\*\*(.+?)\*\*/gs, '$1');
}

export interface RenderOptions {
  /** A button's `value` (default: its core id). Slack sends it back with the press, untrusted. */
  buttonValue?: (choice: Choice) => string;
}

export function renderMessage(message: Message, options: RenderOptions = {}): SlackMessage {
  const blocks: KnownBlock[] = [];
  if (message.title) {
    blocks.push({ type: 'header', text: { type: 'plain_text', text: truncate(toPlain(message.title), LIMITS.headerText), emoji: true } });
  }
  blocks.push(...textSections(toMrkdwn(message.text)));
  blocks.push(...renderFields(message.fields ?? []));
  // The footer and buttons always stay (the buttons are how the message is used); the body is trimmed to fit.
  const tail: KnownBlock[] = [];
  if (message.footer) {
    tail.push({ type: 'context', elements: [{ type: 'mrkdwn', text: truncate(toMrkdwn(message.footer), LIMITS.sectionText) }] });
  }
  if (message.countdown) tail.push(countdownBlock(message.countdown));
  tail.push(...renderChoices(message.choices ?? [], options.buttonValue ?? ((choice) => choice.id)));
  return { text: fallbackText(message), blocks: [...fitBody(blocks, tail), ...tail] };
}

/** The note that replaces what did not fit, so a trimmed list says so. */
export const TRIMMED_NOTE = "_… and more: the rest does not fit in one Slack message._";

/** Keeps the body's blocks in order while the whole message stays within Slack's block and character limits. */
function fitBody(body: KnownBlock[], tail: KnownBlock[]): KnownBlock[] {
  const note: KnownBlock = { type: 'context', elements: [{ type: 'mrkdwn', text: TRIMMED_NOTE }] };
  const all = [...body, ...tail];
  if (all.length <= LIMITS.blocksPerMessage && blocksText(all) <= LIMITS.messageBlocksText) return body;
  let chars = blocksText([...tail, note]);
  const maxBlocks = LIMITS.blocksPerMessage - tail.length - 1;
  const kept: KnownBlock[] = [];
  for (const block of body) {
    if (kept.length >= maxBlocks) break;
    const size = blocksText([block]);
    if (chars + size <= LIMITS.messageBlocksText) {
      kept.push(block);
      chars += size;
      continue;
    }
    // A long text section is cut at a line end (or word) rather than dropped whole.
    const room = LIMITS.messageBlocksText - chars;
    if (block.type === 'section' && block.text && room > 200) {
      kept.push({ ...block, text: { ...block.text, text: splitText(block.text.text, room)[0] ?? ' ' } });
    }
    break;
  }
  return [...kept, note];
}

/** Characters (code points) of text in blocks, as Slack counts toward msg_blocks_too_long. */
function blocksText(blocks: KnownBlock[]): number {
  let chars = 0;
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (!node || typeof node !== 'object') return;
    for (const [key, value] of Object.entries(node)) {
      if (key === 'text' && typeof value === 'string') chars += codePoints(value);
      else visit(value);
    }
  };
  visit(blocks);
  return chars;
}

/**
 * Slack cannot count down by itself: the core refreshes `secondsLeft` with coalesced edits, and the
 * closing time shows in each reader's own zone (`<!date^…>`, with a UTC fallback).
 */
function countdownBlock(countdown: NonNullable<Message['countdown']>): KnownBlock {
  const unix = Math.ceil(countdown.closesAt.getTime() / 1000);
  const fallback = `${countdown.closesAt.toISOString().slice(11, 19)} UTC`;
  return {
    type: 'context',
    elements: [{ type: 'mrkdwn', text: `⏳ About *${countdown.secondsLeft} s* left · closes at <!date^${unix}^{time_secs}|${fallback}>` }],
  };
}

/**
 * Inline fields share two-column sections (short by nature: cut to a field's 2,000); a non-inline field
 * gets sections of its own, as many as its value needs (a card's answer can be 4,000 characters).
 */
function renderFields(fields: Field[]): KnownBlock[] {
  const blocks: KnownBlock[] = [];
  let inline: Field[] = [];
  const flush = () => {
    for (let i = 0; i < inline.length; i += LIMITS.fieldsPerSection) {
      blocks.push({
        type: 'section',
        fields: inline.slice(i, i + LIMITS.fieldsPerSection).map((f) => ({ type: 'mrkdwn', text: fieldText(f, LIMITS.fieldText) })),
      });
    }
    inline = [];
  };
  for (const field of fields) {
    if (field.inline) {
      inline.push(field);
      continue;
    }
    flush();
    blocks.push(...textSections(fieldMrkdwn(field)));
  }
  flush();
  return blocks;
}

function fieldText(field: Field, max: number): string {
  return truncate(fieldMrkdwn(field), max);
}

function fieldMrkdwn(field: Field): string {
  return `*${toMrkdwn(toPlain(field.name))}*\n${toMrkdwn(field.value) || ' '}`;
}

/** Text over a section's limit goes on in the next section, split at a line end or word (core/text.ts). */
function textSections(mrkdwn: string): KnownBlock[] {
  return splitText(mrkdwn, LIMITS.sectionText).map((piece) => ({ type: 'section', text: { type: 'mrkdwn', text: piece } }));
}

function renderChoices(choices: Choice[], buttonValue: (choice: Choice) => string): KnownBlock[] {
  const blocks: KnownBlock[] = [];
  // Slack: "If a message is updated, use a new block_id" (it keeps a block's state by block_id). Every
  // rendering is a new iteration (a count update re-sends the same buttons), so each gets fresh random
  // ids: unique across replicas and restarts too. Presses route by action_id (handlers.ts), not block_id.
  const iteration = randomBytes(9).toString('base64url');
  for (let i = 0; i < choices.length; i += LIMITS.buttonsPerActions) {
    blocks.push({
      type: 'actions',
      block_id: `choices-${i / LIMITS.buttonsPerActions}-${iteration}`,
      elements: choices.slice(i, i + LIMITS.buttonsPerActions).map((choice) => renderButton(choice, buttonValue(choice))),
    });
  }
  return blocks;
}

function renderButton(choice: Choice, value: string): Button {
  const button: Button = {
    type: 'button',
    action_id: clip(choice.id, LIMITS.actionId),
    value: clip(value, LIMITS.buttonValue),
    text: { type: 'plain_text', text: truncate(toPlain(choice.label), LIMITS.buttonText) || '…', emoji: true },
  };
  // Slack has two styles; the core's 'success' reads as primary, 'secondary' is Slack's default.
  if (choice.style === 'primary' || choice.style === 'success') button.style = 'primary';
  if (choice.style === 'danger') button.style = 'danger';
  return button;
}

/** Slack parses `text` as mrkdwn too, so it is escaped: deck content must not @-mention anyone. */
function fallbackText(message: Message): string {
  const text = [message.title, message.text].filter(Boolean).map((t) => escapeControl(toPlain(t as string))).join('\n');
  return truncate(text || ' ', LIMITS.fallbackText);
}

/** Opened at once for a press that asks for a form (its trigger_id lives 3 s); the core's modal replaces it. */
export function renderPlaceholderModal(text = 'Loading…'): ModalView {
  return {
    type: 'modal',
    title: { type: 'plain_text', text: 'studybot' },
    close: { type: 'plain_text', text: 'Close' },
    blocks: [{ type: 'section', text: { type: 'mrkdwn', text: truncate(toMrkdwn(text), LIMITS.sectionText) || ' ' } }],
  };
}

/** The block and action ids of the modal's one input, read back on view_submission. */
export const MODAL_INPUT = { blockId: 'answer', actionId: 'text' } as const;

export function renderModal(modal: ModalRequest, privateMetadata: string): ModalView {
  const blocks: KnownBlock[] = [];
  blocks.push(...textSections(toMrkdwn(modal.prompt)));
  blocks.push({
    type: 'input',
    block_id: MODAL_INPUT.blockId,
    label: { type: 'plain_text', text: truncate(toPlain(modal.inputLabel), LIMITS.inputLabel) || 'Answer' },
    element: {
      type: 'plain_text_input',
      action_id: MODAL_INPUT.actionId,
      multiline: true,
      max_length: Math.min(LIMITS.inputLength, modal.maxLength ?? LIMITS.inputLength),
      ...(modal.placeholder
        ? { placeholder: { type: 'plain_text' as const, text: truncate(modal.placeholder, LIMITS.placeholder) } }
        : {}),
    },
  });
  return {
    type: 'modal',
    callback_id: modal.id,
    title: { type: 'plain_text', text: truncate(toPlain(modal.title), LIMITS.modalTitle) || 'Answer' },
    submit: { type: 'plain_text', text: 'Submit' },
    close: { type: 'plain_text', text: 'Cancel' },
    private_metadata: clip(privateMetadata, LIMITS.privateMetadata),
    blocks,
  };
}
