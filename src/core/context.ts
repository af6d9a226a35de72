/** What every core use case gets: its ports, a clock and a random source (both replaceable in tests). */
import type { Actor } from './commands.js';
import { UserError } from './errors.js';
import type { UserRef } from './model.js';
import type { PictureCard, PictureRenderer } from './pictures.js';
import type { DeckParser } from './decks/parse.js';
import type { PackageCodec } from './decks/package.js';
import type { FsrsOptimizer } from './scheduling/optimize.js';
import type { Clock, ImageGenerator, Store } from './ports.js';

export interface CoreDeps {
  store: Store;
  clock: Clock;
  random: () => number;
  generator?: ImageGenerator;
  /** Draws /leaderboard and /stats cards; without one those replies are text only. */
  pictures?: PictureRenderer;
  /** Told when a picture failed to draw (the text reply went out without it). */
  onPictureError?: (error: unknown, kind: PictureCard['kind']) => void;
  /** Told when the messages to edit after a change could not be worked out (the change stands; the reply goes without them). */
  onEditError?: (error: unknown) => void;
  parseDeck: DeckParser;
  packages?: PackageCodec;
  optimizer?: FsrsOptimizer;
}

/** The acting user as stored, plus the actor's raw platform context. */
export interface Caller {
  actor: Actor;
  user: UserRef;
  interactionId?: string;
  /** The public channel message the press was on (Request.messageRef). */
  messageRef?: string;
}

/** Decks are visible to their own workspace; built-in decks (no workspace) to all. */
export function assertVisible(deckWorkspaceId: number | null, caller: Caller): void {
  if (deckWorkspaceId !== null && deckWorkspaceId !== caller.user.workspaceId) {
    throw new UserError('That card belongs to another workspace.');
  }
}
