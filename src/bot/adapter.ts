/** What every running adapter (and the scheduler) gives start-up, health and shutdown. */
import type { Sender } from '../core/ports.js';

export interface RunningAdapter {
  readonly name: string;
  /** Connected and able to take work (for /healthz). */
  isHealthy(): boolean;
  /** Extra health detail for /healthz (e.g. each Discord shard's state). */
  healthDetails?(): Record<string, unknown>;
  /** Stop taking new work, finish what is in flight, disconnect. */
  stop(): Promise<void>;
  /** How the scheduler posts to this platform's channels, where the adapter can. */
  readonly sender?: Sender;
}
