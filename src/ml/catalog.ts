/** The GANs the bot offers; each ships its generator in models/<name>/. */
import type { GanModelInfo } from '../core/ports.js';

export const GAN_CATALOG: readonly GanModelInfo[] = [
  {
    name: 'dcgan',
    title: 'DCGAN-style conditional GAN',
    loss: 'non-saturating BCE',
    conditional: true,
    cardHint: 'intuition behind a GAN',
  },
  {
    name: 'wgan',
    title: 'WGAN-GP conditional GAN',
    loss: 'Wasserstein + gradient penalty',
    conditional: true,
    cardHint: 'WGAN',
  },
];

export const CLASSIFIER_DIR = 'classifier';
