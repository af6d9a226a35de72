/**
 * Stand-ins for scheduler tests and the fan-out bench: a settable clock, a recording Sender, and a
 * RoundOpener that writes real quiz_rounds rows (so foreign keys hold) without the StudyBot behind it
 * (studybot.test.ts drives the real one).
 */
import { sql } from 'drizzle-orm';
import { ChannelUnavailableError } from '../../src/core/errors.js';
import type { ClaimedStep, Game } from '../../src/core/games/model.js';
import type { Message } from '../../src/core/messages.js';
import type { ChannelRef, Clock, Platform, PostOptions, Sender } from '../../src/core/ports.js';
import type { Db } from '../../src/db/connect.js';
import { queryRows } from '../../src/db/rows.js';
import type { RoundOpener } from '../../src/scheduler/ports.js';

export class FakeClock implements Clock {
  constructor(private current: Date) {}
  now(): Date {
    return new Date(this.current);
  }
  set(iso: string | Date): void {
    this.current = new Date(iso);
  }
}

export interface SentMessage {
  kind: 'post' | 'update';
  channel: ChannelRef;
  messageRef: string;
  message: Message;
  /** The round or key the post said it carries (PostOptions). */
  roundId?: number;
  key?: string;
}

export class RecordingSender implements Sender {
  readonly sent: SentMessage[] = [];
  /** Channel ids whose posts fail with ChannelUnavailableError. */
  readonly unavailable = new Set<string>();
  /** Channel ids whose next post fails with a transient error. */
  readonly flaky = new Set<string>();
  private counter = 0;

  /** Channel ids whose next post reaches the channel but the answer is lost (a timeout after the platform accepted it). */
  readonly lostAnswers = new Set<string>();
  /** False: a platform that cannot be asked (like the terminal), so `findRoundMessage` and `findKeyedMessage` are absent. */
  readonly findRoundMessage?: Sender['findRoundMessage'];
  readonly findKeyedMessage?: Sender['findKeyedMessage'];

  constructor(
    readonly platform: Platform,
    private readonly delayMs = 0,
    lookups = true,
  ) {
    if (lookups) {
      this.findRoundMessage = async (channel, roundId) => {
        const found = this.posts(channel.channelId).find((p) => p.roundId === roundId);
        return found ? { messageRef: found.messageRef } : null;
      };
      this.findKeyedMessage = async (channel, key) => {
        const found = this.posts(channel.channelId).find((p) => p.key === key);
        return found ? { messageRef: found.messageRef } : null;
      };
    }
  }

  async post(channel: ChannelRef, message: Message, options?: PostOptions): Promise<{ messageRef: string }> {
    if (this.delayMs > 0) await new Promise((r) => setTimeout(r, this.delayMs));
    if (this.unavailable.has(channel.channelId)) throw new ChannelUnavailableError('Missing Access');
    if (this.flaky.delete(channel.channelId)) throw new Error('socket hang up');
    const messageRef = `${this.platform}-msg-${++this.counter}`;
    this.sent.push({ kind: 'post', channel, messageRef, message, ...(options?.roundId !== undefined ? { roundId: options.roundId } : {}), ...(options?.key !== undefined ? { key: options.key } : {}) });
    if (this.lostAnswers.delete(channel.channelId)) throw new Error('socket hang up (after the platform accepted the post)');
    return { messageRef };
  }

  async update(channel: ChannelRef, messageRef: string, message: Message): Promise<void> {
    this.sent.push({ kind: 'update', channel, messageRef, message });
  }

  posts(channelId?: string): SentMessage[] {
    return this.sent.filter((s) => s.kind === 'post' && (channelId === undefined || s.channel.channelId === channelId));
  }
}

/** Opens real quiz_rounds rows; the reveal lists correct answerers by answer time. */
export class FakeRoundOpener implements RoundOpener {
  opened = 0;
  revealed: number[] = [];

  /** `clock`, when given, stamps opens_at (as the real StudyBot does); else the database's now(). */
  constructor(
    private readonly db: Db,
    private readonly clock?: Clock,
  ) {}

  async openChannelRound(input: Parameters<RoundOpener['openChannelRound']>[0]): Promise<{ roundId: number; message: Message }> {
    const rows = await queryRows<{ id: number; front: string }>(
      this.db,
      sql`insert into quiz_rounds (workspace_id, channel_id, card_id, mode, opens_at, closes_at, source)
          select w.id, ${input.channel.channelId}, ${input.cardId}, ${input.mode}, ${this.clock ? sql`${this.clock.now().toISOString()}::timestamptz` : sql`now()`}, ${input.closesAt.toISOString()}::timestamptz, ${input.source}
          from workspaces w where w.platform = ${input.channel.platform} and w.external_id = ${input.channel.workspaceId}
          returning id, (select front from cards where id = ${input.cardId}) as front`,
    );
    const row = rows[0];
    if (!row) throw new Error('no workspace for channel');
    this.opened++;
    return { roundId: Number(row.id), message: { title: 'Daily card', text: `card:${input.cardId} ${row.front}`, visibility: 'public' } };
  }

