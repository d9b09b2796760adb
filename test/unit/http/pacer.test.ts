// The pacers: QuotaPacer spaces requests 1/R apart, from each answer (or send, when none came), slowing new jobs after
// throttling; ConcurrentPacer also keeps concurrent sends 1/R apart.
import {
  CONCURRENT_SEND_MARGIN_MS,
  MAX_SLOWDOWN,
  PACE_MARGIN_MS,
} from '../../../src/common/tunables.js';
import { describe, expect, it } from 'vitest';
import { ConcurrentPacer, QuotaPacer } from '../../../src/http/pacer.js';

describe('QuotaPacer', () => {
  it('lets the first request go at once, then sends 1/R (plus the margin) after the previous answer', () => {
    const p = new QuotaPacer(1);
    expect(p.delayMs(0, false)).toBe(0);
    p.sent(0);
    p.answered(40, 'accepted');
    expect(p.intervalMs).toBe(1000 + PACE_MARGIN_MS);
    expect(p.delayMs(40, false)).toBe(p.intervalMs);
    expect(p.delayMs(1040, false)).toBe(PACE_MARGIN_MS);
    expect(p.delayMs(5000, false)).toBe(0);
    expect(new QuotaPacer(10).intervalMs).toBe(100 + PACE_MARGIN_MS);
    expect(new QuotaPacer(0.5).intervalMs).toBe(2000 + PACE_MARGIN_MS);
  });

  it('spaces the next request whatever the answer was: a 404, a fault or a throttle count as much as a success', () => {
    for (const answer of ['accepted', 'failed', 'throttled'] as const) {
      const p = new QuotaPacer(2);
      p.sent(1000);
      p.answered(1030, answer);
      expect(p.delayMs(1030, true), answer).toBe(p.intervalMs);
      expect(p.delayMs(1030 + p.intervalMs, true), answer).toBe(0);
    }
  });

  it('spaces a request that got no answer (a timeout) from its send, not from when it was given up', () => {
    const p = new QuotaPacer(1);
    p.sent(0);
    expect(p.delayMs(300, true)).toBe(p.intervalMs - 300);
    expect(p.delayMs(30_000, true)).toBe(0);
  });

  it('slows a new job down after throttling, up to a cap, and recovers with successes; retries keep the interval', () => {
    const p = new QuotaPacer(1);
    p.sent(0);
    p.answered(0, 'throttled');
    expect(p.delayMs(0, false)).toBe(2 * p.intervalMs);
    expect(p.delayMs(0, true)).toBe(p.intervalMs);
    for (let i = 0; i < 10; i++) p.answered(0, 'throttled');
    expect(p.delayMs(0, false)).toBe(p.intervalMs * MAX_SLOWDOWN);
    p.answered(0, 'failed');
    expect(p.delayMs(0, false)).toBe(p.intervalMs * MAX_SLOWDOWN);
    for (let i = 0; i < 20; i++) p.answered(0, 'accepted');
    expect(p.delayMs(0, false)).toBe(p.intervalMs);
  });
});

describe('ConcurrentPacer', () => {
  it('spaces concurrent sends by 1/R plus the margin, which the answer-spaced QuotaPacer alone does not', () => {
    const pace = new ConcurrentPacer(10);
    const interval = 100 + CONCURRENT_SEND_MARGIN_MS;
    // Three readers ask at the same moment, before any answer came.
    expect([pace.delayMs(0, false), pace.delayMs(0, false), pace.delayMs(0, false)]).toEqual([
      0,
      interval,
      2 * interval,
    ]);
    const alone = new QuotaPacer(10);
    expect([alone.delayMs(0, false), alone.delayMs(0, false)]).toEqual([0, 0]);
  });

  it('keeps the quota spacing (from the answer, slowed after throttling) when it is the longer wait', () => {
    const pace = new ConcurrentPacer(10);
    expect(pace.ratePerSecond).toBe(10);
    expect(pace.delayMs(0, false)).toBe(0);
    pace.sent(0);
    pace.answered(50, 'throttled');
    pace.sent(450);
    pace.answered(500, 'accepted');
    // 1/R plus the margin after the answer at 500, times what is left of the slowdown: 2 after the throttle,
    // 1.5 after one success.
    expect(pace.delayMs(500, false)).toBe(Math.ceil((100 + PACE_MARGIN_MS) * 1.5));
    expect(pace.delayMs(10_000, false)).toBe(0);
  });
});
