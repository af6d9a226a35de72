/**
 * response_urls: each is good for 5 uses in 30 minutes (SLACK_LIMITS); what the bot posts through one is a
 * message with a ts (or replaces or deletes the pressed one), kept in `responses`.
 */
import type { ServerResponse } from 'node:http';
import { messageProblems, SLACK_LIMITS } from '../slack-rules.js';
import { newIteration, remember } from './messages.js';
import type { StandInState } from './state.js';
import { isTrue } from './wire.js';

/** SlackStandIn.responseUrl: posts are recorded under `id`; `replaces`, the ts of the pressed message. */
export function issueResponseUrl(state: StandInState, id: string, replaces?: string): string {
  if (!state.responseUrls.has(id)) state.responseUrls.set(id, { issuedAt: state.now(), uses: 0, ...(replaces ? { replaces } : {}) });
  return `${state.origin}/response/${id}`;
}

/** A POST to a response_url (`/response/<id>`). */
export function postToResponseUrl(state: StandInState, res: ServerResponse, name: string, body: Buffer): void {
  const { now, responseUrls, violations, rendered, responses } = state;
  const parsed = JSON.parse(body.toString('utf8') || '{}') as Record<string, unknown>;
  const url = responseUrls.get(name) ?? { issuedAt: now(), uses: 0 };
  responseUrls.set(name, url);
  url.uses += 1;
  const refused = url.uses > SLACK_LIMITS.responseUrlUses ? 'used_url' : now() - url.issuedAt > SLACK_LIMITS.responseUrlLifetimeMs ? 'expired_url' : undefined;
  const { error, problems } = messageProblems(parsed);
  if (refused || error) {
    violations.push(...(refused ? [`response_url ${name}: ${refused}`] : problems.map((p) => `response_url ${name}: ${p}`)));
    res.writeHead(refused ? 404 : 400, { 'content-type': 'text/plain' }).end(refused ?? error);
    return;
  }
  // Through a press's URL, Slack may replace the pressed message unless told otherwise: say which.
  if (url.replaces && parsed.replace_original === undefined && parsed.delete_original === undefined) {
    violations.push(`response_url ${name}: no replace_original, so Slack may overwrite the pressed message`);
  }
  // Slack shows what a response_url posts as a message with a ts, which can be pressed like any other.
  let ts: string | undefined;
  if (isTrue(parsed.delete_original)) {
    if (url.replaces) rendered.delete(url.replaces);
  } else if (isTrue(parsed.replace_original)) {
    newIteration(state, `response_url ${name}`, url.replaces ?? `response:${name}`, parsed.blocks);
    ts = url.replaces ?? (url.own ??= state.nextTs());
    remember(state, ts, parsed.blocks);
  } else {
    ts = url.own = remember(state, state.nextTs(), parsed.blocks);
  }
  responses.push({ id: name, body: parsed, ...(ts ? { ts } : {}) });
  if (state.takeHang('response_url')) return;
  res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
  return;
}
