/**
 * Everything one Slack stand-in holds (clock, scopes, messages, triggers, response_urls, uploads, faults to
 * drive) in one object its modules share, with the few helpers they all use (ts, channel kinds, hangs).
 */
import { readFileSync } from 'node:fs';
import { manifestBotScopes } from '../slack-rules.js';
import type { ChannelKind, LostAnswer, RecordedCall, RecordedResponse, RecordedUpload, RenderedButton, SlackStandInOptions, StandInMessage, StandInUser } from './types.js';

const MANIFEST = new URL('../../../slack-app-manifest.yml', import.meta.url);

export interface StandInState {
  options: SlackStandInOptions;
  now: () => number;
  scopes: Set<string>;
  violations: string[];
  notJoined: Set<string>;
  triggers: Map<string, { issuedAt: number; used: boolean }>;
  /** `own`: the ts of the latest message posted through it, which its replace_original replaces when it has no `replaces`. */
  responseUrls: Map<string, { issuedAt: number; uses: number; replaces?: string; own?: string }>;
  rendered: Map<string, RenderedButton[]>;
  /** Per message (ts, or a response_url's own): the block_ids of every iteration so far. */
  iterations: Map<string, Set<string>>;
  updates: number[];
  rateLimits: Map<string, { times: number; retryAfterSeconds: number }>;
  hangs: Map<string, number>;
  /** True (and one fewer left) when the next call of `name` is to go unanswered. */
  takeHang(name: string): boolean;
  losses: Map<string, { times: number; how: LostAnswer }>;
  calls: RecordedCall[];
  uploads: RecordedUpload[];
  responses: RecordedResponse[];
  users: Map<string, StandInUser>;
  failures: Map<string, { error: string; times: number }>;
  fileCounter: number;
  /** Uploads shared but not landed yet: how many more files.info looks answer without the share. */
  pendingLooks: Map<string, number>;
  shared: Map<string, { name: string; bytes: Buffer }>;
  viewCounter: number;
  /** The server's http://127.0.0.1:port, once it listens. */
  origin: string;
  /** Channel messages the bot posted, oldest first, for conversations.history. */
  history: Map<string, StandInMessage[]>;
  nextTs(): string;
  channelKinds: Map<string, ChannelKind>;
  kindOf(channel: string): ChannelKind;
  /** chat:write.public lets the bot post in a public channel it has not joined; nowhere else. */
  mayPost(channel: string): boolean;
  channelMessages(channel: string): StandInMessage[];
}

export function createState(options: SlackStandInOptions): StandInState {
  const now = options.now ?? Date.now;
  const scopes = new Set(options.scopes ?? manifestBotScopes(readFileSync(MANIFEST, 'utf8')));
  const notJoined = new Set<string>();
  const hangs = new Map<string, number>();
  let lastTsMicros = 0n;
  const history = new Map<string, StandInMessage[]>();
  const channelKinds = new Map<string, ChannelKind>();
  const kindOf = (channel: string): ChannelKind => channelKinds.get(channel) ?? (channel.startsWith('D') ? 'im' : channel.startsWith('G') ? 'private' : 'public');

  return {
    options,
    now,
    scopes,
    violations: [],
    notJoined,
    triggers: new Map(),
    responseUrls: new Map(),
    rendered: new Map(),
    iterations: new Map(),
    updates: [],
    rateLimits: new Map(),
    hangs,
    takeHang: (name: string): boolean => {
      const left = hangs.get(name) ?? 0;
      if (left > 0) hangs.set(name, left - 1);
      return left > 0;
    },
    losses: new Map(),
    calls: [],
    uploads: [],
    responses: [],
    users: new Map(),
    failures: new Map(),
    fileCounter: 0,
    pendingLooks: new Map(),
    shared: new Map(),
    viewCounter: 0,
    origin: '',
    history,
    // Like Slack's: the posting time in seconds with microseconds, unique and increasing within the stand-in.
    nextTs: () => {
      const micros = BigInt(Math.floor(now())) * 1000n;
      lastTsMicros = micros > lastTsMicros ? micros : lastTsMicros + 1n;
      return `${lastTsMicros / 1_000_000n}.${String(lastTsMicros % 1_000_000n).padStart(6, '0')}`;
    },
    channelKinds,
    kindOf,
    mayPost: (channel: string) => !notJoined.has(channel) || (kindOf(channel) === 'public' && scopes.has('chat:write.public')),
    channelMessages(channel: string): StandInMessage[] {
      let list = history.get(channel);
      if (!list) history.set(channel, (list = []));
      return list;
    },
  };
}
