/**
 * .apkg files built in the tests, in both of Anki's formats, from one description of a small deck:
 * Basic, Basic (and reversed), Cloze and Image Occlusion notes, HTML, a picture, nested decks, tags and
 * review history. The legacy one goes through our schema-11 writer; the current one is built here from
 * Anki's schema-18 DDL (rslib/src/storage/upgrades), protobuf configs and zstd (an npm WASM compressor).
 */
import { compress, init as initZstd } from '@bokuweb/zstd-wasm';
import { strToU8, zipSync, type Zippable } from 'fflate';
import { PNG } from 'pngjs';
import { buildLegacyCollection, packLegacyApkg, type LegacyCollection, type LegacyNoteType } from '../../src/anki/legacy-collection.js';
import { loadSqlJs } from '../../src/anki/sqlite.js';

export const NOTE_TYPES = {
  basic: {
    id: 1001, name: 'Basic', kind: 'normal', fields: ['Front', 'Back'],
    templates: [{ name: 'Card 1', front: '{{Front}}', back: '{{FrontSide}}\n\n<hr id=answer>\n\n{{Back}}' }],
  },
  reversed: {
    id: 1002, name: 'Basic (and reversed card)', kind: 'normal', fields: ['Front', 'Back'],
    templates: [
      { name: 'Card 1', front: '{{Front}}', back: '{{FrontSide}}\n\n<hr id=answer>\n\n{{Back}}' },
      { name: 'Card 2', front: '{{Back}}', back: '{{FrontSide}}\n\n<hr id=answer>\n\n{{Front}}' },
    ],
  },
  cloze: {
    id: 1003, name: 'Cloze', kind: 'cloze', fields: ['Text', 'Back Extra'],
    templates: [{ name: 'Cloze', front: '{{cloze:Text}}', back: '{{cloze:Text}}<br>\n{{Back Extra}}' }],
  },
  occlusion: {
    id: 1004, name: 'Image Occlusion', kind: 'cloze', fields: ['Occlusion', 'Image', 'Header', 'Back Extra', 'Comments'],
    templates: [{
      name: 'Image Occlusion',
      front: '{{#Header}}<div>{{Header}}</div>{{/Header}}<div style="display: none">{{cloze:Occlusion}}</div><div id="image-occlusion-container">{{Image}}<canvas id="image-occlusion-canvas"></canvas></div>',
      back: '{{#Header}}<div>{{Header}}</div>{{/Header}}<div style="display: none">{{cloze:Occlusion}}</div><div id="image-occlusion-container">{{Image}}</div>{{Back Extra}}',
    }],
  },
} satisfies Record<string, LegacyNoteType>;

export const DECKS = [
  { id: 10, name: 'Biology' },
  { id: 11, name: 'Biology::Cells' },
  { id: 12, name: 'Biology::Cells::Organelles' },
];

/** A real 2x2 PNG. */
export function tinyPng(): Uint8Array {
  const png = new PNG({ width: 2, height: 2 });
  png.data.fill(200);
  return new Uint8Array(PNG.sync.write(png));
}

const T0 = Date.UTC(2025, 0, 6, 9, 0, 0);
const DAY = 86_400_000;

