/**
 * The game commands: `/quiz … rounds: time:` starts a game (or one timed question), `/quiz stop` and the
 * Stop button end it, `/quiz settings` shows or sets the channel's game settings, `/leaderboard game`
 * shows the last game's standings. Every refusal is a UserError (a private message) and changes nothing.
 */
import type { Caller, CoreDeps } from '../context.js';
import { UserError } from '../errors.js';
import type { Outcome } from '../messages.js';
import type { Card } from '../model.js';
import { normaliseSlug, parseMode } from '../options.js';
import { startQuiz } from '../quiz.js';
import { shuffleInPlace } from '../random.js';
import type { QuizMode } from '../commands.js';
import { changeSettings, planQuiz } from './options.js';
import type { Game, NewGame } from './model.js';
import type { GameStore } from './ports.js';
import { computeStandings } from './standings.js';
import { gameStartMessage, settingsMessage, standingsMessage } from './views.js';

/** How many of the channel's latest cards a game puts last, so a new game starts with fresh ones. */
const RECENT_CARDS_LAST = 20;

export class GameCommands {
  constructor(
    private readonly deps: CoreDeps,
    private readonly games: GameStore,
    /** Told when a game's steps changed (started, stopped), so a runner in this process can act at once. */
    private readonly onChange: () => void = () => {},
  ) {}

  /** `/quiz`: a game when rounds or time ask for one, else the single question it always was. */
  async quiz(caller: Caller, command: { deck?: string; mode?: string; rounds?: string; time?: string }): Promise<Outcome> {
    const where = caller.user.workspaceId;
    const settings = await this.games.settings(where, caller.actor.channelId);
    const plan = planQuiz(command, settings);
    const mode = parseMode(command.mode);
    const live = await this.games.liveGame(where, caller.actor.channelId);
    if (live) throw gameOn(live);
    if (plan.kind === 'single') return startQuiz(this.deps, caller, command.deck, command.mode);

    const slug = normaliseSlug(command.deck);
    const deck = await this.deps.store.findDeck(where, slug);
    if (!deck) throw new UserError(`There is no deck called "${slug}". See \`/decks\` for the decks you can use.`);
    const cards = await this.deps.store.deckCards(deck.id);
    checkDeck(slug, cards, mode, plan.rounds);
    const recent = await this.deps.store.recentRoundCards(where, caller.actor.channelId, RECENT_CARDS_LAST);
    const now = this.deps.clock.now();
    const row: NewGame = {
      workspaceId: where,
      channelId: caller.actor.channelId,
      deckId: deck.id,
      mode,
      rounds: plan.rounds,
      seconds: plan.seconds,
      speedBonus: settings.speedBonus,
      cardIds: pickCards(cards, new Set(recent), plan.rounds, this.deps.random),
      createdBy: caller.user.userId,
      timeZone: caller.user.timeZone,
      startedAt: now,
    };
    const id = await this.games.createGame(row);
    if (id === null) throw gameOn(null);
    this.onChange();
    if (plan.rounds === 1) {
      return { reply: { text: `⏱ A ${plan.seconds}-second question is on its way.`, visibility: 'private' } };
    }
    return { reply: gameStartMessage({ ...row, id, deckTitle: deck.title, state: 'running', stoppedBy: null, stoppedByName: null, endedAt: null }) };
  }

  /** `/quiz stop` (gameId null: the channel's live game) or the Stop button of game `gameId`. */
  async stop(caller: Caller, gameId: number | null): Promise<Outcome> {
    const game =
      gameId === null ? await this.games.liveGame(caller.user.workspaceId, caller.actor.channelId) : await this.games.getGame(gameId);
    if (!game || game.workspaceId !== caller.user.workspaceId) {
      throw new UserError(gameId === null ? 'No game is running in this channel.' : 'This game is over.');
    }
    if (game.state !== 'running') throw new UserError(game.state === 'stopping' ? 'This game is stopping already.' : 'This game is over.');
    if (game.createdBy !== caller.user.userId && !caller.actor.canManage) {
      throw new UserError('Only the person who started this game, or a moderator, can stop it.');
    }
    if (!(await this.games.stopGame(game.id, caller.user.userId, this.deps.clock.now()))) throw new UserError('This game is over.');
    this.onChange();
    return { reply: { text: '⏹ Stopping the game: the answer and the standings follow.', visibility: 'private' } };
  }

  async settings(caller: Caller, raw: { time?: string; max?: string; speed?: string }): Promise<Outcome> {
    const current = await this.games.settings(caller.user.workspaceId, caller.actor.channelId);
    if ([raw.time, raw.max, raw.speed].every((v) => v === undefined || v.trim() === '')) return { reply: settingsMessage(current, false) };
    if (!caller.actor.canManage) {
      throw new UserError('Only managers (Manage Server on Discord, workspace admins on Slack) can change the game settings.');
    }
    const next = changeSettings(current, raw);
    await this.games.saveSettings(caller.user.workspaceId, caller.actor.channelId, next, this.deps.clock.now());
    return { reply: settingsMessage(next, true) };
  }

  /** `/leaderboard game`: the standings of the channel's last game, times in the asker's zone. */
  async lastStandings(caller: Caller): Promise<Outcome> {
    const game = await this.games.lastEndedGame(caller.user.workspaceId, caller.actor.channelId);
    if (!game) throw new UserError('No game has ended in this channel yet. Start one with `/quiz gan rounds:5`.');
    const results = await this.games.results(game.id);
    const message = standingsMessage(game, computeStandings(results, game.speedBonus), results.length, game.stoppedByName, caller.user.timeZone);
    return { reply: { ...message, title: `🏆 Last game · ${game.deckTitle}` } };
  }
}

function gameOn(game: Game | null): UserError {
  const what = game ? ` (${game.deckTitle}, ${game.rounds} questions)` : '';
  return new UserError(`A game is on in this channel${what}. Wait for its standings, or stop it with \`/quiz stop\` (its asker or a moderator).`);
}

function checkDeck(slug: string, cards: Card[], mode: QuizMode, rounds: number): void {
  if (cards.length === 0) throw new UserError(`The deck "${slug}" has no cards yet.`);
  if (mode === 'mcq' && new Set(cards.map((c) => c.back.trim().toLowerCase())).size < 2) {
    throw new UserError(`The deck "${slug}" needs at least 2 cards with different answers for multiple choice. Try \`mode:typed\` or \`mode:self\`.`);
  }
  if (rounds > cards.length) {
    throw new UserError(`The deck "${slug}" has ${cards.length} card${cards.length === 1 ? '' : 's'}: ask for \`rounds:${cards.length}\` or fewer.`);
  }
}

/** `rounds` different cards in random order, the channel's recent ones only when the others run out. */
export function pickCards(cards: Card[], recent: Set<number>, rounds: number, random: () => number): number[] {
  const fresh = shuffleInPlace(cards.filter((c) => !recent.has(c.id)), random);
  const seen = shuffleInPlace(cards.filter((c) => recent.has(c.id)), random);
  return [...fresh, ...seen].slice(0, rounds).map((c) => c.id);
}
