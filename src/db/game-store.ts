/**
 * The GameStore port (core/games/ports.ts): channel game settings, games, their questions and results.
 * The step runner's SQL over the same tables is in game-step-store.ts. Times come from the core's Clock.
 */
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { DEFAULT_GAME_SETTINGS, type Game, type GameSettings, type NewGame } from '../core/games/model.js';
import type { GameStore, PostedQuestion } from '../core/games/ports.js';
import type { GameQuestionResult } from '../core/games/standings.js';
import type { QuizMode } from '../core/commands.js';
import type { AnswerRecord } from '../core/model.js';
import type { NewRound } from '../core/ports.js';
import { acceptedOnAppeal, toAnswer } from './answer-rows.js';
import type { Db } from './connect.js';
import { GAME_COLUMNS, GAME_JOINS, toGame, type GameRow } from './game-rows.js';
import { GroupBatcher } from './group-batch.js';
import { queryRows, timestamptz } from './rows.js';
import { answers, quizRounds, users } from './schema.js';

export function createGameStore(db: Db): GameStore {
  return new SqlGameStore(db);
}

class SqlGameStore implements GameStore {
  constructor(private readonly db: Db) {}

  async settings(workspaceId: number, channelId: string): Promise<GameSettings> {
    const [row] = await queryRows<{ default_seconds: number; max_seconds: number; speed_bonus: boolean }>(
      this.db,
      sql`select default_seconds, max_seconds, speed_bonus from game_settings where workspace_id = ${workspaceId} and channel_id = ${channelId}`,
    );
    if (!row) return DEFAULT_GAME_SETTINGS;
    return { defaultSeconds: Number(row.default_seconds), maxSeconds: Number(row.max_seconds), speedBonus: row.speed_bonus === true };
  }

  async saveSettings(workspaceId: number, channelId: string, s: GameSettings, now: Date): Promise<void> {
    await this.db.execute(
      sql`insert into game_settings (workspace_id, channel_id, default_seconds, max_seconds, speed_bonus, updated_at)
          values (${workspaceId}, ${channelId}, ${s.defaultSeconds}, ${s.maxSeconds}, ${s.speedBonus}, ${timestamptz(now)})
          on conflict (workspace_id, channel_id) do update set default_seconds = excluded.default_seconds,
            max_seconds = excluded.max_seconds, speed_bonus = excluded.speed_bonus, updated_at = excluded.updated_at`,
    );
  }

  async liveGame(workspaceId: number, channelId: string): Promise<Game | null> {
    return this.oneGame(sql`g.workspace_id = ${workspaceId} and g.channel_id = ${channelId} and g.state in ('running', 'stopping')`);
  }

  async getGame(gameId: number): Promise<Game | null> {
    return this.oneGame(sql`g.id = ${gameId}`);
  }

  async lastEndedGame(workspaceId: number, channelId: string): Promise<Game | null> {
    return this.oneGame(
      sql`g.workspace_id = ${workspaceId} and g.channel_id = ${channelId} and g.ended_at is not null`,
      sql`order by g.ended_at desc limit 1`,
    );
  }

  /** The partial unique index allows one live game per channel: a second insert does nothing. */
  async createGame(game: NewGame): Promise<number | null> {
    const rows = await queryRows<{ id: unknown }>(
      this.db,
      sql`with g as (
            insert into games (workspace_id, channel_id, deck_id, mode, rounds, seconds, speed_bonus, card_ids, created_by, time_zone, state, started_at)
            values (${game.workspaceId}, ${game.channelId}, ${game.deckId}, ${game.mode}, ${game.rounds}, ${game.seconds}, ${game.speedBonus},
                    ${JSON.stringify(game.cardIds)}::jsonb, ${game.createdBy}, ${game.timeZone}, 'running', ${timestamptz(game.startedAt)})
            on conflict (workspace_id, channel_id) where state in ('running', 'stopping') do nothing
            returning id, started_at
          ), first_step as (
            insert into game_steps (game_id, round, kind, due_at, state) select id, 1, 'ask', started_at, 'pending' from g
          )
          select id from g`,
    );
    return rows[0] ? Number(rows[0].id) : null;
  }

