/**
 * Anki cloze deletions: `{{c1::answer}}`, `{{c2::answer::hint}}`, `{{c1,2::shared}}` and nested ones
 * (`{{c1::outer {{c2::inner}}}}`). A note makes one card per cloze number; on card n the deletions
 * numbered n are hidden (`[...]`, or `[hint]`) and every other one shows its text.
 */

type ClozeNode = string | Cloze;
interface Cloze {
  ords: number[];
  content: ClozeNode[];
  hint: string | null;
}

const TOKEN = /\{\{c(\d+(?:,\d+)*)::|\}\}|::/g;

function parse(text: string): ClozeNode[] {
  const root: ClozeNode[] = [];
  const stack: { cloze: Cloze; opening: string; inHint: boolean }[] = [];
  const append = (s: string) => {
    if (s === '') return;
    const top = stack.at(-1);
    if (top?.inHint) top.cloze.hint = (top.cloze.hint ?? '') + s;
    else (top ? top.cloze.content : root).push(s);
  };
  let last = 0;
  for (const m of text.matchAll(TOKEN)) {
    append(text.slice(last, m.index));
    last = m.index + m[0].length;
    const top = stack.at(-1);
    if (m[1] !== undefined) {
      const ords = [...new Set(m[1].split(',').map(Number))].filter((n) => n > 0);
      stack.push({ cloze: { ords, content: [], hint: null }, opening: m[0], inHint: false });
    } else if (m[0] === '::' && top && !top.inHint) {
      top.inHint = true;
      top.cloze.hint = '';
    } else if (m[0] === '}}' && top) {
      stack.pop();
      (stack.at(-1)?.cloze.content ?? root).push(top.cloze);
    } else append(m[0]);
  }
  append(text.slice(last));
  // an opening never closed is plain text, as Anki shows it
  while (stack.length > 0) {
    const { cloze, opening } = stack.pop()!;
    const flat = [opening, ...cloze.content, ...(cloze.hint !== null ? ['::', cloze.hint] : [])];
    for (const n of flat) append(typeof n === 'string' ? n : renderAll([n]));
  }
  return root;
}

function renderAll(nodes: ClozeNode[]): string {
  return nodes.map((n) => (typeof n === 'string' ? n : renderAll(n.content))).join('');
}

function renderQuestion(nodes: ClozeNode[], ord: number): string {
  return nodes
    .map((n) => {
      if (typeof n === 'string') return n;
      if (n.ords.includes(ord)) return n.hint?.trim() ? `[${n.hint.trim()}]` : '[...]';
      return renderQuestion(n.content, ord);
    })
    .join('');
}

function collectAnswers(nodes: ClozeNode[], ord: number, out: string[]): string[] {
  for (const n of nodes) {
    if (typeof n === 'string') continue;
    if (n.ords.includes(ord)) out.push(renderAll(n.content));
    else collectAnswers(n.content, ord, out);
  }
  return out;
}

function collectOrds(nodes: ClozeNode[], out: Set<number>): Set<number> {
  for (const n of nodes) {
    if (typeof n === 'string') continue;
    for (const o of n.ords) out.add(o);
    collectOrds(n.content, out);
  }
  return out;
}

/** The cloze numbers used in a field, ascending. */
export function clozeNumbers(fieldHtml: string): number[] {
  return [...collectOrds(parse(fieldHtml), new Set())].sort((a, b) => a - b);
}

/** Field HTML with the deletions numbered `ord` hidden and all others shown. */
export function clozeQuestion(fieldHtml: string, ord: number): string {
  return renderQuestion(parse(fieldHtml), ord);
}

/** The hidden text(s) of deletion `ord`, as HTML, in order. */
export function clozeAnswers(fieldHtml: string, ord: number): string[] {
  return collectAnswers(parse(fieldHtml), ord, []);
}
