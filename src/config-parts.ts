/**
 * Which parts a process runs. `--only` (or STUDYBOT_ONLY; the flag wins) picks exactly those parts;
 * without it: Discord when its token is set, Slack when its token is set, the terminal demo when
 * neither is, and the scheduler unless it is switched off. Problems are collected for ConfigError.
 */
export const PARTS = ['discord', 'slack', 'scheduler', 'terminal'] as const;
export type Part = (typeof PARTS)[number];

/** The `--only` list (from argv, else STUDYBOT_ONLY) and where it came from; undefined parts when absent or wrong. */
export function readOnly(argv: readonly string[], envOnly: string | undefined, problems: string[]): { parts?: Part[]; source: string } {
  const args = parseArgs(argv, problems);
  const text = args.only ?? envOnly;
  const source = args.only !== undefined ? '--only' : 'STUDYBOT_ONLY';
  return { parts: text === undefined ? undefined : parseParts(text, source, problems), source };
}

export function chooseParts(
  only: { parts?: Part[]; source: string },
  available: { discord: boolean; slack: boolean; scheduler: boolean },
  problems: string[],
): Set<Part> {
  const parts = new Set<Part>();
  if (only.parts) {
    for (const part of only.parts) parts.add(part);
    if (parts.has('discord') && !available.discord) problems.push(`DISCORD_TOKEN is required for ${only.source} discord`);
    if (parts.has('slack') && !available.slack) problems.push(`SLACK_BOT_TOKEN is required for ${only.source} slack`);
  } else {
    if (available.discord) parts.add('discord');
    if (available.slack) parts.add('slack');
    if (parts.size === 0) parts.add('terminal');
    if (available.scheduler) parts.add('scheduler');
  }
  return parts;
}

function parseArgs(argv: readonly string[], problems: string[]): { only?: string } {
  let only: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--only') {
      const value = argv[i + 1];
      if (value === undefined || value.startsWith('--')) {
        problems.push(`--only needs a value: a comma-separated list of ${PARTS.join(', ')}`);
      } else {
        only = value;
        i++;
      }
    } else if (arg.startsWith('--only=')) {
      only = arg.slice('--only='.length);
    } else {
      problems.push(`unknown argument "${arg}" (the only option is --only ${PARTS.join(',')})`);
    }
  }
  return { only };
}

function parseParts(text: string, source: string, problems: string[]): Part[] | undefined {
  const names = text
    .split(',')
    .map((name) => name.trim().toLowerCase())
    .filter((name) => name.length > 0);
  if (names.length === 0) {
    problems.push(`${source} needs at least one of ${PARTS.join(', ')}`);
    return undefined;
  }
  const unknown = names.filter((name) => !(PARTS as readonly string[]).includes(name));
  if (unknown.length > 0) {
    problems.push(`${source} has unknown part "${unknown.join('", "')}" (expected ${PARTS.join(', ')})`);
    return undefined;
  }
  return names as Part[];
}
