/**
 * One runner (the self-hoster's one replica), a step stuck on its platform (a post that gets no answer,
 * a 429 with a long retry_after): only that step's game waits. The runner goes on claiming the steps of
 * other games as they fall due, every `pollMs` and at once on wake(), within its concurrency limit; the
 * stuck step stays its own and is not run twice. The fake clock stands for the passing time, and the
 * heartbeat (start() renews on a timer of its own) is called by hand as the clock moves.
 */
import { describe, expect, it } from 'vitest';
import type { Message } from '../../src/core/messages.js';
import type { ChannelRef, Platform, Sender } from '../../src/core/ports.js';
import type { Database } from '../../src/db/connect.js';
import { createGameStepStore } from '../../src/db/game-step-store.js';
import type { GameStepHandler, GameStepStore } from '../../src/scheduler/game-ports.js';
import { createGameRunner, type GameRunner, type StepEvent } from '../../src/scheduler/game-steps.js';
import { dbTargets, openForSuite } from '../support/db.js';
import { expectPlayedOnce, gameStates, playOut, titlesIn } from '../support/game-plays.js';
import { gameRig, SECOND, type GameRig, type GameSender } from '../support/games.js';
import { claimedReveal, RecordingSender } from './support.js';

/** Only a runner that never gets there waits this long (real time): the test then fails, saying what did not come. */
const NEVER_MS = 30_000;

