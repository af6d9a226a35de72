/**
 * "I was right" in the terminal demo, on the embedded database: a channel quiz's appeal decided by the
 * person who asked (refused to the appellant and to anyone else), paid once, remembered for the card;
 * a rejected one; and a private review's self-grade, re-rated once.
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { createStudyBot } from '../../../src/app.js';
import { startTerminal } from '../../../src/bot/terminal/index.js';
import { appeals, pointsLedger, reviewLogs, users } from '../../../src/db/schema.js';
import { openTemplatedPglite } from '../../support/pglite-template.js';
import { terminalHarness } from '../../support/terminal-harness.js';

const SLOW = 180_000;

describe('terminal appeals', () => {
  it('sends an appeal to the asker, who accepts it once; the same answer then passes; a rejection changes nothing', async () => {
    const database = await openTemplatedPglite();
    const dir = await mkdtemp(join(tmpdir(), 'studybot-appeal-'));
    try {
      const bot = await createStudyBot({ db: database.db });
      const term = terminalHarness((input, output) => startTerminal({ bot, input, output, outputDir: dir, userName: 'Ada', moderators: ['Ada'] }));
      const deckFile = join(dir, 'solo.csv');
      await writeFile(deckFile, "front,back\nWhat does a GAN's discriminator do?,It tells real samples from generated ones.\n");
      expect(await term.send(`/deck import ${deckFile}`)).toMatch(/1 card/);
      await term.send('/quiz solo typed');

      await term.send('/as Bob');
      const verdict = await term.send('it paints pictures of cats');
      expect(verdict).toMatch(/Not quite|Partly right/);
      expect(verdict).toContain('[1] I was right');
      const notice = await term.send('1');
      expect(notice).toContain('Appeal');
      expect(notice).toContain('Bob');
      expect(notice).toContain('[1] Review appeal');
      // The channel does not see the answer while the question may still be open.
      expect(notice).not.toContain('paints');
      // Bob is neither the asker nor a moderator here.
      expect(await term.send('1')).toContain('Only the person who asked this question, or a moderator');

      await term.send('/as Ada');
      const review = await term.send('1');
      expect(review).toContain('Appeal from Bob');
      expect(review).toContain('it paints pictures of cats');
      expect(review).toContain('Reference answer');
      expect(review).toContain('[1] Accept   [2] Reject');
      await term.send('/as Cy');
      expect(await term.send('1')).toContain('Only the person who asked this question, or a moderator');
      await term.send('/as Ada');
      const accepted = await term.send('1');
      expect(accepted).toContain('Accepted. Bob gets +10 points');
      expect(accepted).toContain('Appeal accepted');
      expect(await term.send('/leaderboard')).toMatch(/Bob — 10 pts/);

      // Remembered for the card: the same answer, written differently, passes the next quiz.
      await term.send('/quiz solo typed');
      await term.send('/as Bob');
      const again = await term.send('It paints pictures of CATS!');
      expect(again).toContain('Correct');
      expect(again).not.toContain('I was right');

      await term.send('/as Cy');
      expect(await term.send('a loud noise')).toContain('[1] I was right');
      await term.send('1');
      await term.send('/as Ada');
      await term.send('1');
      const rejected = await term.send('2');
      expect(rejected).toContain("Rejected. Cy's verdict stands");
      expect(rejected).toContain('Appeal rejected');
      await term.end();

      const rows = await database.db
        .select({ who: users.displayName, status: appeals.status, points: appeals.points, decidedBy: appeals.decidedBy, text: appeals.answerText })
        .from(appeals)
        .innerJoin(users, eq(users.id, appeals.userId))
        .orderBy(appeals.id);
      const [ada] = await database.db.select().from(users).where(eq(users.displayName, 'Ada'));
      expect(rows).toEqual([
        { who: 'Bob', status: 'accepted', points: expect.any(Number), decidedBy: ada!.id, text: 'it paints pictures of cats' },
        { who: 'Cy', status: 'rejected', points: 0, decidedBy: ada!.id, text: 'a loud noise' },
      ]);
      const [cy] = await database.db.select().from(users).where(eq(users.displayName, 'Cy'));
      const cyPoints = await database.db.select().from(pointsLedger).where(and(eq(pointsLedger.userId, cy!.id), eq(pointsLedger.reason, 'appeal')));
      expect(cyPoints).toEqual([]);
    } finally {
      await database.close();
    }
  }, SLOW);

  it('re-rates a typed review answer as Good once, in place of its rating', async () => {
    const database = await openTemplatedPglite();
    const dir = await mkdtemp(join(tmpdir(), 'studybot-review-appeal-'));
    try {
      const bot = await createStudyBot({ db: database.db });
      const term = terminalHarness((input, output) => startTerminal({ bot, input, output, outputDir: dir, userName: 'Dee' }));
      expect(await term.send('/review')).toContain('[2] Type answer');
      const verdict = await term.send('bananas and a bicycle');
      expect(verdict).toContain('Not quite');
      expect(verdict).toContain('Saved Again');
      expect(verdict).toContain('[1] I was right   [2] Next card');
      expect(await term.send('1')).toContain('Marked right');
      expect(await term.send('1')).toContain('already marked right');
      await term.end();

      const logs = await database.db.select().from(reviewLogs);
      expect(logs.map((log) => [log.rating, log.source])).toEqual([[3, 'review']]);
      const rows = await database.db.select().from(appeals);
      expect(rows).toMatchObject([{ status: 'accepted', roundId: null, answerText: 'bananas and a bicycle' }]);
    } finally {
      await database.close();
    }
  }, SLOW);
});