  /**
   * The game's row is locked first, so a step completing at the same time either finished before (its
   * follow-up is pending, and moved here) or waits and sees 'stopping'. Each statement after the lock
   * reads what committed before it (READ COMMITTED), which one statement alone would not.
   */
  async stopGame(gameId: number, stoppedBy: number, now: Date): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      const [game] = await queryRows<{ state: string }>(tx, sql`select state from games where id = ${gameId} for update`);
      if (game?.state !== 'running') return false;
      await tx.execute(
        sql`with stopping as (
              update games set state = 'stopping', stopped_by = ${stoppedBy} where id = ${gameId} returning id
            ), reveal_now as (
              update game_steps set due_at = ${timestamptz(now)}
              where game_id = ${gameId} and state = 'pending' and kind = 'reveal' and due_at > ${timestamptz(now)}
            ), no_next as (
              update game_steps set state = 'cancelled', note = 'the game was stopped'
              where game_id = ${gameId} and state = 'pending' and kind = 'ask' returning game_id
            )
            insert into game_steps (game_id, round, kind, due_at, state)
            select game_id, 0, 'end', ${timestamptz(now)}, 'pending' from no_next
            on conflict (game_id, round, kind) do nothing`,
      );
      return true;
    });
  }

  /** Questions of games falling due together are inserted in one statement (group-batch.ts). */
  private readonly questions = new GroupBatcher<{ gameId: number; number: number; round: NewRound }, { roundId: number; created: boolean }>((batch) => this.openBatch(batch));

  openRound(gameId: number, number: number, round: NewRound): Promise<{ roundId: number; created: boolean }> {
    return this.questions.submit({ gameId, number, round });
  }

  /** Unique per game and number: a question an earlier attempt opened is found, not opened again. */
  private async openBatch(batch: { gameId: number; number: number; round: NewRound }[]): Promise<{ roundId: number; created: boolean }[]> {
    const values = sql.join(
      batch.map(({ gameId, number, round }, i) =>
        sql`(${i}::int, ${round.workspaceId}::bigint, ${round.channelId}::text, ${round.card.id}::bigint, ${round.mode}::text,
             ${round.choices === null ? null : JSON.stringify(round.choices)}::jsonb, ${round.correctChoice}::int,
             ${timestamptz(round.opensAt)}, ${round.closesAt === null ? null : timestamptz(round.closesAt)}, ${round.createdBy}::bigint,
             ${round.source}::text, ${gameId}::bigint, ${number}::smallint)`,
      ),
      sql`, `,
    );
    const rows = await queryRows<{ i: unknown; id: unknown; created: boolean }>(
      this.db,
      sql`with input (i, workspace_id, channel_id, card_id, mode, choices, correct_choice, opens_at, closes_at, created_by, source, game_id, game_round) as (values ${values}),
          ins as (
            insert into quiz_rounds (workspace_id, channel_id, card_id, mode, choices, correct_choice, opens_at, closes_at, created_by, source, game_id, game_round)
            select workspace_id, channel_id, card_id, mode, choices, correct_choice, opens_at, closes_at, created_by, source, game_id, game_round from input order by i
            on conflict (game_id, game_round) do nothing
            returning id, game_id, game_round
          )
          select i.i, coalesce(ins.id, q.id) as id, ins.id is not null as created
          from input i
          left join ins on ins.game_id = i.game_id and ins.game_round = i.game_round
          left join quiz_rounds q on ins.id is null and q.game_id = i.game_id and q.game_round = i.game_round`,
    );
    const byIndex = new Map(rows.map((r) => [Number(r.i), r]));
    return batch.map(({ gameId, number }, i) => {
      const row = byIndex.get(i);
      if (!row || row.id === null) throw new Error(`question ${number} of game ${gameId} neither inserted nor found`);
      return { roundId: Number(row.id), created: row.created === true };
    });
  }

  async retimeUnpostedRound(roundId: number, opensAt: Date, closesAt: Date): Promise<void> {
    await this.db.execute(
      sql`update quiz_rounds set opens_at = ${timestamptz(opensAt)}, closes_at = ${timestamptz(closesAt)}
          where id = ${roundId} and message_ref is null and revealed_at is null
            and not exists (select 1 from answers a where a.round_id = ${roundId})`,
    );
  }

  /** Reveals of games falling due together share their two statements (group-batch.ts). */
  private readonly reveals = new GroupBatcher<{ roundId: number; at: Date }, AnswerRecord[]>((batch) => this.revealBatch(batch));

  revealQuestion(roundId: number, at: Date): Promise<AnswerRecord[]> {
    return this.reveals.submit({ roundId, at });
  }

  /** Marked first, then read (two statements): an answer's write checks the mark under the round's lock. */
  private async revealBatch(batch: { roundId: number; at: Date }[]): Promise<AnswerRecord[][]> {
    const values = sql.join(batch.map((r) => sql`(${r.roundId}::bigint, ${timestamptz(r.at)})`), sql`, `);
    await this.db.execute(
      sql`update quiz_rounds r set revealed_at = i.at from (values ${values}) as i(id, at) where r.id = i.id and r.revealed_at is null`,
    );
    const rows = await this.db
      .select({ answer: answers, displayName: users.displayName, appealed: acceptedOnAppeal })
      .from(answers)
      .innerJoin(users, eq(users.id, answers.userId))
      .where(inArray(answers.roundId, batch.map((r) => r.roundId)))
      .orderBy(asc(answers.answeredAt), asc(answers.id));
    const byRound = new Map<number, AnswerRecord[]>();
    for (const row of rows) {
      const list = byRound.get(row.answer.roundId) ?? [];
      list.push(toAnswer(row.answer, row.displayName, row.appealed));
      byRound.set(row.answer.roundId, list);
    }
    return batch.map((r) => byRound.get(r.roundId) ?? []);
  }

  async results(gameId: number): Promise<GameQuestionResult[]> {
    const rows = await this.db
      .select({ round: quizRounds, answer: answers, displayName: users.displayName, appealed: acceptedOnAppeal })
      .from(quizRounds)
      .leftJoin(answers, eq(answers.roundId, quizRounds.id))
      .leftJoin(users, eq(users.id, answers.userId))
      .where(and(eq(quizRounds.gameId, gameId)))
      .orderBy(asc(quizRounds.gameRound), asc(answers.answeredAt), asc(answers.id));
    const byRound = new Map<number, GameQuestionResult>();
    for (const { round, answer, displayName, appealed } of rows) {
      let question = byRound.get(round.id);
      if (!question) {
        question = { round: round.gameRound ?? 0, mode: round.mode as QuizMode, opensAt: round.opensAt, closesAt: round.closesAt ?? round.opensAt, answers: [] };
        byRound.set(round.id, question);
      }
      if (answer) question.answers.push(toAnswer(answer, displayName ?? '?', appealed));
    }
    return [...byRound.values()];
  }

  async questionMessages(roundId: number): Promise<PostedQuestion | null> {
    const [row] = await queryRows<GameRow & { game_round: unknown; reveal_message_ref: string | null; standings_message_ref: string | null }>(
      this.db,
      sql`select r.game_round, r.reveal_message_ref, g.standings_message_ref, ${GAME_COLUMNS}
          from quiz_rounds r join games g on g.id = r.game_id ${GAME_JOINS}
          where r.id = ${roundId}`,
    );
    if (!row) return null;
    return { game: toGame(row), number: Number(row.game_round), revealRef: row.reveal_message_ref, standingsRef: row.standings_message_ref };
  }

  private async oneGame(where: ReturnType<typeof sql>, tail = sql``): Promise<Game | null> {
    const [row] = await queryRows<GameRow>(this.db, sql`select ${GAME_COLUMNS} from games g ${GAME_JOINS} where ${where} ${tail}`);
    return row ? toGame(row) : null;
  }
}
