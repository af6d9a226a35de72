import { describe, expect, it } from 'vitest';
import type { Request } from '../../src/core/commands.js';
import { BusyError } from '../../src/core/errors.js';
import { buildId } from '../../src/core/ids.js';
import type { ImageGenerator, Sender, Store } from '../../src/core/ports.js';
import type { StudyBotApi } from '../../src/core/bot.js';
import {
  commandLabel,
  instrumentGenerator,
  instrumentSender,
  instrumentStore,
  InstrumentedBot,
  STOPPING_TEXT,
} from '../../src/ops/instrument.js';
import { createMetrics, type Metrics } from '../../src/ops/metrics.js';

const actor = {
  platform: 'discord' as const,
  workspaceId: 'g1',
  channelId: 'c1',
  userId: 'u1',
  displayName: 'Ada',
  canManage: false,
};

async function value(metrics: Metrics, name: string, labels: Record<string, string>): Promise<number> {
  // Histogram samples (`_count`, `_sum`, `_bucket`) live under the histogram's base name.
  const base = name.replace(/_(count|sum|bucket)$/, '');
  const metric = (await metrics.registry.getMetricsAsJSON()).find((m) => m.name === name || m.name === base);
  const sample = metric?.values.find(
    (v) =>
      ((v as { metricName?: string }).metricName ?? metric.name) === name &&
      Object.entries(labels).every(([key, expected]) => String(v.labels[key]) === expected),
  );
  return sample?.value ?? 0;
}

function fakeBot(handle: StudyBotApi['handle']): StudyBotApi {
  return { handle, suggestDecks: async (_actor, prefix) => [{ slug: prefix, title: prefix.toUpperCase() }] };
}

describe('commandLabel', () => {
  it('uses the command type, and the id kind for buttons and forms, never the raw id', () => {
    expect(commandLabel({ type: 'quiz', deck: 'gan' })).toBe('quiz');
    expect(commandLabel({ type: 'press', id: buildId({ kind: 'mcq', round: 12, choice: 2 }) })).toBe('press:mcq');
    expect(commandLabel({ type: 'submit', id: buildId({ kind: 'typed', round: 3 }), text: 'x' })).toBe('submit:typed');
    expect(commandLabel({ type: 'press', id: 'forged-id-from-a-user' })).toBe('press:invalid');
  });
});

describe('InstrumentedBot', () => {
  it('counts interactions by platform, command and outcome and times them', async () => {
    const metrics = createMetrics();
    const bot = new InstrumentedBot(
      fakeBot(async (request) => {
        if (request.command.type === 'stats') throw new Error('database down');
        return { reply: { text: 'ok', visibility: 'private' } };
      }),
      metrics,
    );
    const request = (command: Request['command']): Request => ({ actor, command });

    await bot.handle(request({ type: 'help' }));
    await bot.handle(request({ type: 'help' }));
    await expect(bot.handle(request({ type: 'stats' }))).rejects.toThrow('database down');

    expect(await value(metrics, 'studybot_interactions_total', { platform: 'discord', command: 'help', outcome: 'ok' })).toBe(2);
    expect(await value(metrics, 'studybot_interactions_total', { command: 'stats', outcome: 'error' })).toBe(1);
    expect(
      await value(metrics, 'studybot_interaction_duration_seconds_count', { platform: 'discord', command: 'help' }),
    ).toBe(2);
    expect(await bot.suggestDecks(actor, 'ga')).toEqual([{ slug: 'ga', title: 'GA' }]);
  });

  it('after stopAccepting, answers new commands politely without running them, and drains those in flight', async () => {
    const metrics = createMetrics();
    let release!: () => void;
    let ran = 0;
    const bot = new InstrumentedBot(
      fakeBot(async () => {
        ran++;
        await new Promise<void>((resolve) => (release = resolve));
        return { reply: { text: 'answer saved', visibility: 'public' } };
      }),
      metrics,
    );
    const inFlight = bot.handle({ actor, command: { type: 'quiz' } });
    await Promise.resolve();
    expect(bot.inflightCount).toBe(1);
    expect(bot.expectedVisibility({ type: 'quiz' })).toBe('public');

    bot.stopAccepting();
    // A platform that must choose a visibility first (a Discord deferral) hears that the refusal is private.
    expect(bot.expectedVisibility({ type: 'quiz' })).toBe('private');
    const refused = await bot.handle({ actor, command: { type: 'quiz' } });
    expect(refused.reply?.text).toBe(STOPPING_TEXT);
    expect(refused.reply?.visibility).toBe('private');
    expect(ran).toBe(1);

    const drained = bot.drain(5_000);
    release();
    expect((await inFlight).reply?.text).toBe('answer saved');
    expect(await drained).toBe(true);
    expect(await value(metrics, 'studybot_interactions_total', { command: 'quiz', outcome: 'rejected' })).toBe(1);
  });
});

