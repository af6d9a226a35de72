import { describe, expect, it } from 'vitest';
import { slashCommands } from '../../../src/bot/discord/commands.js';
import { parseMode, parsePeriod, parseScope } from '../../../src/core/options.js';

type Option = { name: string; description: string; required?: boolean; options?: Option[]; choices?: { name: string; value: unknown }[] };

/** Every option list, with the command path it belongs to. */
function optionLists(): [string, Option[]][] {
  const lists: [string, Option[]][] = [];
  const walk = (path: string, options: Option[] | undefined) => {
    if (!options) return;
    lists.push([path, options]);
    for (const option of options) walk(`${path} ${option.name}`, option.options);
  };
  for (const command of slashCommands as Option[]) walk(`/${command.name}`, command.options);
  return lists;
}

describe('slash command list', () => {
  it('uses names and descriptions Discord accepts', () => {
    const check = (item: Option) => {
      expect(item.name).toMatch(/^[-_a-z0-9]{1,32}$/);
      expect(item.description.length).toBeGreaterThan(0);
      expect(item.description.length).toBeLessThanOrEqual(100);
    };
    for (const command of slashCommands as Option[]) check(command);
    for (const [, options] of optionLists()) options.forEach(check);
  });

  it('has unique names, at most 25 options per level, and required options first', () => {
    const names = (slashCommands as Option[]).map((c) => c.name);
    expect(new Set(names).size).toBe(names.length);
    for (const [path, options] of optionLists()) {
      expect(options.length, path).toBeLessThanOrEqual(25);
      expect(new Set(options.map((o) => o.name)).size, path).toBe(options.length);
      const firstOptional = options.findIndex((o) => !o.required);
      if (firstOptional >= 0) expect(options.slice(firstOptional).some((o) => o.required), path).toBe(false);
      for (const option of options) expect((option.choices ?? []).length, `${path} ${option.name}`).toBeLessThanOrEqual(25);
    }
  });

  it('offers as choices only values the core reads as themselves', () => {
    const choices = (command: string, option: string) => {
      const options = (slashCommands as Option[]).find((c) => c.name === command)?.options ?? [];
      return (options.find((o) => o.name === option)?.choices ?? []).map((c) => String(c.value));
    };
    expect(choices('quiz', 'mode').map(parseMode)).toEqual(['mcq', 'typed', 'self']);
    expect(choices('leaderboard', 'scope').map(parseScope)).toEqual(['workspace', 'channel']);
    expect(choices('leaderboard', 'period').map(parsePeriod)).toEqual(['day', 'week', 'month', 'all', 'game']);
  });
});
