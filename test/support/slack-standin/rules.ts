/**
 * The rules every Web API call must keep before it is carried out: scopes from the manifest, Block Kit
 * limits of messages and views, message metadata, and files.getUploadURLExternal's alt_txt.
 */
import { messageProblems, metadataProblems, requiredScopes, SLACK_LIMITS, viewProblems } from '../slack-rules.js';
import type { StandInState } from './state.js';

/** The rules every call must keep; a broken one is Slack's error for that call. */
export function ruleError(state: StandInState, method: string, args: Record<string, unknown>): Record<string, unknown> | undefined {
  const needed = requiredScopes(method, args, state.kindOf).filter((scope) => !state.scopes.has(scope));
  if (needed.length) {
    state.violations.push(`${method}: needs scope ${needed.join(', ')}, which the manifest does not grant`);
    return { ok: false, error: 'missing_scope', needed: needed.join(','), provided: [...state.scopes].join(',') };
  }
  if (method === 'chat.postMessage' || method === 'chat.postEphemeral' || method === 'chat.update') {
    const { error, problems } = messageProblems(args);
    if (error) {
      for (const problem of problems) state.violations.push(`${method}: ${problem}`);
      return { ok: false, error };
    }
  }
  if (method === 'chat.postMessage' || method === 'chat.update') {
    const { error, problems } = metadataProblems(args.metadata);
    if (error) {
      for (const problem of problems) state.violations.push(`${method}: ${problem}`);
      return { ok: false, error };
    }
  }
  if (method === 'views.open' || method === 'views.update') {
    const problems = viewProblems(args.view);
    if (problems.length) {
      for (const problem of problems) state.violations.push(`${method}: ${problem}`);
      return { ok: false, error: 'invalid_arguments', response_metadata: { messages: problems } };
    }
  }
  if (method === 'files.getUploadURLExternal') {
    if (args.alt_text !== undefined) state.violations.push('files.getUploadURLExternal: the argument is alt_txt, not alt_text');
    if (typeof args.alt_txt === 'string' && [...args.alt_txt].length > SLACK_LIMITS.uploadAltText) {
      state.violations.push(`files.getUploadURLExternal: alt_txt over ${SLACK_LIMITS.uploadAltText} characters`);
      return { ok: false, error: 'alt_txt_too_large' };
    }
  }
  return undefined;
}
