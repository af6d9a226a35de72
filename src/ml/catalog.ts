/**
 * The models /generate offers, one per lecture topic of the `gan` deck; each ships in models/<name>/. `name` is
 * the stable key a deck card maps to (see MODEL_FOR_CARD), `cardHint` finds that card's text, and
 * `illustrates` the other cards whose See it button draws the model (core/see-it.ts).
 */
import type { GanModelInfo } from '../core/ports.js';

export type ModelName = 'ae' | 'vae' | 'dcgan' | 'wgan' | 'cyclegan';

export interface CatalogEntry extends GanModelInfo {
  name: ModelName;
}

export const GAN_CATALOG: readonly CatalogEntry[] = [
  {
    name: 'dcgan',
    title: 'DCGAN',
    loss: 'the non-saturating BCE loss plus an auxiliary digit loss (AC-GAN)',
    conditional: true,
    cardHint: 'intuition behind a GAN',
    takes: ['digit', 'interpolate'],
    shows: 'class-conditional digits at 28x28',
  },
  {
    name: 'wgan',
    title: 'WGAN-GP',
    loss: 'the Wasserstein loss (earth mover\'s distance) with gradient penalty plus an auxiliary digit loss',
    conditional: true,
    cardHint: 'WGAN',
    takes: ['digit', 'interpolate'],
    shows: "class-conditional digits at 28x28, beside the critic's Wasserstein estimate over training",
  },
  {
    name: 'ae',
    title: 'Autoencoder',
    loss: 'binary cross-entropy between input and reconstruction',
    conditional: false,
    cardHint: 'two components of an Autoencoder',
    takes: ['digit'],
    shows: 'unseen digits (left of each pair) beside their reconstructions through the bottleneck',
  },
  {
    name: 'vae',
    title: 'Variational autoencoder',
    loss: 'reconstruction (binary cross-entropy) plus KL divergence to N(0, I)',
    conditional: false,
    cardHint: 'two losses in a variational autoencoder',
    illustrates: ['difference between a variational autoencoder', 'use a variational autoencoder for', 'problems of a variational autoencoder'],
    takes: [],
    shows: 'new digits sampled from N(0, I); the 2-D latent space as a grid; reconstructions; the two losses over training',
  },
  {
    name: 'cyclegan',
    title: 'CycleGAN',
    loss: 'least-squares GAN losses plus the cycle-consistency loss, with no paired examples',
    conditional: false,
    cardHint: 'CycleGAN',
    takes: ['digit'],
    shows: 'rows: thin-stroke digits (A), translated to thick strokes (A → B), and back (A → B → A)',
  },
];

/** The stable model name for each lecture card of the built-in deck (by a phrase of its question). */
export const MODEL_FOR_CARD: readonly { cardHint: string; model: ModelName }[] = GAN_CATALOG.map((m) => ({ cardHint: m.cardHint, model: m.name }));