async function within<T>(what: string, promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const bound = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what}: not within ${NEVER_MS / SECOND} s`)), NEVER_MS)));
  try {
    return await Promise.race([promise, bound]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The rig's sender, where the posts to a stalled channel wait until the test releases them (the
 * platform has not answered yet); tells the test when a post went out, and at what (fake) time.
 */
class StallingSender implements Sender {
  readonly platform: Platform;
  readonly liveCountdown: boolean;
  private readonly stalled = new Set<string>();
  private readonly parked: { channelId: string; go: () => void }[] = [];
  /** Each says whether it is done with. */
  private readonly watchers: (() => boolean)[] = [];
  /** The most posts waiting at once. */
  mostParked = 0;

  constructor(
    private readonly inner: GameSender,
    private readonly now: () => Date,
  ) {
    this.platform = inner.platform;
    this.liveCountdown = inner.liveCountdown;
  }

  stall(channelId: string): void {
    this.stalled.add(channelId);
  }

  /** Lets the channel's waiting posts through, and those after them. */
  release(channelId: string): void {
    this.stalled.delete(channelId);
    for (const post of this.parked.filter((p) => p.channelId === channelId)) {
      this.parked.splice(this.parked.indexOf(post), 1);
      post.go();
    }
  }

  parkedIn(channelId: string): number {
    return this.parked.filter((p) => p.channelId === channelId).length;
  }

  /** Resolves once `check` holds after a post began or went out. */
  until(what: string, check: () => boolean): Promise<void> {
    return within(
      what,
      new Promise<void>((resolve) => {
        const look = () => {
          if (!check()) return false;
          resolve();
          return true;
        };
        if (!look()) this.watchers.push(look);
      }),
    );
  }

  /** The fake time at which the channel's post titled `...title` went out, once it has. */
  async postedAt(channelId: string, title: string): Promise<Date> {
    const find = () => this.sentAt.find((s) => s.channelId === channelId && s.title.endsWith(title));
    await this.until(`${title} in ${channelId}`, () => find() !== undefined);
    return find()!.at;
  }

  private readonly sentAt: { channelId: string; title: string; at: Date }[] = [];

  async post(channel: ChannelRef, message: Message): Promise<{ messageRef: string }> {
    if (this.stalled.has(channel.channelId)) {
      const released = new Promise<void>((go) => this.parked.push({ channelId: channel.channelId, go }));
      this.mostParked = Math.max(this.mostParked, this.parked.length);
      this.notify();
      await released;
    }
    const posted = await this.inner.post(channel, message);
    this.sentAt.push({ channelId: channel.channelId, title: message.title ?? '', at: this.now() });
    this.notify();
    return posted;
  }

  update(channel: ChannelRef, messageRef: string, message: Message): Promise<void> {
    return this.inner.update(channel, messageRef, message);
  }

  private notify(): void {
    for (const watcher of this.watchers.splice(0)) if (!watcher()) this.watchers.push(watcher);
  }
}

/**
 * The store, counting the steps claimed and not yet done, so the test sees that no claim asks for more
 * than the runner has room for. Edits claims are told to `onEditsClaimed` (each wake() makes one).
 */
function countingStore(store: GameStepStore): { store: GameStepStore; held(): number; mostHeld(): number; onEditsClaimed: (() => void)[] } {
  let held = 0;
  let mostHeld = 0;
  const onEditsClaimed: (() => void)[] = [];
  const done = async <T>(work: Promise<T>) => {
    const result = await work;
    held--;
    return result;
  };
  const counted: GameStepStore = Object.assign(Object.create(store) as GameStepStore, {
    claimSteps: async (...args: Parameters<GameStepStore['claimSteps']>) => {
      const steps = await store.claimSteps(...args);
      held += steps.length;
      mostHeld = Math.max(mostHeld, held);
      return steps;
    },
    completeStep: (...args: Parameters<GameStepStore['completeStep']>) => done(store.completeStep(...args)),
    finishGame: (...args: Parameters<GameStepStore['finishGame']>) => done(store.finishGame(...args)),
    releaseStep: (...args: Parameters<GameStepStore['releaseStep']>) => done(store.releaseStep(...args)),
    claimEdits: async (...args: Parameters<GameStepStore['claimEdits']>) => {
      const edits = await store.claimEdits(...args);
      for (const told of onEditsClaimed.splice(0)) told();
      return edits;
    },
  });
  return { store: counted, held: () => held, mostHeld: () => mostHeld, onEditsClaimed };
}

/** How the test lets the runner find new work: start() woken at once, or tick() finding it by polling. */
const finders = [
  { name: 'at once on wake()', via: 'wake' },
  { name: 'by polling every pollMs', via: 'poll' },
] as const;

/** The runner, driven one way or the other; `settle` waits for its steps in flight to be done. */
function drive(runner: GameRunner, via: 'wake' | 'poll'): { nudge(): void; settle(): Promise<void> } {
  if (via === 'wake') {
    const running = runner.start();
    return { nudge: () => running.wake(), settle: () => running.stop() };
  }
  const ticking = runner.tick();
  return { nudge: () => {}, settle: async () => void (await ticking) };
}

/** A game poll that takes no real time to speak of, and one long enough that only a wake() finds work. */
const pollMsFor = (via: 'wake' | 'poll') => (via === 'poll' ? 20 : 10 * 60 * SECOND);

/** Moves the clock on a second at a time, renewing the runner's claims each second as its heartbeat does. */
async function pass(rig: GameRig, runner: GameRunner, ms: number): Promise<void> {
  for (let s = 0; s < ms / SECOND; s++) {
    rig.clock.advance(SECOND);
    await runner.renewClaims();
  }
}

describe.each(dbTargets)('a stuck game step on $name', (target) => {
  let database: Database;
  openForSuite(target, (opened) => {
    database = opened;
  });

  const quiz = (rig: GameRig, user: string, channelId: string) => rig.as(user, { channelId })({ type: 'quiz', deck: 'gan', rounds: '2', time: '10' });

  it.each(finders)('holds up only its own game: the other channel is asked and revealed on time, found $name', async ({ via }) => {
    const rig = await gameRig(database);
    const sender = new StallingSender(rig.sender, rig.clock.now);
    const events: StepEvent[] = [];
    const runner = rig.replica('solo', { senders: [sender], pollMs: pollMsFor(via), onStep: (event) => events.push(event) });
    sender.stall('chan-A');
    await quiz(rig, 'Ada', 'chan-A');
    const driving = drive(runner, via);
    await sender.until("A's question 1 waiting on its platform", () => sender.parkedIn('chan-A') === 1);

    // B's game starts 2 s later: each of its steps goes out when due, while A's question still waits.
    await pass(rig, runner, 2 * SECOND);
    await quiz(rig, 'Ada', 'chan-B');
    const startedAt = rig.clock.now().getTime();
    driving.nudge();
    expect((await sender.postedAt('chan-B', 'Question 1 of 2')).getTime()).toBe(startedAt);
    await pass(rig, runner, 10 * SECOND);
    driving.nudge();
    expect((await sender.postedAt('chan-B', 'Question 1 of 2 · answer')).getTime()).toBe(startedAt + 10 * SECOND);
    await pass(rig, runner, 5 * SECOND);
    driving.nudge();
    expect((await sender.postedAt('chan-B', 'Question 2 of 2')).getTime()).toBe(startedAt + 15 * SECOND);
    // A's step was never run a second time (its lease is renewed), and its game got nothing else meanwhile.
    expect(sender.parkedIn('chan-A')).toBe(1);
    expect(titlesIn(rig, 'chan-A')).toEqual([]);
    expect(events.filter((e) => e.sentAt.getTime() - e.dueAt.getTime() >= SECOND)).toEqual([]);

    // The platform answers at last: A's game goes on from there, and both play out, each post once.
    sender.release('chan-A');
    await sender.postedAt('chan-A', 'Question 1 of 2');
    await driving.settle();
    await playOut(rig, runner);
    expect(await gameStates(database, rig.workspaceId)).toEqual(['finished', 'finished']);
    for (const channelId of ['chan-A', 'chan-B']) expectPlayedOnce(rig, channelId, 2);
  });

  it('a runner whose own heartbeat lapsed does not take its stuck step over from itself (it would post it twice)', async () => {
    const rig = await gameRig(database);
    const sender = new StallingSender(rig.sender, rig.clock.now);
    const runner = rig.replica('solo', { senders: [sender], pollMs: pollMsFor('poll') });
    sender.stall('chan-A');
    await quiz(rig, 'Ada', 'chan-A');
    const ticking = runner.tick();
    await sender.until("A's question 1 waiting on its platform", () => sender.parkedIn('chan-A') === 1);
    // No renewal for longer than the lease (10 s), then B's game: the runner's stale check, on its way to B, finds A's step.
    rig.clock.advance(12 * SECOND);
    await quiz(rig, 'Ada', 'chan-B');
    await sender.postedAt('chan-B', 'Question 1 of 2');
    rig.clock.advance(10 * SECOND); // and the next stale check, with B's reveal
    await sender.postedAt('chan-B', 'Question 1 of 2 · answer');
    expect(sender.parkedIn('chan-A')).toBe(1);
    sender.release('chan-A');
    const report = await ticking;
    expect(report.takenOver).toBe(0);
    await playOut(rig, runner);
    expect(await gameStates(database, rig.workspaceId)).toEqual(['finished', 'finished']);
    for (const channelId of ['chan-A', 'chan-B']) expectPlayedOnce(rig, channelId, 2);
  });

  it('keeps to its concurrency limit while steps are stuck: a game due meanwhile waits for a free slot', async () => {
    const rig = await gameRig(database);
    const sender = new StallingSender(rig.sender, rig.clock.now);
    const counting = countingStore(createGameStepStore(database.db));
    const running = rig.replica('solo', { senders: [sender], store: counting.store, concurrency: 2, pollMs: pollMsFor('wake') });
    for (const channelId of ['chan-1', 'chan-2']) sender.stall(channelId);
    await quiz(rig, 'Ada', 'chan-1');
    await quiz(rig, 'Ada', 'chan-2');
    const started = running.start();
    await sender.until('both questions waiting on their platform', () => sender.parkedIn('chan-1') + sender.parkedIn('chan-2') === 2);

    // A third game falls due while both slots are stuck; two wakes (each looked at by the edits loop too) claim nothing.
    await pass(rig, running, 2 * SECOND);
    await quiz(rig, 'Ada', 'chan-3');
    for (let n = 0; n < 2; n++) {
      const looked = new Promise<void>((resolve) => counting.onEditsClaimed.push(resolve));
      started.wake();
      await within('the runner woken', looked);
    }
    expect(counting.held()).toBe(2);
    expect(titlesIn(rig, 'chan-3')).toEqual([]);

    // A slot frees: the third game is asked then, while the other stuck step still waits.
    sender.release('chan-1');
    await sender.postedAt('chan-3', 'Question 1 of 2');
    expect(sender.parkedIn('chan-2')).toBe(1);
    sender.release('chan-2');
    await sender.postedAt('chan-2', 'Question 1 of 2');
    await started.stop();
    expect(counting.mostHeld()).toBe(2);
    expect(sender.mostParked).toBe(2);
    await playOut(rig, running);
    expect(await gameStates(database, rig.workspaceId)).toEqual(['finished', 'finished', 'finished']);
    for (const channelId of ['chan-1', 'chan-2', 'chan-3']) expectPlayedOnce(rig, channelId, 2);
  });
});

describe('a claim failing while a step is stuck', () => {
  it('waits for the next look: the step in flight is seen to its end before the runner gives up', async () => {
    const step = claimedReveal();
    let claims = 0;
    let failedTwice!: () => void;
    const twice = new Promise<void>((resolve) => (failedTwice = resolve));
    const released: number[] = [];
    const store = {
      claimSteps: async (_options, kind) => {
        if (kind === 'stale') return [];
        if (++claims === 1) return [step];
        if (claims === 3) failedTwice();
        throw new Error('connection refused');
      },
      renewClaims: async () => {},
      releaseStep: async (handedBack) => void released.push(handedBack.stepId),
      claimEdits: async () => [],
    } as Partial<GameStepStore> as GameStepStore;
    let fail!: (error: Error) => void;
    // The reveal hangs (its platform does not answer), then fails and is handed back.
    const steps = { reveal: () => new Promise((_, reject) => (fail = reject)) } as Partial<GameStepHandler> as GameStepHandler;
    const runner = createGameRunner({ store, steps, senders: [new RecordingSender('discord')], pollMs: 5 });
    let settled = false;
    const ticking = runner.tick().finally(() => (settled = true));
    await within('two claims failed while the step hangs', twice);
    expect(settled).toBe(false);
    fail(new Error('socket hang up'));
    // Nothing in flight any more: the claim failing now is the tick's to report.
    await expect(ticking).rejects.toThrow('connection refused');
    expect(released).toEqual([7]);
  });
});
