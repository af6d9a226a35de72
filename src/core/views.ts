/** Builders for the messages the core returns: one place for wording and layout. */
import { normaliseForMatch, plural } from './text.js';
import { buildId } from './ids.js';
import type { Choice, Message } from './messages.js';
import type { AnswerRecord, Card, DeckInfo, Leaderboard, Round, UserStats } from './model.js';
import type { GanModelInfo } from './ports.js';
import { intervalPreview, ratingName, RATINGS, type CardState, type PersonalScheduling, type Rating } from './scheduling/fsrs.js';
import type { TypedGrade } from './grading/typed.js';
import { FREEZE_EVERY_DAYS, MAX_FREEZES, type Streak } from './streaks.js';
import { formatInZone } from './time.js';

export const LETTERS = ['A', 'B', 'C', 'D'] as const;
export const MEDALS = ['🥇', '🥈', '🥉'];

/** The public question of a round, with its buttons and how many have answered. */
export function roundMessage(round: Round, answerCount: number, timeZone = 'UTC'): Message {
  const lines = questionLines(round);
  const choices = answerChoices(round);
  // A /quiz has no closing time: whoever asked it ends it. Daily cards reveal themselves when they close.
  if (round.source === 'quiz') choices.push({ id: buildId({ kind: 'reveal', round: round.id }), label: 'Reveal', style: 'secondary' });
  const footer = [`${answerCount} answered`, answerHow(round)];
  if (round.closesAt) footer.push(`open until ${formatInZone(round.closesAt, timeZone)}`);
  return {
    title: `${round.source === 'daily' ? '📅 Daily card' : '🧠 Quiz'} · ${round.deckTitle}`,
    text: lines.join('\n'),
    choices,
    footer: footer.join(' · '),
    visibility: 'public',
  };
}

/** The question and, for multiple choice, its lettered answers. */
export function questionLines(round: Round): string[] {
  const lines = [`**${round.card.front}**`];
  if (round.mode === 'mcq' && round.choices) {
    lines.push('');
    round.choices.forEach((label, index) => lines.push(`**${LETTERS[index]}.** ${label}`));
  }
  return lines;
}

/** The buttons people answer a channel question with, by mode. */
export function answerChoices(round: Round): Choice[] {
  if (round.mode === 'mcq' && round.choices) {
    return round.choices.map((_, index) => ({ id: buildId({ kind: 'mcq', round: round.id, choice: index }), label: LETTERS[index]!, style: 'primary' }));
  }
  if (round.mode === 'typed') return [{ id: buildId({ kind: 'type', round: round.id }), label: 'Answer', style: 'primary' }];
  return [{ id: buildId({ kind: 'show', round: round.id }), label: 'Show answer', style: 'secondary' }];
}

export function answerHow(round: Round): string {
  return round.mode === 'mcq' ? 'Pick a letter' : round.mode === 'typed' ? 'Press Answer and type it' : 'Think, then reveal and rate yourself';
}

export function pointsLine(points: number, dueForUser: boolean): string {
  if (points > 0) return `+${points} points`;
  return dueForUser ? 'No points this time.' : 'No points: you reviewed this card recently. It pays again when it is due.';
}

export function streakLine(streak: Streak): string {
  // Not "streak started": every answer of the first day shows it, the fifth as much as the first.
  return streak.current > 1 ? `🔥 ${streak.current}-day streak` : '🔥 1-day streak: come back tomorrow to make it 2';
}

export function mcqVerdict(round: Round, choice: number, correct: boolean, points: number, dueForUser: boolean, streak: Streak): Message {
  const right = round.correctChoice ?? 0;
  const text = correct
    ? `${pointsLine(points, dueForUser)} · ${streakLine(streak)}`
    : `You chose **${LETTERS[choice]}**. The answer is **${LETTERS[right]}**.`;
  return {
    title: correct ? '✅ Correct!' : '❌ Not quite',
    text,
    fields: [{ name: 'Answer', value: round.card.back }],
    footer: correct ? undefined : streakLine(streak),
    visibility: 'private',
  };
}

export function typedVerdict(round: Pick<Round, 'card'>, grade: TypedGrade, points: number, dueForUser: boolean, streak: Streak): Message {
  const percent = Math.round(grade.score * 100);
  const gaveUp = grade.flags.includes('gave-up');
  const title = gaveUp
    ? '📖 Here is the answer'
    : grade.verdict === 'correct'
      ? `✅ Correct (${percent}%)`
      : grade.verdict === 'partial'
        ? `🟡 Partly right (${percent}%)`
        : `❌ Not quite (${percent}%)`;
  const fields = [];
  if (grade.matched.length > 0 && grade.verdict !== 'incorrect') fields.push({ name: 'What you got right', value: grade.matched.map((m: string) => `• ${m}`).join('\n') });
  // A one-fact card's only point is its whole answer, shown below anyway.
  const onlyTheAnswer = grade.missed.length === 1 && normaliseForMatch(grade.missed[0]!) === normaliseForMatch(round.card.back);
  if (grade.missed.length > 0 && !onlyTheAnswer) fields.push({ name: gaveUp ? 'Key points' : 'Key points you missed', value: grade.missed.map((m: string) => `• ${m}`).join('\n') });
  fields.push({ name: 'Reference answer', value: round.card.back });
  return {
    title,
    text: `${grade.feedback}\n${pointsLine(points, dueForUser)} · ${streakLine(streak)}`,
    fields,
    visibility: 'private',
  };
}

