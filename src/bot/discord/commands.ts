/**
 * The slash command list and its registration. Option names here are the ones parse.ts reads;
 * values stay raw strings where the core validates them (it answers bad input clearly).
 */
import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  InteractionContextType,
  PermissionFlagsBits,
  Routes,
  type APIApplicationCommandBasicOption,
  type REST,
  type RESTPutAPIApplicationCommandsJSONBody,
} from 'discord.js';
import { MAX_DECK_SIZE_TEXT } from '../../core/decks/limits.js';
import { MAX_PACKAGE_SIZE_TEXT } from '../../core/decks/package.js';
import { QUIZ_MODES, type LeaderboardPeriod, type LeaderboardScope } from '../../core/options.js';
import { GAN_CATALOG } from '../../ml/catalog.js';

const modeChoices = QUIZ_MODES.map(({ mode, label }) => ({ name: label, value: mode }));
const scopeChoices: { name: string; value: LeaderboardScope }[] = [
  { name: 'Server', value: 'workspace' },
  { name: 'Channel', value: 'channel' },
];
const periodChoices: { name: string; value: LeaderboardPeriod }[] = [
  { name: 'Today', value: 'day' },
  { name: 'This week', value: 'week' },
  { name: 'This month', value: 'month' },
  { name: 'All time', value: 'all' },
  { name: 'Last game in this channel', value: 'game' },
];

const deckOption = (required: boolean): APIApplicationCommandBasicOption => ({
  type: ApplicationCommandOptionType.String,
  name: 'deck',
  description: 'Deck to study',
  required,
  autocomplete: true,
});

const dailyOnOptions: APIApplicationCommandBasicOption[] = [
  deckOption(false),
  { type: ApplicationCommandOptionType.String, name: 'time', description: 'Local time to post, HH:MM', max_length: 5 },
  { type: ApplicationCommandOptionType.String, name: 'tz', description: 'IANA time zone, e.g. Europe/Berlin', max_length: 64 },
  // Daily questions are answered in the channel, so self-grading is not offered.
  { type: ApplicationCommandOptionType.String, name: 'mode', description: 'Question mode', choices: modeChoices.filter((c) => c.value !== 'self') },
  { type: ApplicationCommandOptionType.String, name: 'window', description: 'Hours the question stays open (1-23), e.g. 12', max_length: 8 },
];