  async setRoundMessageRef(roundId: number, messageRef: string): Promise<void> {
    await this.db.execute(sql`update quiz_rounds set message_ref = ${messageRef} where id = ${roundId}`);
  }

  async roundToPost(roundId: number): Promise<{ message: Message; opensAt: Date; closesAt: Date | null; messageRef: string | null }> {
    const [row] = await queryRows<{ card_id: number; front: string; opens_ms: number; closes_ms: number | null; message_ref: string | null }>(
      this.db,
      sql`select r.card_id, c.front, extract(epoch from r.opens_at) * 1000 as opens_ms, extract(epoch from r.closes_at) * 1000 as closes_ms, r.message_ref
          from quiz_rounds r join cards c on c.id = r.card_id where r.id = ${roundId}`,
    );
    if (!row) throw new Error(`no round ${roundId}`);
    return {
      message: { title: 'Daily card', text: `card:${row.card_id} ${row.front}`, visibility: 'public' },
      opensAt: new Date(Number(row.opens_ms)),
      closesAt: row.closes_ms === null ? null : new Date(Number(row.closes_ms)),
      messageRef: row.message_ref,
    };
  }

  async revealRound(roundId: number): Promise<{ message: Message }> {
    const winners = await queryRows<{ display_name: string }>(
      this.db,
      sql`select u.display_name from answers a join users u on u.id = a.user_id
          where a.round_id = ${roundId} and a.correct order by a.answered_at, a.id`,
    );
    await this.db.execute(sql`update quiz_rounds set revealed_at = now() where id = ${roundId}`);
    this.revealed.push(roundId);
    return { message: { title: 'Answer', text: `round:${roundId} winners:${winners.map((w) => w.display_name).join(',')}`, visibility: 'public' } };
  }
}

/** A workspace, a deck with `cards` cards, and `channels` channels with daily settings (raw rows, as /daily on leaves them). */
export async function seedDaily(
  db: Db,
  o: { platform?: Platform; workspace?: string; cards?: number; channels: string[]; localTime: string; timeZone: string; windowMinutes?: number; since: Date; deckSlug?: string },
): Promise<{ workspaceId: number; deckId: number; settingsIds: number[]; cardIds: number[] }> {
  const platform = o.platform ?? 'discord';
  const [ws] = await queryRows<{ id: number }>(
    db,
    sql`insert into workspaces (platform, external_id) values (${platform}, ${o.workspace ?? 'guild-1'})
        on conflict (platform, external_id) do update set platform = excluded.platform returning id`,
  );
  const workspaceId = Number(ws!.id);
  const [deck] = await queryRows<{ id: number }>(
    db,
    sql`insert into decks (workspace_id, slug, title) values (null, ${o.deckSlug ?? `deck-${workspaceId}`}, 'GAN basics') returning id`,
  );
  const deckId = Number(deck!.id);
  const cardIds: number[] = [];
  for (let i = 0; i < (o.cards ?? 4); i++) {
    const [c] = await queryRows<{ id: number }>(
      db,
      sql`insert into cards (deck_id, key, front, back, position) values (${deckId}, ${`k${i}`}, ${`Q${i}?`}, ${`A${i}`}, ${i}) returning id`,
    );
    cardIds.push(Number(c!.id));
  }
  const settingsIds: number[] = [];
  for (let i = 0; i < o.channels.length; i += 1000) {
    const values = sql.join(
      o.channels.slice(i, i + 1000).map(
        (ch) => sql`(${workspaceId}, ${ch}, ${deckId}, ${o.localTime}, ${o.timeZone}, 'mcq', ${o.windowMinutes ?? 720}, ${o.since.toISOString()}::timestamptz)`,
      ),
      sql`, `,
    );
    const rows = await queryRows<{ id: number }>(
      db,
      sql`insert into channel_settings (workspace_id, channel_id, deck_id, local_time, time_zone, mode, window_minutes, updated_at)
          values ${values} returning id`,
    );
    settingsIds.push(...rows.map((r) => Number(r.id)));
  }
  return { workspaceId, deckId, settingsIds, cardIds };
}

