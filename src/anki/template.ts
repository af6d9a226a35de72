/**
 * Anki card templates, rendered to HTML the way Anki fills them in, for the parts a text card can use:
 * `{{Field}}`, `{{#Field}}…{{/Field}}`, `{{^Field}}…{{/Field}}`, `{{FrontSide}}`, the special fields
 * (Tags, Deck, Subdeck, Type, Card) and the filters text:, type:, cloze:, hint:, furigana:, kana:, kanji:
 * and tts. What only a browser can do (hint links, typing boxes, speech) renders as nothing.
 */
import { clozeAnswers, clozeQuestion } from './cloze.js';
import { fieldIsFilled } from './html.js';

export interface TemplateContext {
  /** Field name -> the note's HTML for it. */
  fields: ReadonlyMap<string, string>;
  tags: string;
  deck: string;
  noteType: string;
  cardName: string;
  side: 'question' | 'answer';
  /** The card's cloze number (1-based) for cloze note types. */
  clozeOrd?: number;
  /** The rendered question, for {{FrontSide}} on the answer side. */
  frontSide?: string;
}

export interface Rendered {
  html: string;
  /** Fields used with `type:` (a "type in the answer" card). */
  typedFields: string[];
  /** Fields used with `cloze:`. */
  clozeFields: string[];
  /** On a cloze card's answer side: the hidden text(s) of this card's number, as HTML (the cloze itself renders empty there). */
  clozeAnswers: string[];
}

type Node = { text: string } | { field: string; filters: string[] } | { section: string; inverted: boolean; body: Node[] };

const TAG = /\{\{([^{}]*)\}\}/g;

function parseTemplate(template: string): Node[] {
  const root: Node[] = [];
  const stack: { name: string; body: Node[] }[] = [];
  const current = () => stack.at(-1)?.body ?? root;
  let last = 0;
  for (const m of template.matchAll(TAG)) {
    if (m.index > last) current().push({ text: template.slice(last, m.index) });
    last = m.index + m[0].length;
    const inner = m[1]!.trim();
    if (inner.startsWith('#') || inner.startsWith('^')) {
      const body: Node[] = [];
      current().push({ section: inner.slice(1).trim(), inverted: inner.startsWith('^'), body });
      stack.push({ name: inner.slice(1).trim(), body });
    } else if (inner.startsWith('/')) {
      // close the matching section (and any left open inside it); a stray close is ignored, as a typo
      const at = stack.map((s) => s.name).lastIndexOf(inner.slice(1).trim());
      if (at >= 0) stack.length = at;
    } else if (inner !== '') {
      const parts = inner.split(':');
      current().push({ field: parts.at(-1)!.trim(), filters: parts.slice(0, -1).map((f) => f.trim()) });
    }
  }
  if (last < template.length) current().push({ text: template.slice(last) });
  return root;
}

/** A deck has a handful of templates and thousands of cards: parse each template once. */
const parsed = new Map<string, Node[]>();

function parsedTemplate(template: string): Node[] {
  let nodes = parsed.get(template);
  if (!nodes) {
    if (parsed.size >= 500) parsed.clear();
    nodes = parseTemplate(template);
    parsed.set(template, nodes);
  }
  return nodes;
}

export function renderTemplate(template: string, ctx: TemplateContext): Rendered {
  const result: Rendered = { html: '', typedFields: [], clozeFields: [], clozeAnswers: [] };
  const render = (nodes: Node[]): string =>
    nodes
      .map((n) => {
        if ('text' in n) return n.text;
        if ('section' in n) return isFilled(n.section, ctx) !== n.inverted ? render(n.body) : '';
        return replace(n.field, n.filters, ctx, result);
      })
      .join('');
  result.html = render(parsedTemplate(template));
  return result;
}

function lookup(name: string, ctx: TemplateContext): string | undefined {
  switch (name) {
    case 'FrontSide':
      return ctx.side === 'answer' ? (ctx.frontSide ?? '') : '';
    case 'Tags':
      return ctx.tags;
    case 'Deck':
      return ctx.deck;
    case 'Subdeck':
      return ctx.deck.split('::').at(-1) ?? '';
    case 'Type':
      return ctx.noteType;
    case 'Card':
      return ctx.cardName;
  }
  const exact = ctx.fields.get(name);
  if (exact !== undefined) return exact;
  const lower = name.toLowerCase();
  for (const [k, v] of ctx.fields) if (k.toLowerCase() === lower) return v;
  return undefined;
}

function isFilled(name: string, ctx: TemplateContext): boolean {
  const value = lookup(name, ctx);
  return value !== undefined && fieldIsFilled(value);
}

function replace(name: string, filters: string[], ctx: TemplateContext, result: Rendered): string {
  let value = lookup(name, ctx) ?? '';
  // Anki applies filters right to left: {{text:cloze:Text}} is cloze first, then text
  for (const filter of [...filters].reverse()) {
    const f = filter.toLowerCase();
    if (f === 'cloze') {
      result.clozeFields.push(name);
      if (ctx.clozeOrd === undefined) continue;
      if (ctx.side === 'question') value = clozeQuestion(value, ctx.clozeOrd);
      else {
        // a text card's answer is the hidden text itself; the revealed sentence would repeat the question
        result.clozeAnswers.push(...clozeAnswers(value, ctx.clozeOrd));
        value = '';
      }
    } else if (f === 'type') {
      result.typedFields.push(name);
      // the typing box on the question; the typed-vs-expected comparison on the answer (the expected text here)
      if (ctx.side === 'question' || ctx.clozeOrd !== undefined) value = '';
    } else if (f === 'hint' || f.startsWith('tts')) value = '';
    else if (f === 'kanji') value = value.replace(FURIGANA, (_m, base: string) => base);
    else if (f === 'kana') value = value.replace(FURIGANA, (_m, _base: string, reading: string) => reading);
    else if (f === 'furigana') value = value.replace(FURIGANA, (_m, base: string, reading: string) => `${base}(${reading})`);
    // text: and filters a text card cannot use leave the value as it is: the HTML is stripped later anyway
  }
  return value;
}

/** Anki's ruby syntax: `漢字[かんじ]`, an optional leading space marking where the base text starts. */
const FURIGANA = / ?([^ >[\]]+?)\[(.+?)\]/g;
