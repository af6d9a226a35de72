/**
 * A game's standings, computed from its questions and answers (nothing is tallied as it goes, so a
 * restart cannot make them drift). Game points are the answer's points for being right (points.ts,
 * with the hint halving typed answers) plus the speed bonus when the game has it on. They count every
 * right answer, also for cards not yet due for the player: the game is fair to all players, while the
 * leaderboards keep the usual rule (quiz points only for due cards).
 *
 * Order: points, then right answers, then the fastest right answer, then name. Players equal on points
 * and right answers share a rank.
 */
import type { QuizMode } from '../commands.js';
import type { AnswerRecord } from '../model.js';
import { basePoints, speedBonus } from '../points.js';
import { answeredAfterHint } from './hint.js';

export interface GameQuestionResult {
  round: number;
  mode: QuizMode;
  opensAt: Date;
  closesAt: Date;
  answers: AnswerRecord[];
}

export interface ScoredAnswer {
  answer: AnswerRecord;
  points: number;
  speed: number;
  /** From the question opening to the answer. */
  elapsedMs: number;
  hinted: boolean;
}

export interface Standing {
  rank: number;
  userId: number;
  displayName: string;
  points: number;
  correct: number;
  answered: number;
  /** The quickest right answer, or null without one. */
  fastestMs: number | null;
}

export function scoreAnswer(question: Omit<GameQuestionResult, 'answers'>, answer: AnswerRecord, speedBonusOn: boolean): ScoredAnswer {
  const elapsedMs = Math.max(0, answer.answeredAt.getTime() - question.opensAt.getTime());
  const round = { source: 'game' as const, mode: question.mode, opensAt: question.opensAt, closesAt: question.closesAt };
  const hinted = answeredAfterHint(round, answer.answeredAt);
  const base = basePoints({ mode: question.mode, correct: answer.correct, score: answer.score, hinted });
  // Only a right answer can be quick: a fast guess earns nothing.
  const speed = speedBonusOn && answer.correct && base > 0 ? speedBonus(elapsedMs, question.closesAt.getTime() - question.opensAt.getTime()) : 0;
  return { answer, points: base + speed, speed, elapsedMs, hinted };
}

export function computeStandings(questions: GameQuestionResult[], speedBonusOn: boolean): Standing[] {
  const players = new Map<number, Omit<Standing, 'rank'>>();
  for (const question of questions) {
    for (const answer of question.answers) {
      const scored = scoreAnswer(question, answer, speedBonusOn);
      const player = players.get(answer.userId) ?? { userId: answer.userId, displayName: answer.displayName, points: 0, correct: 0, answered: 0, fastestMs: null };
      player.displayName = answer.displayName;
      player.points += scored.points;
      player.answered++;
      if (answer.correct) {
        player.correct++;
        player.fastestMs = player.fastestMs === null ? scored.elapsedMs : Math.min(player.fastestMs, scored.elapsedMs);
      }
      players.set(answer.userId, player);
    }
  }
  const sorted = [...players.values()].sort(
    (a, b) =>
      b.points - a.points ||
      b.correct - a.correct ||
      (a.fastestMs ?? Infinity) - (b.fastestMs ?? Infinity) ||
      a.displayName.localeCompare(b.displayName) ||
      a.userId - b.userId,
  );
  const standings: Standing[] = [];
  sorted.forEach((player, index) => {
    const previous = standings[index - 1];
    const tied = previous && previous.points === player.points && previous.correct === player.correct;
    standings.push({ ...player, rank: tied ? previous.rank : index + 1 });
  });
  return standings;
}
