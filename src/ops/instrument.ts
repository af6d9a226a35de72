/**
 * Decorators that add metrics (and shutdown draining) around the core's ports, so neither the core
 * nor the adapters know about Prometheus:
 * - the StudyBotApi the adapters call: interactions, latency, in-flight tracking, refusal while stopping;
 * - the Store: answers by result, read from the structured AnswerResult rather than message text;
 * - each Sender: channel posts made by the scheduler;
 * - the ImageGenerator: generation time;
 * - the core's picture hook: cards that failed to draw.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Command, Request } from '../core/commands.js';
import { BusyError } from '../core/errors.js';
import { parseId } from '../core/ids.js';
import type { Outcome, Visibility } from '../core/messages.js';
import { expectedVisibilityOf } from '../core/reply-visibility.js';
import { privateText } from '../core/messages.js';
import type { DeckSuggestion, StudyBotApi } from '../core/bot.js';
import type { GeneratedImage, GenerateRequest, ImageGenerator, Sender, Store } from '../core/ports.js';
import type { Actor } from '../core/commands.js';
import type { Logger } from '../log.js';
import { InflightTracker } from '../bot/inflight.js';
import type { Metrics } from './metrics.js';

/**
 * The core turns unexpected errors into a polite reply and reports them through its onError hook;
 * the hook calls reportInteractionError() so the interaction is still counted as outcome "error".
 */
const interactionScope = new AsyncLocalStorage<{ failed: boolean }>();

export function reportInteractionError(): void {
  const scope = interactionScope.getStore();
  if (scope) scope.failed = true;
}

/** The core's onPictureError hook: a card that failed to draw is logged and counted (its text reply went out). */
export function pictureFailureReporter(metrics: Metrics, log: Logger): (error: unknown, kind: string) => void {
  return (error, kind) => {
    metrics.pictureFailures.inc({ kind });
    log.warn({ err: error, kind }, 'picture failed to render: sent the text reply without it');
  };
}

export const STOPPING_TEXT = 'StudyBot is restarting right now. Please try again in a moment.';

/** A bounded label for a command: its type, and for buttons and forms the kind of id (press:mcq, submit:typed). */
export function commandLabel(command: Command): string {
  if (command.type === 'press' || command.type === 'submit') {
    return `${command.type}:${parseId(command.id)?.kind ?? 'invalid'}`;
  }
  return command.type;
}

export class InstrumentedBot implements StudyBotApi {
  private readonly inflight = new InflightTracker();
  private accepting = true;

  constructor(
    private readonly inner: StudyBotApi,
    private readonly metrics: Metrics,
    private readonly log?: Logger,
  ) {}

  async handle(request: Request): Promise<Outcome> {
    const platform = request.actor.platform;
    const command = commandLabel(request.command);
    if (!this.accepting) {
      this.metrics.interactions.inc({ platform, command, outcome: 'rejected' });
      return { reply: privateText(STOPPING_TEXT) };
    }
    const stopTimer = this.metrics.interactionSeconds.startTimer({ platform, command });
    const scope = { failed: false };
    try {
      const outcome = await this.inflight.run(() => interactionScope.run(scope, () => this.inner.handle(request)));
      this.metrics.interactions.inc({ platform, command, outcome: scope.failed ? 'error' : 'ok' });
      return outcome;
    } catch (error) {
      this.metrics.interactions.inc({ platform, command, outcome: 'error' });
      this.log?.error({ err: error, platform, command }, 'command failed');
      throw error;
    } finally {
      const seconds = stopTimer();
      this.log?.debug({ platform, command, ms: Math.round(seconds * 1000) }, 'command handled');
    }
  }

  suggestDecks(actor: Actor, prefix: string): Promise<DeckSuggestion[]> {
    return this.inner.suggestDecks(actor, prefix);
  }

  /** While stopping, every reply is the private "restarting" one. */
  expectedVisibility(command: Command): Visibility {
    if (!this.accepting) return 'private';
    return expectedVisibilityOf(this.inner, command);
  }

  /** Commands in progress right now. */
  get inflightCount(): number {
    return this.inflight.size;
  }

  /** From now on every command gets a polite "restarting" reply instead of being run. */
  stopAccepting(): void {
    this.accepting = false;
  }

  /** Waits for commands already running (answers being committed); false if `timeoutMs` passes first. */
  drain(timeoutMs: number): Promise<boolean> {
    return this.inflight.drain(timeoutMs);
  }
}

/** The same Store, counting answers as they are committed. Every other method passes straight through. */
export function instrumentStore<S extends Store>(store: S, metrics: Metrics): S {
  const recordAnswer: Store['recordAnswer'] = async (input, decide) => {
    const result = await store.recordAnswer(input, decide);
    if (result.status === 'recorded') {
      metrics.answers.inc({ source: result.decision.source, result: result.decision.correct ? 'correct' : 'incorrect' });
    }
    return result;
  };
  return new Proxy(store, {
    get(target, key, receiver) {
      if (key === 'recordAnswer') return recordAnswer;
      const value = Reflect.get(target, key, receiver);
      // Bind so class methods (and private fields) see the real store as `this`.
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

/** A Sender that counts posts (daily prompts, reveals) and failures. */
export function instrumentSender(sender: Sender, metrics: Metrics): Sender {
  const platform = sender.platform;
  return {
    platform,
    // The game runner reads this through the wrapper: without it Discord games would be edited every few seconds to count down.
    ...(sender.liveCountdown ? { liveCountdown: true } : {}),
    async post(channel, message, options) {
      try {
        const posted = await sender.post(channel, message, options);
        metrics.promptsPosted.inc({ platform, outcome: 'ok' });
        return posted;
      } catch (error) {
        metrics.promptsPosted.inc({ platform, outcome: 'error' });
        throw error;
      }
    },
    update: (channel, messageRef, message) => sender.update(channel, messageRef, message),
    ...(sender.findRoundMessage ? { findRoundMessage: sender.findRoundMessage.bind(sender) } : {}),
    ...(sender.findKeyedMessage ? { findKeyedMessage: sender.findKeyedMessage.bind(sender) } : {}),
  };
}

/** An ImageGenerator that times each generation by model and outcome (ok | busy | error). */
export function instrumentGenerator(generator: ImageGenerator, metrics: Metrics): ImageGenerator {
  return {
    models: () => generator.models(),
    async generate(request: GenerateRequest): Promise<GeneratedImage> {
      const known = generator.models().some((model) => model.name === request.model);
      const stopTimer = metrics.generationSeconds.startTimer({ model: known ? request.model : 'unknown' });
      try {
        const image = await generator.generate(request);
        stopTimer({ outcome: 'ok' });
        return image;
      } catch (error) {
        stopTimer({ outcome: error instanceof BusyError ? 'busy' : 'error' });
        throw error;
      }
    },
    close: () => generator.close(),
  };
}
