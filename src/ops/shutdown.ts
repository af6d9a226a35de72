/**
 * Graceful shutdown on SIGTERM/SIGINT: the first signal runs `shutdown` (stop taking work, finish
 * in-flight answers, close the database) and exits 0 when it completes; a second signal, or
 * `timeoutMs` passing, forces exit 1 so a stuck connection never keeps a replica alive.
 */
import type { Logger } from '../log.js';

export interface SignalSource {
  on(signal: NodeJS.Signals, listener: () => void): unknown;
  off(signal: NodeJS.Signals, listener: () => void): unknown;
}

export interface ShutdownOptions {
  shutdown(reason: string): Promise<void>;
  timeoutMs: number;
  exit(code: number): void;
  log?: Logger;
  /** Default `process`. */
  source?: SignalSource;
  signals?: readonly NodeJS.Signals[];
}

export interface ShutdownHandle {
  /**
   * Starts the same graceful shutdown without a signal (e.g. the terminal demo's input ended); a clean
   * shutdown then exits with `exitCode` (1 when what ended it was a failure).
   */
  trigger(reason: string, exitCode?: number): void;
  /** Removes the signal listeners. */
  dispose(): void;
}

export function handleShutdownSignals(options: ShutdownOptions): ShutdownHandle {
  const source = options.source ?? process;
  const signals = options.signals ?? ['SIGTERM', 'SIGINT'];
  let started = false;
  let finished = false;

  const exitOnce = (code: number) => {
    if (finished) return;
    finished = true;
    clearTimeout(timer);
    options.exit(code);
  };
  let timer: NodeJS.Timeout | undefined;

  const begin = (reason: string, exitCode = 0) => {
    if (started) {
      options.log?.warn({ reason }, 'second shutdown request: exiting now');
      exitOnce(1);
      return;
    }
    started = true;
    options.log?.info({ reason, timeoutMs: options.timeoutMs }, 'shutting down');
    timer = setTimeout(() => {
      options.log?.error({ timeoutMs: options.timeoutMs }, 'shutdown timed out: exiting now');
      exitOnce(1);
    }, options.timeoutMs);
    options.shutdown(reason).then(
      () => {
        options.log?.info('shutdown complete');
        exitOnce(exitCode);
      },
      (error: unknown) => {
        options.log?.error({ err: error }, 'shutdown failed');
        exitOnce(1);
      },
    );
  };

  const listeners = signals.map((signal) => {
    const listener = () => begin(signal);
    source.on(signal, listener);
    return [signal, listener] as const;
  });

  return {
    trigger: begin,
    dispose: () => {
      for (const [signal, listener] of listeners) source.off(signal, listener);
    },
  };
}
