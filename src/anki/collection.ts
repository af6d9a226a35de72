/**
 * Reading an Anki collection (SQLite, through sql.js) into one shape for both schemas: schema 11 keeps
 * note types and decks as JSON in `col`, schema 18 in tables with protobuf config blobs. Schema 18 declares
 * its name columns `COLLATE unicase`, a collation only Anki registers (and sql.js cannot), so SQLite
 * refuses to read those tables: our in-memory copy gets `nocase` in its schema instead. Nothing is
 * written back, and no query here compares or sorts by those names.
 */
import type { Database, SqlValue } from 'sql.js';
import { DeckParseError } from '../core/errors.js';
import { decodeProto, protoNumber, protoString, ProtobufError } from './protobuf.js';
import { loadSqlJs } from './sqlite.js';

export interface NoteType {
  id: number;
  name: string;
  kind: 'normal' | 'cloze';
  /** Anki's Image Occlusion (or the old add-on's): the question is a masked picture a text card cannot draw. */
  imageOcclusion: boolean;
  /** Field names by ordinal. */
  fields: string[];
  templates: Map<number, { name: string; front: string; back: string }>;
}

export interface CardRow {
  ord: number;
  deckId: number;
  guid: string;
  noteTypeId: number;
  /** The note's fields joined by \x1f, as HTML. */
  fields: string;
  tags: string;
}

export interface RevlogRow {
  id: number;
  cardOrd: number;
  guid: string;
  ease: number;
  ivl: number;
  time: number;
  type: number;
}

export interface Collection {
  noteTypes: Map<number, NoteType>;
  /** Deck id -> full name with `::` between levels. */
  decks: Map<number, string>;
  cardCount(): number;
  cards(): Iterable<CardRow>;
  /** Review rows, newest first, at most `limit`; the count of all rows comes with them. */
  revlog(limit: number): { rows: RevlogRow[]; total: number };
  close(): void;
}

const UNREADABLE = 'The collection inside this file is damaged: it is not a readable Anki database. Export it from Anki again and retry.';

export async function openCollection(bytes: Uint8Array): Promise<Collection> {
  const SQL = await loadSqlJs();
  let db: Database;
  try {
    db = new SQL.Database(bytes);
    replaceAnkiCollation(db);
    const tables = new Set(rows(db, "SELECT name FROM sqlite_master WHERE type = 'table'").map((r) => String(r[0])));
    for (const t of ['col', 'notes', 'cards']) if (!tables.has(t)) throw new DeckParseError(UNREADABLE);
    const { noteTypes, decks } = tables.has('notetypes') ? readSchema18(db) : readSchema11(db);
    return wrap(db, noteTypes, decks, tables.has('revlog'));
  } catch (error) {
    if (error instanceof DeckParseError) throw error;
    throw new DeckParseError(UNREADABLE);
  }
}

function wrap(db: Database, noteTypes: Map<number, NoteType>, decks: Map<number, string>, hasRevlog: boolean): Collection {
  return {
    noteTypes,
    decks,
    cardCount: () => Number(rows(db, 'SELECT count(*) FROM cards c JOIN notes n ON n.id = c.nid')[0]?.[0] ?? 0),
    *cards() {
      // note creation order, then card ordinal: the order the deck was written in
      const stmt = db.prepare(
        `SELECT c.ord, CASE WHEN c.odid != 0 THEN c.odid ELSE c.did END, n.guid, n.mid, n.flds, n.tags
         FROM cards c JOIN notes n ON n.id = c.nid ORDER BY n.id, c.ord`,
      );
      try {
        while (stmt.step()) {
          const [ord, deckId, guid, mid, flds, tags] = stmt.get();
          yield { ord: Number(ord), deckId: Number(deckId), guid: String(guid), noteTypeId: Number(mid), fields: String(flds), tags: String(tags ?? '') };
        }
      } finally {
        stmt.free();
      }
    },
    revlog(limit) {
      if (!hasRevlog) return { rows: [], total: 0 };
      const total = Number(rows(db, 'SELECT count(*) FROM revlog')[0]?.[0] ?? 0);
      const stmt = db.prepare(
        `SELECT r.id, c.ord, n.guid, r.ease, r.ivl, r.time, r.type FROM revlog r
         JOIN cards c ON c.id = r.cid JOIN notes n ON n.id = c.nid ORDER BY r.id DESC LIMIT ?`,
        [limit],
      );
      const found: RevlogRow[] = [];
      try {
        while (stmt.step()) {
          const [id, ord, guid, ease, ivl, time, type] = stmt.get();
          found.push({ id: Number(id), cardOrd: Number(ord), guid: String(guid), ease: Number(ease), ivl: Number(ivl), time: Number(time), type: Number(type) });
        }
      } finally {
        stmt.free();
      }
      return { total, rows: found };
    },
    close: () => db.close(),
  };
}

