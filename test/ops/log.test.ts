import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/log.js';

function capture() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  return { lines, stream: stream as unknown as { write(msg: string): void } };
}

describe('createLogger', () => {
  it('writes JSON lines with a level label, time and service, respecting the level', () => {
    const { lines, stream } = capture();
    const log = createLogger({ level: 'info', destination: stream });
    log.debug('hidden');
    log.child({ component: 'ops' }).info({ port: 8080 }, 'listening');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: 'info', service: 'studybot', component: 'ops', port: 8080, msg: 'listening' });
    expect(typeof lines[0]!.time).toBe('string');
  });

  it('redacts tokens and passwords wherever they are logged', () => {
    const { lines, stream } = capture();
    const log = createLogger({ level: 'info', destination: stream });
    log.info({ token: 'discord-secret', slack: { botToken: 'xoxb-secret' }, databaseUrl: 'postgres://u:pw@h/db' }, 'config');
    const text = JSON.stringify(lines);
    expect(text).not.toContain('discord-secret');
    expect(text).not.toContain('xoxb-secret');
    expect(text).not.toContain('pw@');
    expect(lines[0]).toMatchObject({ token: '[redacted]', slack: { botToken: '[redacted]' } });
  });
});
