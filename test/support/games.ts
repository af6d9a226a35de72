/**
 * A game rig for tests and the bench: the real StudyBot (with games) on a real database, a fake clock,
 * a recording Sender, and one or more game-step runners that tests tick by hand.
 */
import { sql } from 'drizzle-orm';
import type { Outcome } from '../../src/core/messages.js';
import type { Message } from '../../src/core/messages.js';
import type { ChannelRef, Platform, Sender } from '../../src/core/ports.js';
import { buildId, parseId } from '../../src/core/ids.js';
import type { Round } from '../../src/core/model.js';
import type { Database } from '../../src/db/connect.js';
import { createGameStepStore } from '../../src/db/game-step-store.js';
import { createGameRunner, type GameRunner, type GameRunnerOptions } from '../../src/scheduler/game-steps.js';
import { makeBot, type TestBot } from './core.js';

export interface Sent {
  kind: 'post' | 'update';
  channel: ChannelRef;
  messageRef: string;
  message: Message;
}

/** Records every post and edit; `liveCountdown` as Discord has it, or not as Slack. */
export class GameSender implements Sender {
  readonly sent: Sent[] = [];
  private counter = 0;
  /** Fails the next post with this error (once). */
  failNext: Error | null = null;
  /** Runs inside the next post, before it returns (once): something that happens while a message is on its way. */
  duringNextPost: (() => Promise<unknown>) | null = null;
  constructor(
    readonly platform: Platform,
    readonly liveCountdown = false,
  ) {}

  async post(channel: ChannelRef, message: Message): Promise<{ messageRef: string }> {
    if (this.failNext) {
      const error = this.failNext;
      this.failNext = null;
      throw error;
    }
    const messageRef = `${this.platform}-${++this.counter}`;
    this.sent.push({ kind: 'post', channel, messageRef, message });
    const during = this.duringNextPost;
    this.duringNextPost = null;
    await during?.();
    return { messageRef };
  }

  async update(channel: ChannelRef, messageRef: string, message: Message): Promise<void> {
    this.sent.push({ kind: 'update', channel, messageRef, message });
  }

  posts(): Sent[] {
    return this.sent.filter((s) => s.kind === 'post');
  }

  updatesOf(messageRef: string): Sent[] {
    return this.sent.filter((s) => s.kind === 'update' && s.messageRef === messageRef);
  }

  /** The posted questions (messages with answer buttons and a countdown). */
  questions(): Sent[] {
    return this.posts().filter((s) => s.message.countdown);
  }
}

export interface GameRig extends TestBot {
  /** The rig's own workspace (external id). */
  workspaceId: string;
  sender: GameSender;
  runner: GameRunner;
  /** Another runner on the same database (a second replica). */
  replica(instanceId: string, options?: Partial<GameRunnerOptions>): GameRunner;
  /** Advances the clock by `ms` and runs the runner once. */
  after(ms: number): ReturnType<GameRunner['tick']>;
}

let rigs = 0;

/**
 * Tests in a file share one database (opening PGlite is the slow part), so each rig plays in a
 * workspace of its own (its users, points and streaks start afresh), and ends the games earlier
 * rigs left running (runners claim games of every workspace on their platform).
 */
export async function gameRig(
  database: Database,
  options: { now?: string; platform?: Platform; liveCountdown?: boolean; workspace?: string } = {},
): Promise<GameRig> {
  await database.db.execute(sql`update game_steps set state = 'cancelled' where state in ('pending', 'running')`);
  await database.db.execute(sql`update games set state = 'stopped', ended_at = coalesce(ended_at, started_at) where state in ('running', 'stopping')`);
  const bot = await makeBot(database, { now: options.now });
  const workspaceId = options.workspace ?? `ws-${++rigs}-${process.pid}`;
  const sender = new GameSender(options.platform ?? 'discord', options.liveCountdown ?? false);
  const replica = (instanceId: string, extra: Partial<GameRunnerOptions> = {}) =>
    createGameRunner({ store: createGameStepStore(database.db), steps: bot.bot.gameSteps!, senders: [sender], clock: bot.clock, instanceId, ...extra });
  const runner = replica('runner-a');
  const platform = sender.platform;
  return {
    ...bot,
    // Players are on the sender's platform, so the runner (which claims by platform) takes their games.
    as: (user, overrides = {}) => bot.as(user, { platform, workspaceId, ...overrides }),
    workspaceId,
    sender,
    runner,
    replica,
    after: (ms) => {
      bot.clock.advance(ms);
      return runner.tick();
    },
  };
}

/** The round behind a posted question's first answer button. */
export async function roundOf(rig: TestBot, question: Sent | Message): Promise<Round> {
  const message = 'message' in question ? question.message : question;
  const action = parseId(message.choices?.[0]?.id);
  if (!action || !('round' in action)) throw new Error(`no round button on ${JSON.stringify(message)}`);
  const round = await rig.store.getRound(action.round);
  if (!round) throw new Error(`round ${action.round} not found`);
  return round;
}

/** Presses an MCQ answer: the right one or a wrong one. */
export async function answerMcq(rig: TestBot, user: string, round: Round, right: boolean): Promise<Outcome> {
  const choice = right ? round.correctChoice! : (round.correctChoice! + 1) % round.choices!.length;
  return rig.as(user)({ type: 'press', id: buildId({ kind: 'mcq', round: round.id, choice }) }, `${user}-${round.id}-${choice}`);
}

export async function answerTyped(rig: TestBot, user: string, round: Round, text: string): Promise<Outcome> {
  return rig.as(user)({ type: 'submit', id: buildId({ kind: 'typed', round: round.id }), text }, `${user}-${round.id}-typed`);
}

export const SECOND = 1000;
