/** The app manifest declares every slash command the adapter handles and the scopes its Web API calls need. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SLACK_EVENTS_PATH } from '../../../src/bot/slack/index.js';
import { SLASH_COMMANDS } from '../../../src/bot/slack/parse.js';

const manifest = readFileSync(new URL('../../../slack-app-manifest.yml', import.meta.url), 'utf8');
const listItems = (key: string) => [...manifest.matchAll(new RegExp(`^\\s*- ${key}(\\S+)\\s*$`, 'gm'))].map((m) => m[1]);

describe('slack-app-manifest.yml', () => {
  it('declares exactly the slash commands the adapter handles', () => {
    expect(listItems('command: ').sort()).toEqual([...SLASH_COMMANDS].sort());
  });

  it('asks for the bot scopes the adapter uses', () => {
    const scopes = [...manifest.matchAll(/^ {6}- ([a-z.:]+)\s*$/gm)].map((m) => m[1]);
    expect(scopes.sort()).toEqual(['channels:history', 'chat:write', 'chat:write.public', 'commands', 'files:read', 'files:write', 'groups:history', 'im:write', 'users:read']);
  });

  it('points request URLs at the path the HTTP receiver serves', () => {
    for (const url of manifest.matchAll(/(?:url|request_url): (\S+)/g)) expect(new URL(url[1]!).pathname).toBe(SLACK_EVENTS_PATH);
    expect(manifest).toMatch(/interactivity:\s+is_enabled: true/);
  });
});
