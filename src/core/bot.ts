/** The core's face to the adapters: one entry point for every command, plus deck suggestions. */
import type { Actor, Command, Request } from './commands.js';
import type { Outcome, Visibility } from './messages.js';

export interface DeckSuggestion {
  slug: string;
  title: string;
}

export interface StudyBotApi {
  /** Never throws for user mistakes: bad input comes back as a private message. */
  handle(request: Request): Promise<Outcome>;
  /** Decks visible in the actor's workspace whose slug or title starts with/contains `prefix` (for autocomplete), at most 25. */
  suggestDecks(actor: Actor, prefix: string): Promise<DeckSuggestion[]>;
  /**
   * Which way `command`'s reply will most likely go, from the command alone (reply-visibility.ts):
   * for platforms that must choose before the work is done (a Discord deferral). Absent: the adapter
   * asks reply-visibility.ts without the bot's own context.
   */
  expectedVisibility?(command: Command): Visibility;
}
