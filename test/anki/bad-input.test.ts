import { strToU8, zipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { DeckParseError } from '../../src/core/errors.js';
import { ANKI_LIMITS, type AnkiLimits } from '../../src/anki/limits.js';
import { readApkg } from '../../src/anki/read-apkg.js';
import { SKIP_REASONS } from '../../src/anki/note-cards.js';
import { currentApkg, fixtureCollection, legacyApkg, NOTE_TYPES, protobuf, tinyPng, zstdCompressor } from '../support/anki-fixtures.js';

const MiB = 1024 * 1024;

async function rejection(bytes: Uint8Array, filename = 'deck.apkg', limits: AnkiLimits = ANKI_LIMITS): Promise<DeckParseError> {
  const error = await readApkg(bytes, filename, limits).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DeckParseError);
  return error as DeckParseError;
}

/** Overwrite the uncompressed size a zip declares for `name`, in its local and central headers. */
function declareSize(zip: Uint8Array, name: string, size: number): Uint8Array {
  const out = zip.slice();
  const view = new DataView(out.buffer);
  const target = Buffer.from(name);
  for (let i = 0; i + 46 < out.length; i++) {
    const sig = view.getUint32(i, true);
    if (sig === 0x04034b50 && Buffer.from(out.subarray(i + 30, i + 30 + target.length)).equals(target)) view.setUint32(i + 22, size, true);
    if (sig === 0x02014b50 && Buffer.from(out.subarray(i + 46, i + 46 + target.length)).equals(target)) view.setUint32(i + 24, size, true);
  }
  return out;
}

