/**
 * `/fsrs`: each person's own scheduling. Shows their FSRS parameters and desired retention, fits the
 * parameters to their own review log (`/fsrs optimize`, once it has enough reviews) and sets the desired
 * retention (`/fsrs retention 0.85`). What is stored here is what every later rating is scheduled with.
 */
import { default_w } from 'ts-fsrs';
import type { Caller, CoreDeps } from './context.js';
import { UserError } from './errors.js';
import type { Message, Outcome } from './messages.js';
import type { StoredFsrsSettings } from './ports.js';
import { checkDesiredRetention, DEFAULT_DESIRED_RETENTION, DESIRED_RETENTION_RANGE } from './scheduling/fsrs.js';
import { MIN_REVIEWS_TO_OPTIMIZE, type Metrics } from './scheduling/optimize.js';

const DEFAULTS: StoredFsrsSettings = { parameters: null, desiredRetention: DEFAULT_DESIRED_RETENTION, optimizedAt: null, fit: null };

export async function fsrsCommand(deps: CoreDeps, caller: Caller, rawAction?: string, rawValue?: string): Promise<Outcome> {
  const action = (rawAction ?? '').trim().toLowerCase();
  const current = (await deps.store.fsrsSettings(caller.user.userId)) ?? DEFAULTS;
  switch (action) {
    case '':
    case 'show':
      return { reply: settingsMessage(current) };
    case 'optimize':
    case 'optimise':
      return optimize(deps, caller, current);
    case 'retention':
      return setRetention(deps, caller, current, rawValue);
    default:
      throw new UserError(`Unknown \`/fsrs\` action "${rawAction!.trim()}". Use \`/fsrs\`, \`/fsrs optimize\` or \`/fsrs retention 0.85\`.`);
  }
}

async function setRetention(deps: CoreDeps, caller: Caller, current: StoredFsrsSettings, rawValue?: string): Promise<Outcome> {
  const text = (rawValue ?? '').trim().replace(/%$/, '');
  const { min, max } = DESIRED_RETENTION_RANGE;
  if (!text) throw new UserError(`Give the share of cards you want to remember when they come due, between ${min} and ${max}: \`/fsrs retention 0.85\`.`);
  let value = Number(text);
  // "85" and "85%" mean 0.85
  if (Number.isFinite(value) && value > 1 && value <= 100) value /= 100;
  const desiredRetention = checkDesiredRetention(Number.isFinite(value) && /^[\d.]+$/.test(text) ? value : Number.NaN);
  await deps.store.saveFsrsSettings(caller.user.userId, { ...current, desiredRetention });
  const lower = desiredRetention < current.desiredRetention;
  const effect = desiredRetention === current.desiredRetention ? '' : lower ? ' Reviews will come less often, and you will forget a little more.' : ' Reviews will come more often, and you will remember more.';
  return { reply: { title: '🧠 Desired retention set', text: `Your desired retention is now **${percent(desiredRetention)}**.${effect}`, visibility: 'private' } };
}

async function optimize(deps: CoreDeps, caller: Caller, current: StoredFsrsSettings): Promise<Outcome> {
  if (!deps.optimizer) throw new UserError('Tuning FSRS is not available on this bot.');
  const log = await deps.store.reviewLogEntries(caller.user.userId);
  // NotEnoughReviewsError (a UserError) says how many there are and how many are needed
  const result = await deps.optimizer.optimize(log, { timeZone: caller.user.timeZone, current: current.parameters });
  const lines = [
    `Fitted to **${result.reviews.toLocaleString('en')}** of your reviews; measured on your latest ${result.heldOut.toLocaleString('en')}, which the fit did not see:`,
    `Log-loss ${metric(result.before.logLoss)} → **${metric(result.after.logLoss)}** · RMSE ${metric(result.before.rmse)} → **${metric(result.after.rmse)}** (lower is better)`,
  ];
  if (!result.improved) {
    lines.push(`The fit did not predict your recent reviews better than ${current.parameters ? 'your current parameters' : 'the defaults'}, so they stay. Try again after more reviews.`);
    return { reply: { title: '🧠 FSRS unchanged', text: lines.join('\n'), visibility: 'private' } };
  }
  const fit = { reviews: result.reviews, before: pick(result.before), after: pick(result.after) };
  await deps.store.saveFsrsSettings(caller.user.userId, { ...current, parameters: result.parameters, optimizedAt: deps.clock.now(), fit });
  lines.push('Your reviews are scheduled with these parameters from now on.');
  return { reply: { title: '🧠 FSRS tuned to you', text: lines.join('\n'), visibility: 'private' } };
}

function settingsMessage(s: StoredFsrsSettings): Message {
  const parameters = s.parameters ?? default_w;
  const lines = [
    `Desired retention: **${percent(s.desiredRetention)}**${s.desiredRetention === DEFAULT_DESIRED_RETENTION ? ' (the default)' : ''} — change it with \`/fsrs retention 0.85\` (${DESIRED_RETENTION_RANGE.min}–${DESIRED_RETENTION_RANGE.max}).`,
    s.parameters && s.optimizedAt
      ? `Parameters: **your own**, fitted on ${s.optimizedAt.toISOString().slice(0, 10)}${s.fit ? ` to ${s.fit.reviews.toLocaleString('en')} reviews (log-loss ${metric(s.fit.before.logLoss)} → ${metric(s.fit.after.logLoss)}, RMSE ${metric(s.fit.before.rmse)} → ${metric(s.fit.after.rmse)})` : ''}.`
      : `Parameters: **the defaults**. \`/fsrs optimize\` fits them to your own reviews once you have ${MIN_REVIEWS_TO_OPTIMIZE.toLocaleString('en')} reviews of cards you had first seen on an earlier day.`,
    `\`${parameters.map((w) => round4(w)).join(', ')}\``,
  ];
  return { title: '🧠 Your FSRS scheduling', text: lines.join('\n'), visibility: 'private' };
}

function pick(m: Metrics): { logLoss: number; rmse: number } {
  return { logLoss: m.logLoss, rmse: m.rmse };
}

function metric(x: number): string {
  return x.toFixed(4);
}

function round4(x: number): string {
  return String(Math.round(x * 10_000) / 10_000);
}

function percent(x: number): string {
  return `${Math.round(x * 1000) / 10}%`;
}