function replaceAnkiCollation(db: Database): void {
  const found = rows(db, "SELECT name, sql FROM sqlite_master WHERE sql LIKE '%unicase%'");
  if (found.length === 0) return;
  db.run('PRAGMA writable_schema = ON');
  for (const [name, sql] of found) {
    db.run('UPDATE sqlite_master SET sql = ? WHERE name = ?', [String(sql).replace(/collate\s+unicase/gi, 'COLLATE nocase'), name ?? '']);
  }
  db.run('PRAGMA writable_schema = RESET'); // reload the schema just edited
}

function rows(db: Database, sql: string, params: SqlValue[] = []): SqlValue[][] {
  return db.exec(sql, params)[0]?.values ?? [];
}

interface Schema11NoteType {
  id?: number | string;
  name?: string;
  type?: number;
  originalStockKind?: number;
  flds?: { name?: string; ord?: number }[];
  tmpls?: { name?: string; ord?: number; qfmt?: string; afmt?: string }[];
}

function readSchema11(db: Database): { noteTypes: Map<number, NoteType>; decks: Map<number, string> } {
  const [models, decks] = rows(db, 'SELECT models, decks FROM col LIMIT 1')[0] ?? [];
  const noteTypes = new Map<number, NoteType>();
  for (const [id, m] of Object.entries(parseJson(models) as Record<string, Schema11NoteType>)) {
    const fields = [...(m.flds ?? [])].sort((a, b) => (a.ord ?? 0) - (b.ord ?? 0)).map((f) => String(f.name ?? ''));
    const templates = new Map<number, { name: string; front: string; back: string }>();
    (m.tmpls ?? []).forEach((t, i) => templates.set(t.ord ?? i, { name: String(t.name ?? ''), front: String(t.qfmt ?? ''), back: String(t.afmt ?? '') }));
    noteTypes.set(Number(id), describe(Number(id), String(m.name ?? ''), m.type === 1, m.originalStockKind ?? 0, fields, templates));
  }
  const deckNames = new Map<number, string>();
  for (const [id, d] of Object.entries(parseJson(decks) as Record<string, { name?: string }>)) deckNames.set(Number(id), String(d.name ?? ''));
  return { noteTypes, decks: deckNames };
}

function readSchema18(db: Database): { noteTypes: Map<number, NoteType>; decks: Map<number, string> } {
  const fieldsByType = new Map<number, string[]>();
  for (const [ntid, ord, name] of rows(db, 'SELECT ntid, ord, name FROM fields ORDER BY ntid, ord')) {
    const list = fieldsByType.get(Number(ntid)) ?? [];
    list[Number(ord)] = String(name);
    fieldsByType.set(Number(ntid), list);
  }
  const templatesByType = new Map<number, NoteType['templates']>();
  for (const [ntid, ord, name, config] of rows(db, 'SELECT ntid, ord, name, config FROM templates')) {
    const c = decodeProto(asBytes(config));
    const map = templatesByType.get(Number(ntid)) ?? new Map();
    map.set(Number(ord), { name: String(name), front: protoString(c, 1), back: protoString(c, 2) });
    templatesByType.set(Number(ntid), map);
  }
  const noteTypes = new Map<number, NoteType>();
  for (const [id, name, config] of rows(db, 'SELECT id, name, config FROM notetypes')) {
    const c = decodeProto(asBytes(config));
    const ntid = Number(id);
    const fields = Array.from(fieldsByType.get(ntid) ?? [], (f) => f ?? '');
    noteTypes.set(ntid, describe(ntid, String(name), protoNumber(c, 1) === 1, protoNumber(c, 9), fields, templatesByType.get(ntid) ?? new Map()));
  }
  const decks = new Map<number, string>();
  for (const [id, name] of rows(db, 'SELECT id, name FROM decks')) decks.set(Number(id), String(name).split('\x1f').join('::'));
  return { noteTypes, decks };
}

const STOCK_IMAGE_OCCLUSION = 6;

function describe(
  id: number, name: string, cloze: boolean, stockKind: number, fields: string[], templates: NoteType['templates'],
): NoteType {
  const imageOcclusion =
    stockKind === STOCK_IMAGE_OCCLUSION ||
    /image occlusion/i.test(name) ||
    fields.some((f) => /^question mask$/i.test(f)) ||
    [...templates.values()].some((t) => t.front.includes('image-occlusion'));
  return { id, name, kind: cloze ? 'cloze' : 'normal', imageOcclusion, fields, templates };
}

function parseJson(value: SqlValue | undefined): object {
  try {
    const parsed: unknown = JSON.parse(String(value ?? '{}'));
    return parsed && typeof parsed === 'object' ? parsed : {};
  } catch {
    throw new DeckParseError(UNREADABLE);
  }
}

function asBytes(v: SqlValue | undefined): Uint8Array {
  if (v instanceof Uint8Array) return v;
  if (v === null || v === undefined) return new Uint8Array(0);
  throw new ProtobufError('expected a blob');
}
