/**
 * Prometheus metrics (prom-client). Each process builds one `Metrics` on its own registry (not the
 * global one) so tests and benchmarks can build as many as they like; `/metrics` serves `registry`.
 * Label values are always from small fixed sets (platform, command kind, outcome), never user input.
 */
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export interface Metrics {
  readonly registry: Registry;
  /** Every command handled by the core: platform, command (e.g. quiz, press:mcq), outcome (ok | error | rejected). */
  readonly interactions: Counter<'platform' | 'command' | 'outcome'>;
  /** Time spent in the core per command, seconds. */
  readonly interactionSeconds: Histogram<'platform' | 'command'>;
  /** Quiz answers committed, by source (quiz | daily) and result (correct | incorrect). */
  readonly answers: Counter<'source' | 'result'>;
  /** Answers per database transaction: above 1 when answers arrive together and share a commit. */
  readonly answerBatchSize: Histogram;
  /** Channel posts made outside an interaction (daily prompts, reveals), by outcome (ok | error). */
  readonly promptsPosted: Counter<'platform' | 'outcome'>;
  /** Image generation time, seconds, by model and outcome (ok | busy | error). */
  readonly generationSeconds: Histogram<'model' | 'outcome'>;
  /** Pictures (leaderboard, stats cards) that failed to render, by kind; the text reply went out without them. */
  readonly pictureFailures: Counter<'kind'>;
}

export interface MetricsOptions {
  /** Process metrics (CPU, memory, event-loop lag): on for the app, off in unit tests. */
  defaultMetrics?: boolean;
}

export function createMetrics(options: MetricsOptions = {}): Metrics {
  const registry = new Registry();
  if (options.defaultMetrics) collectDefaultMetrics({ register: registry, prefix: 'studybot_' });
  const registers = [registry];
  return {
    registry,
    interactions: new Counter({
      name: 'studybot_interactions_total',
      help: 'Commands handled by the core, by platform, command and outcome',
      labelNames: ['platform', 'command', 'outcome'] as const,
      registers,
    }),
    interactionSeconds: new Histogram({
      name: 'studybot_interaction_duration_seconds',
      help: 'Time the core spent on one command',
      labelNames: ['platform', 'command'] as const,
      // Answers should take a few ms; Discord's 3 s acknowledgement limit is the far end.
      buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers,
    }),
    answers: new Counter({
      name: 'studybot_answers_total',
      help: 'Quiz answers committed, by source (quiz or daily round) and result',
      labelNames: ['source', 'result'] as const,
      registers,
    }),
    answerBatchSize: new Histogram({
      name: 'studybot_answer_batch_size',
      help: 'Answers written per database transaction (concurrent answers share one)',
      buckets: [1, 2, 4, 8, 16, 32, 64],
      registers,
    }),
    promptsPosted: new Counter({
      name: 'studybot_prompts_posted_total',
      help: 'Messages posted to channels outside an interaction (daily prompts, reveals)',
      labelNames: ['platform', 'outcome'] as const,
      registers,
    }),
    generationSeconds: new Histogram({
      name: 'studybot_generation_duration_seconds',
      help: 'Time to generate one image, by model and outcome',
      labelNames: ['model', 'outcome'] as const,
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30],
      registers,
    }),
    pictureFailures: new Counter({
      name: 'studybot_picture_failures_total',
      help: 'Pictures that failed to render (the text reply was sent without them), by kind',
      labelNames: ['kind'] as const,
      registers,
    }),
  };
}
