/**
 * An appeal in a game, with the real StudyBot and the game-step runner on a real database: accepted
 * after its question's reveal, it asks for that reveal to be edited (the message the runner posted),
 * and once the standings are posted, for them too; a rejection, or an appeal decided while nothing
 * public shows the result yet, asks for nothing. Points are paid once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildId, parseId } from '../../src/core/ids.js';
import type { Round } from '../../src/core/model.js';
import type { Database } from '../../src/db/connect.js';
import { dbTargets } from '../support/db.js';
import { answerTyped, gameRig, roundOf, SECOND, type GameRig } from '../support/games.js';

describe.each(dbTargets)('game appeals on $name', (target) => {
  let database: Database;
  beforeAll(async () => {
    database = await target.open();
  });
  afterAll(async () => {
    await database?.close();
  });

  /** `who` answers `round` wrongly and appeals: the appeal's id. */
  async function appealed(rig: GameRig, round: Round, who: string): Promise<number> {
    const verdict = await answerTyped(rig, who, round, 'bananas and a bicycle');
    const notice = await rig.as(who)({ type: 'press', id: verdict.reply!.choices!.find((c) => c.label === 'I was right')!.id });
    const action = parseId(notice.reply!.choices![0]!.id);
    if (action?.kind !== 'aview') throw new Error('not an appeal notice');
    return action.appeal;
  }
  const points = async (rig: GameRig, who: string) => (await rig.as(who)({ type: 'stats' })).reply!.fields!.find((f) => f.name === 'Points')!.value;

  it("edits the question's reveal, and the standings once posted", async () => {
    const rig = await gameRig(database);
    const decide = (appeal: number, accept: boolean) => rig.as('Ada')({ type: 'press', id: buildId({ kind: accept ? 'aok' : 'ano', appeal }) });
    await rig.as('Ada')({ type: 'quiz', deck: 'gan', mode: 'typed', rounds: '2', time: '30' });
    await rig.runner.tick();
    const r1 = await roundOf(rig, rig.sender.questions()[0]!);
    rig.clock.advance(4 * SECOND);
    const bobOnQ1 = await appealed(rig, r1, 'Bob');
    // Decided while the question is open: nothing public shows the result yet.
    const early = await appealed(rig, r1, 'Cy');
    expect((await decide(early, true)).edits).toBeUndefined();

    expect((await rig.after(26 * SECOND)).revealed).toBe(1);
    const reveal1 = rig.sender.posts().at(-1)!;
    expect(reveal1.message.text).toMatch(/Got it right \(1 of 2\): 🥇 Cy \+12 \(4\.0 s, accepted on appeal\)$/m);
    const accepted = await decide(bobOnQ1, true);
    expect(accepted.reply!.text).toContain('Accepted. Bob gets +10 points');
    // The standings are not out yet: the reveal alone, without its countdown to the next question or its Stop.
    expect(accepted.edits).toEqual([{ channelId: reveal1.channel.channelId, messageRef: reveal1.messageRef, message: expect.anything() }]);
    const revised1 = accepted.edits![0]!.message;
    expect(revised1).toMatchObject({ title: reveal1.message.title, footer: 'Corrected after an appeal.', visibility: 'public' });
    expect(revised1.choices).toBeUndefined();
    expect(revised1.text).toMatch(/Got it right \(2 of 2\): 🥇 Bob \+12 \(4\.0 s, accepted on appeal\), 🥈 Cy \+12 \(4\.0 s, accepted on appeal\)$/m);

    await rig.after(5 * SECOND);
    const r2 = await roundOf(rig, rig.sender.questions()[1]!);
    rig.clock.advance(10 * SECOND);
    const deeOnQ2 = await appealed(rig, r2, 'Dee');
    const bobOnQ2 = await appealed(rig, r2, 'Bob');
    expect((await rig.after(20 * SECOND)).revealed).toBe(1);
    const reveal2 = rig.sender.posts().at(-1)!;
    expect((await rig.after(2 * SECOND)).ended).toBe(1);
    const standings = rig.sender.posts().at(-1)!;
    expect(standings.message.text.split('\n')[0]).toBe('🥇 **Bob** — 12 pts · 1/2 right · fastest 4.0 s');

    expect((await decide(deeOnQ2, false)).edits).toBeUndefined();
    const late = await decide(bobOnQ2, true);
    expect(late.edits!.map((e) => e.messageRef)).toEqual([reveal2.messageRef, standings.messageRef]);
    expect(late.edits![0]!.message.text).toMatch(/Got it right \(1 of 2\): 🥇 Bob \+11 \(10\.0 s, accepted on appeal\)$/m);
    const revisedStandings = late.edits![1]!.message;
    expect(revisedStandings.title).toBe(standings.message.title);
    expect(revisedStandings.text.split('\n')).toEqual(['🥇 **Bob** — 23 pts · 2/2 right · fastest 4.0 s', '🥈 **Cy** — 12 pts · 1/2 right · fastest 4.0 s', '**3.** **Dee** — 0 pts · 0/2 right']);
    expect(revisedStandings.footer).toMatch(/· corrected after an appeal$/);
    // Paid once each: 10 for a right answer to a due card (the game's speed bonus is for the standings only).
    // Pressed again (or replayed after a crash): the same edits again, nothing paid again.
    expect((await decide(bobOnQ2, true)).edits).toEqual(late.edits);
    expect(await points(rig, 'Bob')).toBe('20');
  });

  it('corrects a reveal and standings whose appeal was accepted while they were being posted', async () => {
    const rig = await gameRig(database);
    const decide = (appeal: number) => rig.as('Ada')({ type: 'press', id: buildId({ kind: 'aok', appeal }) });
    await rig.as('Ada')({ type: 'quiz', deck: 'gan', mode: 'typed', rounds: '2', time: '30' });
    await rig.runner.tick();
    const r1 = await roundOf(rig, rig.sender.questions()[0]!);
    rig.clock.advance(4 * SECOND);
    const bob = await appealed(rig, r1, 'Bob');
    // Bob's appeal is accepted after the reveal was read, before its message was recorded: it has nothing to edit.
    let during: Awaited<ReturnType<typeof decide>> | undefined;
    rig.sender.duringNextPost = async () => (during = await decide(bob));
    expect((await rig.after(26 * SECOND)).revealed).toBe(1);
    const reveal1 = rig.sender.posts().at(-1)!;
    expect(during!.reply!.text).toContain('Accepted. Bob gets +10 points');
    expect(during!.edits).toBeUndefined();
    expect(reveal1.message.text).toMatch(/Got it right \(0 of 1\)|Nobody got it right/);
    // So the runner, once the message is recorded, finds it stale and corrects it.
    const corrected = rig.sender.updatesOf(reveal1.messageRef);
    expect(corrected).toHaveLength(1);
    expect(corrected[0]!.message).toMatchObject({ title: reveal1.message.title, footer: 'Corrected after an appeal.' });
    expect(corrected[0]!.message.text).toMatch(/Got it right \(1 of 1\): 🥇 Bob \+12 \(4\.0 s, accepted on appeal\)$/m);

    await rig.after(5 * SECOND);
    const r2 = await roundOf(rig, rig.sender.questions()[1]!);
    rig.clock.advance(10 * SECOND);
    const cy = await appealed(rig, r2, 'Cy');
    // A reveal nobody appealed meanwhile is left as posted.
    expect((await rig.after(20 * SECOND)).revealed).toBe(1);
    const reveal2 = rig.sender.posts().at(-1)!;
    expect(rig.sender.updatesOf(reveal2.messageRef)).toEqual([]);
    // Cy's appeal is accepted while the standings are on their way.
    rig.sender.duringNextPost = () => decide(cy);
    expect((await rig.after(2 * SECOND)).ended).toBe(1);
    const standings = rig.sender.posts().at(-1)!;
    expect(standings.message.text.split('\n')).toEqual(['🥇 **Bob** — 12 pts · 1/2 right · fastest 4.0 s', '**2.** **Cy** — 0 pts · 0/2 right']);
    const fixed = rig.sender.updatesOf(standings.messageRef);
    expect(fixed).toHaveLength(1);
    expect(fixed[0]!.message.text.split('\n')).toEqual(['🥇 **Bob** — 12 pts · 1/2 right · fastest 4.0 s', '🥈 **Cy** — 11 pts · 1/2 right · fastest 10.0 s']);
    expect(fixed[0]!.message.footer).toMatch(/· corrected after an appeal$/);
  });
});
