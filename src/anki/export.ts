/**
 * A studybot deck -> an .apkg that Anki opens (legacy layout, one note per card, "Basic" or "Basic (type in
 * the answer)"), and -> CSV in the format /deck import reads. Each card's key travels in its note's GUID,
 * and tags become Anki tags (spaces as underscores, Anki's convention), so exporting and importing again
 * gives the same cards with the same identities. Key points and accepted answers go too: as fields of
 * the note (grading-fields.ts), and as the CSV importer's `key` and `accept` columns.
 */
import { stringify } from 'csv-stringify/sync';
import { guidForCardKey, stableId } from './identity.js';
import { buildLegacyCollection, packLegacyApkg, type LegacyNoteType } from './legacy-collection.js';
import { ACCEPT_FIELD, KEY_FIELD } from './grading-fields.js';
import { IMAGE_ONLY } from './note-cards.js';

export interface ExportCard {
  key: string;
  front: string;
  back: string;
  tags: string[];
  typed?: boolean;
  keyPoints?: string[];
  accepted?: string[];
  frontImages?: string[];
  backImages?: string[];
}

export interface ExportDeck {
  title: string;
  cards: ExportCard[];
  /** The pictures the cards name, by file name. */
  media?: { name: string; bytes: Uint8Array }[];
}

// v2: the grading fields were added (a note type's fields are part of its identity in Anki).
const BASIC: LegacyNoteType = {
  id: stableId('studybot note type: basic v2'),
  name: 'studybot Basic',
  kind: 'normal',
  fields: ['Front', 'Back', KEY_FIELD, ACCEPT_FIELD],
  templates: [{ name: 'Card 1', front: '{{Front}}', back: '{{FrontSide}}\n\n<hr id=answer>\n\n{{Back}}' }],
};
const TYPED: LegacyNoteType = {
  ...BASIC,
  id: stableId('studybot note type: typed v2'),
  name: 'studybot Basic (type in the answer)',
  templates: [{ name: 'Card 1', front: '{{Front}}\n\n{{type:Back}}', back: '{{Front}}\n\n<hr id=answer>\n\n{{type:Back}}' }],
};

export async function exportApkg(deck: ExportDeck, now: Date): Promise<Uint8Array> {
  const deckId = stableId(`studybot deck: ${deck.title}`);
  const base = now.getTime();
  const notes = deck.cards.map((c, i) => ({
    id: base + i,
    guid: guidForCardKey(c.key),
    noteTypeId: c.typed ? TYPED.id : BASIC.id,
    fields: [sideHtml(c.front, c.frontImages), sideHtml(c.back, c.backImages), linesHtml(c.keyPoints), linesHtml(c.accepted)],
    tags: c.tags.map((t) => t.trim().replace(/\s+/g, '_')).filter(Boolean),
  }));
  const collection = await buildLegacyCollection({
    noteTypes: [BASIC, TYPED],
    decks: [{ id: deckId, name: deck.title }],
    notes,
    cards: notes.map((n, i) => ({ id: base + i, noteId: n.id, deckId, ord: 0 })),
    now,
  });
  const used = new Set(deck.cards.flatMap((c) => [...(c.frontImages ?? []), ...(c.backImages ?? [])]));
  return packLegacyApkg(collection, (deck.media ?? []).filter((m) => used.has(m.name)));
}

/**
 * `# title: …`, a header, then front,back,tags,key,accept (tags and key points joined by "; ", accepted
 * answers by " | "): what the CSV importer reads back. (An accepted answer with a "|" of its own comes
 * back as two; the .apkg keeps it whole.)
 */
export function exportCsv(deck: ExportDeck): string {
  const rows = deck.cards.map((c) => [c.front, c.back, c.tags.join('; '), (c.keyPoints ?? []).join('; '), (c.accepted ?? []).join(' | ')]);
  return `# title: ${deck.title.replace(/[\r\n]+/g, ' ')}\n${stringify([['front', 'back', 'tags', 'key', 'accept'], ...rows], { eof: true })}`;
}

/** One item a line. */
function linesHtml(items: string[] = []): string {
  return items.map(escapeHtml).join('<br>');
}

function sideHtml(text: string, images: string[] = []): string {
  // HTML collapses repeated spaces: keep them as &nbsp;, as Anki's editor does
  const body = text === IMAGE_ONLY && images.length > 0 ? '' : escapeHtml(text).replace(/ (?= )/g, '&nbsp;').replace(/\r?\n/g, '<br>');
  const pictures = images.map((name) => `<img src="${escapeHtml(name)}">`).join('');
  return body && pictures ? `${body}<br>${pictures}` : body + pictures;
}

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
