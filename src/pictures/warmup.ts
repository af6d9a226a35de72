/**
 * Cards drawn once when the renderer starts, so the first real one does not pay for loading fonts and
 * shaping code paths (~0.3-1.5 s on a 2-core machine). Their names touch each script the fonts cover.
 */
import { leaderboardCard, statsCard, type PictureCard } from '../core/pictures.js';

const NAMES = ['Ada Lovelace', 'Zoë Ångström', 'Ωμέγα Привет', 'محمد', 'שרה', '李小龙', 'たなか', '김민준', 'Bob 🎉🔥', '🇸🇪 👩‍💻'];

export function warmUpCards(): PictureCard[] {
  const board = {
    top: NAMES.map((displayName, i) => ({ rank: i + 1, userId: i + 1, displayName, points: 1000 - i * 90 })),
    me: { rank: 11, userId: 11, displayName: 'You', points: 10 },
    players: 11,
  };
  const today = '2025-01-15';
  const days = [{ date: today, reviews: 12, learnedReviews: 8, recalled: 7 }];
  return [
    leaderboardCard(board, { scope: 'everyone', period: 'all time' }, (id) => id),
    statsCard({ name: 'Ada', today, streak: 3, longestStreak: 9, dueNow: 4, points: 120, days, due: [{ date: today, due: 4 }] }),
  ];
}
