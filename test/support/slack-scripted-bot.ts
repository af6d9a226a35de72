/** A StudyBotApi whose answers a test scripts, recording every request the adapter made. */
import type { DeckSuggestion, StudyBotApi } from '../../src/core/bot.js';
import type { Request } from '../../src/core/commands.js';
import type { Outcome } from '../../src/core/messages.js';

export class ScriptedBot implements StudyBotApi {
  readonly requests: Request[] = [];
  respond: (request: Request) => Outcome | Promise<Outcome> = () => ({});

  async handle(request: Request): Promise<Outcome> {
    this.requests.push(request);
    return this.respond(request);
  }

  async suggestDecks(): Promise<DeckSuggestion[]> {
    return [];
  }
}
