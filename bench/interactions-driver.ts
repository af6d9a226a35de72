/** What bench/interactions.ts needs of each platform's side: the stand-in, signed requests in, acks out. */
import type { ReplicaSetup } from './interactions-replica.js';

export interface PressResult {
  /** The platform saw an acknowledgement (Slack: HTTP 200; Discord: an initial response it accepted). */
  ok: boolean;
  /** From sending the interaction to the acknowledgement. */
  ms: number;
}

export interface PlatformDriver {
  /** What a bot process needs to reach this stand-in. */
  replicaSetup: Omit<ReplicaSetup, 'index' | 'logLevel' | 'platform'>;
  /** The bot processes are up: their endpoints (empty strings for the gateway). */
  attach(endpoints: string[]): Promise<void>;
  /** Opens `count` MCQ questions, each in a channel of its own, through the bot. */
  openRounds(count: number): Promise<void>;
  /** Player `user` presses an answer on question `round`; `replica` picks the endpoint. */
  press(user: number, round: number, replica: number): Promise<PressResult>;
  /** Replies (answer verdicts) the bot has sent so far. */
  replies(): number;
  /** Calls the bot has made to the platform's API so far (Web API, REST, response_url posts). */
  calls(): number;
  violations(): string[];
  close(): Promise<void>;
}
