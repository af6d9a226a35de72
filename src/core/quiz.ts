/** Channel quizzes: starting a round (/quiz or a daily card) and revealing it. Answering it is in quiz-answers.ts. */
import { withCardPicture } from './card-pictures.js';
import type { CoreDeps, Caller } from './context.js';
import { UserError } from './errors.js';
import { buildChoices } from './grading/mcq.js';
import type { Message, Outcome } from './messages.js';
import type { Card, Round } from './model.js';
import type { QuizMode } from './commands.js';
import { normaliseSlug, parseMode } from './options.js';
import type { ChannelRef } from './ports.js';
import { withSeeIt } from './see-it.js';
import { revealMessage, roundMessage } from './views.js';

/** Kept for test/db/answer-batch.test.ts, which imports it from here; decisions.ts owns it. */
export { decideAnswer } from './decisions.js';

/** How many of the channel's latest cards a new quiz avoids repeating. */
const RECENT_CARDS_AVOIDED = 5;

export async function startQuiz(deps: CoreDeps, caller: Caller, deckArg?: string, modeArg?: string): Promise<Outcome> {
  const given = modeArg === undefined || modeArg.trim() === '' ? undefined : parseMode(modeArg);
  const slug = normaliseSlug(deckArg);
  const deck = await deps.store.findDeck(caller.user.workspaceId, slug);
  if (!deck) throw new UserError(`There is no deck called "${slug}". See \`/decks\` for the decks you can use.`);
  // A replayed request (the interaction inbox, after a crash) shows the round it opened, not a second one.
  const requestKey = caller.interactionId;
  const prior = requestKey ? await deps.store.roundForRequest(requestKey) : null;
  if (prior) return { reply: roundMessage(prior, (await deps.store.roundAnswers(prior.id)).length, caller.user.timeZone) };
  const cards = await deps.store.deckCards(deck.id);
  if (cards.length === 0) throw new UserError(`The deck "${slug}" has no cards yet.`);
  const recent = new Set(
    await deps.store.recentRoundCards(caller.user.workspaceId, caller.actor.channelId, Math.min(cards.length - 1, RECENT_CARDS_AVOIDED)),
  );
  const fresh = cards.filter((card) => !recent.has(card.id));
  const pool = fresh.length > 0 ? fresh : cards;
  const card = pool[Math.floor(deps.random() * pool.length)]!;
  // a card meant to be typed (an Anki cloze) is asked typed unless the asker chose a mode
  const mode = given ?? (card.typed ? 'typed' : parseMode(undefined));
  const round = await createRound(deps, {
    workspaceId: caller.user.workspaceId,
    channelId: caller.actor.channelId,
    card,
    deckCards: cards,
    deckTitle: deck.title,
    mode,
    closesAt: null,
    createdBy: caller.user.userId,
    source: 'quiz',
    requestKey,
  });
  // the question's picture goes with the first post only: later edits keep it (see card-pictures.ts)
  return { reply: await withCardPicture(deps, roundMessage(round, 0, caller.user.timeZone), card.id, 'front') };
}

/** Used by the daily scheduler: a round for a given card in a channel, closing at `closesAt`. */
export async function openChannelRound(
  deps: CoreDeps,
  input: { channel: ChannelRef; deckId: number; cardId: number; mode: 'mcq' | 'typed'; closesAt: Date; source: 'daily'; timeZone?: string },
): Promise<{ roundId: number; message: Message }> {
  const workspaceId = await deps.store.ensureWorkspace(input.channel.platform, input.channel.workspaceId);
  const card = await deps.store.getCard(input.cardId);
  if (!card || card.deckId !== input.deckId) throw new Error(`Card ${input.cardId} is not in deck ${input.deckId}`);
  const deckCards = input.mode === 'mcq' ? await deps.store.deckCards(input.deckId) : [];
  const round = await createRound(deps, {
    workspaceId,
    channelId: input.channel.channelId,
    card,
    deckCards,
    deckTitle: card.deckTitle,
    mode: input.mode,
    closesAt: input.closesAt,
    createdBy: null,
    source: input.source,
  });
  return { roundId: round.id, message: await withCardPicture(deps, roundMessage(round, 0, input.timeZone), card.id, 'front') };
}

/** An open round's card as it reads now, for posting it again when an earlier post may not have arrived. */
export async function channelRoundMessage(deps: CoreDeps, roundId: number, timeZone?: string): Promise<{ message: Message; round: Round }> {
  const round = await deps.store.getRound(roundId);
  if (!round) throw new Error(`Round ${roundId} not found`);
  const answers = await deps.store.roundAnswers(roundId);
  return { message: roundMessage(round, answers.length, timeZone), round };
}

/**
 * The answer and who got it right; marks the round revealed (later answers are refused). `messageRef`:
 * the message the reveal replaces, when the round has none recorded (a /quiz question's Reveal press).
 */
export async function revealRound(deps: CoreDeps, roundId: number, messageRef?: string): Promise<{ message: Message; round: Round }> {
  const round = await deps.store.getRound(roundId);
  if (!round) throw new Error(`Round ${roundId} not found`);
  // Marked before the answers are read: an appeal decided after this read finds the mark, and edits this reveal.
  await deps.store.markRevealed(roundId, deps.clock.now(), messageRef);
  return { message: await revealView(deps, round), round };
}

/** A revealed round's message as the store has it now (also its re-render after an accepted appeal). */
export async function revealView(deps: CoreDeps, round: Round): Promise<Message> {
  const answers = await deps.store.roundAnswers(round.id);
  return withSeeIt(deps, revealMessage(round, answers), round.card);
}

export interface RoundInput {
  workspaceId: number;
  channelId: string;
  card: Card;
  deckCards: Card[];
  deckTitle: string;
  mode: QuizMode;
  closesAt: Date | null;
  createdBy: number | null;
  source: Round['source'];
  requestKey?: string;
}

async function createRound(deps: CoreDeps, input: RoundInput): Promise<Round> {
  const round = buildRound(deps, input, deps.clock.now());
  const id = await deps.store.createRound(input.requestKey ? { ...round, requestKey: input.requestKey } : round);
  return { id, ...round };
}

/** A round opening at `opensAt`, with its multiple-choice labels drawn, ready to store. */
export function buildRound(deps: CoreDeps, input: RoundInput, opensAt: Date): Omit<Round, 'id'> {
  const choiceSet = input.mode === 'mcq' ? buildChoices(input.card, input.deckCards, deps.random) : null;
  return {
    workspaceId: input.workspaceId,
    channelId: input.channelId,
    card: input.card,
    deckTitle: input.deckTitle,
    mode: input.mode,
    choices: choiceSet?.labels ?? null,
    correctChoice: choiceSet?.correctIndex ?? null,
    opensAt,
    closesAt: input.closesAt,
    messageRef: null,
    source: input.source,
    revealedAt: null,
    createdBy: input.createdBy,
  };
}
