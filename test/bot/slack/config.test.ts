import { describe, expect, it } from 'vitest';
import { slackOptionsFromEnv } from '../../../src/bot/slack/index.js';

describe('slackOptionsFromEnv', () => {
  it('is off without a bot token', () => {
    expect(slackOptionsFromEnv({})).toBeUndefined();
  });

  it('reads Socket Mode', () => {
    expect(slackOptionsFromEnv({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1' })).toMatchObject({ botToken: 'xoxb-1', appToken: 'xapp-1' });
  });

  it('reads HTTP mode with the default port, a given port and an API URL override', () => {
    expect(slackOptionsFromEnv({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's' })).toMatchObject({ signingSecret: 's', port: 3000, appToken: undefined });
    expect(
      slackOptionsFromEnv({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's', SLACK_PORT: '8080', SLACK_API_URL: 'http://127.0.0.1:9/api/' }),
    ).toMatchObject({ port: 8080, apiUrl: 'http://127.0.0.1:9/api/' });
  });

  it.each([
    [{ SLACK_BOT_TOKEN: 'xoxb-1' }, /SLACK_APP_TOKEN.*SLACK_SIGNING_SECRET/],
    [{ SLACK_SIGNING_SECRET: 's' }, /SLACK_BOT_TOKEN is required/],
    [{ SLACK_BOT_TOKEN: 'x', SLACK_SIGNING_SECRET: 's', SLACK_PORT: 'http' }, /SLACK_PORT/],
  ])('rejects a half configuration %#', (env, message) => {
    expect(() => slackOptionsFromEnv(env)).toThrow(message);
  });
});
