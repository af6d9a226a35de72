/** The messages of a game: the start, each question (open, then closed), its reveal, and the standings. */
import { buildId } from '../ids.js';
import type { Choice, Message } from '../messages.js';
import type { Round } from '../model.js';
import { formatInZone } from '../time.js';
import { answerChoices, answerHow, MEDALS, ON_APPEAL, questionLines } from '../views.js';
import { COUNTDOWN_STEP_SECONDS, SECONDS_BETWEEN_QUESTIONS, type Game, type GameSettings, type ShownState } from './model.js';
import type { ScoredAnswer, Standing } from './standings.js';

function stopChoice(game: Game): Choice {
  return { id: buildId({ kind: 'gstop', game: game.id }), label: game.rounds > 1 ? 'Stop game' : 'Stop', style: 'danger' };
}

function questionTitle(game: Game, round: number): string {
  return game.rounds > 1 ? `🎮 ${game.deckTitle} · Question ${round} of ${game.rounds}` : `⏱ Timed question · ${game.deckTitle}`;
}

export function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

export function gameStartMessage(game: Game): Message {
  const rules = ['Answer with the buttons: your verdicts are private, the answer shows when the time is up.'];
  rules.push(game.speedBonus ? 'Right answers earn points, quick right ones a small bonus.' : 'Right answers earn points (no speed bonus in this channel).');
  if (game.mode === 'typed') rules.push('A hint shows at half time; answers after it earn half points.');
  return {
    title: `🎮 Game on · ${game.deckTitle}`,
    text: `**${game.rounds} questions, ${game.seconds} s each.** The first one is coming up.\n${rules.join(' ')}`,
    choices: [stopChoice(game)],
    visibility: 'public',
  };
}

/** The open question: answer buttons, Stop, the countdown, and (typed, after half time) the hint. */
export function openQuestionMessage(game: Game, round: Round, number: number, shown: ShownState, hint: string | null, now: Date): Message {
  const lines = questionLines(round);
  if (shown.hint && hint) lines.push('', `💡 **Hint:** ${hint} _(answers now earn half points)_`);
  const closesAt = round.closesAt ?? now;
  const left = Math.max(0, Math.ceil((closesAt.getTime() - now.getTime()) / 1000));
  return {
    title: questionTitle(game, number),
    text: lines.join('\n'),
    choices: [...answerChoices(round), stopChoice(game)],
    footer: `${shown.answers} answered · ${answerHow(round)}`,
    // Shown in whole countdown steps where the platform cannot count by itself, so an edit changes it; never
    // more than the question's own time (a 15-second question opened at "20 s left").
    countdown: { closesAt, secondsLeft: shown.bucket > 0 ? Math.min(shown.bucket * COUNTDOWN_STEP_SECONDS, game.seconds) : left },
    progressOf: { roundId: round.id },
    visibility: 'public',
  };
}

/** What the question's message turns into once its time is up: no buttons, the answer. */
export function closedQuestionMessage(game: Game, round: Round, number: number, answered: number): Message {
  return {
    title: questionTitle(game, number),
    text: [...questionLines(round), '', `**Answer:** ${round.card.back}`].join('\n'),
    footer: `Closed · ${answered} answered`,
    visibility: 'public',
  };
}

/** The footer of a reveal or standings edited after they were posted: why they changed. */
export const REVISED_NOTE = 'Corrected after an appeal';

/** The answer, and who got it right with their game points, fastest first. */
function revealLines(round: Round, scored: ScoredAnswer[]): string[] {
  const right = scored.filter((s) => s.answer.correct).sort((a, b) => a.elapsedMs - b.elapsedMs);
  const lines = [`**${round.card.front}**`, '', `**Answer:** ${round.card.back}`, ''];
  if (scored.length === 0) lines.push('Nobody answered this one.');
  else if (right.length === 0) lines.push(`Nobody got it right (${scored.length} answered).`);
  else {
    const names = right.map((s, i) => {
      const notes = [seconds(s.elapsedMs), s.hinted ? 'after the hint' : '', s.answer.acceptedOnAppeal ? ON_APPEAL : ''].filter(Boolean);
      return `${MEDALS[i] ? `${MEDALS[i]} ` : ''}${s.answer.displayName} +${s.points} (${notes.join(', ')})`;
    });
    lines.push(`Got it right (${right.length} of ${scored.length}): ${names.join(', ')}`);
  }
  return lines;
}

