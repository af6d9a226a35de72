/**
 * Modals and the trigger_ids that open them: a trigger_id Slack puts in a command or press is good once,
 * for 3 s (SLACK_LIMITS.triggerLifetimeMs); views.update takes only a view the stand-in opened.
 */
import { SLACK_LIMITS } from '../slack-rules.js';
import type { StandInState } from './state.js';
import type { ApiMethod } from './types.js';

export function viewMethods(state: StandInState): Record<string, ApiMethod> {
  const { now, triggers } = state;
  return {
    'views.open': (args) => {
      const trigger = triggers.get(String(args.trigger_id));
      if (!trigger) return { ok: false, error: 'invalid_trigger_id' };
      if (trigger.used) return { ok: false, error: 'invalid_trigger_id', note: 'trigger_id already used' };
      if (now() - trigger.issuedAt > SLACK_LIMITS.triggerLifetimeMs) return { ok: false, error: 'expired_trigger_id' };
      trigger.used = true;
      return { view: { ...(args.view as object), id: `V${++state.viewCounter}` } };
    },
    'views.update': (args) => {
      const id = String(args.view_id);
      if (!/^V\d+$/.test(id) || Number(id.slice(1)) > state.viewCounter) return { ok: false, error: 'not_found' };
      return { view: { ...(args.view as object), id } };
    },
  };
}

/** SlackStandIn.issueTrigger: a fresh trigger_id, good once, for 3 s. */
export function issueTrigger(state: StandInState, id?: string): string {
  const triggerId = id ?? `${state.triggers.size + 1}.trigger.${state.now()}`;
  state.triggers.set(triggerId, { issuedAt: state.now(), used: false });
  return triggerId;
}
