/**
 * The interfaces the core needs from the outside world. Implementations live in
 * src/db (Store), src/ml (ImageGenerator), the adapters (Sender) and here (system clock).
 */
import type { Message } from './messages.js';

export type Platform = 'discord' | 'slack' | 'terminal';

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A channel on some platform, as the scheduler and Sender address it. */
export interface ChannelRef {
  platform: Platform;
  workspaceId: string;
  channelId: string;
}

/** Posts to a channel outside of an interaction (daily prompts, reveals). */
export interface Sender {
  readonly platform: Platform;
  /** Returns a reference to the posted message so it can be edited later. Throws ChannelUnavailableError when the bot can no longer post there. */
  post(channel: ChannelRef, message: Message): Promise<{ messageRef: string }>;
  /** Replace the content of a message posted earlier. */
  update(channel: ChannelRef, messageRef: string, message: Message): Promise<void>;
}

export interface GanModelInfo {
  /** Name users type: e.g. 'dcgan', 'wgan'. */
  name: string;
  title: string;
  /** The loss it was trained with, for the caption. */
  loss: string;
  /** True when it takes a digit label (class-conditional). */
  conditional: boolean;
  /** A word or phrase that finds the deck card explaining it (e.g. 'WGAN', 'intuition behind a GAN'). */
  cardHint: string;
}

export interface GenerateRequest {
  model: string;
  seed: number;
  /** 0..9, only for conditional models. Unset: a mix of digits. */
  digit?: number;
  /** When set: one row walking through latent space from `seed` to this seed. */
  interpolateTo?: number;
}

export interface GeneratedImage {
  png: Uint8Array;
  width: number;
  height: number;
  model: string;
  backend: string;
  millis: number;
}

export interface ImageGenerator {
  models(): readonly GanModelInfo[];
  /** Throws BusyError when the bounded queue is full. */
  generate(request: GenerateRequest): Promise<GeneratedImage>;
  close(): Promise<void>;
}
