/**
 * `/deck import` of Anki packages and `/deck export`, through the whole core on the in-memory Store and on
 * the real one (PGlite, and the server with DATABASE_URL): identity by note GUID, pictures, the importer's
 * own review history, nothing half-imported on bad input, and export -> import giving the same cards.
 */
import { strToU8, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readApkg } from '../../src/anki/read-apkg.js';
import { ankiCardKey } from '../../src/anki/identity.js';
import type { Command } from '../../src/core/commands.js';
import { buildId, parseId } from '../../src/core/ids.js';
import type { Outcome } from '../../src/core/messages.js';
import type { Store } from '../../src/core/ports.js';
import type { Database } from '../../src/db/connect.js';
import { fixtureCollection, legacyApkg, currentApkg, tinyPng } from '../support/anki-fixtures.js';
import { makeBot, type TestBot } from '../support/core.js';
import { dbTargets } from '../support/db.js';
import { MemoryStore } from '../support/memory-store.js';

const targets: { name: string; open(): Promise<{ backing: Database | Store; close(): Promise<void> }> }[] = [
  { name: 'memory', open: async () => ({ backing: new MemoryStore(), close: async () => undefined }) },
  ...dbTargets.map((t) => ({ name: t.name, open: async () => { const db = await t.open(); return { backing: db, close: () => db.close() }; } })),
];

const importFile = (bytes: Uint8Array, filename = 'biology.apkg', history?: string): Command => ({
  type: 'deck_import', filename, content: '', bytes, ...(history ? { history } : {}),
});

function replyText(outcome: Outcome): string {
  return `${outcome.reply?.title ?? ''}\n${outcome.reply?.text ?? ''}`;
}

