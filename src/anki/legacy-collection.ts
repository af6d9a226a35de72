/**
 * Writing an Anki collection in schema 11 (the legacy format, which every Anki version opens) and packing
 * it as an .apkg: `collection.anki2`, a JSON media map and the media files as `0`, `1`, …. The DDL is
 * Anki's rslib/src/storage/schema11.sql; note types and decks are JSON in `col`, with the keys Anki's
 * schema-11 readers require.
 */
import { strToU8, zipSync, type Zippable } from 'fflate';
import { htmlToText } from './html.js';
import { fieldChecksum } from './identity.js';
import { loadSqlJs } from './sqlite.js';

export interface LegacyNoteType {
  id: number;
  name: string;
  kind: 'normal' | 'cloze';
  fields: string[];
  templates: { name: string; front: string; back: string }[];
}
export interface LegacyNote {
  id: number;
  guid: string;
  noteTypeId: number;
  /** HTML, one per field of the note type. */
  fields: string[];
  tags: string[];
}
export interface LegacyCard {
  id: number;
  noteId: number;
  deckId: number;
  ord: number;
}
export interface LegacyReview {
  /** Milliseconds since the epoch: Anki's revlog id is the review's time. */
  id: number;
  cardId: number;
  ease: number;
  /** Days; negative: seconds (learning steps). */
  ivl: number;
  lastIvl: number;
  time: number;
  /** 0 learn, 1 review, 2 relearn, 3 filtered, 4 manual. */
  type: number;
}
export interface LegacyCollection {
  noteTypes: LegacyNoteType[];
  decks: { id: number; name: string }[];
  notes: LegacyNote[];
  cards: LegacyCard[];
  revlog?: LegacyReview[];
  /** The collection's creation and modification time. */
  now: Date;
}

const SCHEMA11 = `
create table col (id integer primary key, crt integer not null, mod integer not null, scm integer not null,
  ver integer not null, dty integer not null, usn integer not null, ls integer not null, conf text not null,
  models text not null, decks text not null, dconf text not null, tags text not null);
create table notes (id integer primary key, guid text not null, mid integer not null, mod integer not null,
  usn integer not null, tags text not null, flds text not null, sfld integer not null, csum integer not null,
  flags integer not null, data text not null);
create table cards (id integer primary key, nid integer not null, did integer not null, ord integer not null,
  mod integer not null, usn integer not null, type integer not null, queue integer not null, due integer not null,
  ivl integer not null, factor integer not null, reps integer not null, lapses integer not null, left integer not null,
  odue integer not null, odid integer not null, flags integer not null, data text not null);
create table revlog (id integer primary key, cid integer not null, usn integer not null, ease integer not null,
  ivl integer not null, lastIvl integer not null, factor integer not null, time integer not null, type integer not null);
create table graves (usn integer not null, oid integer not null, type integer not null);
create index ix_notes_usn on notes (usn);
create index ix_cards_usn on cards (usn);
create index ix_revlog_usn on revlog (usn);
create index ix_cards_nid on cards (nid);
create index ix_cards_sched on cards (did, queue, due);
create index ix_revlog_cid on revlog (cid);
create index ix_notes_csum on notes (csum);`;

const DEFAULT_DECK_ID = 1;

