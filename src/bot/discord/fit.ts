/**
 * Fitting core text into Discord's embed limits without silently losing it: a long list is cut at an
 * item boundary and says how many items were left out, and a field too long for a field value
 * (1,024) moves into the description (4,096) or is split over several fields.
 */
import type { Field } from '../../core/messages.js';
import { truncate } from '../../core/text.js';

/** Zero-width space: Discord rejects empty field names and values. */
export const BLANK = '\u200b';

/**
 * `text` cut to `max` code points. When it is too long and is a list (lines, or names joined by
 * ", "), the cut falls between items and ends with "… and N more" so the reader knows.
 */
export function fitList(text: string, max: number): string {
  const chars = Array.from(text);
  if (chars.length <= max) return text;
  // Room for the note; N has at most as many digits as the text has characters.
  const room = max - ` … and ${chars.length} more`.length;
  const head = chars.slice(0, Math.max(0, room)).join('');
  const cut = Math.max(head.lastIndexOf('\n'), head.lastIndexOf(', '));
  // No item boundary in the second half of what fits: it is prose, not a list.
  if (cut < head.length / 2) return truncate(text, max);
  const separator = head.lastIndexOf(', ') > head.lastIndexOf('\n') ? ', ' : '\n';
  const rest = text.slice(cut + separator.length);
  const dropped = rest.split(separator).filter((item) => item.trim().length > 0).length;
  const note = separator === '\n' ? `\n… and ${dropped} more` : ` … and ${dropped} more`;
  return head.slice(0, cut) + (separator === ', ' ? ',' : '') + note;
}

export interface FittedBody {
  description: string;
  fields: { name: string; value: string; inline?: true }[];
}

/**
 * Places fields within the limits. A field whose value is over `fieldValue` (a card's answer can be
 * 4,000 characters) goes to the end of the description under its name when that fits, else it is
 * split over consecutive fields, the continuations with a blank name.
 */
export function fitFields(
  text: string,
  fields: readonly Field[],
  limits: { description: number; fields: number; fieldName: number; fieldValue: number },
): FittedBody {
  let description = text;
  const out: FittedBody['fields'] = [];
  for (const field of fields) {
    const name = truncate(field.name, limits.fieldName) || BLANK;
    const value = Array.from(field.value);
    if (value.length <= limits.fieldValue) {
      out.push({ name, value: field.value || BLANK, ...(field.inline ? { inline: true as const } : {}) });
      continue;
    }
    const spilled = `${description ? `${description}\n\n` : ''}**${field.name}**\n${field.value}`;
    if (Array.from(spilled).length <= limits.description) {
      description = spilled;
      continue;
    }
    for (let start = 0; start < value.length; start += limits.fieldValue) {
      out.push({ name: start === 0 ? name : BLANK, value: value.slice(start, start + limits.fieldValue).join('') });
    }
  }
  return { description, fields: out.slice(0, limits.fields) };
}

/**
 * The fields that fit in `budget` characters (names and values), in order: the one that crosses it cut
 * with an ellipsis, the rest left out. What the embed's other parts need comes first (renderMessage).
 */
export function capFields(fields: FittedBody['fields'], budget: number): FittedBody['fields'] {
  const out: FittedBody['fields'] = [];
  let left = budget;
  for (const field of fields) {
    const size = Array.from(field.name).length + Array.from(field.value).length;
    if (size <= left) {
      out.push(field);
      left -= size;
      continue;
    }
    const room = left - Array.from(field.name).length;
    if (room >= MIN_CUT_VALUE) out.push({ ...field, value: truncate(field.value, room) });
    break;
  }
  return out;
}
/** A field cut shorter than this says too little to keep. */
const MIN_CUT_VALUE = 20;
