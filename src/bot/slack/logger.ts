/** Bolt's Logger interface over pino, so Bolt's own logs land in the app's log stream. */
import { LogLevel, type Logger as BoltLogger } from '@slack/bolt';
import type { Logger } from 'pino';

export function boltLogger(log: Logger): BoltLogger {
  let level: LogLevel = LogLevel.INFO;
  let child = log.child({ component: 'slack-bolt' });
  return {
    // The Web API client logs every call's body at debug: format it only when someone reads it.
    debug: (...msg: unknown[]) => {
      if (child.isLevelEnabled('debug')) child.debug(format(msg));
    },
    info: (...msg: unknown[]) => child.info(format(msg)),
    warn: (...msg: unknown[]) => child.warn(format(msg)),
    error: (...msg: unknown[]) => child.error(format(msg)),
    setLevel: (next: LogLevel) => {
      level = next;
    },
    getLevel: () => level,
    setName: (name: string) => {
      child = log.child({ component: name });
    },
  };
}

function format(parts: unknown[]): string {
  return parts.map((p) => (typeof p === 'string' ? p : p instanceof Error ? p.stack ?? p.message : JSON.stringify(p))).join(' ');
}
