/**
 * The cast of the busy-workspace tests (five games and a quiz of 90 players at once in one Slack
 * workspace, test/bot/slack/update-budget.test.ts and shared-update-budget.test.ts).
 */
import type { Who } from './slack-requests.js';

export const GAMES = ['CGAME1', 'CGAME2', 'CGAME3', 'CGAME4', 'CGAME5'];
export const QUIZ = 'CQUIZ';
export const PLAYERS = 90;
export const alice = (channelId: string): Who => ({ userId: 'UALICE', userName: 'alice', channelId });
export const player = (n: number): Who => ({ userId: `UPLAYER${n}`, userName: `player${n}`, channelId: QUIZ });