export async function promptRows(db: Db): Promise<{ settings_id: number; local_date: string; state: string; note: string | null; due_at: string; claimed_by: string | null }[]> {
  return queryRows(
    db,
    sql`select settings_id, local_date::text as local_date, state, note, to_char(due_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI"Z"') as due_at, claimed_by
        from daily_prompts order by settings_id, local_date`,
  );
}

/**
 * A process killed mid-post (`kill -9`): the wrapped sender's post runs (`after`) or not (`before`), and
 * then the call never returns, so the scheduler holding the claim records nothing more. `died` resolves
 * at that moment, and `onDie` runs then (a killableStore's kill: the rest of the process dies with it);
 * the test then starts another scheduler, as the next replica or restart would. With `dieOn`, posts it
 * does not match go through as usual until one does. Its lookups are the sender's own.
 */
export function dyingSender(
  sender: Sender,
  when: 'before' | 'after',
  dieOn: (message: Message) => boolean = () => true,
  onDie: () => void = () => {},
): { sender: Sender; died: Promise<void> } {
  let die!: () => void;
  const died = new Promise<void>((resolve) => (die = resolve));
  const never = new Promise<never>(() => {});
  return {
    died,
    sender: {
      platform: sender.platform,
      ...(sender.liveCountdown !== undefined ? { liveCountdown: sender.liveCountdown } : {}),
      async post(channel, message, options) {
        if (!dieOn(message)) return sender.post(channel, message, options);
        if (when === 'after') await sender.post(channel, message, options);
        onDie();
        die();
        return never;
      },
      update: (channel, messageRef, message) => sender.update(channel, messageRef, message),
      ...(sender.findRoundMessage ? { findRoundMessage: sender.findRoundMessage.bind(sender) } : {}),
      ...(sender.findKeyedMessage ? { findKeyedMessage: sender.findKeyedMessage.bind(sender) } : {}),
    },
  };
}

/**
 * A store that dies with its process: after `kill()` no call gets an answer, nor does one under way, so
 * a runner killed mid-step claims, renews and records nothing more. A hung post alone would not do: a
 * live runner goes on with other games while one post hangs, and a killed one must not.
 */
export function killableStore<S extends object>(store: S): { store: S; kill(): void } {
  let killed = false;
  const never = new Promise<never>(() => {});
  const unlessKilled = <T>(answer: Promise<T>) =>
    new Promise<T>((resolve, reject) =>
      answer.then(
        (value) => void (killed || resolve(value)),
        (error: unknown) => void (killed || reject(error)),
      ),
    );
  const dying = new Proxy(store, {
    get(target, key, receiver) {
      const value: unknown = Reflect.get(target, key, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => (killed ? never : unlessKilled(Promise.resolve(value.apply(target, args))));
    },
  });
  return { store: dying, kill: () => void (killed = true) };
}

/** Something that waits until the test says so; `waiting` resolves once it has begun. */
export function gate(): { wait: () => Promise<void>; waiting: Promise<void>; open(): void } {
  let begun!: () => void;
  const waiting = new Promise<void>((resolve) => (begun = resolve));
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return {
    waiting,
    open,
    wait: () => {
      begun();
      return opened;
    },
  };
}

/**
 * A live process whose posts are slow (a rate limit, a slow platform): each post the wrapped sender
 * gets waits until the test calls `finish()`, then goes through. `waiting` resolves once a post waits.
 */
export function slowSender(sender: Sender): { sender: Sender; waiting: Promise<void>; finish(): void } {
  const held = gate();
  return {
    waiting: held.waiting,
    finish: held.open,
    sender: {
      platform: sender.platform,
      ...(sender.liveCountdown !== undefined ? { liveCountdown: sender.liveCountdown } : {}),
      async post(channel, message, options) {
        await held.wait();
        return sender.post(channel, message, options);
      },
      update: (channel, messageRef, message) => sender.update(channel, messageRef, message),
      ...(sender.findRoundMessage ? { findRoundMessage: sender.findRoundMessage.bind(sender) } : {}),
      ...(sender.findKeyedMessage ? { findKeyedMessage: sender.findKeyedMessage.bind(sender) } : {}),
    },
  };
}

/** A reveal step as a store hands it to the game runner, for tests whose store is a hand-made stub. */
export function claimedReveal(): ClaimedStep {
  return {
    stepId: 7,
    kind: 'reveal',
    round: 1,
    dueAt: new Date(),
    attempts: 1,
    afterPrevious: new Date(),
    game: { id: 3 } as Game,
    channel: { platform: 'discord', workspaceId: 'w', channelId: 'c' },
    question: null,
    lastRevealRef: null,
  };
}
