/** The generative models `npm run train` knows, each a recipe for the shared loop in training.ts. */
import { aeRecipe, vaeRecipe } from './autoencoders.js';
import { headOf, type DigitSet } from './data.js';
import { ganRecipe } from './gan.js';
import { cycleganRecipe } from './cyclegan.js';
import { train, type TrainOptions, type TrainedMeta } from './training.js';

export type { Progress } from './training.js';

export interface Trainer {
  defaultEpochs: number;
  train(options: TrainOptions): Promise<TrainedMeta>;
}

/** The first 8 training digits: the per-epoch picture of the autoencoders shows them beside their reconstructions. */
const preview = (data: DigitSet) => headOf(data, 8).images;

export const TRAINERS: Record<string, Trainer> = {
  ae: { defaultEpochs: 20, train: (o) => train(aeRecipe(preview(o.data)), o) },
  vae: { defaultEpochs: 40, train: (o) => train(vaeRecipe(preview(o.data)), o) },
  dcgan: { defaultEpochs: 30, train: (o) => train(ganRecipe('dcgan'), o) },
  wgan: { defaultEpochs: 75, train: (o) => train(ganRecipe('wgan'), o) },
  cyclegan: { defaultEpochs: 20, train: (o) => train(cycleganRecipe(o.data), o) },
};
