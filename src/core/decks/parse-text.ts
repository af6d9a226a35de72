/**
 * Plain-text decks, like the user's gan.txt:
 *
 *   Deck title                      <- first non-blank line (unless it looks like a question/section); '# Title' ok
 *   Lecture 13                      <- section line: tags the cards below it
 *   What is X?                      <- question
 *   The answer, which may run over
 *   several lines.                  <- answer continuation
 *   Explain Y                       <- question (starts with an interrogative/imperative word)
 *   ...
 *
 * How a line is classified (the rule, in order):
 *  1. Blank lines separate blocks; they never become text.
 *  2. A section line (`# heading`, or 'Lecture 13', 'Chapter 2: Intro'...: a short line starting with
 *     Lecture/Chapter/Section/Part/Week/Module/Unit/Topic/Lesson) closes the open card and sets the tag.
 *  3. With no card open, the line is a question.
 *  4. The line right after a question is always its answer, unless it ends with '?'
 *     (then the question had no answer: error).
 *  5. Once a card has an answer, a line starts a new question if it "looks like a question":
 *     it contains '?', or starts with What/Why/How/Which/When/Where/Who/Explain/Describe/Define/
 *     Briefly/Name/List/Compare/Give/State/Outline/Summarize/... (after any '1.', '2)', '-' marker) — or if it opens a blank-line
 *     separated block of two or more lines (the 'Q\nA\n\nQ\nA' layout).
 *  6. Anything else continues the open answer (multi-line / multi-paragraph answers).
 *  7. `Key:` and `Accept:` lines after an answer belong to that card (grading-lines.ts); answer text
 *     after them is an error, since it would be ambiguous which card it continues.
 */
import { DeckParseError } from '../errors.js';
import { checkTitle, cleanTags, splitLines, titleFromFilename, type RawCard } from './limits.js';
import { addGradingLine, gradingLine, misplacedGradingLine, type GradingHints } from './grading-lines.js';

const SECTION_WORDS = /^(lecture|chapter|section|part|week|module|unit|topic|lesson)\b.{0,40}$/i;
const MARKDOWN_HEADING = /^#{1,6}\s+(.+?)\s*#*$/;

const QUESTION_STARTERS = [
  'what', 'why', 'how', 'which', 'when', 'where', 'who', 'whom', 'whose',
  'explain', 'describe', 'define', 'briefly', 'name', 'list', 'compare', 'contrast', 'give',
  'state', 'outline', 'summarize', 'summarise', 'discuss', 'identify', 'distinguish', 'derive',
  'mention', 'illustrate', 'elaborate', 'differentiate', 'enumerate', 'justify', 'evaluate',
];
const QUESTION_START = new RegExp(`^(${QUESTION_STARTERS.join('|')})\\b`, 'i');

/** A section heading, returned as its tag text, or null. */
export function sectionOf(line: string): string | null {
  const h = MARKDOWN_HEADING.exec(line);
  if (h) return h[1]!.trim();
  if (SECTION_WORDS.test(line) && !line.includes('?')) return line.replace(/[:.\s]+$/, '').trim();
  return null;
}

/** Numbering or a bullet in front of a question ('3.', '2)', '-', '*', '•', 'Q3:'); ignored when classifying. */
const LIST_MARKER = /^(?:\d{1,4}[.)]|[-*•]|Q\d{0,4}[.:)])\s+/i;

export function looksLikeQuestion(line: string): boolean {
  return line.includes('?') || QUESTION_START.test(line.replace(LIST_MARKER, ''));
}

