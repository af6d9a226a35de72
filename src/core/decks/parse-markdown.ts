/**
 * Markdown decks, in either of two styles:
 *
 *  Q/A style (used when any line starts with `Q:`):     Heading style:
 *    # Deck title                                         # Deck title
 *    ## Section            <- tags the cards below        # Section        <- shallower headings tag
 *    Q: What is X?                                        ## What is X?    <- deepest heading = a card
 *    A: The answer, which may run                         The answer is the body under it,
 *    over several lines until the next Q:                 until the next heading.
 *    Tags: a, b            <- extra tags for this card    Tags: a, b
 *    Key: x; y             <- key points / an accepted answer, after the answer (grading-lines.ts)
 *    Accept: another answer
 *
 * The first `# ` heading is the deck title (else the file name). `**Q:**`, `Question:`, `A.` are accepted.
 * A file with neither Q: lines nor card headings is read as a plain-text deck (parse-text.ts).
 */
import { DeckParseError } from '../errors.js';
import { checkTitle, cleanTags, splitLines, titleFromFilename, type RawCard } from './limits.js';
import { parseText } from './parse-text.js';
import { addGradingLine, gradingLine, misplacedGradingLine, type GradingHints } from './grading-lines.js';

const HEADING = /^(#{1,6})\s+(.+?)\s*#*\s*$/;
const Q_LINE = /^(?:\*\*|__)?(?:Q|Question)\s*[:.](?:\*\*|__)?\s*(.*)$/i;
const A_LINE = /^(?:\*\*|__)?(?:A|Answer)\s*[:.](?:\*\*|__)?\s*(.*)$/i;
const TAGS_LINE = /^(?:\*\*|__)?tags\s*:(?:\*\*|__)?\s*(.*)$/i;

export function usesQaStyle(content: string): boolean {
  return splitLines(content).some((l) => Q_LINE.test(l.trim()));
}

interface Open {
  front: string[];
  back: string[];
  tags: string[];
  line: number;
  backLine: number;
  inAnswer: boolean;
  hints?: GradingHints;
}

export function parseMarkdown(filename: string, content: string): { title: string; cards: RawCard[] } {
  const lines = splitLines(content).map((l) => l.trimEnd());
  if (lines.every((l) => l.trim() === '')) throw new DeckParseError('The file is empty.', 1);
  const qa = usesQaStyle(content);

  // The title: the first level-1 heading, if it comes before any card.
  let title = titleFromFilename(filename);
  let titleIdx = -1;
  for (let i = 0; i < lines.length; i++) {
    const t = lines[i]!.trim();
    if (t === '') continue;
    const h = HEADING.exec(t);
    if (h && h[1]!.length === 1) {
      title = h[2]!;
      titleIdx = i;
    }
    break;
  }
  title = checkTitle(title, titleIdx >= 0 ? titleIdx + 1 : undefined);

  // Heading style: cards are the deepest heading level used (other than the title).
  let cardLevel = 0;
  if (!qa) {
    lines.forEach((l, i) => {
      const h = i === titleIdx ? null : HEADING.exec(l.trim());
      if (h) cardLevel = Math.max(cardLevel, h[1]!.length);
    });
    // No headings below the title: a plain question/answer list with a '# Title' — read it as text.
    if (cardLevel === 0) return parseText(filename, content);
  }

  const cards: RawCard[] = [];
  let section: string | null = null;
  let open: Open | null = null;

  const close = () => {
    if (!open) return;
    const o: Open = open;
    open = null;
    const back = trimBlankEdges(o.back).join('\n');
    if (back === '') throw new DeckParseError(`The question "${o.front.join(' ')}" has no answer.`, o.line);
    cards.push({
      front: o.front.join(' ').trim(),
      back,
      tags: cleanTags([...(section ? [section] : []), ...o.tags]),
      line: o.line,
      backLine: o.backLine,
      ...o.hints,
    });
  };

  /** From line index `from` on, the next non-empty line is a heading (or there is none). */
  const headingNext = (from: number): boolean => {
    let j = from;
    while (j < lines.length && lines[j]!.trim() === '') j++;
    return j >= lines.length || HEADING.test(lines[j]!.trim());
  };

  for (let i = 0; i < lines.length; i++) {
    if (i === titleIdx) continue;
    const raw = lines[i]!;
    const t = raw.trim();
    const lineNo = i + 1;

    const h = HEADING.exec(t);
    if (h) {
      if (!qa && h[1]!.length === cardLevel) {
        close();
        open = { front: [h[2]!], back: [], tags: [], line: lineNo, backLine: lineNo + 1, inAnswer: true };
      } else {
        close();
        section = h[2]!;
      }
      continue;
    }
    // As in text decks: a Key:/Accept: line that is all of a heading card's answer is that answer (an HTTP header card).
    const wholeAnswer = !qa && open !== null && (open as Open).inAnswer && trimBlankEdges((open as Open).back).length === 0 && headingNext(i + 1);
    const hint = wholeAnswer ? null : gradingLine(t, lineNo);
    if (hint) {
      const o = open as Open | null;
      if (!o) throw new DeckParseError(misplacedGradingLine(hint, 'outside'), lineNo);
      if (!o.inAnswer || trimBlankEdges(o.back).length === 0) throw new DeckParseError(misplacedGradingLine(hint, 'before-answer'), lineNo);
      addGradingLine((o.hints ??= { keyPoints: [], accepted: [] }), hint, lineNo);
      continue;
    }
    const tags = TAGS_LINE.exec(t);
    if (tags && open) {
      (open as Open).tags.push(...tags[1]!.split(/[,;|]/));
      continue;
    }
    if (qa) {
      const q = Q_LINE.exec(t);
      if (q) {
        close();
        open = { front: [q[1]!], back: [], tags: [], line: lineNo, backLine: lineNo, inAnswer: false };
        continue;
      }
      const a = A_LINE.exec(t);
      if (a && open && !(open as Open).inAnswer) {
        const o = open as Open;
        o.inAnswer = true;
        o.backLine = lineNo;
        if (a[1]) o.back.push(a[1]);
        continue;
      }
      if (!open) {
        if (t === '') continue;
        throw new DeckParseError('Text outside a card: start each card with "Q:" and its answer with "A:".', lineNo);
      }
      const o = open as Open;
      if (o.inAnswer) o.back.push(raw);
      else if (t !== '') o.front.push(t); // a question running over several lines
      continue;
    }
    // Heading style: body lines belong to the open card; text before the first card is ignored.
    if (open) (open as Open).back.push(raw);
  }
  close();

  if (cards.length === 0) throw new DeckParseError('No cards found.', titleIdx + 1 || 1);
  return { title, cards };
}

function trimBlankEdges(lines: string[]): string[] {
  let a = 0;
  let b = lines.length;
  while (a < b && lines[a]!.trim() === '') a++;
  while (b > a && lines[b - 1]!.trim() === '') b--;
  return lines.slice(a, b);
}
