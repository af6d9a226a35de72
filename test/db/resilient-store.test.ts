/** Which lost-connection errors the store retries, which it turns into "try again", and which it leaves alone. */
import { describe, expect, it } from 'vitest';
import type { Store } from '../../src/core/ports.js';
import { connectionLoss, DatabaseUnavailableError } from '../../src/db/connection-errors.js';
import { resilientStore } from '../../src/db/resilient-store.js';

/** pg's errors as drizzle hands them on: a wrapper quoting the statement, the driver's error as cause. */
function wrapped(cause: Error & { code?: string }): Error {
  return Object.assign(new Error('Failed query: insert into answers ... params: connection terminated'), { cause });
}
const terminated = () => wrapped(new Error('Connection terminated unexpectedly'));
const adminShutdown = () => wrapped(Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }));
const refused = () => wrapped(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }));
const startingUp = () => Object.assign(new Error('the database system is starting up'), { code: '57P03' });
const uniqueViolation = () => wrapped(Object.assign(new Error('duplicate key value'), { code: '23505' }));

/** A store whose methods fail with the given errors, in order, then succeed; calls are counted. */
function flaky(errors: (() => Error)[]) {
  const calls: string[] = [];
  const queue = [...errors];
  const answer = (name: string) => async () => {
    calls.push(name);
    const next = queue.shift();
    if (next) throw next();
    return name;
  };
  const store = { findDeck: answer('findDeck'), recordAnswer: answer('recordAnswer'), createRound: answer('createRound') } as unknown as Store;
  return { store: resilientStore(store, { sleep: async () => {} }), calls };
}

describe('connectionLoss', () => {
  it('tells a lost connection from a SQL error, and a statement never sent from one that may have run', () => {
    expect(connectionLoss(terminated())).toBe('uncertain');
    expect(connectionLoss(adminShutdown())).toBe('uncertain');
    expect(connectionLoss(refused())).toBe('not-sent');
    expect(connectionLoss(startingUp())).toBe('not-sent');
    expect(connectionLoss(wrapped(new Error('timeout exceeded when trying to connect')))).toBe('not-sent');
    // The wrapper's text quotes user parameters: only the driver's own message counts.
    expect(connectionLoss(uniqueViolation())).toBeNull();
    expect(connectionLoss(wrapped(new TypeError('x is undefined')))).toBeNull();
    expect(connectionLoss(new DatabaseUnavailableError())).toBeNull();
  });
});

describe('resilientStore', () => {
  it('retries idempotent calls through a lost connection', async () => {
    const { store, calls } = flaky([terminated, adminShutdown, refused]);
    expect(await store.recordAnswer({} as never, () => ({}) as never)).toBe('recordAnswer');
    expect(calls).toHaveLength(4);
  });

  it('retries a non-idempotent call only when the statement never reached the server', async () => {
    const sent = flaky([terminated]);
    await expect(sent.store.createRound({} as never)).rejects.toThrow(DatabaseUnavailableError);
    expect(sent.calls).toHaveLength(1);
    const notSent = flaky([refused, startingUp]);
    expect(await notSent.store.createRound({} as never)).toBe('createRound');
    expect(notSent.calls).toHaveLength(3);
  });

  it('gives up with a clear "try again" after about three seconds of failures', async () => {
    const { store, calls } = flaky(Array.from({ length: 20 }, () => refused));
    const error = await store.findDeck(1, 'gan').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DatabaseUnavailableError);
    expect((error as Error).message).toMatch(/try again/);
    expect(calls).toHaveLength(7);
  });

  it('leaves SQL errors and bugs alone', async () => {
    const { store, calls } = flaky([uniqueViolation]);
    await expect(store.recordAnswer({} as never, () => ({}) as never)).rejects.toThrow(/Failed query/);
    expect(calls).toHaveLength(1);
  });
});