describe('bad .apkg input gets a clear message', () => {
  let legacy: Uint8Array;
  beforeAll(async () => {
    legacy = await legacyApkg();
  });

  it('a file cut off part way', async () => {
    const e = await rejection(legacy.subarray(0, Math.floor(legacy.length / 2)));
    expect(e.message).toMatch(/damaged or incomplete/);
  });

  it('a file whose compressed collection is corrupted', async () => {
    const broken = legacy.slice();
    for (let i = 200; i < 400; i++) broken[i] = broken[i]! ^ 0x5a; // inside collection.anki2's deflate data
    const e = await rejection(broken);
    expect(e.message).toMatch(/damaged/);
  });

  it('a file that is not a zip at all', async () => {
    const e = await rejection(strToU8('front,back\nWhat is a GAN?,A generative adversarial network\n'));
    expect(e.message).toMatch(/an \.apkg file is a zip archive, and this file is not one/);
  });

  it('a zip that is not an Anki package, naming what is inside', async () => {
    const e = await rejection(zipSync({ 'notes.txt': strToU8('hello'), 'photo.png': tinyPng() }));
    expect(e.message).toMatch(/not an Anki deck package.*notes\.txt, photo\.png/);
    expect(e.message).toMatch(/File > Export/);
  });

  it('a zip bomb is refused from its declared size, before anything is inflated', async () => {
    const e = await rejection(declareSize(legacy, 'collection.anki2', 3_000_000_000));
    expect(e.message).toMatch(/unpacks to 2861 MB; the limit is 256 MB/);
  });

  it('a highly compressed collection over the limit is refused before inflating', async () => {
    const bomb = zipSync({ 'collection.anki2': [new Uint8Array(4 * MiB), { level: 9 }] });
    expect(bomb.length).toBeLessThan(64 * 1024);
    const e = await rejection(bomb, 'deck.apkg', { ...ANKI_LIMITS, maxCollectionBytes: MiB });
    expect(e.message).toMatch(/collection in this file unpacks to 4\.0 MB; the limit is 1\.0 MB/);
  });

  it('an entry that declares less than it holds cannot grow past what it declared', async () => {
    const e = await rejection(declareSize(legacy, 'collection.anki2', 4096));
    expect(e.message).toMatch(/damaged/);
  });

  it('a zstd bomb in the current format stops decompressing at the limit', async () => {
    const zeros = (await zstdCompressor(19))(new Uint8Array(8 * MiB));
    const bomb = zipSync({ meta: protobuf([[1, 3]]), 'collection.anki21b': [zeros, { level: 0 }] });
    const e = await rejection(bomb, 'deck.apkg', { ...ANKI_LIMITS, maxCollectionBytes: MiB });
    expect(e.message).toMatch(/unpacks to more than 1\.0 MB, the limit/);
  });

  it('a package from a newer Anki than we know', async () => {
    const e = await rejection(await currentApkg(undefined, undefined, 4));
    expect(e.message).toMatch(/newer Anki.*Support older Anki versions/);
  });

  it('a .colpkg collection backup, saying what to export instead', async () => {
    const e = await rejection(legacy, 'collection.colpkg');
    expect(e.message).toMatch(/whole Anki collection backup \(\.colpkg\).*File > Export.*Anki Deck Package \(\.apkg\)/);
  });

  it.each(['legacy', 'current'] as const)('an empty %s collection', async (format) => {
    const empty = { ...fixtureCollection(), notes: [], cards: [], revlog: [] };
    const e = await rejection(format === 'legacy' ? await legacyApkg(empty) : await currentApkg(empty));
    expect(e.message).toBe('This Anki package has no cards in it.');
  });

  it('a package with only unsupported note types says what it left out', async () => {
    const c = fixtureCollection();
    const onlyOcclusion = { ...c, notes: c.notes.filter((n) => n.noteTypeId === NOTE_TYPES.occlusion.id), cards: c.cards.filter((k) => k.noteId === 5) };
    const e = await rejection(await legacyApkg(onlyOcclusion));
    expect(e.message).toBe(`None of the 1 cards in this package could be imported: 1 card was left out: 1 Image Occlusion (${SKIP_REASONS.imageOcclusion}).`);
  });

  it('too many cards, and too large a file, name the limit', async () => {
    expect((await rejection(legacy, 'deck.apkg', { ...ANKI_LIMITS, maxCards: 3 })).message).toMatch(/has 7 cards; the limit is 3\. Export a smaller deck/);
    expect((await rejection(legacy, 'deck.apkg', { ...ANKI_LIMITS, maxFileBytes: 1000 })).message).toMatch(/too large \(\d+ KB\); the limit is 1 KB/);
  });

  it('pictures past the limits are left out and reported, and the cards keep their text', async () => {
    const deck = await readApkg(legacy, 'deck.apkg', { ...ANKI_LIMITS, maxMediaFileBytes: 10 });
    const golgi = deck.cards.find((c) => c.front === 'Name this organelle:')!;
    expect(golgi.frontImages).toEqual([]);
    expect(deck.media).toEqual([]);
    expect(deck.warnings).toEqual(['1 picture over 1 KB was left out.']);
  });

  it('a picture-only card whose picture is missing is skipped, not imported blank', async () => {
    const c = fixtureCollection();
    c.notes[3]!.fields[0] = '<img src="golgi.png">';
    const deck = await readApkg(await legacyApkg(c, []), 'deck.apkg');
    expect(deck.cards.some((k) => k.key.includes('golgi'))).toBe(false);
    expect(deck.skipped).toContainEqual({ noteType: 'picture card', reason: 'its picture is missing, too large or not a picture', cards: 1 });
    expect(deck.warnings).toEqual(['1 picture the cards use is missing from the package.']);
  });

  it('a file named as a picture that is not one is left out', async () => {
    const deck = await readApkg(await legacyApkg(undefined, [{ name: 'golgi.png', bytes: strToU8('<svg xmlns="http://www.w3.org/2000/svg"/>') }]), 'deck.apkg');
    expect(deck.media).toEqual([]);
    expect(deck.warnings).toEqual(['1 file shown as pictures is not PNG, JPEG, GIF or WebP, and was left out.']);
  });
});
