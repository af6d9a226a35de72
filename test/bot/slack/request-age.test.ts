import { describe, expect, it } from 'vitest';
import { MAX_REQUEST_SKEW_SECONDS, outsideReplayWindow } from '../../../src/bot/slack/request-age.js';

describe('the Slack replay window', () => {
  const now = 1_800_000_000_000;
  const at = (offsetSeconds: number) => String(now / 1000 + offsetSeconds);

  it('rejects timestamps more than five minutes away, past or future', () => {
    expect(outsideReplayWindow(at(MAX_REQUEST_SKEW_SECONDS + 1), now)).toBe(true);
    expect(outsideReplayWindow(at(-MAX_REQUEST_SKEW_SECONDS - 1), now)).toBe(true);
    expect(outsideReplayWindow(at(10 * 60), now)).toBe(true);
  });

  it('accepts the edges of the window and leaves malformed headers to Bolt', () => {
    expect(outsideReplayWindow(at(MAX_REQUEST_SKEW_SECONDS), now)).toBe(false);
    expect(outsideReplayWindow(at(-MAX_REQUEST_SKEW_SECONDS), now)).toBe(false);
    expect(outsideReplayWindow(undefined, now)).toBe(false);
    expect(outsideReplayWindow('soon', now)).toBe(false);
    expect(outsideReplayWindow([at(3600)], now)).toBe(true);
  });
});
