/**
 * The Discord renderer: core Message -> embed + button rows + attachment, core ModalRequest -> modal.
 * Output is plain Discord API JSON so the same payload serves interaction replies (discord.js) and
 * raw REST posts (the scheduler's Sender). Discord's size limits are enforced here by truncation,
 * never by letting the API reject the whole message.
 */
import {
  ButtonStyle,
  ComponentType,
  TextInputStyle,
  type APIActionRowComponent,
  type APIButtonComponentWithCustomId,
  type APIEmbed,
  type APIModalInteractionResponseCallbackData,
} from 'discord.js';
import type { Choice, ChoiceStyle, Message, ModalRequest } from '../../core/messages.js';
import { truncate } from '../../core/text.js';

/** The custom id of the single text input in every modal we open; parse.ts reads it back. */
export const MODAL_INPUT_ID = 'answer';

export const LIMITS = {
  title: 256,
  description: 4096,
  fields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footer: 2048,
  buttonsPerRow: 5,
  rows: 5,
  buttonLabel: 80,
  customId: 100,
  modalTitle: 45,
  inputLabel: 45,
  placeholder: 100,
  answerLength: 1000,
} as const;

export interface RenderedFile {
  name: string;
  data: Buffer;
}

/** A message ready for Discord: API JSON plus files to upload alongside. */
export interface RenderedMessage {
  embeds: APIEmbed[];
  components: APIActionRowComponent<APIButtonComponentWithCustomId>[];
  files: RenderedFile[];
  ephemeral: boolean;
}

const STYLE: Record<ChoiceStyle, APIButtonComponentWithCustomId['style']> = {
  primary: ButtonStyle.Primary,
  secondary: ButtonStyle.Secondary,
  success: ButtonStyle.Success,
  danger: ButtonStyle.Danger,
};

/** Zero-width space: Discord rejects empty field names and values. */
const BLANK = '\u200b';

export function renderMessage(message: Message): RenderedMessage {
  const embed: APIEmbed = {};
  if (message.title) embed.title = truncate(message.title, LIMITS.title);
  // Discord counts a relative timestamp down on every client by itself: no edits needed for it.
  const countdown = message.countdown ? `\n\n⏳ Closes <t:${Math.ceil(message.countdown.closesAt.getTime() / 1000)}:R>` : '';
  if (message.text || countdown) embed.description = truncate(message.text, LIMITS.description - countdown.length) + countdown;
  if (message.fields?.length) {
    embed.fields = message.fields.slice(0, LIMITS.fields).map((field) => ({
      name: truncate(field.name, LIMITS.fieldName) || BLANK,
      value: truncate(field.value, LIMITS.fieldValue) || BLANK,
      ...(field.inline ? { inline: true } : {}),
    }));
  }
  if (message.footer) embed.footer = { text: truncate(message.footer, LIMITS.footer) };

  const files: RenderedFile[] = [];
  if (message.image) {
    const name = attachmentName(message.image.filename);
    files.push({ name, data: Buffer.from(message.image.png) });
    embed.image = { url: `attachment://${name}` };
  }
  // An embed needs some content; a bare image or an empty text still gets a visible body.
  if (!embed.title && !embed.description && !embed.fields && !embed.image) embed.description = BLANK;

  return {
    embeds: [embed],
    components: renderButtons(message.choices ?? []),
    files,
    ephemeral: message.visibility === 'private',
  };
}

export function renderButtons(choices: readonly Choice[]): APIActionRowComponent<APIButtonComponentWithCustomId>[] {
  const usable = choices
    .filter((choice) => choice.id.length > 0 && choice.id.length <= LIMITS.customId)
    .slice(0, LIMITS.buttonsPerRow * LIMITS.rows);
  const rows: APIActionRowComponent<APIButtonComponentWithCustomId>[] = [];
  for (let start = 0; start < usable.length; start += LIMITS.buttonsPerRow) {
    rows.push({
      type: ComponentType.ActionRow,
      components: usable.slice(start, start + LIMITS.buttonsPerRow).map((choice) => ({
        type: ComponentType.Button,
        custom_id: choice.id,
        label: truncate(choice.label, LIMITS.buttonLabel) || '?',
        style: STYLE[choice.style ?? 'secondary'],
      })),
    });
  }
  return rows;
}

export function renderModal(modal: ModalRequest): APIModalInteractionResponseCallbackData {
  // Classic modals cannot show free text, so the question goes into the placeholder when no
  // placeholder was given: the user still sees it on the message they clicked from.
  const placeholder = modal.placeholder ?? modal.prompt;
  return {
    custom_id: modal.id,
    title: truncate(modal.title, LIMITS.modalTitle) || 'Answer',
    components: [
      {
        type: ComponentType.ActionRow,
        components: [
          {
            type: ComponentType.TextInput,
            custom_id: MODAL_INPUT_ID,
            style: TextInputStyle.Paragraph,
            label: truncate(modal.inputLabel, LIMITS.inputLabel) || 'Answer',
            required: true,
            max_length: Math.min(LIMITS.answerLength, modal.maxLength ?? LIMITS.answerLength),
            ...(placeholder ? { placeholder: truncate(placeholder, LIMITS.placeholder) } : {}),
          },
        ],
      },
    ],
  };
}

/** Discord only links `attachment://name` for plain names: keep letters, digits, dot, dash, underscore. */
export function attachmentName(filename: string): string {
  const cleaned = filename.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^\.+/, '');
  const withExt = /\.png$/i.test(cleaned) ? cleaned : `${cleaned || 'image'}.png`;
  return withExt.slice(-100);
}
