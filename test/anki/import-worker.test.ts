import { strToU8 } from 'fflate';
import { describe, expect, it } from 'vitest';
import { importApkg } from '../../src/anki/import.js';
import { ANKI_LIMITS } from '../../src/anki/limits.js';
import { readApkg } from '../../src/anki/read-apkg.js';
import { DeckParseError } from '../../src/core/errors.js';
import { currentApkg } from '../support/anki-fixtures.js';

describe('reading an .apkg in a worker thread', () => {
  it('gives the same deck as reading it in place, pictures included', async () => {
    const apkg = await currentApkg();
    const [inWorker, inPlace] = await Promise.all([importApkg(apkg, 'biology.apkg'), readApkg(apkg, 'biology.apkg')]);
    expect(inWorker).toEqual(inPlace);
    expect(inWorker.media[0]!.bytes).toBeInstanceOf(Uint8Array);
    expect(inWorker.history[0]!.reviews[0]!.reviewedAt).toBeInstanceOf(Date);
  });

  it('passes bad input back as the same clear error', async () => {
    const error = await importApkg(strToU8('not a zip, just text'), 'deck.apkg').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeckParseError);
    expect((error as Error).message).toMatch(/an \.apkg file is a zip archive/);
  });

  it('gives up on a file that takes too long, with a message', async () => {
    const error = await importApkg(await currentApkg(), 'deck.apkg', { ...ANKI_LIMITS, workerTimeoutMs: 1 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeckParseError);
    expect((error as Error).message).toMatch(/took longer than 1 second;/);
  });
});
