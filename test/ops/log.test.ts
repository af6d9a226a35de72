import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { DiscordAPIError } from 'discord.js';
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

  it("masks interaction tokens in a failed Discord call's error (its URL and message), and the routes logged", () => {
    const { lines, stream } = capture();
    const log = createLogger({ level: 'info', destination: stream });
    const url = 'https://discord.com/api/v10/webhooks/700000000000000001/aW50ZXJhY3Rpb24.secret-token/messages/123';
    const error = new DiscordAPIError({ message: 'Unknown Message', code: 10008 }, 10008, 404, 'PATCH', url, { body: undefined, files: undefined });
    log.warn({ err: error, messageId: '123' }, 'could not update the public message');
    log.warn({ err: new Error('POST /interactions/123/other-secret/callback failed') }, 'callback');
    const text = JSON.stringify(lines);
    expect(text).not.toContain('secret-token');
    expect(text).not.toContain('other-secret');
    expect(lines[0]).toMatchObject({ messageId: '123', err: { type: 'DiscordAPIError', code: 10008, url: 'https://discord.com/api/v10/webhooks/700000000000000001/:token/messages/123' } });
    expect(lines[1]).toMatchObject({ err: { message: 'POST /interactions/123/:token/callback failed' } });
  });

  it("masks a Slack response URL in a failed call's error, and redacts one logged by key", () => {
    const { lines, stream } = capture();
    const log = createLogger({ level: 'info', destination: stream });
    const url = 'https://hooks.slack.com/actions/T0001/1234567890/Zm9vYmFyc2VjcmV0';
    log.warn({ err: new Error(`An HTTP protocol error occurred: POST ${url} 404`), responseUrl: url }, 'could not respond');
    const text = JSON.stringify(lines);
    expect(text).not.toContain('Zm9vYmFyc2VjcmV0');
    expect(lines[0]).toMatchObject({ responseUrl: '[redacted]', err: { message: 'An HTTP protocol error occurred: POST https://hooks.slack.com/actions/:token 404' } });
  });
});
