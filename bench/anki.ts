/**
 * bench:anki — .apkg import time and peak memory for a 20,000-card package of each format (read in its
 * worker thread, as /deck import does), and FSRS optimiser time for 10,000 and 100,000 reviews.
 *
 * Then the whole `/deck import … history:yes` of the legacy package through the StudyBot into PGlite
 * (parse, replay of the history, one transaction), with the longest stall of the event loop meanwhile.
 *
 *   npm run bench:anki [-- --cards 20000 --reviews 10000,100000]
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { createStudyBot } from '../src/app.js';
import { openDatabase } from '../src/db/connect.js';
import { importApkg } from '../src/anki/import.js';
import { readApkg } from '../src/anki/read-apkg.js';
import type { LegacyCollection } from '../src/anki/legacy-collection.js';
import { createFsrsOptimizer } from '../src/fsrs/optimizer.js';
import { currentApkg, legacyApkg, NOTE_TYPES, tinyPng } from '../test/support/anki-fixtures.js';
import { syntheticReviewLog } from '../test/support/synthetic-reviews.js';

const { values } = parseArgs({ options: { cards: { type: 'string', default: '20000' }, reviews: { type: 'string', default: '10000,100000' } } });
const cardCount = Number(values.cards);
const reviewCounts = values.reviews.split(',').map(Number);
const MB = 1024 * 1024;

/** `cards` cards: half from Basic notes, half from reversed notes (two each), HTML fields, tags, 5 reviews each, 200 pictures. */
function bigCollection(cards: number): Omit<LegacyCollection, 'now'> {
  const notes: LegacyCollection['notes'] = [];
  const cardRows: LegacyCollection['cards'] = [];
  const revlog: NonNullable<LegacyCollection['revlog']> = [];
  const decks = [{ id: 10, name: 'Big' }, ...Array.from({ length: 20 }, (_, i) => ({ id: 100 + i, name: `Big::Chapter ${i + 1}` }))];
  const t0 = Date.UTC(2024, 0, 1);
  for (let n = 1; cardRows.length < cards; n++) {
    const reversed = cardRows.length >= cards / 2 && cardRows.length + 2 <= cards;
    const picture = n % 100 === 0 ? `<br><img src="img${(n / 100) % 200}.png">` : '';
    notes.push({
      id: n, guid: `g${n}`, noteTypeId: reversed ? NOTE_TYPES.reversed.id : NOTE_TYPES.basic.id, tags: [`tag${n % 50}`, 'big_deck'],
      fields: [`Question <b>${n}</b>: what is term&nbsp;${n}?${picture}`, `The answer to <i>${n}</i><div>with a second line &amp; more</div>`],
    });
    for (let ord = 0; ord < (reversed ? 2 : 1); ord++) {
      const id = n * 10 + ord;
      cardRows.push({ id, noteId: n, deckId: 100 + (n % 20), ord });
      for (let r = 0; r < 5; r++) revlog.push({ id: t0 + id * 1000 + r * 86_400_000 * (r + 1), cardId: id, ease: r === 2 ? 1 : 3, ivl: r + 1, lastIvl: r, time: 5000, type: r === 0 ? 0 : 1 });
    }
  }
  return { noteTypes: [NOTE_TYPES.basic, NOTE_TYPES.reversed], decks, notes, cards: cardRows, revlog };
}

async function measureImport(format: string, apkg: Uint8Array): Promise<{ seconds: number; cpu: number; peakMb: number }> {
  const base = process.memoryUsage.rss();
  let peak = base;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 5);
  const cpuBefore = process.cpuUsage(); // the whole process: the worker thread's time included
  const started = performance.now();
  const deck = await importApkg(apkg, `big-${format}.apkg`);
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpuBefore);
  const cpu = (used.user + used.system) / 1e6;
  clearInterval(sampler);
  if (deck.cards.length !== cardCount) throw new Error(`expected ${cardCount} cards, got ${deck.cards.length}`);
  // the same parse on this thread: what reading costs without starting a worker (which compiles TS under tsx)
  const inPlaceCpu = process.cpuUsage();
  const inPlaceStarted = performance.now();
  await readApkg(apkg, `big-${format}.apkg`);
  const inPlace = process.cpuUsage(inPlaceCpu);
  const parse = { wall: (performance.now() - inPlaceStarted) / 1000, cpu: (inPlace.user + inPlace.system) / 1e6 };
  console.log(
    `import ${format.padEnd(7)} ${(apkg.length / MB).toFixed(1)} MB file: ${deck.cards.length} cards, ${deck.media.length} pictures, ` +
      `${deck.history.reduce((n, h) => n + h.reviews.length, 0)} reviews in ${seconds.toFixed(2)} s wall, ${cpu.toFixed(2)} s CPU (worker start included); ` +
      `peak memory +${((peak - base) / MB).toFixed(0)} MB (process RSS); the parse alone ${parse.wall.toFixed(2)} s wall, ${parse.cpu.toFixed(2)} s CPU`,
  );
  return { seconds, cpu: parse.cpu, peakMb: (peak - base) / MB };
}

