/**
 * CSV / TSV decks: one card per row — front, back, then optional tags (one column with tags
 * separated by ';' or '|', or several tag columns). An optional header row (front,back /
 * question,answer / term,definition ...) is recognised and skipped. The title comes from a
 * `# title: ...` first line, else from the file name. Rows must all have the same number of columns.
 * With a header row, columns named `key` (key points, ';' between them) and `accept` (accepted answers,
 * '|' between them) are the grader's hints instead of tags: `front,back,tags,key,accept`.
 */
import { CsvError, parse } from 'csv-parse/sync';
import { DeckParseError } from '../errors.js';
import { checkTitle, cleanTags, splitLines, titleFromFilename, type RawCard } from './limits.js';
import { ACCEPT_HEADERS, KEY_HEADERS, acceptedOf, addGradingLine, keyPointsOf, type GradingHints } from './grading-lines.js';

const TITLE_LINE = /^#\s*title\s*:\s*(.*)$/i;
const FRONT_HEADERS = new Set(['front', 'question', 'q', 'term', 'prompt', 'word']);
const BACK_HEADERS = new Set(['back', 'answer', 'a', 'definition', 'response', 'meaning']);
const TAG_SPLIT = /[;|]/;

export function parseDelimited(filename: string, content: string, delimiter: ',' | '\t' | ';'): { title: string; cards: RawCard[] } {
  const lines = splitLines(content);
  let title = titleFromFilename(filename);
  let titleLine: number | undefined;
  const firstIdx = lines.findIndex((l) => l.trim() !== '');
  if (firstIdx < 0) throw new DeckParseError('The file is empty.', 1);
  const titleMatch = TITLE_LINE.exec(lines[firstIdx]!.trim());
  if (titleMatch) {
    title = titleMatch[1]!;
    titleLine = firstIdx + 1;
    lines[firstIdx] = ''; // blank it out so line numbers stay right
  }
  title = checkTitle(title, titleLine);

  let rows: { record: string[]; info: { lines: number; empty_lines: number } }[];
  try {
    rows = parse(lines.join('\n'), {
      delimiter,
      info: true,
      skip_empty_lines: true,
      trim: true,
      relax_quotes: false,
      relax_column_count: false,
    }) as unknown as typeof rows;
  } catch (e) {
    if (e instanceof CsvError) {
      const line = e.code === 'CSV_QUOTE_NOT_CLOSED' ? unclosedQuoteLine(lines) : typeof e.lines === 'number' ? e.lines : undefined;
      throw new DeckParseError(describeCsvError(e), line);
    }
    throw e;
  }

  // csv-parse reports the line where a record ends; work out where each starts.
  let prevEnd = 0;
  let prevEmpty = 0;
  const located = rows.map(({ record, info }) => {
    const start = prevEnd + 1 + (info.empty_lines - prevEmpty);
    prevEnd = info.lines;
    prevEmpty = info.empty_lines;
    return { cells: record, line: start, endLine: info.lines };
  });
  const nonEmpty = located.filter((r) => r.cells.some((c) => c !== ''));
  if (nonEmpty.length === 0) throw new DeckParseError('No cards found: each row needs a front and a back.', titleLine ?? 1);

  const first = nonEmpty[0]!;
  if (first.cells.length < 2) {
    throw new DeckParseError(
      `Each row needs at least two columns (front${delimiter === '\t' ? ' <tab> ' : delimiter}back); found one.`,
      first.line,
    );
  }
  const hasHeader =
    FRONT_HEADERS.has(first.cells[0]!.toLowerCase()) && BACK_HEADERS.has(first.cells[1]!.toLowerCase());
  const body = hasHeader ? nonEmpty.slice(1) : nonEmpty;
  if (body.length === 0) throw new DeckParseError('No cards found: only a header row.', first.line);

  // Named extra columns (header row only): `key` and `accept` feed the grader; the rest are tags.
  const role = (i: number) => {
    const name = hasHeader ? first.cells[i]!.toLowerCase() : '';
    return KEY_HEADERS.has(name) ? 'key' : ACCEPT_HEADERS.has(name) ? 'accept' : 'tags';
  };
  const cards = body.map(({ cells, line, endLine }) => {
    const extra = cells.slice(2).map((cell, j) => ({ cell, role: role(j + 2) }));
    const tags = extra.filter((e) => e.role === 'tags').flatMap((e) => e.cell.split(TAG_SPLIT));
    const hints: GradingHints = { keyPoints: [], accepted: [] };
    for (const { cell, role: r } of extra) {
      if (r === 'tags' || cell === '') continue;
      addGradingLine(hints, r === 'key' ? { kind: 'key', items: keyPointsOf(cell, line) } : { kind: 'accept', items: acceptedOf(cell, '|', line) }, line);
    }
    return { front: cells[0]!, back: cells[1]!, tags: cleanTags(tags), line, backLine: endLine, ...hints };
  });
  return { title, cards };
}

/** csv-parse reports an unclosed quote at the end of the file; find the line where it was opened. */
function unclosedQuoteLine(lines: string[]): number | undefined {
  let inQuotes = false;
  let openedAt: number | undefined;
  lines.forEach((l, i) => {
    for (const ch of l) {
      if (ch !== '"') continue;
      inQuotes = !inQuotes; // a doubled "" flips twice, as it should
      if (inQuotes) openedAt = i + 1;
    }
  });
  return inQuotes ? openedAt : undefined;
}

function describeCsvError(e: CsvError): string {
  switch (e.code) {
    case 'CSV_RECORD_INCONSISTENT_FIELDS_LENGTH':
      return `This row has a different number of columns from the first row (${e.message.replace(/^Invalid Record Length:\s*/, '').replace(/ on line \d+$/, '')}). Quote fields that contain the separator.`;
    case 'CSV_QUOTE_NOT_CLOSED':
      return 'A quoted field is never closed (unbalanced quotes).';
    case 'INVALID_OPENING_QUOTE':
    case 'CSV_INVALID_CLOSING_QUOTE':
      return 'A quote in the middle of a field: wrap the whole field in quotes and double any quotes inside it ("").';
    default:
      return `The file could not be read as CSV: ${e.message}`;
  }
}
