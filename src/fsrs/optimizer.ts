/**
 * FsrsOptimizer on fsrs-rs (@open-spaced-repetition/binding, native, the optimiser Anki itself uses). Its
 * training runs on libuv's thread pool, off the event loop. The binding is loaded on first use, so a
 * platform without a prebuilt binary only loses /fsrs optimize, not the bot.
 */
import { default_w } from 'ts-fsrs';
import { UserError } from '../core/errors.js';
import {
  splitForEvaluation,
  trainingItems,
  type FsrsOptimizer,
  type Metrics,
  type OptimizeOptions,
  type OptimizeResult,
  type ReviewLogEntry,
  type TrainingItem,
} from '../core/scheduling/optimize.js';

type Binding = typeof import('@open-spaced-repetition/binding');

let binding: Promise<Binding> | undefined;

function loadBinding(): Promise<Binding> {
  binding ??= import('@open-spaced-repetition/binding').catch((error: unknown) => {
    binding = undefined;
    throw new UserError(`Tuning FSRS is not available on this server (its optimiser could not load: ${error instanceof Error ? error.message : String(error)}).`);
  });
  return binding;
}

export function createFsrsOptimizer(): FsrsOptimizer {
  return {
    async optimize(log: readonly ReviewLogEntry[], { timeZone, current }: OptimizeOptions): Promise<OptimizeResult> {
      const started = performance.now();
      const items = trainingItems(log, timeZone);
      const { train, heldOut } = splitForEvaluation(items);
      const fsrs = await loadBinding();
      const toItems = (list: TrainingItem[]) =>
        list.map((item) => new fsrs.FSRSBindingItem(item.reviews.map((r) => new fsrs.FSRSBindingReview(r.rating, r.deltaDays))));
      const fit = (list: TrainingItem[]) => fsrs.computeParameters(toItems(list), { enableShortTerm: true });
      const measure = (parameters: readonly number[]): Metrics => {
        const { logLoss, rmseBins } = new fsrs.FSRSBinding([...parameters]).evaluate(toItems(heldOut));
        return { logLoss, rmse: rmseBins };
      };
      const before = measure(current ?? default_w);
      const after = measure(await fit(train));
      // the parameters kept are fitted to everything, the held-out reviews too: they are the most recent
      const parameters = await fit(items);
      return {
        parameters,
        reviews: items.length,
        heldOut: heldOut.length,
        before,
        after,
        improved: after.logLoss < before.logLoss,
        millis: performance.now() - started,
      };
    },
  };
}
