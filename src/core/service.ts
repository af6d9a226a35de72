/**
 * StudyBot: the core's single entry point. It resolves the acting user, dispatches the command to its
 * use case, and turns user mistakes into clear private messages. No platform code lives here.
 */
import type { DeckSuggestion, StudyBotApi } from './bot.js';
import type { Actor, Command, Request } from './commands.js';
import type { DailyCommand } from './daily/command.js';
import type { Caller, CoreDeps } from './context.js';
import { parseDeck, type DeckParser } from './decks/parse.js';
import { UserError } from './errors.js';
import { GameCommands } from './games/commands.js';
import type { GameStore } from './games/ports.js';
import { GameSteps } from './games/steps.js';
import { generate } from './generate.js';
import { parseId } from './ids.js';
import { seeIt } from './see-it.js';
import { importDeck, installBuiltInDecks, listDecks, type DeckFile } from './deck-library.js';
import { exportDeck } from './deck-export.js';
import { fsrsCommand } from './fsrs-settings.js';
import { privateText, type Message, type Outcome, type Visibility } from './messages.js';
import { expectedVisibility } from './reply-visibility.js';
import { parsePeriod } from './options.js';
import type { Clock, ImageGenerator, Store } from './ports.js';
import { systemClock } from './ports.js';
import { channelRoundMessage, openChannelRound, revealRound, startQuiz } from './quiz.js';
import { pressRound, submitTyped } from './quiz-answers.js';
import { nextReview, openReviewAnswer, rateReview, showReviewAnswer, submitReviewAnswer } from './review.js';
import type { GameEdits } from './appeals/edits.js';
import { decideRoundAppeal, fileRoundAppeal, selfGradeReview, viewRoundAppeal } from './appeals/flow.js';
import { gameEditsAfterAppeal } from './games/after-appeal.js';
import { leaderboard, stats } from './standings.js';
import { timeZone } from './time-zone.js';
import type { Rating } from './scheduling/fsrs.js';
import { helpMessage } from './views.js';

/** The /daily use case lives with the scheduler's settings (src/core/daily); injected so the core stays decoupled from it. */
export type DailyHandler = (actor: Actor, command: DailyCommand) => Promise<Outcome>;

export interface StudyBotOptions {
  store: Store;
  /** Games (`/quiz … rounds: time:`): their storage, and who to tell when a game's steps change. */
  games?: { store: GameStore; onChange?: () => void };
  clock?: Clock;
  generator?: ImageGenerator;
  pictures?: CoreDeps['pictures'];
  onPictureError?: CoreDeps['onPictureError'];
  daily?: DailyHandler;
  random?: () => number;
  /** The decks shipped with the bot, read by the composition root (the core reads no files). */
  builtInDecks?: () => Promise<readonly DeckFile[]>;
  /** Deck imports: parseDeck on this thread unless given (start-up gives a worker thread's). */
  parseDeck?: DeckParser;
  /** Anki packages (.apkg) for /deck import and /deck export (src/anki); without one they are refused. */
  packages?: CoreDeps['packages'];
  /** Fits FSRS parameters for /fsrs optimize (src/fsrs); without one it is refused. */
  optimizer?: CoreDeps['optimizer'];
  /** Called with unexpected errors (bugs, outages), which the user sees as a polite message. */
  onError?: (error: unknown, request: Request) => void;
  /** Called when the public messages to edit after a change could not be worked out (the change stands). */
  onEditError?: CoreDeps['onEditError'];
}

const INTERNAL_ERROR_TEXT = 'Sorry, something went wrong on our side. Nothing was counted twice; please try again in a moment.';

export class StudyBot implements StudyBotApi {
  private readonly deps: CoreDeps;
  private readonly games?: GameCommands;
  /** The core's side of game steps, for the game-step runner (null without games). */
  readonly gameSteps: GameSteps | null;
  /** What an accepted appeal edits in a game's messages (none without games). */
  private readonly gameEdits?: GameEdits;

  constructor(private readonly options: StudyBotOptions) {
    this.deps = {
      store: options.store,
      clock: options.clock ?? systemClock,
      random: options.random ?? Math.random,
      generator: options.generator,
      pictures: options.pictures,
      onPictureError: options.onPictureError,
      onEditError: options.onEditError,
      parseDeck: options.parseDeck ?? (async (filename, content) => parseDeck(filename, content)),
      packages: options.packages,
      optimizer: options.optimizer,
    };
    this.games = options.games ? new GameCommands(this.deps, options.games.store, options.games.onChange) : undefined;
    this.gameSteps = options.games ? new GameSteps(this.deps, options.games.store) : null;
    const gameStore = options.games?.store;
    this.gameEdits = gameStore ? (round) => gameEditsAfterAppeal(gameStore, round) : undefined;
  }

  /** Installs or refreshes the built-in decks (the `gan` deck): idempotent, cards are matched by key. */
  async installBuiltInDecks() {
    return installBuiltInDecks(this.deps.store, (await this.options.builtInDecks?.()) ?? []);
  }

  async handle(request: Request): Promise<Outcome> {
    try {
      const user = await this.deps.store.ensureUser({
        platform: request.actor.platform,
        workspaceExternalId: request.actor.workspaceId,
        userExternalId: request.actor.userId,
        displayName: request.actor.displayName,
        timeZone: request.actor.timeZone,
      });
      return await this.dispatch({ actor: request.actor, user, interactionId: request.interactionId, messageRef: request.messageRef }, request.command);
    } catch (error) {
      if (error instanceof UserError) return { reply: privateText(error.message) };
      this.options.onError?.(error, request);
      return { reply: privateText(INTERNAL_ERROR_TEXT) };
    }
  }

