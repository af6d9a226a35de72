/**
 * An .apkg file -> an AnkiDeck: cards (with identity, tags, sections and pictures), review history and a
 * report of what was left out. Both formats: legacy (`collection.anki2` / `.anki21`, SQLite in the zip)
 * and current (`meta` version 3, `collection.anki21b`, zstd). Synchronous work on purpose: it runs in a
 * worker thread (see import.ts). Throws DeckParseError with a message for the user on bad input.
 */
import { DeckParseError } from '../core/errors.js';
import { describeSkipped } from '../core/decks/package.js';
import { checkTitle, cleanTags, titleFromFilename } from '../core/decks/limits.js';
import { checkDeclaredSize, isZstd, listZip, readZipEntries, unzstd, type ZipEntry } from './archive.js';
import { openCollection, type Collection, type RevlogRow } from './collection.js';
import { ankiCardKey } from './identity.js';
import { ANKI_LIMITS, formatBytes, type AnkiLimits } from './limits.js';
import { extractImages, mediaIndex } from './media.js';
import { cardContent, IMAGE_ONLY } from './note-cards.js';
import { decodeProto, protoNumber } from './protobuf.js';
import type { AnkiCard, AnkiCardHistory, AnkiDeck, AnkiReview, SkippedCards } from './types.js';

const CURRENT_VERSION = 3;
const REEXPORT = 'In Anki, choose File > Export, "Anki Deck Package (.apkg)", pick the deck, and import that file.';

export async function readApkg(bytes: Uint8Array, filename: string, limits: AnkiLimits = ANKI_LIMITS): Promise<AnkiDeck> {
  if (/\.colpkg$/i.test(filename.trim())) {
    throw new DeckParseError(`This is a whole Anki collection backup (.colpkg), not a deck. ${REEXPORT}`);
  }
  if (bytes.length > limits.maxFileBytes) {
    throw new DeckParseError(`The file is too large (${formatBytes(bytes.length)}); the limit is ${formatBytes(limits.maxFileBytes)}. Export a smaller deck, or leave out media.`);
  }
  const entries = new Map(listZip(bytes).map((e) => [e.name, e]));
  const { name: collectionName, current } = pickCollection(bytes, entries);
  const entry = entries.get(collectionName)!;
  checkDeclaredSize(entry, current ? limits.maxFileBytes : limits.maxCollectionBytes, 'collection');
  const mediaList = entries.get('media');
  if (mediaList) checkDeclaredSize(mediaList, limits.maxCollectionBytes, 'media list');
  const files = readZipEntries(bytes, new Set([collectionName, 'media']));
  let sqlite = files.get(collectionName)!;
  if (current || isZstd(sqlite)) sqlite = unzstd(sqlite, limits.maxCollectionBytes, 'collection');

  const db = await openCollection(sqlite);
  try {
    const count = db.cardCount();
    if (count === 0) throw new DeckParseError('This Anki package has no cards in it.');
    if (count > limits.maxCards) {
      throw new DeckParseError(`This Anki package has ${count.toLocaleString('en')} cards; the limit is ${limits.maxCards.toLocaleString('en')}. Export a smaller deck or a subdeck from Anki.`);
    }
    const built = buildCards(db);
    const title = checkTitle(built.title ?? titleFromFilename(filename));
    const media = extractImages(bytes, entries, mediaIndex(files.get('media'), current, limits), wantedImages(built.cards), current, limits);
    const cards = keepShowable(built.cards, new Set(media.files.map((f) => f.name)), built.skip);
    if (cards.length === 0) throw new DeckParseError(`None of the ${count} cards in this package could be imported: ${describeSkipped(built.skipped())}`);
    const { history, warning } = readHistory(db, new Set(cards.map((c) => c.key)), limits);
    return {
      title,
      cards,
      format: current ? 'current' : 'legacy',
      media: media.files.filter((f) => cards.some((c) => c.frontImages.includes(f.name) || c.backImages.includes(f.name))),
      history,
      skipped: built.skipped(),
      warnings: [...media.warnings, ...(warning ? [warning] : [])],
    };
  } finally {
    db.close();
  }
}

export { describeSkipped };

function pickCollection(bytes: Uint8Array, entries: Map<string, ZipEntry>): { name: string; current: boolean } {
  let version = 0;
  const meta = entries.get('meta');
  if (meta && meta.size <= 1024) {
    try {
      version = protoNumber(decodeProto(readZipEntries(bytes, new Set(['meta'])).get('meta') ?? new Uint8Array()), 1);
    } catch {
      throw new DeckParseError('The package description (meta) in this file is damaged. Export it from Anki again and retry.');
    }
  }
  if (version > CURRENT_VERSION) {
    throw new DeckParseError('This package was made by a newer Anki than studybot can read. In the export window, tick "Support older Anki versions" and export again.');
  }
  // the current format also carries a dummy collection.anki2 ("please update Anki"): never read that one instead
  if (version === CURRENT_VERSION || entries.has('collection.anki21b')) {
    if (!entries.has('collection.anki21b')) throw new DeckParseError('The file is damaged: its collection is missing. Export it from Anki again and retry.');
    return { name: 'collection.anki21b', current: true };
  }
  for (const name of ['collection.anki21', 'collection.anki2']) if (entries.has(name)) return { name, current: false };
  const found = [...entries.keys()].slice(0, 5).join(', ');
  throw new DeckParseError(`This zip is not an Anki deck package: there is no Anki collection inside${found ? ` (it holds ${found}${entries.size > 5 ? ', …' : ''})` : ''}. ${REEXPORT}`);
}

