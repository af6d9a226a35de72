/**
 * Which way the reply to a command will go, judged from the command alone, before its work runs.
 * Discord fixes a deferred reply's visibility when it defers (no later edit or follow-up changes
 * it), so its adapter asks this first; a wrong guess leaves a brief public trace there
 * (bot/discord/respond.ts). It reads no store: only the options' own rules are checked, so what only
 * the store knows (an unknown deck, a game already on in the channel) is guessed as a success.
 */
import type { StudyBotApi } from './bot.js';
import type { Command } from './commands.js';
import { UserError } from './errors.js';
import { parseGenerateOptions } from './generate.js';
import { DEFAULT_GAME_SETTINGS } from './games/model.js';
import { planQuiz } from './games/options.js';
import type { Visibility } from './messages.js';
import { parseMode, parsePeriod, parseScope } from './options.js';
import type { GanModelInfo } from './ports.js';

export interface VisibilityContext {
  /** The generator's models; none: `/generate` is refused (privately). Unknown (absent): assumed valid. */
  models?: readonly GanModelInfo[];
  /** Whether games are on: then `/quiz` with `rounds`/`time` starts one. Default true. */
  games?: boolean;
}

/** What `bot` expects of `command`'s reply; a bot that does not say is judged without its context. */
export function expectedVisibilityOf(bot: StudyBotApi, command: Command): Visibility {
  return bot.expectedVisibility?.(command) ?? expectedVisibility(command);
}

export function expectedVisibility(command: Command, context: VisibilityContext = {}): Visibility {
  switch (command.type) {
    case 'quiz':
      return unlessRefused(() => quizVisibility(command, context.games ?? true));
    case 'leaderboard':
      return unlessRefused(() => {
        parseScope(command.scope);
        // Without games there is no last game to show: a refusal.
        return parsePeriod(command.period) === 'game' && context.games === false ? 'private' : 'public';
      });
    case 'generate': {
      const models = context.models;
      if (!models) return 'public';
      return unlessRefused(() => {
        parseGenerateOptions(command, models, () => 0);
        return 'public';
      });
    }
    default:
      // Everything else answers only the caller (a refusal too). Presses and form submits follow the
      // message they were on; the adapters that ask never defer those with a visibility of their own.
      return 'private';
  }
}

/** A game's first reply is its public start message, except one timed question ("on its way", privately). */
function quizVisibility(command: Extract<Command, { type: 'quiz' }>, games: boolean): Visibility {
  if (!games) {
    if (command.mode?.trim()) parseMode(command.mode);
    return 'public';
  }
  parseMode(command.mode);
  // The channel's own maximum may be lower than the default settings' (the most any channel allows).
  const plan = planQuiz(command, DEFAULT_GAME_SETTINGS);
  return plan.kind === 'game' && plan.rounds === 1 ? 'private' : 'public';
}

/** What `check` says, or 'private' when it refuses the options (a UserError is a private reply). */
function unlessRefused(check: () => Visibility): Visibility {
  try {
    return check();
  } catch (error) {
    if (error instanceof UserError) return 'private';
    throw error;
  }
}