  expectedVisibility(command: Command): Visibility {
    return expectedVisibility(command, { models: this.deps.generator?.models() ?? [], games: this.games !== undefined });
  }

  async suggestDecks(actor: Actor, prefix: string): Promise<DeckSuggestion[]> {
    const workspaceId = await this.deps.store.ensureWorkspace(actor.platform, actor.workspaceId);
    const needle = prefix.trim().toLowerCase();
    const decks = await this.deps.store.listDecks(workspaceId);
    return decks
      .filter((deck) => deck.slug.includes(needle) || deck.title.toLowerCase().includes(needle))
      .sort((a, b) => Number(!a.slug.startsWith(needle)) - Number(!b.slug.startsWith(needle)))
      .slice(0, 25)
      .map((deck) => ({ slug: deck.slug, title: deck.title }));
  }

  // ---- for the daily scheduler ----

  openChannelRound(input: Parameters<typeof openChannelRound>[1]) {
    return openChannelRound(this.deps, input);
  }

  setRoundMessageRef(roundId: number, messageRef: string): Promise<void> {
    return this.deps.store.setRoundMessageRef(roundId, messageRef);
  }

  async roundToPost(roundId: number, timeZone?: string): Promise<{ message: Message; opensAt: Date; closesAt: Date | null; messageRef: string | null }> {
    const { message, round } = await channelRoundMessage(this.deps, roundId, timeZone);
    return { message, opensAt: round.opensAt, closesAt: round.closesAt, messageRef: round.messageRef };
  }

  async revealRound(roundId: number): Promise<{ message: Message; messageRef: string | null }> {
    const { message, round } = await revealRound(this.deps, roundId);
    return { message, messageRef: round.messageRef };
  }

  private dispatch(caller: Caller, command: Command): Promise<Outcome> {
    const deps = this.deps;
    switch (command.type) {
      case 'help':
        return Promise.resolve({ reply: helpMessage() });
      case 'quiz':
        return this.games ? this.games.quiz(caller, command) : startQuiz(deps, caller, command.deck, command.mode);
      case 'quiz_stop':
        return this.requireGames().stop(caller, null);
      case 'quiz_settings':
        return this.requireGames().settings(caller, command);
      case 'review':
        return nextReview(deps, caller);
      case 'leaderboard':
        if (this.games && parsePeriod(command.period) === 'game') return this.games.lastStandings(caller);
        return leaderboard(deps, caller, command.scope, command.period);
      case 'stats':
        return stats(deps, caller);
      case 'timezone':
        return timeZone(deps, caller, command.tz);
      case 'decks':
        return listDecks(deps, caller);
      case 'deck_import':
        return importDeck(deps, caller, command);
      case 'deck_export':
        return exportDeck(deps, caller, command.deck);
      case 'fsrs':
        return fsrsCommand(deps, caller, command.action, command.value);
      case 'generate':
        return generate(deps, caller, command);
      case 'daily':
        if (!this.options.daily) throw new UserError('Daily prompts are not enabled on this bot.');
        return this.options.daily(caller.actor, command);
      case 'press':
        return this.press(caller, command.id);
      case 'submit': {
        const action = parseId(command.id);
        if (action?.kind === 'rtyped') return submitReviewAnswer(deps, caller, action.card, action.nonce, command.text);
        if (action?.kind !== 'typed') throw staleButton();
        return submitTyped(deps, caller, action.round, command.text);
      }
    }
  }

  private press(caller: Caller, rawId: string): Promise<Outcome> {
    const action = parseId(rawId);
    if (!action) throw staleButton();
    switch (action.kind) {
      case 'mcq':
      case 'type':
      case 'typed':
      case 'show':
      case 'rate':
      case 'reveal':
        return pressRound(this.deps, caller, action);
      case 'rshow':
        return showReviewAnswer(this.deps, caller, action.card);
      case 'rrate':
        return rateReview(this.deps, caller, action.card, action.rating as Rating, action.nonce);
      case 'rnext':
        return nextReview(this.deps, caller);
      case 'gstop':
        return this.requireGames().stop(caller, action.game);
      case 'see':
        return seeIt(this.deps, caller, action.card);
      case 'rtype':
        return openReviewAnswer(this.deps, caller, action.card, action.nonce);
      case 'rtyped':
        throw new UserError('That form has expired. Press Type answer again.');
      case 'rright':
        return selfGradeReview(this.deps, caller, action.appeal);
      case 'appeal':
        return fileRoundAppeal(this.deps, caller, action.round);
      case 'aview':
        return viewRoundAppeal(this.deps, caller, action.appeal);
      case 'aok':
      case 'ano':
        return decideRoundAppeal(this.deps, caller, action.appeal, action.kind === 'aok', this.gameEdits);
    }
  }

  private requireGames(): GameCommands {
    if (!this.games) throw new UserError('Games are not enabled on this bot.');
    return this.games;
  }
}

function staleButton(): UserError {
  return new UserError('That button is from an older or unknown message. Start again with `/quiz` or `/review`.');
}
