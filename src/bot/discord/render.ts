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
import { MAX_TYPED_ANSWER } from '../../core/options.js';
import { truncate } from '../../core/text.js';
import { BLANK, capFields, fitFields, fitList } from './fit.js';

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
  /** Text Display content in a modal (Discord counts it with the 4,000 of a message's text). */
  displayText: 4000,
  embedTotal: 6000,
  /** An attachment's description: its alt text. */
  attachmentDescription: 1024,
  /** Bytes of files one message may upload (Discord's limit for bots on servers without boosts). */
  uploadBytes: 10 * 1024 * 1024,
} as const;

export interface RenderedFile {
  name: string;
  data: Buffer;
  /** Alt text, read out by screen readers. */
  description?: string;
  contentType: string;
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

export function renderMessage(message: Message): RenderedMessage {
  const embed: APIEmbed = {};
  if (message.title) embed.title = truncate(message.title, LIMITS.title);
  const files: RenderedFile[] = [];
  const refused: string[] = [];
  let uploaded = message.image?.png.byteLength ?? 0;
  for (const file of message.files ?? []) {
    // Past the upload limit a file is left out and named, rather than the whole reply failing.
    if (uploaded + file.bytes.byteLength > LIMITS.uploadBytes) {
      refused.push(`\`${file.name}\` (${(file.bytes.byteLength / 1048576).toFixed(1)} MB) is over Discord's ${LIMITS.uploadBytes / 1048576} MB upload limit and was left out.`);
      continue;
    }
    uploaded += file.bytes.byteLength;
    files.push({ name: fileName(file.name), data: Buffer.from(file.bytes), contentType: file.mime });
  }
  const text = refused.length ? `${message.text}\n${refused.join('\n')}` : message.text;
  const body = fitFields(text, message.fields ?? [], LIMITS);
  if (message.footer) embed.footer = { text: truncate(message.footer, LIMITS.footer) };
  // Discord counts a relative timestamp down on every client by itself: no edits needed for it.
  const countdown = message.countdown ? `\n\n⏳ Closes <t:${Math.ceil(message.countdown.closesAt.getTime() / 1000)}:R>` : '';
  // Discord's 6,000 characters per embed: the title, footer and text (the verdict, the question) first,
  // then the fields as far as they fit, and what they leave goes to the description.
  const size = (part: string | undefined) => (part ? Array.from(part).length : 0);
  const wanted = Math.min(LIMITS.description, size(body.description) + countdown.length);
  const fields = capFields(body.fields, LIMITS.embedTotal - size(embed.title) - size(embed.footer?.text) - wanted);
  if (fields.length) embed.fields = fields;
  const used = [embed.title, embed.footer?.text, ...fields.flatMap((f) => [f.name, f.value])].reduce((sum, part) => sum + size(part), 0);
  const room = Math.max(1, Math.min(LIMITS.description, LIMITS.embedTotal - used) - countdown.length);
  if (body.description || countdown) embed.description = (body.description ? fitList(body.description, room) : '') + countdown;

  if (message.image) {
    const name = attachmentName(message.image.filename);
    const description = truncate(message.image.alt, LIMITS.attachmentDescription);
    files.unshift({ name, data: Buffer.from(message.image.png), contentType: message.image.mime ?? imageType(name), ...(description ? { description } : {}) });
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
  // The question is shown above the input (a Text Display), and the input sits in a Label: the
  // layout Discord documents now, in place of the deprecated action row around a text input.
  const maxLength = Math.min(MAX_TYPED_ANSWER, modal.maxLength ?? MAX_TYPED_ANSWER);
  const components: APIModalInteractionResponseCallbackData['components'] = [];
  if (modal.prompt) components.push({ type: ComponentType.TextDisplay, content: truncate(modal.prompt, LIMITS.displayText) });
  components.push({
    type: ComponentType.Label,
    label: truncate(modal.inputLabel, LIMITS.inputLabel) || 'Answer',
    component: {
      type: ComponentType.TextInput,
      custom_id: MODAL_INPUT_ID,
      style: TextInputStyle.Paragraph,
      required: true,
      max_length: maxLength,
      ...(modal.placeholder ? { placeholder: truncate(modal.placeholder, LIMITS.placeholder) } : {}),
    },
  });
  return { custom_id: modal.id, title: truncate(modal.title, LIMITS.modalTitle) || 'Answer', components };
}

/** Discord only links `attachment://name` for plain names: keep letters, digits, dot, dash, underscore. */
export function attachmentName(filename: string): string {
  const cleaned = filename.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^\.+/, '');
  const withExt = /\.(png|jpe?g|gif|webp)$/i.test(cleaned) ? cleaned : `${cleaned || 'image'}.png`;
  return withExt.slice(-100);
}

/** The picture's type from its name (core images are PNG unless named otherwise, as a deck's JPEG is). */
function imageType(name: string): string {
  const ext = /\.([a-z]+)$/i.exec(name)?.[1]?.toLowerCase();
  return ext === 'jpg' || ext === 'jpeg' ? 'image/jpeg' : ext === 'gif' ? 'image/gif' : ext === 'webp' ? 'image/webp' : 'image/png';
}

/** A plain attachment name that keeps its own extension (an exported deck is no picture). */
function fileName(filename: string): string {
  return (filename.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^\.+/, '') || 'file').slice(-100);
}
