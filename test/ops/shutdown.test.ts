import { EventEmitter } from 'node:events';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { handleShutdownSignals } from '../../src/ops/shutdown.js';

function deferred() {
  let resolve!: () => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('handleShutdownSignals', () => {
  it('runs the shutdown once on SIGTERM and exits 0 when it completes', async () => {
    const source = new EventEmitter();
    const exit = vi.fn();
    const work = deferred();
    const shutdown = vi.fn(() => work.promise);
    handleShutdownSignals({ source, shutdown, exit, timeoutMs: 10_000 });

    source.emit('SIGTERM');
    expect(shutdown).toHaveBeenCalledWith('SIGTERM');
    await Promise.resolve();
    expect(exit).not.toHaveBeenCalled();

    work.resolve();
    await vi.waitFor(() => expect(exit).toHaveBeenCalledWith(0));
    expect(exit).toHaveBeenCalledTimes(1);
  });

  it('forces exit 1 on a second signal while the first shutdown is still running', () => {
    const source = new EventEmitter();
    const exit = vi.fn();
    const shutdown = vi.fn(() => new Promise<void>(() => {}));
    handleShutdownSignals({ source, shutdown, exit, timeoutMs: 10_000 });

    source.emit('SIGINT');
    source.emit('SIGINT');
    expect(shutdown).toHaveBeenCalledTimes(1);
    expect(exit).toHaveBeenCalledExactlyOnceWith(1);
  });

  it('forces exit 1 when the shutdown takes longer than the timeout', () => {
    vi.useFakeTimers();
    const source = new EventEmitter();
    const exit = vi.fn();
    handleShutdownSignals({ source, shutdown: () => new Promise<void>(() => {}), exit, timeoutMs: 5_000 });

    source.emit('SIGTERM');
    vi.advanceTimersByTime(4_999);
    expect(exit).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(exit).toHaveBeenCalledExactlyOnceWith(1);
  });

  it('exits 1 when the shutdown fails, and trigger() starts the same path without a signal', async () => {
    const source = new EventEmitter();
    const exit = vi.fn();
    const handle = handleShutdownSignals({ source, shutdown: () => Promise.reject(new Error('db gone')), exit, timeoutMs: 1_000 });
    handle.trigger('input closed');
    await vi.waitFor(() => expect(exit).toHaveBeenCalledWith(1));
  });

  it('exits with the code trigger() gives once a clean shutdown completes (a failure that ended the app)', async () => {
    const source = new EventEmitter();
    const exit = vi.fn();
    const shutdown = vi.fn(() => Promise.resolve());
    const handle = handleShutdownSignals({ source, shutdown, exit, timeoutMs: 1_000 });
    handle.trigger('the embedded database stopped', 1);
    await vi.waitFor(() => expect(exit).toHaveBeenCalledExactlyOnceWith(1));
    expect(shutdown).toHaveBeenCalledWith('the embedded database stopped');
  });

  it('stops listening after dispose', () => {
    const source = new EventEmitter();
    const shutdown = vi.fn(() => Promise.resolve());
    const handle = handleShutdownSignals({ source, shutdown, exit: vi.fn(), timeoutMs: 1_000 });
    expect(source.listenerCount('SIGTERM')).toBe(1);
    handle.dispose();
    source.emit('SIGTERM');
    expect(shutdown).not.toHaveBeenCalled();
    expect(source.listenerCount('SIGTERM')).toBe(0);
  });
});