/** The deck both fixtures hold. Card ids: note id * 10 + ordinal. */
export function fixtureCollection(): Omit<LegacyCollection, 'now'> {
  const notes = [
    { id: 1, guid: 'mito-guid', noteTypeId: 1001, tags: ['organelles', 'energy_metabolism'],
      fields: ['What is the <b>powerhouse</b> of the cell?', 'The mitochondrion&nbsp;&amp; its <i>cristae</i><div>(inner folds)</div>'] },
    { id: 2, guid: 'nucleus-guid', noteTypeId: 1002, tags: ['cells'], fields: ['Nucleus', 'Holds the cell&#39;s DNA'] },
    { id: 3, guid: 'ribo-guid', noteTypeId: 1003, tags: [], fields: ['{{c1::Ribosomes}} make {{c2::proteins::molecules}}', 'Found in <u>all</u> cells'] },
    { id: 4, guid: 'golgi-guid', noteTypeId: 1001, tags: ['organelles'], fields: ['Name this organelle:<br><img src="golgi.png">', 'Golgi apparatus'] },
    { id: 5, guid: 'io-guid', noteTypeId: 1004, tags: [], fields: ['{{c1::image-occlusion:rect:left=.1:top=.2:width=.3:height=.4}}', '<img src="golgi.png">', '', '', ''] },
  ];
  const cards = [
    { id: 10, noteId: 1, deckId: 12, ord: 0 },
    { id: 20, noteId: 2, deckId: 11, ord: 0 },
    { id: 21, noteId: 2, deckId: 11, ord: 1 },
    { id: 30, noteId: 3, deckId: 10, ord: 0 },
    { id: 31, noteId: 3, deckId: 10, ord: 1 },
    { id: 40, noteId: 4, deckId: 12, ord: 0 },
    { id: 50, noteId: 5, deckId: 10, ord: 0 },
  ];
  const revlog = [
    { id: T0, cardId: 10, ease: 3, ivl: -600, lastIvl: 0, time: 8000, type: 0 },
    { id: T0 + DAY, cardId: 10, ease: 3, ivl: 3, lastIvl: 1, time: 5000, type: 1 },
    { id: T0 + 4 * DAY, cardId: 10, ease: 1, ivl: -600, lastIvl: 3, time: 12000, type: 2 },
    { id: T0 + 2 * DAY, cardId: 21, ease: 4, ivl: 4, lastIvl: 0, time: 3000, type: 0 },
    { id: T0 + 3 * DAY, cardId: 21, ease: 0, ivl: 0, lastIvl: 4, time: 0, type: 4 },
  ];
  return { noteTypes: Object.values(NOTE_TYPES), decks: DECKS, notes, cards, revlog };
}

export const FIXTURE_NOW = new Date(T0 + 10 * DAY);

export async function legacyApkg(collection = fixtureCollection(), media = [{ name: 'golgi.png', bytes: tinyPng() }]): Promise<Uint8Array> {
  return packLegacyApkg(await buildLegacyCollection({ ...collection, now: FIXTURE_NOW }), media);
}

export async function currentApkg(
  collection = fixtureCollection(),
  media = [{ name: 'golgi.png', bytes: tinyPng() }],
  meta = 3,
): Promise<Uint8Array> {
  const z = await zstdCompressor();
  const files: Zippable = {
    meta: [protobuf([[1, meta]]), { level: 0 }],
    'collection.anki21b': [z(await schema18Collection(collection)), { level: 0 }],
    // Anki puts a dummy legacy collection beside the real one, for old versions to show "please update"
    'collection.anki2': await buildLegacyCollection({
      noteTypes: [NOTE_TYPES.basic], decks: [], now: FIXTURE_NOW,
      notes: [{ id: 1, guid: 'dummy', noteTypeId: 1001, tags: [], fields: ['Please update to the latest Anki version, then import the .colpkg/.apkg file again.', ''] }],
      cards: [{ id: 1, noteId: 1, deckId: 1, ord: 0 }],
    }),
    media: [z(protobuf(media.map((m) => [1, protobuf([[1, m.name], [2, m.bytes.length], [3, new Uint8Array(20)]])]))), { level: 0 }],
  };
  media.forEach((m, i) => (files[String(i)] = [z(m.bytes), { level: 0 }]));
  return zipSync(files);
}