export function parseText(filename: string, content: string): { title: string; cards: RawCard[] } {
  const lines = splitLines(content).map((l) => l.trim());
  const nonBlank = lines.findIndex((l) => l !== '');
  if (nonBlank < 0) throw new DeckParseError('The file is empty.', 1);

  // Rule: the first line is the title, unless it is itself a question or a section line.
  let title: string;
  let titleLine: number | undefined;
  let start = nonBlank;
  const first = lines[nonBlank]!;
  const titleHeading = /^#\s+(.+?)\s*#*$/.exec(first);
  if (titleHeading) {
    title = titleHeading[1]!;
    titleLine = nonBlank + 1;
    start = nonBlank + 1;
  } else if (looksLikeQuestion(first) || sectionOf(first) !== null) {
    title = titleFromFilename(filename);
  } else {
    title = first;
    titleLine = nonBlank + 1;
    start = nonBlank + 1;
  }
  title = checkTitle(title, titleLine);

  // Length of the blank-separated block each line opens (0 when the line doesn't open a block).
  const blockLength = new Array<number>(lines.length).fill(0);
  for (let i = start; i < lines.length; i++) {
    if (lines[i] !== '' && (i === start || lines[i - 1] === '')) {
      let j = i;
      while (j < lines.length && lines[j] !== '') j++;
      blockLength[i] = j - i;
    }
  }

  const cards: RawCard[] = [];
  let section: string | null = null;
  let open: { front: string; backLines: string[]; line: number; backLine: number; hints?: GradingHints } | null = null;

  const close = () => {
    if (!open) return;
    if (open.backLines.length === 0) throw new DeckParseError(`The question "${open.front}" has no answer.`, open.line);
    cards.push({
      front: open.front,
      back: open.backLines.join('\n'),
      tags: cleanTags(section ? [section] : []),
      line: open.line,
      backLine: open.backLine,
      ...open.hints,
    });
    open = null;
  };

  /** From line index `from` on, the next non-empty line starts another card or section (or there is none). */
  const answerEndsAt = (from: number): boolean => {
    let j = from;
    while (j < lines.length && lines[j] === '') j++;
    return j >= lines.length || looksLikeQuestion(lines[j]!) || sectionOf(lines[j]!) !== null || (blockLength[j] ?? 0) >= 2;
  };

  for (let i = start; i < lines.length; i++) {
    const line = lines[i]!;
    const lineNo = i + 1;
    if (line === '') continue;

    // A card's whole answer may itself read "Accept: application/json" (an HTTP header card): a Key: or
    // Accept: line where the answer starts is that answer when nothing more of an answer follows it.
    const hint = open?.backLines.length === 0 && answerEndsAt(i + 1) ? null : gradingLine(line, lineNo);
    if (hint) {
      if (!open) throw new DeckParseError(misplacedGradingLine(hint, 'outside'), lineNo);
      if (open.backLines.length === 0) throw new DeckParseError(misplacedGradingLine(hint, 'before-answer'), lineNo);
      addGradingLine((open.hints ??= { keyPoints: [], accepted: [] }), hint, lineNo);
      continue;
    }
    if (open?.hints && !looksLikeQuestion(line) && sectionOf(line) === null && (blockLength[i] ?? 0) < 2) {
      throw new DeckParseError('Answer text after a "Key:" or "Accept:" line: put those lines after the whole answer.', lineNo);
    }

    const sec = sectionOf(line);
    if (sec !== null) {
      close();
      section = sec;
      continue;
    }
    if (!open) {
      open = { front: line, backLines: [], line: lineNo, backLine: lineNo };
      continue;
    }
    if (open.backLines.length === 0) {
      if (line.endsWith('?')) throw new DeckParseError(`The question "${open.front}" has no answer.`, open.line);
      open.backLines.push(line);
      open.backLine = lineNo;
      continue;
    }
    if (looksLikeQuestion(line) || (blockLength[i] ?? 0) >= 2) {
      close();
      open = { front: line, backLines: [], line: lineNo, backLine: lineNo };
      continue;
    }
    // Keep paragraph breaks of multi-paragraph answers.
    if (lines[i - 1] === '') open.backLines.push('');
    open.backLines.push(line);
  }
  close();

  if (cards.length === 0) {
    throw new DeckParseError('No cards found: after the title, put a question line followed by its answer.', titleLine ?? nonBlank + 1);
  }
  return { title, cards };
}
