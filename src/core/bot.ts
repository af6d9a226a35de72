/** The core's face to the adapters: one entry point for every command, plus deck suggestions. */
import type { Actor, Request } from './commands.js';
import type { Outcome } from './messages.js';

export interface DeckSuggestion {
  slug: string;
  title: string;
}

export interface StudyBotApi {
  /** Never throws for user mistakes: bad input comes back as a private message. */
  handle(request: Request): Promise<Outcome>;
  /** Decks visible in the actor's workspace whose slug or title starts with/contains `prefix` (for autocomplete), at most 25. */
  suggestDecks(actor: Actor, prefix: string): Promise<DeckSuggestion[]>;
}
