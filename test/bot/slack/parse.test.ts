import { describe, expect, it } from 'vitest';
import { parseSlashCommand, tokenize } from '../../../src/bot/slack/parse.js';

describe('/deck import', () => {
  it.each([['delete x'], ['import'], ['import name:a.csv   '], ['import history:yes']])('explains %j with usage', (text) => {
    const parsed = parseSlashCommand('/deck', text);
    expect(parsed.ok).toBe(false);
    expect(parsed.ok ? '' : parsed.usage).toContain('/deck import');
  });
});

describe('/deck import file:', () => {
  it('names the shared file to download, with the history option', () => {
    const parsed = parseSlashCommand('/deck', 'import file:https://acme.slack.com/files/U01/F0ABCDEF12/biology.apkg history:yes');
    expect(parsed).toEqual({ ok: true, command: { type: 'deck_import', filename: '', content: '', history: 'yes' }, file: 'https://acme.slack.com/files/U01/F0ABCDEF12/biology.apkg' });
  });
});

describe('parseSlashCommand', () => {
  it.each([
    ['/quiz', '', { type: 'quiz', deck: undefined, mode: undefined }],
    ['/quiz', 'gan typed', { type: 'quiz', deck: 'gan', mode: 'typed' }],
    ['/quiz', 'self gan', { type: 'quiz', deck: 'gan', mode: 'self' }],
    ['/quiz', 'flip', { type: 'quiz', deck: undefined, mode: 'flip' }],
    // Unrecognised words fill the next option in usage order; the core explains a bad value.
    ['/quiz', 'gan sideways', { type: 'quiz', deck: 'gan', mode: 'sideways' }],
    ['/leaderboard', 'channel fortnight', { type: 'leaderboard', scope: 'channel', period: 'fortnight' }],
    ['/leaderboard', 'week here', { type: 'leaderboard', scope: 'here', period: 'week' }],
    ['/quiz', 'deck:gan mode:mcq', { type: 'quiz', deck: 'gan', mode: 'mcq' }],
    ['/quiz', 'deck:"my deck"', { type: 'quiz', deck: 'my deck', mode: undefined }],
    ['/leaderboard', 'channel week', { type: 'leaderboard', scope: 'channel', period: 'week' }],
    ['/leaderboard', 'all', { type: 'leaderboard', scope: undefined, period: 'all' }],
    ['/leaderboard', 'period:week scope:workspace', { type: 'leaderboard', scope: 'workspace', period: 'week' }],
    ['/review', '', { type: 'review' }],
    ['/stats', '  ', { type: 'stats' }],
    ['/decks', '', { type: 'decks' }],
    ['/help', '', { type: 'help' }],
    ['/timezone', '', { type: 'timezone', tz: undefined }],
    ['/timezone', 'Europe/Stockholm', { type: 'timezone', tz: 'Europe/Stockholm' }],
    ['/timezone', 'tz:America/New_York', { type: 'timezone', tz: 'America/New_York' }],
    ['/deck', 'import name:gan.csv q,a\nWhat is a GAN?,"two nets, one game"', { type: 'deck_import', filename: 'gan.csv', content: 'q,a\nWhat is a GAN?,"two nets, one game"' }],
    ['/deck', 'import Q: one\nA: two', { type: 'deck_import', filename: 'slack-import.txt', content: 'Q: one\nA: two' }],
    ['/deck', 'export biology', { type: 'deck_export', deck: 'biology' }],
    ['/deck', 'export deck:biology', { type: 'deck_export', deck: 'biology' }],
    ['/fsrs', '', { type: 'fsrs', action: undefined, value: undefined }],
    ['/fsrs', 'optimize', { type: 'fsrs', action: 'optimize', value: undefined }],
    ['/fsrs', 'retention 0.85', { type: 'fsrs', action: 'retention', value: '0.85' }],
    ['/generate', 'model:wgan digit:7 seed:42', { type: 'generate', model: 'wgan', digit: '7', seed: '42', interpolate: undefined }],
    ['/generate', 'dcgan seed:1 to:9', { type: 'generate', model: 'dcgan', digit: undefined, seed: '1', interpolate: '9' }],
    [
      '/daily',
      'on deck:gan time:09:00 tz:Europe/Stockholm mode:mcq window:12h',
      { type: 'daily', action: 'on', deck: 'gan', time: '09:00', tz: 'Europe/Stockholm', mode: 'mcq', window: '12h' },
    ],
    ['/daily', 'off', { type: 'daily', action: 'off', deck: undefined, time: undefined, tz: undefined, mode: undefined, window: undefined }],
    ['/daily', 'STATUS', { type: 'daily', action: 'status', deck: undefined, time: undefined, tz: undefined, mode: undefined, window: undefined }],
  ] as const)('%s %s', (name, text, expected) => {
    expect(parseSlashCommand(name, text)).toEqual({ ok: true, command: expected });
  });

  it.each([
    ['/quiz', 'gan typed extra', 'extra'],
    ['/quiz', 'colour:blue', 'colour:'],
    ['/review', 'now', 'now'],
    ['/leaderboard', 'channel week fortnight', 'fortnight'],
    ['/leaderboard', 'week week', 'week'],
    ['/generate', 'model:wgan 42', '42'],
    ['/daily', 'maybe', 'maybe'],
    ['/daily', 'off time:09:00', 'takes no other options'],
    ['/quiz', 'deck:a deck:b', 'twice'],
  ] as const)('%s %s -> usage help naming the problem', (name, text, mentioned) => {
    const result = parseSlashCommand(name, text);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.usage).toContain(mentioned);
    expect(result.usage).toContain(`Usage: \`${name}`);
  });

  it('answers `help` with the usage of that command', () => {
    const result = parseSlashCommand('/daily', 'help');
    expect(result).toEqual({ ok: false, usage: expect.stringContaining('/daily on') });
  });
});

describe('tokenize', () => {
  it('keeps values with colons and quoted values whole', () => {
    expect(tokenize('time:09:00 deck:"a b" "c d" e')).toEqual([
      { key: 'time', value: '09:00', raw: 'time:09:00' },
      { key: 'deck', value: 'a b', raw: 'deck:"a b"' },
      { value: 'c d', raw: '"c d"' },
      { value: 'e', raw: 'e' },
    ]);
  });
});
