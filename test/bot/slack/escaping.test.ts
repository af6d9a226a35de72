import { describe, expect, it } from 'vitest';
import { escapeControl, unescapeControl } from '../../../src/bot/slack/escaping.js';

describe("Slack's control-character escaping", () => {
  it('decodes what Slack encoded, and a typed entity survives the round trip', () => {
    expect(unescapeControl('G &amp; D &lt;z&gt;')).toBe('G & D <z>');
    // The user typed "&lt;" literally; Slack sent "&amp;lt;".
    expect(unescapeControl(escapeControl('a &lt; b'))).toBe('a &lt; b');
    expect(escapeControl('x < y & z > 0')).toBe('x &lt; y &amp; z &gt; 0');
  });
});