const collection = bigCollection(cardCount);
const media = Array.from({ length: 200 }, (_, i) => ({ name: `img${i}.png`, bytes: tinyPng() }));
const imports: Record<string, { seconds: number; cpu: number; peakMb: number }> = {};
const legacyBytes = await legacyApkg(collection, media);
imports.legacy = await measureImport('legacy', legacyBytes);
imports.current = await measureImport('current', await currentApkg(collection, media));

const optimizer = createFsrsOptimizer();
const fits: Record<number, { wall: number; cpu: number }> = {};
for (const reviews of reviewCounts) {
  const log = syntheticReviewLog({ reviews, newCardsPerDay: 40 });
  const cpu = process.cpuUsage();
  const result = await optimizer.optimize(log, { timeZone: 'Europe/Stockholm', current: null });
  const used = process.cpuUsage(cpu);
  fits[reviews] = { wall: result.millis / 1000, cpu: (used.user + used.system) / 1e6 };
  console.log(
    `optimise ${result.reviews} learnable reviews (${log.length} log rows): ${(result.millis / 1000).toFixed(2)} s wall, ${((used.user + used.system) / 1e6).toFixed(2)} s CPU ` +
      `(two fits and two evaluations); held-out log-loss ${result.before.logLoss.toFixed(4)} -> ${result.after.logLoss.toFixed(4)}, RMSE ${result.before.rmse.toFixed(4)} -> ${result.after.rmse.toFixed(4)}`,
  );
}

console.log(
  `summary: ${cardCount} cards import in ${imports.legacy.seconds.toFixed(1)} s (legacy) / ${imports.current.seconds.toFixed(1)} s (current) wall, ` +
    `parse ${imports.legacy.cpu.toFixed(1)} / ${imports.current.cpu.toFixed(1)} s CPU, ` +
    `peak +${Math.round(Math.max(imports.legacy.peakMb, imports.current.peakMb))} MB; optimiser ${reviewCounts.map((r) => `${r / 1000}k reviews ${fits[r]!.wall.toFixed(1)} s wall / ${fits[r]!.cpu.toFixed(1)} s CPU`).join(', ')}`,
);

{
  const database = await openDatabase({}); // in-memory PGlite
  try {
    const bot = await createStudyBot({ db: database.db });
    const delay = monitorEventLoopDelay({ resolution: 10 });
    delay.enable();
    const cpu = process.cpuUsage();
    const started = performance.now();
    const outcome = await bot.handle({
      actor: { platform: 'terminal', workspaceId: 'bench', channelId: 'bench', userId: 'ann', displayName: 'Ann', canManage: true },
      command: { type: 'deck_import', filename: 'big.apkg', content: '', bytes: legacyBytes, history: 'yes' },
    });
    const wall = (performance.now() - started) / 1000;
    const used = process.cpuUsage(cpu);
    delay.disable();
    if (!outcome.reply?.text.includes(`${cardCount} cards`)) throw new Error(`import failed: ${outcome.reply?.text}`);
    console.log(
      `/deck import history:yes into PGlite (${cardCount} cards, ${collection.revlog!.length} reviews replayed): ${wall.toFixed(1)} s wall, ` +
        `${((used.user + used.system) / 1e6).toFixed(1)} s CPU; longest event-loop stall ${(delay.max / 1e6).toFixed(0)} ms`,
    );
  } finally {
    await database.close();
  }
}
