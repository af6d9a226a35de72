/** /generate: validate the user's options, ask the ImageGenerator, caption the image with the deck. */
import type { Caller, CoreDeps } from './context.js';
import type { Card } from './model.js';
import type { GanModelInfo, GeneratedImage, GenerateOptionName, Store } from './ports.js';
import type { Command } from './commands.js';
import { UserError } from './errors.js';
import type { Message, Outcome } from './messages.js';
import { generateCaption } from './views.js';
import { DEFAULT_DECK } from './options.js';

type GenerateCommand = Extract<Command, { type: 'generate' }>;
const MAX_SEED = 2 ** 31 - 1;

export interface GenerateOptions {
  model: string;
  seed: number;
  digit?: number;
  interpolateTo?: number;
}

/** The options a model takes besides seed; models that do not list them take `digit` when conditional, and `interpolate`. */
export function modelTakes(model: GanModelInfo): readonly GenerateOptionName[] {
  return model.takes ?? (model.conditional ? ['digit', 'interpolate'] : ['interpolate']);
}

/** "seed, digit (0-9)" — what a model takes, for error messages. */
export function describeTakes(model: GanModelInfo): string {
  const names: Record<GenerateOptionName, string> = { digit: 'digit (0-9)', interpolate: 'interpolate (a second seed)' };
  return ['seed', ...modelTakes(model).map((o) => names[o])].join(', ');
}

/** Turns the raw option strings into checked options, or a UserError that says what to type. */
export function parseGenerateOptions(command: GenerateCommand, models: readonly GanModelInfo[], randomSeed: () => number): GenerateOptions {
  const modelNames = models.map((m) => m.name);
  const model = (command.model ?? modelNames[0] ?? '').trim().toLowerCase();
  const info = models.find((m) => m.name === model);
  if (!info) throw new UserError(`Unknown model "${command.model}". Choose one of: ${modelNames.join(', ')}.`);
  const takes = modelTakes(info);
  const refuse = (option: string) => new UserError(`The ${model} model does not take ${option}. It takes: ${describeTakes(info)}.`);
  const seed = command.seed === undefined || command.seed.trim() === '' ? randomSeed() : parseWhole(command.seed, 'seed', 0, MAX_SEED);
  const options: GenerateOptions = { model, seed };
  if (command.digit !== undefined && command.digit.trim() !== '') {
    if (!takes.includes('digit')) throw refuse('a digit');
    options.digit = parseWhole(command.digit, 'digit', 0, 9);
  }
  const interpolate = command.interpolate?.trim().toLowerCase();
  if (interpolate && !['false', 'no', 'off'].includes(interpolate)) {
    if (!takes.includes('interpolate')) throw refuse('interpolate');
    options.interpolateTo = ['true', 'yes', 'on'].includes(interpolate) ? (seed + 1) % (MAX_SEED + 1) : parseWhole(interpolate, 'interpolate (a second seed)', 0, MAX_SEED);
  }
  return options;
}

function parseWhole(raw: string, name: string, min: number, max: number): number {
  const text = raw.trim();
  if (!/^\d+$/.test(text) || Number(text) < min || Number(text) > max) {
    throw new UserError(`${name} must be a whole number from ${min} to ${max}; "${raw}" is not.`);
  }
  return Number(text);
}

export async function generate(deps: CoreDeps, _caller: Caller, command: GenerateCommand): Promise<Outcome> {
  const generator = deps.generator;
  if (!generator) throw new UserError('Image generation is not available on this bot yet.');
  const models = generator.models();
  const options = parseGenerateOptions(command, models, () => randomSeed(deps));
  const info = models.find((m) => m.name === options.model)!;
  const image = await generator.generate(options);
  const card = await findCard(deps, info.cardHint);
  return { reply: pictureReply(info, options, image, card, 'public') };
}

/** A model's picture with its caption: the options it was drawn with and the card that explains it. */
export function pictureReply(info: GanModelInfo, options: GenerateOptions, image: GeneratedImage, card: Card | null, visibility: Message['visibility']): Message {
  return {
    title: `🎨 ${info.title}`,
    text: generateCaption(info, options, card),
    image: { png: image.png, filename: `${options.model}-${options.seed}.png`, alt: `${info.title}: ${info.shows ?? 'handwritten digits it generated'}` },
    footer: `made in ${Math.round(image.millis)} ms on ${image.backend}`,
    visibility,
  };
}

/** A seed for a picture nobody asked a seed of. */
export function randomSeed(deps: CoreDeps): number {
  return Math.floor(deps.random() * MAX_SEED);
}

/** The built-in lecture deck's id, once found kept per store: it does not change once installed. */
const lectureDeckIds = new WeakMap<Store, number>();

export async function lectureDeckId(deps: CoreDeps): Promise<number | null> {
  const known = lectureDeckIds.get(deps.store);
  if (known !== undefined) return known;
  // Workspace id -1 matches no workspace, so only the built-in deck is found.
  const deck = await deps.store.findDeck(-1, DEFAULT_DECK);
  if (deck) lectureDeckIds.set(deps.store, deck.id);
  return deck?.id ?? null;
}

/** The built-in deck's card that explains the model, found by its hint. */
async function findCard(deps: CoreDeps, hint: string) {
  const deckId = await lectureDeckId(deps);
  if (deckId === null) return null;
  const needle = hint.toLowerCase();
  const cards = await deps.store.deckCards(deckId);
  return cards.find((card) => card.front.toLowerCase().includes(needle)) ?? cards.find((card) => card.back.toLowerCase().includes(needle)) ?? null;
}