/** The private answer reveal with Again/Hard/Good/Easy buttons; ids from `rateId`. */
export function revealForRating(
  card: Card,
  state: CardState | null,
  now: Date,
  rateId: (rating: Rating) => string,
  heading: string,
  personal?: PersonalScheduling | null,
): Message {
  const preview = intervalPreview(state, now, personal);
  return {
    title: heading,
    text: `**${card.front}**`,
    fields: [{ name: 'Answer', value: card.back }],
    choices: RATINGS.map((rating) => ({
      id: rateId(rating),
      label: `${ratingName(rating)} · ${preview[rating]}`,
      style: rating === 1 ? 'danger' : rating === 3 ? 'success' : 'secondary',
    })),
    footer: 'How well did you know it?',
    visibility: 'private',
  };
}

export function ratedMessage(rating: Rating, state: CardState, points: number, streak: Streak, now: Date): string {
  const wait = waitLabel(state.due, now);
  const parts = [`Saved **${ratingName(rating)}**: next review ${wait}.`, streakLine(streak)];
  if (points > 0) parts.push(`+${points} points`);
  return parts.join(' ');
}

/** How long until `due`, in words: 'in a minute', 'in 10 min', 'in 3 h', 'in 4 days', 'in 2 months'. */
export function waitLabel(due: Date, now: Date): string {
  const ms = due.getTime() - now.getTime();
  if (ms <= 60_000) return 'in a minute';
  const minutes = ms / 60_000;
  if (minutes < 60) return `in ${Math.round(minutes)} min`;
  const hours = minutes / 60;
  if (hours < 24) return `in ${Math.round(hours)} h`;
  const days = hours / 24;
  return days < 60 ? `in ${Math.round(days)} days` : `in ${Math.round(days / 30)} months`;
}

/** A review card: reveal and rate yourself, or (with the showing's `nonce`) type the answer to be graded. */
export function reviewCardMessage(card: Card & { deckTitle?: string }, dueCount: number, prefix?: string, nonce?: number): Message {
  const choices: Choice[] = [{ id: buildId({ kind: 'rshow', card: card.id }), label: 'Show answer', style: 'primary' }];
  if (nonce !== undefined) choices.push({ id: buildId({ kind: 'rtype', card: card.id, nonce }), label: 'Type answer', style: 'secondary' });
  return {
    title: '🔁 Review',
    text: [prefix, `**${card.front}**`].filter(Boolean).join('\n\n'),
    choices,
    footer: dueCount > 0 ? `${dueCount} due` : 'New card',
    visibility: 'private',
  };
}

export function leaderboardMessage(board: Leaderboard, scopeLabel: string, periodLabel: string): Message {
  if (board.top.length === 0) {
    return {
      title: `🏆 Leaderboard · ${scopeLabel} · ${periodLabel}`,
      text: 'No points yet here. Answer a `/quiz` to get on the board!',
      visibility: 'public',
    };
  }
  const lines = board.top.map((entry) => `${MEDALS[entry.rank - 1] ?? `**${entry.rank}.**`} ${entry.displayName} — ${entry.points} pts`);
  const inTop = board.me && board.top.some((entry) => entry.userId === board.me!.userId);
  if (board.me && !inTop) lines.push('', `You: **#${board.me.rank}** with ${board.me.points} pts`);
  return {
    title: `🏆 Leaderboard · ${scopeLabel} · ${periodLabel}`,
    text: lines.join('\n'),
    footer: plural(board.players, 'player'),
    visibility: 'public',
  };
}

/** " Your next card is due in 10 min." (empty without one): cards in their learning steps return within minutes, so say when. */
export function nextDueSentence(nextDue: Date | null, now: Date): string {
  return nextDue ? ` Your next card is due ${waitLabel(nextDue, now)}.` : '';
}

