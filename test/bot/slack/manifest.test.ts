/** The app manifest declares every slash command the adapter handles and the scopes its Web API calls need. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SLACK_EVENTS_PATH } from '../../../src/bot/slack/index.js';
import { SLASH_COMMANDS, USAGE, type SlashCommand } from '../../../src/bot/slack/parse.js';

const manifest = readFileSync(new URL('../../../slack-app-manifest.yml', import.meta.url), 'utf8');
const listItems = (key: string) => [...manifest.matchAll(new RegExp(`^\\s*- ${key}(\\S+)\\s*$`, 'gm'))].map((m) => m[1]);

describe('slack-app-manifest.yml', () => {
  it('declares exactly the slash commands the adapter handles', () => {
    expect(listItems('command: ').sort()).toEqual([...SLASH_COMMANDS].sort());
  });

  it("offers in each usage hint the same choices as the command's own usage text", () => {
    const hints = manifest
      .split(/^\s*- command: /m)
      .slice(1)
      .flatMap((block) => {
        const hint = /usage_hint: "([^"]*)"/.exec(block);
        return hint ? [[block.split(/\s/)[0] as SlashCommand, hint[1]!] as const] : [];
      });
    expect(hints.length).toBeGreaterThan(5);
    for (const [command, hint] of hints) {
      for (const [choices] of hint.matchAll(/\[[a-z]+(?:\|[a-z]+)+\]/g)) expect(USAGE[command], `${command}: ${choices}`).toContain(choices);
    }
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
