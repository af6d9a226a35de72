/** The GANs the bot offers; each ships its generator in models/<name>/. */
import type { GanModelInfo } from '../core/ports.js';

export const GAN_CATALOG: readonly GanModelInfo[] = [
  {
    name: 'dcgan',
    title: 'DCGAN',
    loss: 'the non-saturating BCE loss plus an auxiliary digit loss (AC-GAN)',
    conditional: true,
    cardHint: 'intuition behind a GAN',
  },
  {
    name: 'wgan',
    title: 'WGAN-GP',
    loss: 'the Wasserstein loss with gradient penalty plus an auxiliary digit loss',
    conditional: true,
    cardHint: 'WGAN',
  },
];