export const slashCommands: RESTPutAPIApplicationCommandsJSONBody = [
  {
    type: ApplicationCommandType.ChatInput,
    name: 'quiz',
    description: 'Post a quiz question in this channel',
    options: [
      deckOption(false),
      { type: ApplicationCommandOptionType.String, name: 'mode', description: 'How to answer', choices: modeChoices },
      // Integers without bounds here: the core checks them and says what is allowed.
      { type: ApplicationCommandOptionType.Integer, name: 'rounds', description: 'A game: this many questions in a row (1-50)' },
      { type: ApplicationCommandOptionType.Integer, name: 'time', description: 'Seconds each question is open (10-300)' },
      {
        type: ApplicationCommandOptionType.String,
        name: 'action',
        description: 'Instead of a question: stop the game here, or its settings',
        choices: [
          { name: 'Stop the game in this channel', value: 'stop' },
          { name: 'Game settings (managers change them)', value: 'settings' },
        ],
      },
      { type: ApplicationCommandOptionType.Integer, name: 'max', description: 'Settings: the most seconds a question may have here' },
      {
        type: ApplicationCommandOptionType.String,
        name: 'speed',
        description: 'Settings: the small bonus for quick right answers',
        choices: [
          { name: 'On', value: 'on' },
          { name: 'Off', value: 'off' },
        ],
      },
    ],
  },
  { type: ApplicationCommandType.ChatInput, name: 'review', description: 'Review your due cards privately' },
  {
    type: ApplicationCommandType.ChatInput,
    name: 'leaderboard',
    description: 'Who has the most points',
    options: [
      { type: ApplicationCommandOptionType.String, name: 'scope', description: 'This server or this channel', choices: scopeChoices },
      { type: ApplicationCommandOptionType.String, name: 'period', description: 'Today, this week, this month, all time, or the last game here', choices: periodChoices },
    ],
  },
  { type: ApplicationCommandType.ChatInput, name: 'stats', description: 'Your study statistics' },
  {
    type: ApplicationCommandType.ChatInput,
    name: 'timezone',
    description: 'Show or set your time zone (for streaks and weekly boards)',
    options: [
      { type: ApplicationCommandOptionType.String, name: 'tz', description: 'IANA time zone, e.g. Europe/Berlin', max_length: 64 },
    ],
  },
  { type: ApplicationCommandType.ChatInput, name: 'decks', description: 'List the decks you can study' },
  {
    type: ApplicationCommandType.ChatInput,
    name: 'deck',
    description: 'Manage decks',
    options: [
      {
        type: ApplicationCommandOptionType.Subcommand,
        name: 'import',
        description: 'Import a deck: a text, CSV or Markdown file, or an Anki package (.apkg)',
        options: [
          {
            type: ApplicationCommandOptionType.Attachment,
            name: 'file',
            description: `Deck file (text max ${MAX_DECK_SIZE_TEXT}, .apkg max ${MAX_PACKAGE_SIZE_TEXT})`,
            required: true,
          },
          { type: ApplicationCommandOptionType.Boolean, name: 'history', description: 'Bring your own Anki review history along (.apkg; private to you)' },
        ],
      },
      {
        type: ApplicationCommandOptionType.Subcommand,
        name: 'export',
        description: 'Get a deck as an Anki package (.apkg) and CSV',
        options: [{ ...deckOption(true), description: 'Deck to export' }],
      },
    ],
  },
  {
    type: ApplicationCommandType.ChatInput,
    name: 'fsrs',
    description: 'Your spaced-repetition scheduling (FSRS)',
    options: [
      { type: ApplicationCommandOptionType.Subcommand, name: 'show', description: 'Your FSRS parameters and desired retention' },
      { type: ApplicationCommandOptionType.Subcommand, name: 'optimize', description: 'Fit FSRS to your own reviews' },
      {
        type: ApplicationCommandOptionType.Subcommand,
        name: 'retention',
        description: 'Set your desired retention',
        options: [{ type: ApplicationCommandOptionType.String, name: 'value', description: 'Share of cards to remember when due, 0.7-0.97 (default 0.9)', required: true, max_length: 8 }],
      },
    ],
  },
  {
    type: ApplicationCommandType.ChatInput,
    name: 'generate',
    description: 'A picture from one of the lecture\'s generative models',
    options: [
      {
        type: ApplicationCommandOptionType.String,
        name: 'model',
        description: 'Which model (default dcgan)',
        choices: GAN_CATALOG.map(({ name }) => ({ name, value: name })),
      },
      { type: ApplicationCommandOptionType.Integer, name: 'digit', description: 'Digit 0-9 (dcgan, wgan, ae, cyclegan)', min_value: 0, max_value: 9 },
      { type: ApplicationCommandOptionType.Integer, name: 'seed', description: 'Random seed', min_value: 0 },
      { type: ApplicationCommandOptionType.Integer, name: 'interpolate', description: 'Walk from seed to this seed (dcgan, wgan)', min_value: 0 },
    ],
  },
  {
    type: ApplicationCommandType.ChatInput,
    name: 'daily',
    description: 'Daily question in this channel',
    // Hidden from members without Manage Server; parse.ts still checks the member's permissions,
    // because server admins can override this default per command.
    default_member_permissions: PermissionFlagsBits.ManageGuild.toString(),
    contexts: [InteractionContextType.Guild],
    options: [
      { type: ApplicationCommandOptionType.Subcommand, name: 'on', description: 'Post a daily question here', options: dailyOnOptions },
      { type: ApplicationCommandOptionType.Subcommand, name: 'off', description: 'Stop the daily question here' },
      { type: ApplicationCommandOptionType.Subcommand, name: 'status', description: 'Show the daily question settings' },
    ],
  },
  { type: ApplicationCommandType.ChatInput, name: 'help', description: 'How to use the study bot' },
];

/** Replaces the command list (global, or one guild's for instant updates while developing). */
export async function registerCommands(rest: REST, applicationId: string, guildId?: string): Promise<void> {
  const route = guildId
    ? Routes.applicationGuildCommands(applicationId, guildId)
    : Routes.applicationCommands(applicationId);
  await rest.put(route, { body: slashCommands });
}
