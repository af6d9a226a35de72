/**
 * What an accepted appeal changes in a game's public messages: the question's reveal names who got it
 * right with their game points, and the final standings (once posted) sum them, so both are rendered
 * again from the store for the adapter to edit. The question's own closed message shows no result.
 */
import type { ChannelEdit } from '../messages.js';
import type { Round } from '../model.js';
import type { GameStore } from './ports.js';
import { computeStandings, scoreAnswer } from './standings.js';
import { revisedRevealMessage, standingsMessage, stoppedByName } from './views.js';

export async function gameEditsAfterAppeal(games: GameStore, round: Round): Promise<ChannelEdit[]> {
  const posted = await games.questionMessages(round.id);
  if (!posted || (posted.revealRef === null && posted.standingsRef === null)) return [];
  const { game, number, revealRef, standingsRef } = posted;
  const results = await games.results(game.id);
  const edits: ChannelEdit[] = [];
  const question = results.find((q) => q.round === number);
  if (revealRef !== null && question) {
    const scored = question.answers.map((answer) => scoreAnswer(question, answer, game.speedBonus));
    edits.push({ channelId: game.channelId, messageRef: revealRef, message: revisedRevealMessage(game, round, number, scored) });
  }
  if (standingsRef !== null) {
    const message = standingsMessage(game, computeStandings(results, game.speedBonus), results.length, stoppedByName(game), game.timeZone, true);
    edits.push({ channelId: game.channelId, messageRef: standingsRef, message });
  }
  return edits;
}