describe('instrumentStore', () => {
  it('counts committed answers by source and result, passes duplicates and other methods through', async () => {
    const metrics = createMetrics();
    let next: 'correct' | 'incorrect' | 'duplicate' = 'correct';
    class FakeStore {
      #calls = 0;
      async recordAnswer() {
        this.#calls++;
        if (next === 'duplicate') return { status: 'duplicate' as const, existing: {} };
        return { status: 'recorded' as const, answerId: 1, answerCount: 1, decision: { source: 'daily', correct: next === 'correct' } };
      }
      async dueCount() {
        return this.#calls;
      }
    }
    const store = instrumentStore(new FakeStore() as unknown as Store, metrics);
    const record = () => store.recordAnswer({} as never, () => ({}) as never);

    await record();
    next = 'incorrect';
    await record();
    next = 'duplicate';
    expect((await record()).status).toBe('duplicate');

    expect(await value(metrics, 'studybot_answers_total', { source: 'daily', result: 'correct' })).toBe(1);
    expect(await value(metrics, 'studybot_answers_total', { source: 'daily', result: 'incorrect' })).toBe(1);
    // A class with private fields still works through the proxy.
    expect(await store.dueCount(1, [], new Date())).toBe(3);
  });
});

describe('instrumentSender', () => {
  it('counts successful and failed posts per platform and leaves updates alone', async () => {
    const metrics = createMetrics();
    let fail = false;
    const updates: string[] = [];
    const inner: Sender = {
      platform: 'slack',
      post: async () => {
        if (fail) throw new Error('channel_not_found');
        return { messageRef: 'ts-1' };
      },
      update: async (_channel, ref) => {
        updates.push(ref);
      },
    };
    const sender = instrumentSender(inner, metrics);
    const channel = { platform: 'slack' as const, workspaceId: 'T1', channelId: 'C1' };
    expect(await sender.post(channel, { text: 'daily', visibility: 'public' })).toEqual({ messageRef: 'ts-1' });
    fail = true;
    await expect(sender.post(channel, { text: 'daily', visibility: 'public' })).rejects.toThrow('channel_not_found');
    await sender.update(channel, 'ts-1', { text: 'revealed', visibility: 'public' });

    expect(sender.platform).toBe('slack');
    expect(updates).toEqual(['ts-1']);
    expect(await value(metrics, 'studybot_prompts_posted_total', { platform: 'slack', outcome: 'ok' })).toBe(1);
    expect(await value(metrics, 'studybot_prompts_posted_total', { platform: 'slack', outcome: 'error' })).toBe(1);
  });

  it('passes the round a post carries on, and the round and key lookups where the platform has them', async () => {
    const seen: unknown[] = [];
    const inner: Sender = {
      platform: 'discord',
      post: async (_channel, _message, options) => {
        seen.push(options);
        return { messageRef: 'm1' };
      },
      update: async () => {},
      findRoundMessage: async (_channel, roundId) => (roundId === 7 ? { messageRef: 'm1' } : null),
      findKeyedMessage: async (_channel, key) => (key === 'v1.1' ? { messageRef: 'm2' } : null),
    };
    const channel = { platform: 'discord' as const, workspaceId: 'G1', channelId: 'C1' };
    const sender = instrumentSender(inner, createMetrics());
    await sender.post(channel, { text: 'daily', visibility: 'public' }, { roundId: 7 });
    expect(seen).toEqual([{ roundId: 7 }]);
    expect(await sender.findRoundMessage!(channel, 7, new Date())).toEqual({ messageRef: 'm1' });
    expect(await sender.findKeyedMessage!(channel, 'v1.1', new Date(), { text: 'reveal', visibility: 'public' })).toEqual({ messageRef: 'm2' });
    const { findRoundMessage: _lookup, findKeyedMessage: _keyed, ...blind } = inner;
    expect(instrumentSender(blind, createMetrics()).findRoundMessage).toBeUndefined();
    expect(instrumentSender(blind, createMetrics()).findKeyedMessage).toBeUndefined();
  });

  it('keeps saying whether the platform counts a countdown down by itself', () => {
    const inner: Sender = { platform: 'discord', liveCountdown: true, post: async () => ({ messageRef: 'm1' }), update: async () => {} };
    expect(instrumentSender(inner, createMetrics()).liveCountdown).toBe(true);
    const { liveCountdown: _live, ...counting } = inner;
    expect(instrumentSender(counting, createMetrics()).liveCountdown).toBeUndefined();
  });
});

describe('instrumentGenerator', () => {
  it('times generations by model and outcome, labelling unknown model names as unknown', async () => {
    const metrics = createMetrics();
    let busy = false;
    const inner: ImageGenerator = {
      models: () => [{ name: 'dcgan', title: 'DCGAN', loss: 'bce', conditional: false, cardHint: 'DCGAN' }],
      generate: async (request) => {
        if (busy) throw new BusyError();
        if (request.model !== 'dcgan') throw new Error('unknown model');
        return { png: new Uint8Array([1]), width: 28, height: 28, model: 'dcgan', backend: 'cpu', millis: 5 };
      },
      close: async () => {},
    };
    const generator = instrumentGenerator(inner, metrics);
    await generator.generate({ model: 'dcgan', seed: 1 });
    await expect(generator.generate({ model: 'x'.repeat(50), seed: 1 })).rejects.toThrow('unknown model');
    busy = true;
    await expect(generator.generate({ model: 'dcgan', seed: 1 })).rejects.toBeInstanceOf(BusyError);

    const count = 'studybot_generation_duration_seconds_count';
    expect(await value(metrics, count, { model: 'dcgan', outcome: 'ok' })).toBe(1);
    expect(await value(metrics, count, { model: 'unknown', outcome: 'error' })).toBe(1);
    expect(await value(metrics, count, { model: 'dcgan', outcome: 'busy' })).toBe(1);
  });
});
