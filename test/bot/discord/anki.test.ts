/**
 * Anki packages end to end on Discord: the real discord.js adapter and core on PGlite (and the server
 * with DATABASE_URL), through the stand-in. An .apkg attachment is downloaded as bytes and imported
 * (with the importer's history when asked), and /deck export comes back as .apkg and CSV attachments.
 */
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { createStudyBot } from '../../../src/app.js';
import { readApkg } from '../../../src/anki/read-apkg.js';
import type { Database } from '../../../src/db/connect.js';
import { cardImages, decks, reviewLogs, users } from '../../../src/db/schema.js';
import { currentApkg } from '../../support/anki-fixtures.js';
import { dbTargets, openForSuite } from '../../support/db.js';
import { APPLICATION_ID, startHarness, type Harness } from '../../support/discord-harness.js';
import { bool, str, sub, type TestUser } from '../../support/discord-interactions.js';
import { isEphemeral } from '../../support/discord-standin.js';

const ada: TestUser = { id: '820000000000000001', username: 'ada', globalName: 'Ada' };

describe.each(dbTargets)('Anki packages on Discord (real core on $name)', (target) => {
  let database: Database;
  let h: Harness;
  openForSuite(target, async (opened) => {
    database = opened;
    h = await startHarness(await createStudyBot({ db: database.db }), {}, { cachedGuild: true, heartbeatIntervalMs: 41_250 });
    return undefined;
  });

  const reply = async (interaction: { id: string; token: string }) => {
    h.standIn.interact(interaction);
    await h.standIn.callbackFor(interaction.id);
    return h.standIn.waitForRequest((r) => r.method === 'PATCH' && r.path === `/webhooks/${APPLICATION_ID}/${interaction.token}/messages/@original`);
  };

  it('imports an .apkg attachment, with the history option, privately', async () => {
    const apkg = await currentApkg();
    const i = h.guild.deckImport(ada, 'biology.apkg', apkg, undefined, [bool('history', true)]);
    const edit = await reply(i);
    expect(isEphemeral(h.standIn.originalOf(i.token))).toBe(true);
    expect(edit.body.embeds[0].title).toContain('Anki deck imported');
    expect(edit.body.embeds[0].description).toContain('**Biology** as `biology`: 6 cards');
    expect(edit.body.embeds[0].description).toContain('4 reviews of 2 cards');
    const [deck] = await database.db.select().from(decks).where(eq(decks.slug, 'biology'));
    expect(deck).toBeDefined();
    expect(await database.db.select().from(cardImages)).toHaveLength(1);
    const [row] = await database.db.select().from(users).where(eq(users.externalId, ada.id));
    expect(await database.db.select().from(reviewLogs).where(eq(reviewLogs.userId, row!.id))).toHaveLength(4);
  });

  it('sends /deck export as .apkg and CSV attachments that read back as the deck', async () => {
    const i = h.guild.slash(ada, 'deck', [sub('export', [str('deck', 'biology')])]);
    const edit = await reply(i);
    expect(edit.body.embeds[0].title).toContain('Deck exported');
    expect(edit.files.map((f) => f.name)).toEqual(['biology.apkg', 'biology.csv']);
    const reread = await readApkg(new Uint8Array(edit.files[0]!.data), 'biology.apkg');
    expect(reread.cards).toHaveLength(6);
    expect(reread.media.map((m) => m.name)).toEqual(['golgi.png']);
    expect(edit.files[1]!.data.toString('utf8')).toContain('# title: Biology');
  });

  it('refuses an .apkg over the package limit by its reported size, without downloading it', async () => {
    const i = h.guild.deckImport(ada, 'huge.apkg', 'PK', 60 * 1024 * 1024);
    const edit = await reply(i);
    expect(edit.body.embeds[0].description).toContain('an Anki package can be at most 50 MB');
  });
});
