/**
 * What an accepted appeal changes in a game's public messages: the question's reveal names who got it
 * right with their game points, and the final standings (once posted) sum them, so both are rendered
 * again from the store for the adapter to edit. The question's own closed message shows no result.
 *
 * An appeal decided while the runner was posting the reveal or the standings finds no message to edit
 * yet, so the runner, once it has recorded the message, compares what it posted with what the store
 * says now (`staleAfterPost`), and edits it when they differ.
 */
import type { ChannelEdit, Message } from '../messages.js';
import type { Round } from '../model.js';
import type { Game } from './model.js';
import type { GameStore } from './ports.js';
import { computeStandings, scoreAnswer, type GameQuestionResult } from './standings.js';
import { revisedRevealMessage, standingsMessage, stoppedByName } from './views.js';

export async function gameEditsAfterAppeal(games: GameStore, round: Round): Promise<ChannelEdit[]> {
  const posted = await games.questionMessages(round.id);
  if (!posted || (posted.revealRef === null && posted.standingsRef === null)) return [];
  const { game, number, revealRef, standingsRef } = posted;
  const results = await games.results(game.id);
  const edits: ChannelEdit[] = [];
  const reveal = revealRef !== null ? revisedReveal(game, round, number, results) : null;
  if (revealRef !== null && reveal) edits.push({ channelId: game.channelId, messageRef: revealRef, message: reveal });
  if (standingsRef !== null) edits.push({ channelId: game.channelId, messageRef: standingsRef, message: revisedStandings(game, results) });
  return edits;
}

/**
 * The reveal of question `number` (or, without one, the standings) as the store has it now, when its
 * results read differently from what was `posted`; null when they agree.
 */
export async function staleAfterPost(games: GameStore, game: Game, posted: Message, question?: { round: Round; number: number }): Promise<Message | null> {
  const results = await games.results(game.id);
  const now = question ? revisedReveal(game, question.round, question.number, results) : revisedStandings(game, results);
  return now && now.text !== posted.text ? now : null;
}

function revisedReveal(game: Game, round: Round, number: number, results: GameQuestionResult[]): Message | null {
  const question = results.find((q) => q.round === number);
  if (!question) return null;
  return revisedRevealMessage(game, round, number, question.answers.map((answer) => scoreAnswer(question, answer, game.speedBonus)));
}

function revisedStandings(game: Game, results: GameQuestionResult[]): Message {
  return standingsMessage(game, computeStandings(results, game.speedBonus), results.length, stoppedByName(game), game.timeZone, true);
}
