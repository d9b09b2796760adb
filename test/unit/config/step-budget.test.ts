// The least time a step needs: held to what the Pacer really spaces, so inputs never refuses a step that fits
// nor lets through one that cannot.
import { PACE_MARGIN_MS, SNAPSHOT_WAIT } from '../../../src/common/tunables.js';
import { describe, expect, it } from 'vitest';
import { pacedSpanMs, waitStepSpanMs } from '../../../src/config/step-budget.js';
import { QuotaPacer } from '../../../src/http/pacer.js';

/** When the K-th request goes under a real Pacer at R a second, every answer instant (round trips of 0). */
function pacerSpanMs(count: number, rate: number): number {
  const pace = new QuotaPacer(rate);
  let now = 0;
  for (let i = 0; i < count; i++) {
    now += pace.delayMs(now, false);
    if (i === count - 1) break;
    pace.sent(now);
    pace.answered(now, 'accepted');
  }
  return now;
}

describe('pacedSpanMs', () => {
  it('knows the least span of K requests', () => {
    expect(pacedSpanMs(1, 1)).toBe(0);
    expect(pacedSpanMs(32, 1)).toBe(31 * new QuotaPacer(1).intervalMs);
  });

  it('is the span the Pacer gives K requests, never more: only its whole-ms timers may add under 1 ms a gap', () => {
    for (const rate of [0.01, 0.5, 1, 3, 7, 10])
      for (const count of [1, 2, 5, 32]) {
        const budget = pacedSpanMs(count, rate);
        const paced = pacerSpanMs(count, rate);
        expect(budget, `${count} at ${rate}/s`).toBeLessThanOrEqual(paced);
        expect(paced - budget, `${count} at ${rate}/s`).toBeLessThan(Math.max(1, count - 1));
        if (Number.isInteger(1000 / rate)) expect(budget, `${count} at ${rate}/s`).toBe(paced);
      }
    expect(pacedSpanMs(3, 0.5)).toBe(2 * (2000 + PACE_MARGIN_MS));
  });

  it('is 0 for no request at all, never negative', () => {
    expect(pacedSpanMs(0, 1)).toBe(0);
  });
});

describe('waitStepSpanMs', () => {
  it('counts (K-1)/R of starts, then one wait, plus the margin', () => {
    const span = waitStepSpanMs(10, 1, 60);
    expect(span.startsMs).toBe(pacedSpanMs(10, 1));
    expect(span.waitMs).toBe(60_000);
    expect(span.marginMs).toBe(SNAPSHOT_WAIT.fixedMarginMs + 10 * SNAPSHOT_WAIT.perJobMarginMs);
    expect(span.totalMs).toBe(span.startsMs + span.waitMs + span.marginMs);
    expect(span.totalMs).toBeLessThan(10 * 60_000);
  });

  it('waits for the jobs together: one wait, not one per job, and no starts for a single job', () => {
    const one = waitStepSpanMs(1, 1, 300);
    expect(one).toEqual({
      startsMs: 0,
      waitMs: 300_000,
      marginMs: SNAPSHOT_WAIT.fixedMarginMs + SNAPSHOT_WAIT.perJobMarginMs,
      totalMs: 300_000 + SNAPSHOT_WAIT.fixedMarginMs + SNAPSHOT_WAIT.perJobMarginMs,
    });
    const five = waitStepSpanMs(5, 1, 300);
    expect(five.waitMs).toBe(300_000);
    expect(five.totalMs - one.totalMs).toBe(pacedSpanMs(5, 1) + 4 * SNAPSHOT_WAIT.perJobMarginMs);
  });
});
