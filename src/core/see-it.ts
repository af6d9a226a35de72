/**
 * "See it": every card of the built-in lecture deck gets a button that draws the model the card
 * explains, privately for the presser. A card maps to a model by a phrase of its question: the model's
 * `cardHint` or one of the cards it `illustrates` (src/ml/catalog.ts).
 */
import type { Caller, CoreDeps } from './context.js';
import { UserError } from './errors.js';
import { lectureDeckId, pictureReply, randomSeed } from './generate.js';
import { buildId } from './ids.js';
import type { Choice, Message, Outcome } from './messages.js';
import type { Card } from './model.js';
import type { GanModelInfo } from './ports.js';


/** The model whose picture explains `card`, by a phrase of its question. */
export function modelForCard(models: readonly GanModelInfo[], card: Pick<Card, 'front'>): GanModelInfo | undefined {
  const question = card.front.toLowerCase();
  return models.find((model) => [model.cardHint, ...(model.illustrates ?? [])].some((hint) => question.includes(hint.toLowerCase())));
}

async function isLectureCard(deps: CoreDeps, card: Pick<Card, 'deckId'>): Promise<boolean> {
  return (await lectureDeckId(deps)) === card.deckId;
}

/** The See it button for `card`, when it is a lecture card and pictures can be drawn here. */
export async function seeItChoice(deps: CoreDeps, card: Pick<Card, 'id' | 'deckId' | 'front'>): Promise<Choice | undefined> {
  if (!deps.generator) return undefined;
  const model = modelForCard(deps.generator.models(), card);
  if (!model || !(await isLectureCard(deps, card))) return undefined;
  return { id: buildId({ kind: 'see', card: card.id }), label: `See it: ${model.title}`, style: 'secondary' };
}

/** `message` with the See it button for `card` added, if it has one. */
export async function withSeeIt(deps: CoreDeps, message: Message, card: Pick<Card, 'id' | 'deckId' | 'front'>): Promise<Message> {
  const choice = await seeItChoice(deps, card);
  return choice ? { ...message, choices: [...(message.choices ?? []), choice] } : message;
}

/** The press: draws the card's model and sends the picture to the presser, captioned with the card. */
export async function seeIt(deps: CoreDeps, _caller: Caller, cardId: number): Promise<Outcome> {
  const generator = deps.generator;
  if (!generator) throw new UserError('Image generation is not available on this bot right now.');
  const card = await deps.store.getCard(cardId);
  if (!card) throw new UserError('That card no longer exists.');
  const model = modelForCard(generator.models(), card);
  if (!model || !(await isLectureCard(deps, card))) throw new UserError('There is no picture for this card.');
  const options = { model: model.name, seed: randomSeed(deps) };
  const image = await generator.generate(options);
  return { reply: pictureReply(model, options, image, card, 'private'), keepPressed: true };
}