function revealTitle(game: Game, number: number): string {
  return `📣 ${game.rounds > 1 ? `Question ${number} of ${game.rounds}` : 'Timed question'} · answer`;
}

/** Posted when a question closes: the answer, who got it right with their game points, what comes next. */
export function gameRevealMessage(game: Game, round: Round, number: number, scored: ScoredAnswer[], last: boolean, nextInSeconds = SECONDS_BETWEEN_QUESTIONS): Message {
  const message: Message = { title: revealTitle(game, number), text: revealLines(round, scored).join('\n'), visibility: 'public' };
  if (game.rounds > 1) {
    message.footer = last ? 'Final standings next.' : `Next question in ${nextInSeconds} s.`;
    if (!last) message.choices = [stopChoice(game)];
  }
  return message;
}

/**
 * A question's reveal as it reads after an accepted appeal, to edit the one posted: the same answer and
 * names, without what came next then (the countdown to the next question, its Stop button).
 */
export function revisedRevealMessage(game: Game, round: Round, number: number, scored: ScoredAnswer[]): Message {
  return { title: revealTitle(game, number), text: revealLines(round, scored).join('\n'), footer: `${REVISED_NOTE}.`, visibility: 'public' };
}

/** Who stopped the game, as its standings name them; null for a game that ran its course. */
export function stoppedByName(game: Game): string | null {
  return game.state === 'stopping' || game.state === 'stopped' ? (game.stoppedByName ?? 'a moderator') : null;
}

export function standingsLines(standings: Standing[], asked: number): string[] {
  if (standings.length === 0) return ['Nobody answered.'];
  const lines = standings.map((s) => {
    const fastest = s.fastestMs === null ? '' : ` · fastest ${seconds(s.fastestMs)}`;
    // A medal is for getting something right (self-graded games pay no points): a player who
    // answered and got nothing gets a rank, not gold.
    const place = scored(s) ? MEDALS[s.rank - 1] : undefined;
    return `${place ?? `**${s.rank}.**`} **${s.displayName}** — ${s.points} pts · ${s.correct}/${asked} right${fastest}`;
  });
  return standings.some(scored) ? lines : ['Nobody got one right this game.', ...lines];
}

function scored(standing: Standing): boolean {
  return standing.points > 0 || standing.correct > 0;
}

/** `revised`: an edit of the standings posted at the end, after an accepted appeal changed them. */
export function standingsMessage(game: Game, standings: Standing[], asked: number, stoppedBy: string | null, timeZone: string, revised = false): Message {
  const title = stoppedBy !== null ? `⏹ Game stopped · ${game.deckTitle}` : `🏁 Final standings · ${game.deckTitle}`;
  const footer = [`${asked} of ${game.rounds} questions`, `${game.seconds} s each`, `speed bonus ${game.speedBonus ? 'on' : 'off'}`];
  if (stoppedBy) footer.push(`stopped by ${stoppedBy}`);
  if (game.endedAt) footer.push(`ended ${formatInZone(game.endedAt, timeZone)}`);
  if (revised) footer.push(REVISED_NOTE.toLowerCase());
  return { title, text: standingsLines(standings, asked).join('\n'), footer: footer.join(' · '), visibility: 'public' };
}

export function settingsMessage(settings: GameSettings, changed: boolean): Message {
  return {
    title: changed ? '⚙️ Game settings saved' : '⚙️ Game settings',
    text: [
      `Questions in a game here are open **${settings.defaultSeconds} s** unless \`/quiz … time:\` says otherwise, **${settings.maxSeconds} s** at most.`,
      `Speed bonus: **${settings.speedBonus ? 'on' : 'off'}**.`,
      changed ? '' : 'Managers change them with `/quiz settings time:30 max:120 speed:on|off`.',
    ]
      .filter(Boolean)
      .join('\n'),
    visibility: 'private',
  };
}
