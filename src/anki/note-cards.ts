/**
 * One Anki card (a note + one of its templates, or one cloze number) -> the question and answer a text
 * card shows, or the reason it cannot be one. The card's templates are rendered as Anki renders them, so
 * Basic, Basic (and reversed), "type in the answer" and custom note types all come out right.
 */
import { MAX_BACK_CHARS, MAX_FRONT_CHARS } from '../core/decks/limits.js';
import { MAX_ACCEPTED, MAX_KEY_POINTS } from '../core/decks/grading-lines.js';
import { clozeAnswers } from './cloze.js';
import type { CardRow, NoteType } from './collection.js';
import { gradingHintsOf } from './grading-fields.js';
import { htmlToText } from './html.js';
import { renderTemplate, type TemplateContext } from './template.js';

export interface CardContent {
  front: string;
  back: string;
  extra: string;
  frontImages: string[];
  backImages: string[];
  typed: boolean;
  keyPoints: string[];
  accepted: string[];
}

/** The text of a side that shows only a picture. */
export const IMAGE_ONLY = '[image]';

export const SKIP_REASONS = {
  imageOcclusion: 'Image Occlusion cards need the picture masks only Anki can draw',
  noTemplate: 'the note type has no template for this card',
  emptyQuestion: 'the question is empty here (sound only, or a template feature studybot cannot show)',
  emptyAnswer: 'the answer is empty',
  missingCloze: 'the cloze number no longer appears in the note',
  pictureCloze: 'the hidden part is a picture, which cannot be typed',
  tooLong: `the question is over ${MAX_FRONT_CHARS} or the answer over ${MAX_BACK_CHARS} characters`,
  hintsOverLimits: `its key points or accepted answers are over the limits (${MAX_KEY_POINTS} and ${MAX_ACCEPTED} a card)`,
} as const;

export type SkipReason = (typeof SKIP_REASONS)[keyof typeof SKIP_REASONS];

const ANSWER_RULE = /<hr[^>]*\bid\s*=\s*["']?answer\b["']?[^>]*>/i;

export function cardContent(row: CardRow, type: NoteType, deckName: string): CardContent | { skipped: SkipReason } {
  if (type.imageOcclusion) return { skipped: SKIP_REASONS.imageOcclusion };
  const cloze = type.kind === 'cloze';
  const template = type.templates.get(cloze ? 0 : row.ord) ?? (cloze ? type.templates.values().next().value : undefined);
  if (!template) return { skipped: SKIP_REASONS.noTemplate };

  const values = row.fields.split('\x1f');
  const fields = new Map(type.fields.map((name, i) => [name, values[i] ?? '']));
  const hints = gradingHintsOf(fields);
  if (hints === 'over-limits') return { skipped: SKIP_REASONS.hintsOverLimits };
  const base: Omit<TemplateContext, 'side'> = {
    fields,
    tags: row.tags.trim(),
    deck: deckName,
    noteType: type.name,
    cardName: template.name,
    ...(cloze ? { clozeOrd: row.ord + 1 } : {}),
  };
  const question = renderTemplate(template.front, { ...base, side: 'question' });
  // {{FrontSide}} left empty: the question is shown already; only the part after Anki's answer rule is the answer
  const answer = renderTemplate(template.back, { ...base, side: 'answer', frontSide: '' });
  const answerHtml = answer.html.split(ANSWER_RULE).at(-1) ?? '';

  const front = htmlToText(question.html);
  if (front.text === '' && front.images.length === 0) return { skipped: SKIP_REASONS.emptyQuestion };
  const rest = htmlToText(answerHtml);
  const notOnFront = (images: string[]) => images.filter((i) => !front.images.includes(i));

  let content: Omit<CardContent, 'keyPoints' | 'accepted'>;
  if (cloze) {
    const clozeFields = [...new Set([...question.clozeFields, ...answer.clozeFields])];
    const hidden = clozeFields.flatMap((f) => clozeAnswers(fields.get(f) ?? '', row.ord + 1)).map(htmlToText);
    if (hidden.length === 0) return { skipped: SKIP_REASONS.missingCloze };
    if (hidden.some((h) => h.text === '')) return { skipped: SKIP_REASONS.pictureCloze };
    content = {
      front: front.text || IMAGE_ONLY,
      back: [...new Set(hidden.map((h) => h.text))].join(', '),
      extra: rest.text,
      frontImages: front.images,
      backImages: notOnFront([...hidden.flatMap((h) => h.images), ...rest.images]),
      typed: true,
    };
  } else {
    if (rest.text === '' && rest.images.length === 0) return { skipped: SKIP_REASONS.emptyAnswer };
    content = {
      front: front.text || IMAGE_ONLY,
      back: rest.text || IMAGE_ONLY,
      extra: '',
      frontImages: front.images,
      backImages: notOnFront(rest.images),
      typed: question.typedFields.length > 0,
    };
  }
  if (content.front.length > MAX_FRONT_CHARS || content.back.length > MAX_BACK_CHARS) return { skipped: SKIP_REASONS.tooLong };
  return { ...content, ...hints };
}