interface Built {
  cards: AnkiCard[];
  title: string | undefined;
  skip: (noteType: string, reason: string) => void;
  skipped: () => SkippedCards[];
}

function buildCards(db: Collection): Built {
  const skips = new Map<string, SkippedCards>();
  const skip = (noteType: string, reason: string) => {
    const id = `${noteType}\n${reason}`;
    const s = skips.get(id) ?? { noteType, reason, cards: 0 };
    s.cards++;
    skips.set(id, s);
  };
  const raw: { card: Omit<AnkiCard, 'tags'>; deck: string[]; tags: string[] }[] = [];
  const seen = new Set<string>();
  for (const row of db.cards()) {
    const type = db.noteTypes.get(row.noteTypeId);
    if (!type) {
      skip('unknown note type', 'the note type is missing from the package');
      continue;
    }
    const deckName = db.decks.get(row.deckId) ?? '';
    const content = cardContent(row, type, deckName);
    if ('skipped' in content) {
      skip(type.name, content.skipped);
      continue;
    }
    const key = ankiCardKey(row.guid, row.ord);
    if (seen.has(key)) {
      skip(type.name, 'another card has the same note id');
      continue;
    }
    seen.add(key);
    const tags = row.tags.split(/\s+/).filter(Boolean).map((t) => t.replace(/_/g, ' '));
    raw.push({ card: { key, ...content }, deck: deckName.split('::').filter(Boolean), tags });
  }
  const root = commonPrefix(raw.map((r) => r.deck));
  const usable = root.length > 0 && !(root.length === 1 && root[0] === 'Default');
  const cards = raw.map(({ card, deck, tags }) => {
    const section = deck.slice(root.length).join('::');
    return { ...card, tags: cleanTags(section ? [section, ...tags] : tags) };
  });
  return { cards, title: usable ? root.join('::') : undefined, skip, skipped: () => [...skips.values()] };
}

function commonPrefix(paths: string[][]): string[] {
  if (paths.length === 0) return [];
  const first = paths[0]!;
  let n = first.length;
  for (const p of paths) {
    let i = 0;
    while (i < n && i < p.length && p[i] === first[i]) i++;
    n = i;
  }
  return first.slice(0, n);
}

function wantedImages(cards: AnkiCard[]): string[] {
  return [...new Set(cards.flatMap((c) => [...c.frontImages, ...c.backImages]))];
}

/** Drop references to pictures that did not come through; a card that was only a picture goes with it. */
function keepShowable(cards: AnkiCard[], delivered: Set<string>, skip: Built['skip']): AnkiCard[] {
  const out: AnkiCard[] = [];
  for (const card of cards) {
    const frontImages = card.frontImages.filter((i) => delivered.has(i));
    const backImages = card.backImages.filter((i) => delivered.has(i));
    if ((card.front === IMAGE_ONLY && frontImages.length === 0) || (card.back === IMAGE_ONLY && backImages.length === 0)) {
      skip('picture card', 'its picture is missing, too large or not a picture');
      continue;
    }
    out.push({ ...card, frontImages, backImages });
  }
  return out;
}

const REVIEW_KINDS: AnkiReview['kind'][] = ['learn', 'review', 'relearn', 'filtered', 'manual', 'manual'];

function readHistory(db: Collection, keys: Set<string>, limits: AnkiLimits): { history: AnkiCardHistory[]; warning?: string } {
  const { rows, total } = db.revlog(limits.maxReviews);
  const byKey = new Map<string, AnkiReview[]>();
  for (const r of rows) {
    const key = ankiCardKey(r.guid, r.cardOrd);
    if (!keys.has(key)) continue;
    const list = byKey.get(key) ?? [];
    list.push(toReview(r));
    byKey.set(key, list);
  }
  const history = [...byKey].map(([key, reviews]) => ({ key, reviews: reviews.reverse() }));
  if (total <= rows.length) return { history };
  return { history, warning: `The review history has ${total.toLocaleString('en')} entries; only the latest ${limits.maxReviews.toLocaleString('en')} were kept.` };
}

function toReview(r: RevlogRow): AnkiReview {
  const rating = r.ease >= 1 && r.ease <= 4 ? (r.ease as 1 | 2 | 3 | 4) : 0;
  return {
    reviewedAt: new Date(r.id),
    rating,
    kind: rating === 0 ? 'manual' : (REVIEW_KINDS[r.type] ?? 'review'),
    // Anki stores learning intervals as negative seconds
    intervalDays: r.ivl < 0 ? -r.ivl / 86_400 : r.ivl,
    durationMs: Math.max(0, r.time),
  };
}
