import { CONCURRENT_SEND_MARGIN_MS } from '../../../src/common/tunables.js';
import { describe, expect, it } from 'vitest';
import { Pacer } from '../../../src/http/pacer.js';
import { SharedPace } from '../../../src/http/read-pace.js';

describe('SharedPace', () => {
  it('spaces concurrent sends by 1/R plus the margin, which the answer-spaced Pacer alone does not', () => {
    const pace = new SharedPace(new Pacer(10), 10);
    const interval = 100 + CONCURRENT_SEND_MARGIN_MS;
    // Three readers ask at the same moment, before any answer came.
    expect([pace.delayMs(0, false), pace.delayMs(0, false), pace.delayMs(0, false)]).toEqual([
      0,
      interval,
      2 * interval,
    ]);
    const alone = new Pacer(10);
    expect([alone.delayMs(0, false), alone.delayMs(0, false)]).toEqual([0, 0]);
  });

  it('keeps the inner pace (answer spacing, slowdown after throttling) when it is the longer wait', () => {
    const pace = new SharedPace(new Pacer(10), 10);
    expect(pace.delayMs(0, false)).toBe(0);
    pace.sent(0);
    pace.answered(50, 'throttled');
    pace.sent(450);
    pace.answered(500, 'accepted');
    // The inner Pacer: 1/R after the answer at 500, times what is left of its slowdown.
    expect(pace.delayMs(500, false)).toBeGreaterThanOrEqual(100);
    expect(pace.delayMs(10_000, false)).toBe(0);
  });
});