describe.each(targets)('Anki packages through the core on $name', (target) => {
  let t: TestBot;
  let close: () => Promise<void>;
  beforeAll(async () => {
    const opened = await target.open();
    close = opened.close;
    t = await makeBot(opened.backing, { now: '2025-02-01T10:00:00Z' });
  });
  afterAll(() => close());

  const cardsOf = async (workspace: string, slug: string) => {
    const ws = await t.store.ensureWorkspace('discord', workspace);
    const deck = (await t.store.findDeck(ws, slug))!;
    return { deck, pkg: await t.store.deckPackage(deck.id) };
  };

  it.each([
    { format: 'legacy', build: () => legacyApkg() },
    { format: 'current', build: () => currentApkg() },
  ])('imports a $format package: cards keyed by note GUID, sections and tags, pictures, a report of what was skipped', async ({ build }) => {
    const ws = `ws-${Math.random()}`;
    const out = await t.as('Ann', { workspaceId: ws })(importFile(await build()));
    const text = replyText(out);
    expect(text).toContain('Anki deck imported');
    expect(text).toContain('`biology`');
    expect(text).toMatch(/1 card was left out: 1 Image Occlusion/);
    expect(text).toMatch(/history: yes/);
    const { deck, pkg } = await cardsOf(ws, 'biology');
    expect(deck.cardCount).toBe(6);
    const mito = pkg.cards.find((c) => c.key === ankiCardKey('mito-guid', 0))!;
    expect(mito).toMatchObject({ front: 'What is the powerhouse of the cell?', tags: ['Cells::Organelles', 'organelles', 'energy metabolism'] });
    expect(pkg.cards.filter((c) => c.typed).map((c) => c.key).sort()).toEqual([ankiCardKey('ribo-guid', 0), ankiCardKey('ribo-guid', 1)]);
    const golgi = pkg.cards.find((c) => c.key === ankiCardKey('golgi-guid', 0))!;
    expect(golgi.frontImages).toEqual(['golgi.png']);
    expect(pkg.media.map((m) => [m.name, m.mime, m.bytes.length])).toEqual([['golgi.png', 'image/png', tinyPng().length]]);
    const cardId = (await t.store.deckCards(deck.id)).find((c) => c.front.startsWith('Name this organelle'))!.id;
    const images = await t.store.cardImages(cardId);
    expect(images.front.map((m) => m.name)).toEqual(['golgi.png']);
    expect(Buffer.from(images.front[0]!.bytes).equals(Buffer.from(tinyPng()))).toBe(true);

    // reviewing the card shows its picture (the answer side falls back to the question's)
    const reveal = await t.as('Ann', { workspaceId: ws })({ type: 'press', id: buildId({ kind: 'rshow', card: cardId }) });
    expect(reveal.reply?.image).toMatchObject({ filename: `card-${cardId}-golgi.png`, mime: 'image/png', alt: 'Picture on the card: golgi.png' });
    expect(Buffer.from(reveal.reply!.image!.png).equals(Buffer.from(tinyPng()))).toBe(true);
  });

  it('shows a card\'s picture with its /quiz question and its self-graded answer', async () => {
    const ws = `ws-${Math.random()}`;
    const only = fixtureCollection();
    only.notes = only.notes.filter((n) => n.guid === 'golgi-guid');
    only.cards = only.cards.filter((c) => c.noteId === 4).map((c) => ({ ...c, deckId: 10 }));
    only.revlog = [];
    const ann = t.as('Ann', { workspaceId: ws });
    expect(replyText(await ann(importFile(await legacyApkg(only), 'golgi.apkg')))).toContain('1 cards');
    const question = await ann({ type: 'quiz', deck: 'biology', mode: 'self' });
    expect(question.reply?.visibility).toBe('public');
    expect(question.reply?.image?.alt).toBe('Picture on the card: golgi.png');
    const show = question.reply!.choices!.find((c) => parseId(c.id)?.kind === 'show')!;
    const answer = await t.as('Bob', { workspaceId: ws })({ type: 'press', id: show.id });
    expect(answer.reply?.fields?.[0]?.value).toBe('Golgi apparatus');
    expect(answer.reply?.image?.filename).toMatch(/golgi\.png$/);
  });

  it('asks cloze cards typed when /quiz is given no mode, and as asked otherwise', async () => {
    const ws = `ws-${Math.random()}`;
    const only = fixtureCollection();
    only.notes = only.notes.filter((n) => n.guid === 'ribo-guid');
    only.cards = only.cards.filter((c) => c.noteId === 3);
    only.revlog = [];
    const ann = t.as('Ann', { workspaceId: ws, channelId: `c-${Math.random()}` });
    await ann(importFile(await legacyApkg(only), 'ribo.apkg'));
    const kinds = (o: Outcome) => o.reply!.choices!.map((c) => parseId(c.id)?.kind);
    expect(kinds(await ann({ type: 'quiz', deck: 'biology' }))).toContain('type');
    expect(kinds(await ann({ type: 'quiz', deck: 'biology', mode: 'self' }))).toContain('show');
  });

  it('updates cards in place on re-import and keeps everyone\'s review history', async () => {
    const ws = `ws-${Math.random()}`;
    const ann = t.as('Ann', { workspaceId: ws });
    const bob = t.as('Bob', { workspaceId: ws });
    await ann(importFile(await legacyApkg()));
    // Bob reviews a card
    const shown = await bob({ type: 'review' });
    const showId = shown.reply!.choices![0]!.id;
    const revealed = await bob({ type: 'press', id: showId });
    const rated = revealed.reply!.choices!.find((c) => parseId(c.id)?.kind === 'rrate' && c.label.startsWith('Good'))!;
    await bob({ type: 'press', id: rated.id });
    const reviewedCard = (parseId(showId) as { card: number }).card;
    const bobRef = await t.store.ensureUser({ platform: 'discord', workspaceExternalId: ws, userExternalId: 'bob', displayName: 'Bob' });
    const before = await t.store.cardState(bobRef.userId, reviewedCard);
    expect(before).not.toBeNull();

    // the mitochondrion note edited in Anki: same GUID, new text
    const edited = fixtureCollection();
    edited.notes[0]!.fields[1] = 'Mitochondria make ATP';
    const again = await ann(importFile(await legacyApkg(edited)));
    expect(replyText(again)).toMatch(/0 new, 1 updated, 5 unchanged/);
    const { deck, pkg } = await cardsOf(ws, 'biology');
    expect(deck.cardCount).toBe(6);
    expect(pkg.cards.find((c) => c.key === ankiCardKey('mito-guid', 0))!.back).toBe('Mitochondria make ATP');
    expect(await t.store.cardState(bobRef.userId, reviewedCard)).toEqual(before);
  });

  it('brings the importer\'s own Anki history in with history:yes, privately, once', async () => {
    const ws = `ws-${Math.random()}`;
    const ann = t.as('Ann', { workspaceId: ws });
    const out = await ann(importFile(await currentApkg(), 'biology.apkg', 'yes'));
    // mito: 3 reviews; nucleus reverse: 1 review (the manual Forget entry is not a review)
    expect(replyText(out)).toMatch(/4 reviews of 2 cards/);
    const annRef = await t.store.ensureUser({ platform: 'discord', workspaceExternalId: ws, userExternalId: 'ann', displayName: 'Ann' });
    const log = await t.store.reviewLogEntries(annRef.userId);
    expect(log.map((l) => l.rating)).toEqual([3, 3, 4, 1]);
    const { deck } = await cardsOf(ws, 'biology');
    const mitoId = (await t.store.deckCards(deck.id)).find((c) => c.front.startsWith('What is the powerhouse'))!.id;
    const state = (await t.store.cardState(annRef.userId, mitoId))!;
    expect(state.reps).toBe(3);
    expect(state.lapses).toBe(1);
    expect(state.lastReview?.getTime()).toBe(Date.UTC(2025, 0, 10, 9));
    const bobRef = await t.store.ensureUser({ platform: 'discord', workspaceExternalId: ws, userExternalId: 'bob', displayName: 'Bob' });
    expect(await t.store.reviewLogEntries(bobRef.userId)).toEqual([]);

    const twice = await ann(importFile(await currentApkg(), 'biology.apkg', 'yes'));
    expect(replyText(twice)).toMatch(/0 reviews of 0 cards; 2 cards you had already studied here kept their schedule/);
    expect(await t.store.reviewLogEntries(annRef.userId)).toHaveLength(4);
  });

  it.each([
    { what: 'a .colpkg', file: async () => legacyApkg(), name: 'collection.colpkg', message: /whole Anki collection backup \(\.colpkg\).*File > Export/ },
    { what: 'a corrupt zip', file: async () => (await legacyApkg()).slice(0, 200), name: 'biology.apkg', message: /damaged|truncated|not a zip|corrupt/i },
    { what: 'a zip that is not an .apkg', file: async () => zipSync({ 'notes.txt': strToU8('hello') }), name: 'notes.apkg', message: /not an Anki deck package.*notes\.txt/ },
    { what: 'an empty collection', file: async () => legacyApkg({ ...fixtureCollection(), notes: [], cards: [], revlog: [] }), name: 'empty.apkg', message: /no cards/ },
    { what: 'a zip renamed .zip', file: async () => zipSync({ 'readme.md': strToU8('x') }), name: 'deck.zip', message: /not an Anki deck package/ },
  ])('refuses $what with a clear message and stores nothing', async ({ file, name, message }) => {
    const ws = `ws-${Math.random()}`;
    const out = await t.as('Ann', { workspaceId: ws })(importFile(await file(), name));
    expect(out.reply?.visibility).toBe('private');
    expect(out.reply?.text).toMatch(message);
    const wsId = await t.store.ensureWorkspace('discord', ws);
    expect((await t.store.listDecks(wsId)).filter((d) => !d.builtIn)).toEqual([]);
  });

  it('refuses history:yes on a text deck, and a history value that is not yes or no', async () => {
    const ann = t.as('Ann', { workspaceId: `ws-${Math.random()}` });
    expect((await ann({ type: 'deck_import', filename: 'a.txt', content: 'Q: a\nA: b', history: 'yes' })).reply?.text).toMatch(/only: text decks have no review history/);
    expect((await ann({ type: 'deck_import', filename: 'a.txt', content: 'Title\nWhat is a?\nb', history: 'no' })).reply?.title).toBe('📥 Deck imported');
    expect((await ann(importFile(await legacyApkg(), 'biology.apkg', 'maybe'))).reply?.text).toMatch(/`history` must be yes or no/);
  });

  it('exports a deck as .apkg and CSV that import again as the same cards', async () => {
    const ws = `ws-${Math.random()}`;
    const ann = t.as('Ann', { workspaceId: ws });
    await ann(importFile(await legacyApkg()));
    const { pkg: original } = await cardsOf(ws, 'biology');
    const out = await ann({ type: 'deck_export', deck: 'biology' });
    const files = out.reply!.files!;
    expect(files.map((f) => [f.name, f.mime])).toEqual([['biology.apkg', 'application/octet-stream'], ['biology.csv', 'text/csv']]);

    // the library's reader sees the same cards
    const reread = await readApkg(files[0]!.bytes, 'biology.apkg');
    const shape = (cards: { key: string; front: string; back: string; tags: string[]; frontImages: string[]; backImages: string[]; typed?: boolean }[]) =>
      cards.map(({ key, front, back, tags, frontImages, backImages, typed }) => ({ key, front, back, tags: [...tags].sort(), frontImages, backImages, typed: typed ?? false })).sort((a, b) => a.key.localeCompare(b.key));
    expect(shape(reread.cards)).toEqual(shape(original.cards));

    // and importing it into another workspace gives the same cards, pictures included
    const other = `ws-${Math.random()}`;
    await t.as('Cy', { workspaceId: other })(importFile(files[0]!.bytes, 'biology.apkg'));
    const { pkg: copy } = await cardsOf(other, 'biology');
    expect(shape(copy.cards)).toEqual(shape(original.cards));
    expect(copy.media.map((m) => m.name)).toEqual(['golgi.png']);

    // re-importing the export over the original changes nothing
    const back = await ann(importFile(files[0]!.bytes, 'biology.apkg'));
    expect(replyText(back)).toMatch(/0 new, 0 updated, 6 unchanged/);

    const csv = new TextDecoder().decode(files[1]!.bytes);
    expect(csv.split('\n')[0]).toBe('# title: Biology');
    expect(csv).toContain('What is the powerhouse of the cell?');
  });

  it("keeps the author's key points and accepted answers through export and import, in both files", async () => {
    const ws = `ws-${Math.random()}`;
    const ann = t.as('Ann', { workspaceId: ws });
    const deckText = 'Autoencoders\nWhat does an autoencoder do?\nThe encoder compresses the input; the decoder reconstructs it.\nKey: encoder compresses; decoder reconstructs\nAccept: it squeezes the input and rebuilds it\nWhat is z?\nThe latent code.\n';
    expect((await ann({ type: 'deck_import', filename: 'ae.txt', content: deckText })).reply?.title).toBe('📥 Deck imported');
    const hints = (pkg: { cards: { front: string; keyPoints?: string[]; accepted?: string[] }[] }) =>
      pkg.cards.map((c) => ({ front: c.front, keyPoints: c.keyPoints ?? [], accepted: c.accepted ?? [] })).sort((a, b) => a.front.localeCompare(b.front));
    const { pkg: original } = await cardsOf(ws, 'autoencoders');
    expect(hints(original)[0]).toEqual({ front: 'What does an autoencoder do?', keyPoints: ['encoder compresses', 'decoder reconstructs'], accepted: ['it squeezes the input and rebuilds it'] });

    const [apkg, csv] = (await ann({ type: 'deck_export', deck: 'autoencoders' })).reply!.files!;
    // Over the original, either file changes nothing (before, the import wiped the key points it lacked).
    expect(replyText(await ann(importFile(apkg!.bytes, 'autoencoders.apkg')))).toMatch(/0 new, 0 updated, 2 unchanged/);
    expect(hints((await cardsOf(ws, 'autoencoders')).pkg)).toEqual(hints(original));
    expect(replyText(await ann({ type: 'deck_import', filename: 'autoencoders.csv', content: new TextDecoder().decode(csv!.bytes) }))).toMatch(/0 new, 0 updated, 2 unchanged/);
    expect(hints((await cardsOf(ws, 'autoencoders')).pkg)).toEqual(hints(original));

    const other = `ws-${Math.random()}`;
    await t.as('Cy', { workspaceId: other })(importFile(apkg!.bytes, 'autoencoders.apkg'));
    expect(hints((await cardsOf(other, 'autoencoders')).pkg)).toEqual(hints(original));
  });

  it('says which deck to export when none or an unknown one is named', async () => {
    const ann = t.as('Ann', { workspaceId: `ws-${Math.random()}` });
    expect((await ann({ type: 'deck_export' })).reply?.text).toMatch(/Name the deck to export/);
    expect((await ann({ type: 'deck_export', deck: 'nope' })).reply?.text).toMatch(/no deck called "nope"/);
  });
});