/** `nextDue` and `now`: when the next card comes due, said when none is due now. */
export function statsMessage(name: string, stats: UserStats, streak: number, longest: number, freezes = 0, nextDue: { at: Date | null; now: Date } | null = null): Message {
  const retention = stats.retention === null ? '—' : `${Math.round(stats.retention * 100)}%`;
  const accuracy = stats.answers > 0 ? ` (${Math.round((stats.correctAnswers / stats.answers) * 100)}%)` : '';
  return {
    title: `📊 ${name}'s progress`,
    text: stats.dueNow > 0 ? `You have **${plural(stats.dueNow, 'card')}** due: try \`/review\`.` : `Nothing due right now.${nextDue ? nextDueSentence(nextDue.at, nextDue.now) : ''}`,
    fields: [
      { name: 'Due now', value: String(stats.dueNow), inline: true },
      { name: 'Learned', value: String(stats.learned), inline: true },
      { name: 'Cards seen', value: String(stats.cardsSeen), inline: true },
      { name: 'Retention (30 days)', value: retention, inline: true },
      { name: 'Quiz answers', value: `${stats.correctAnswers}/${stats.answers} correct${accuracy}`, inline: true },
      { name: 'Points', value: String(stats.points), inline: true },
      { name: 'Streak', value: `${plural(streak, 'day')} (best ${longest})`, inline: true },
      { name: 'Streak freezes', value: `🧊 ${freezes} of ${MAX_FREEZES} (one per ${FREEZE_EVERY_DAYS} days in a row)`, inline: true },
    ],
    visibility: 'private',
  };
}

export function decksMessage(decks: DeckInfo[]): Message {
  return {
    title: '📚 Decks',
    text:
      decks.length === 0
        ? 'No decks yet. Import one with `/deck import`.'
        : decks.map((d) => `\`${d.slug}\` — ${d.title} (${d.cardCount} cards${d.builtIn ? ', built-in' : ''})`).join('\n'),
    footer: 'Start one with /quiz <deck>',
    visibility: 'private',
  };
}

/** How a reveal marks an answer that counts as right because its appeal was accepted. */
export const ON_APPEAL = 'accepted on appeal';

export function revealMessage(round: Round, answers: AnswerRecord[]): Message {
  const winners = answers.filter((a) => a.correct);
  const lines = [`**${round.card.front}**`, '', `**Answer:** ${round.card.back}`, ''];
  if (answers.length === 0) lines.push('Nobody answered this one.');
  else if (winners.length === 0) lines.push(`Nobody got it right (${answers.length} answered).`);
  else
    lines.push(
      `Got it right (${winners.length} of ${answers.length}): ` +
        winners
          .map((w, i) => {
            const notes = [w.points > 0 ? `+${w.points}` : '', w.acceptedOnAppeal ? ON_APPEAL : ''].filter(Boolean);
            return `${MEDALS[i] ?? ''}${MEDALS[i] ? ' ' : ''}${w.displayName}${notes.length ? ` (${notes.join(', ')})` : ''}`;
          })
          .join(', '),
    );
  return {
    title: `📣 ${round.source === 'daily' ? 'Daily card' : 'Quiz'} answer · ${round.deckTitle}`,
    text: lines.join('\n'),
    visibility: 'public',
  };
}

export function generateCaption(model: GanModelInfo, options: { seed: number; digit?: number; interpolateTo?: number }, card: Card | null): string {
  const what =
    options.interpolateTo !== undefined
      ? `a walk through latent space from seed ${options.seed} to ${options.interpolateTo}`
      : `seed ${options.seed}${options.digit !== undefined ? `, digit ${options.digit}` : ''}`;
  const lines = [`**${model.title}**${model.conditional ? ' (class-conditional)' : ''}: ${what}.`];
  if (model.shows) lines.push(`Shows ${model.shows}.`);
  lines.push(`Trained with ${model.loss} on handwritten digits.`);
  if (card) lines.push(`The deck explains it: _${card.front}_. Try \`/quiz gan\`.`);
  return lines.join('\n');
}

export const HELP_TEXT = [
  '`/quiz <deck> [mcq|typed|self]` — a question for the channel (default deck `gan`, mode `mcq`); press Reveal when done',
  '`/quiz <deck> rounds:N time:S` — a game of N timed questions with standings; `/quiz stop` ends it; `/quiz settings` (managers) sets the channel\'s times and speed bonus',
  '`/review` — your due cards, privately, with spaced repetition: rate yourself, or type the answer to be graded',
  '**I was right** — under a typed verdict: in `/review` it re-rates the card Good; in a channel quiz it goes to the asker or a moderator to accept or reject',
  '`/leaderboard [channel|server] [day|week|month|all|game]` — who has the most points',
  '`/stats` — your progress: due, learned, retention, streak and streak freezes',
  '`/timezone [zone]` — show or set your time zone (for streaks and weekly boards)',
  '`/decks` — decks you can study; `/deck import` — add your own (text, CSV/TSV, Markdown or an Anki .apkg, optionally with your Anki review history); `/deck export <deck>` — as .apkg and CSV',
  '`/fsrs` — your scheduling parameters and desired retention; `/fsrs optimize` — fit them to your own reviews; `/fsrs retention 0.85` — set your desired retention',
  '`/generate [model] [digit:<0-9>] [seed:<n>] [interpolate:<seed>]` — pictures from the lecture\'s models: ae, vae, dcgan, wgan, cyclegan (or press **See it** under a `gan` card\'s answer)',
  '`/daily on|off|status` — a daily card in this channel (managers)',
].join('\n');

export function helpMessage(): Message {
  return { title: '📖 studybot', text: HELP_TEXT, visibility: 'private' };
}