/** Anki's schema 18: the schema-11 tables plus notetypes/fields/templates/decks with protobuf configs. */
async function schema18Collection(c: Omit<LegacyCollection, 'now'>): Promise<Uint8Array> {
  const SQL = await loadSqlJs();
  const db = new SQL.Database(await buildLegacyCollection({ ...c, noteTypes: [], decks: [], now: FIXTURE_NOW }));
  db.run(`
    update col set ver = 18, models = '', decks = '', dconf = '', tags = '';
    create table deck_config (id integer primary key not null, name text not null collate nocase, mtime_secs integer not null, usn integer not null, config blob not null);
    create table config (key text not null primary key, usn integer not null, mtime_secs integer not null, val blob not null) without rowid;
    create table fields (ntid integer not null, ord integer not null, name text not null collate nocase, config blob not null, primary key (ntid, ord)) without rowid;
    create unique index idx_fields_name_ntid on fields (name, ntid);
    create table templates (ntid integer not null, ord integer not null, name text not null collate nocase, mtime_secs integer not null, usn integer not null, config blob not null, primary key (ntid, ord)) without rowid;
    create unique index idx_templates_name_ntid on templates (name, ntid);
    create index idx_templates_usn on templates (usn);
    create table notetypes (id integer not null primary key, name text not null collate nocase, mtime_secs integer not null, usn integer not null, config blob not null);
    create unique index idx_notetypes_name on notetypes (name);
    create index idx_notetypes_usn on notetypes (usn);
    create table decks (name text not null primary key collate nocase, id integer not null, mtime_secs integer not null, usn integer not null, common bytes not null, kind bytes not null);
    create unique index idx_decks_id on decks (id);
    create table tags (tag text not null primary key collate nocase, usn integer not null, collapsed boolean not null, config blob null) without rowid;
  `);
  for (const t of c.noteTypes) {
    const stockKind = t.name === 'Image Occlusion' ? 6 : 0;
    db.run('insert into notetypes values (?, ?, 0, 0, ?)', [t.id, t.name, protobuf([[1, t.kind === 'cloze' ? 1 : 0], [3, '.card {}'], [9, stockKind]])]);
    t.fields.forEach((f, ord) => db.run('insert into fields values (?, ?, ?, ?)', [t.id, ord, f, new Uint8Array()]));
    t.templates.forEach((tpl, ord) =>
      db.run('insert into templates values (?, ?, ?, 0, 0, ?)', [t.id, ord, tpl.name, protobuf([[1, tpl.front], [2, tpl.back]])]),
    );
  }
  for (const d of [{ id: 1, name: 'Default' }, ...c.decks]) {
    db.run('insert into decks values (?, ?, 0, 0, ?, ?)', [d.name.split('::').join('\x1f'), d.id, new Uint8Array(), new Uint8Array([10, 0])]);
  }
  // Anki declares these names COLLATE unicase, a collation only Anki registers: write its exact DDL
  db.run('PRAGMA writable_schema = ON');
  db.run("UPDATE sqlite_master SET sql = replace(sql, 'collate nocase', 'COLLATE unicase')");
  db.run('PRAGMA writable_schema = OFF');
  const bytes = db.export();
  db.close();
  return bytes;
}

let zstdReady: Promise<void> | undefined;

/** zstd compression (WASM). Initialised once: a second init() leaves the module writing zeros. */
export async function zstdCompressor(level = 3): Promise<(bytes: Uint8Array) => Uint8Array> {
  zstdReady ??= initZstd();
  await zstdReady;
  return (bytes) => new Uint8Array(compress(bytes, level));
}

type ProtoField = [number, number | string | Uint8Array];

/** A protobuf message from (field, value) pairs: numbers as varints, strings and bytes length-delimited. */
export function protobuf(fields: ProtoField[]): Uint8Array {
  const out: number[] = [];
  const varint = (n: number) => {
    let v = n;
    while (v >= 0x80) {
      out.push((v % 128) | 0x80);
      v = Math.floor(v / 128);
    }
    out.push(v);
  };
  for (const [field, value] of fields) {
    if (typeof value === 'number') {
      varint(field * 8);
      varint(value);
    } else {
      const bytes = typeof value === 'string' ? strToU8(value) : value;
      varint(field * 8 + 2);
      varint(bytes.length);
      out.push(...bytes);
    }
  }
  return new Uint8Array(out);
}
