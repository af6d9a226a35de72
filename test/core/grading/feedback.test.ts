import { describe, expect, it } from 'vitest';
import { feedbackOf } from '../../../src/core/grading/feedback.js';
import type { PreparedReference } from '../../../src/core/grading/reference.js';

describe('feedback quotes', () => {
  it('shortens a long quote between characters, never inside an emoji', () => {
    const otherCard = `${'x'.repeat(118)}😀😀 and more`;
    const feedback = feedbackOf({ verdict: 'incorrect', flags: ['other-card'], otherCard, matched: [], missed: [], clauses: [], reference: {} as PreparedReference });
    expect(feedback).toBe(`That answers another question of this deck ("${'x'.repeat(118)}😀…"), not this one.`);
    expect(feedback).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])/);
  });
});