export async function buildLegacyCollection(c: LegacyCollection): Promise<Uint8Array> {
  const SQL = await loadSqlJs();
  const db = new SQL.Database();
  try {
    db.run(SCHEMA11);
    const secs = Math.floor(c.now.getTime() / 1000);
    const ms = c.now.getTime();
    const conf = { activeDecks: [DEFAULT_DECK_ID], curDeck: DEFAULT_DECK_ID, curModel: String(c.noteTypes[0]?.id ?? 0), nextPos: c.notes.length + 1, newSpread: 0, collapseTime: 1200, timeLim: 0, estTimes: true, dueCounts: true, sortType: 'noteFld', sortBackwards: false, addToCur: true };
    const models = Object.fromEntries(c.noteTypes.map((t) => [String(t.id), noteTypeJson(t, secs, c.decks[0]?.id ?? DEFAULT_DECK_ID)]));
    const decks = [{ id: DEFAULT_DECK_ID, name: 'Default' }, ...c.decks.filter((d) => d.id !== DEFAULT_DECK_ID)];
    const decksJson = Object.fromEntries(decks.map((d) => [String(d.id), deckJson(d, secs)]));
    db.run('insert into col values (1, ?, ?, ?, 11, 0, 0, 0, ?, ?, ?, ?, ?)', [
      secs, ms, ms, JSON.stringify(conf), JSON.stringify(models), JSON.stringify(decksJson), JSON.stringify({ '1': DECK_CONFIG }), '{}',
    ]);
    const sortField = new Map(c.noteTypes.map((t) => [t.id, 0]));
    const insertNote = db.prepare('insert into notes values (?, ?, ?, ?, -1, ?, ?, ?, ?, 0, \'\')');
    for (const n of c.notes) {
      const sort = htmlToText(n.fields[sortField.get(n.noteTypeId) ?? 0] ?? '').text;
      const tags = n.tags.length > 0 ? ` ${n.tags.join(' ')} ` : '';
      insertNote.run([n.id, n.guid, n.noteTypeId, secs, tags, n.fields.join('\x1f'), sort, fieldChecksum(htmlToText(n.fields[0] ?? '').text)]);
    }
    insertNote.free();
    const insertCard = db.prepare('insert into cards values (?, ?, ?, ?, ?, -1, 0, 0, ?, 0, 0, 0, 0, 0, 0, 0, 0, \'\')');
    c.cards.forEach((card, i) => insertCard.run([card.id, card.noteId, card.deckId, card.ord, secs, i + 1]));
    insertCard.free();
    const insertReview = db.prepare('insert into revlog values (?, ?, -1, ?, ?, ?, 2500, ?, ?)');
    for (const r of c.revlog ?? []) insertReview.run([r.id, r.cardId, r.ease, r.ivl, r.lastIvl, r.time, r.type]);
    insertReview.free();
    return db.export();
  } finally {
    db.close();
  }
}

/** Zip a schema-11 collection and its media into an .apkg (the oldest layout: `collection.anki2`, no meta). */
export function packLegacyApkg(collection: Uint8Array, media: { name: string; bytes: Uint8Array }[] = []): Uint8Array {
  const files: Zippable = { 'collection.anki2': collection };
  const map: Record<string, string> = {};
  media.forEach((m, i) => {
    map[String(i)] = m.name;
    files[String(i)] = [m.bytes, { level: 0 }]; // pictures are compressed already
  });
  files.media = strToU8(JSON.stringify(map));
  return zipSync(files, { level: 6 });
}

function noteTypeJson(t: LegacyNoteType, secs: number, deckId: number) {
  return {
    id: t.id, name: t.name, type: t.kind === 'cloze' ? 1 : 0, mod: secs, usn: -1, sortf: 0, did: deckId,
    tmpls: t.templates.map((tpl, ord) => ({ name: tpl.name, ord, qfmt: tpl.front, afmt: tpl.back, bqfmt: '', bafmt: '', did: null, bfont: '', bsize: 0 })),
    flds: t.fields.map((name, ord) => ({ name, ord, sticky: false, rtl: false, font: 'Arial', size: 20, media: [] })),
    css: '.card { font-family: arial; font-size: 20px; text-align: center; color: black; background-color: white; }',
    latexPre: '\\documentclass[12pt]{article}\n\\special{papersize=3in,5in}\n\\usepackage[utf8]{inputenc}\n\\usepackage{amssymb,amsmath}\n\\pagestyle{empty}\n\\setlength{\\parindent}{0in}\n\\begin{document}\n',
    latexPost: '\\end{document}',
    latexsvg: false,
    // which fields each card needs (older Ankis generate cards from this); cloze types ignore it
    req: t.templates.map((tpl, ord) => [ord, 'any', t.fields.flatMap((f, i) => (mentions(tpl.front, f) ? [i] : []))]),
    tags: [],
    vers: [],
  };
}

function mentions(template: string, field: string): boolean {
  return [...template.matchAll(/\{\{([^{}#^/]*)\}\}/g)].some((m) => m[1]!.split(':').at(-1)!.trim() === field);
}

function deckJson(d: { id: number; name: string }, secs: number) {
  return {
    id: d.id, name: d.name, mod: secs, usn: -1, lrnToday: [0, 0], revToday: [0, 0], newToday: [0, 0], timeToday: [0, 0],
    collapsed: false, browserCollapsed: false, desc: '', dyn: 0, conf: 1, extendNew: 0, extendRev: 0,
  };
}

/** Anki's stock "Default" options group, which every deck above uses. */
const DECK_CONFIG = {
  id: 1, name: 'Default', mod: 0, usn: 0, maxTaken: 60, autoplay: true, timer: 0, replayq: true, dyn: false,
  new: { bury: false, delays: [1, 10], initialFactor: 2500, ints: [1, 4, 0], order: 1, perDay: 20 },
  lapse: { delays: [10], leechAction: 1, leechFails: 8, minInt: 1, mult: 0 },
  rev: { bury: false, ease4: 1.3, ivlFct: 1, maxIvl: 36500, perDay: 200, hardFactor: 1.2 },
};
