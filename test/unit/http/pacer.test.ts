import {
  BACKOFF,
  MAX_SLOWDOWN,
  PACE_MARGIN_MS,
  READ_REQUESTS_PER_SECOND,
} from '../../../src/common/tunables.js';
import { describe, expect, it } from 'vitest';
import type { CallError } from '../../../src/http/call-error.js';
import { fakeTiming } from '../fake-timing.js';
import { Pacer } from '../../../src/http/pacer.js';
import { pacedSpanMs } from '../../../src/config/step-budget.js';
import {
  backoffDelay,
  periodicDelay,
  throttleSpread,
  withRetry,
  type AttemptResult,
} from '../../../src/http/retry.js';

describe('Pacer', () => {
  it('lets the first request go at once, then sends 1/R (plus the margin) after the previous answer', () => {
    const p = new Pacer(1);
    expect(p.delayMs(0, false)).toBe(0);
    p.sent(0);
    p.answered(40, 'accepted');
    expect(p.intervalMs).toBe(1000 + PACE_MARGIN_MS);
    expect(p.delayMs(40, false)).toBe(p.intervalMs);
    expect(p.delayMs(1040, false)).toBe(PACE_MARGIN_MS);
    expect(p.delayMs(5000, false)).toBe(0);
    expect(new Pacer(10).intervalMs).toBe(100 + PACE_MARGIN_MS);
    expect(new Pacer(0.5).intervalMs).toBe(2000 + PACE_MARGIN_MS);
  });

  it('spaces the next request whatever the answer was: a 404, a fault or a throttle count as much as a success', () => {
    for (const answer of ['accepted', 'failed', 'throttled'] as const) {
      const p = new Pacer(2);
      p.sent(1000);
      p.answered(1030, answer);
      expect(p.delayMs(1030, true), answer).toBe(p.intervalMs);
      expect(p.delayMs(1030 + p.intervalMs, true), answer).toBe(0);
    }
  });

  it('spaces a request that got no answer (a timeout) from its send, not from when it was given up', () => {
    const p = new Pacer(1);
    p.sent(0);
    expect(p.delayMs(300, true)).toBe(p.intervalMs - 300);
    expect(p.delayMs(30_000, true)).toBe(0);
  });

  it('slows a new job down after throttling, up to a cap, and recovers with successes; retries keep the interval', () => {
    const p = new Pacer(1);
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

  it('knows the least span of K requests', () => {
    expect(pacedSpanMs(1, 1)).toBe(0);
    expect(pacedSpanMs(32, 1)).toBe(31 * new Pacer(1).intervalMs);
  });
});

describe('throttling with a known rate', () => {
  const throttle: CallError = {
    name: 'ThrottlingException',
    message: '',
    retryClass: 'throttling',
  };
  it('retries one token interval later plus a spread that grows with each throttle, up to a cap', () => {
    let previous = 0;
    for (let n = 0; n < 12; n++) {
      const spread = throttleSpread(n);
      expect(spread).toBe(
        Math.min(
          BACKOFF.throttleSpread * BACKOFF.throttleSpreadGrowth ** n,
          BACKOFF.throttleSpreadCap,
        ),
      );
      expect(spread).toBeGreaterThanOrEqual(previous);
      previous = spread;
      expect(periodicDelay(n, 1, () => 0)).toEqual({
        delayMs: 1000,
        ceilingMs: 1000 * (1 + spread),
      });
      expect(periodicDelay(n, 1, () => 0.999_999).delayMs).toBe(
        Math.floor(1000 * (1 + spread * 0.999_999 ** BACKOFF.throttleSpreadSkew)),
      );
      // Skewed: the middle of the random range waits less than the middle of the spread.
      expect(periodicDelay(n, 1, () => 0.5).delayMs).toBe(
        Math.floor(1000 * (1 + spread * 0.5 ** BACKOFF.throttleSpreadSkew)),
      );
    }
    expect(throttleSpread(1000)).toBe(BACKOFF.throttleSpreadCap);
  });
  it('retries a step throttled once within 1.25 token intervals, and never before the token is back', () => {
    expect(1 + throttleSpread(0)).toBeLessThanOrEqual(1.25);
    for (const rate of [0.01, 0.5, 1, 4, 10]) {
      const interval = 1000 / rate;
      expect(periodicDelay(0, rate, () => 0).delayMs).toBe(interval);
      expect(periodicDelay(0, rate, () => 0.999_999).delayMs).toBeLessThanOrEqual(1.25 * interval);
    }
  });
  it('scales with 1/R', () => {
    for (const n of [0, 3, 20])
      expect(periodicDelay(n, 4, () => 0.5).delayMs).toBe(
        Math.floor(periodicDelay(n, 1, () => 0.5).delayMs / 4),
      );
  });
  it('is what backoffDelay uses for throttling when the rate is known, and only then', () => {
    expect(backoffDelay(1, throttle, () => 0.5, undefined, 1)).toBe(
      periodicDelay(1, 1, () => 0.5).delayMs,
    );
    expect(backoffDelay(1, throttle, () => 0.5)).toBe(BACKOFF.throttlingBaseMs);
    const fault: CallError = { name: 'ServiceUnavailable', message: '', retryClass: 'transient' };
    expect(backoffDelay(1, fault, () => 0.5, undefined, 1)).toBe(BACKOFF.transientBaseMs);
    expect(backoffDelay(0, throttle, () => 0, 60_000, 1)).toBe(
      periodicDelay(0, 1, () => 0).ceilingMs + BACKOFF.hintAllowanceMs,
    );
    const other = () => ({ delayMs: 7, ceilingMs: 9 });
    expect(backoffDelay(0, throttle, () => 0, undefined, 1, other)).toBe(7);
  });
});

describe('withRetry with a pacer and a cancel signal', () => {
  const throttled: AttemptResult<string> = {
    ok: false,
    error: { name: 'ThrottlingException', message: '', status: 429, retryClass: 'throttling' },
  };
  const ok: AttemptResult<string> = { ok: true, value: 'done' };

  const notFound: AttemptResult<string> = {
    ok: false,
    error: { name: 'ResourceNotFoundException', message: '', status: 404, retryClass: 'client' },
  };
  const unavailable: CallError = {
    name: 'ServiceUnavailable',
    message: '',
    status: 503,
    retryClass: 'transient',
  };
  const fault: AttemptResult<string> = { ok: false, error: unavailable };
  const hung: CallError = { name: 'TimeoutError', message: '', retryClass: 'transient' };
  const ROUND_TRIP = 50;

  /** A step's jobs one after another under one pacer, as jobs.ts runs them; records each send and answer. */
  function step(rate: number, random = () => 0.1) {
    const t = fakeTiming(0);
    const pace = new Pacer(rate);
    const log: { sentAt: number; answeredAt: number }[] = [];
    const job = (replies: AttemptResult<string>[]) =>
      withRetry(
        () => {
          const sentAt = t.now();
          t.advance(ROUND_TRIP);
          log.push({ sentAt, answeredAt: t.now() });
          return Promise.resolve(replies.shift()!);
        },
        {
          maxAttempts: 'auto',
          deadlineAt: 600_000,
          attemptTimeoutMs: 30_000,
          pace,
          ratePerSecond: rate,
        },
        { ...t, random },
        { offsetMs: 0 },
      );
    return { job, log, pace, t };
  }

  it('spaces every job 1/R after the previous answer, after a 404 as after a success: 6 jobs, 2 missing', async () => {
    const { job, log, pace, t } = step(1);
    const outcomes = [];
    for (const reply of [ok, notFound, ok, notFound, ok, ok]) outcomes.push(await job([reply]));
    expect(outcomes.map((o) => o.ok)).toEqual([true, false, true, false, true, true]);
    expect(log).toHaveLength(6);
    for (let i = 1; i < log.length; i++)
      expect(log[i]!.sentAt - log[i - 1]!.answeredAt).toBe(pace.intervalMs);
    // The whole step: 5 intervals and 6 round trips, whatever the answers were.
    expect(t.now()).toBe(5 * pace.intervalMs + 6 * ROUND_TRIP);
  });

  it('spaces reads at the read quota the same way', async () => {
    const { job, log, pace } = step(READ_REQUESTS_PER_SECOND);
    expect(pace.intervalMs).toBe(1000 / READ_REQUESTS_PER_SECOND + PACE_MARGIN_MS);
    for (const reply of [notFound, ok, notFound, ok]) await job([reply]);
    for (let i = 1; i < log.length; i++)
      expect(log[i]!.sentAt - log[i - 1]!.answeredAt).toBe(pace.intervalMs);
  });

  it('a retry waits the longer of its backoff and the pace: a fault answered at once still waits 1/R', async () => {
    const { job, log, pace } = step(1, () => 0.5);
    expect((await job([fault, ok])).ok).toBe(true);
    expect(backoffDelay(0, unavailable, () => 0.5)).toBeLessThan(pace.intervalMs);
    expect(log[1]!.sentAt - log[0]!.answeredAt).toBe(pace.intervalMs);
  });

  it('a throttled retry waits its backoff when that is longer than the pace, not both', async () => {
    const { job, log, pace } = step(1, () => 0.9);
    expect((await job([throttled, throttled, ok])).ok).toBe(true);
    const backoffs = [0, 1].map((n) => periodicDelay(n, 1, () => 0.9).delayMs);
    expect(Math.min(...backoffs)).toBeGreaterThan(pace.intervalMs);
    expect(log.slice(1).map((l, i) => l.sentAt - log[i]!.answeredAt)).toEqual(backoffs);
  });

  it('a hung service keeps its third attempt: an unanswered attempt is spaced from its send', async () => {
    const t = fakeTiming(0);
    const timeoutMs = 10_000 / 3;
    const sentAt: number[] = [];
    const out = await withRetry(
      (ctx) => {
        sentAt.push(t.now());
        t.advance(ctx.timeoutMs);
        return Promise.resolve<AttemptResult<string>>({ ok: false, error: hung });
      },
      {
        maxAttempts: 'auto',
        deadlineAt: 10_000,
        attemptTimeoutMs: timeoutMs,
        // A slow pace: spacing from the moment each attempt was given up would leave no room for the third.
        pace: new Pacer(0.5),
        ratePerSecond: 0.5,
      },
      t,
      { offsetMs: 0 },
    );
    expect(sentAt).toHaveLength(3);
    expect(sentAt[1]! - sentAt[0]! - timeoutMs).toBe(backoffDelay(0, hung, () => 0.5));
    expect(out).toMatchObject({ ok: false, stop: 'deadline', attempts: 3 });
  });

  it('does not start an attempt the pacer would place past the deadline', async () => {
    const t = fakeTiming(0);
    const pace = new Pacer(0.1);
    pace.sent(0);
    pace.answered(0, 'accepted');
    const out = await withRetry(
      () => Promise.resolve(ok),
      { maxAttempts: 'auto', deadlineAt: 5000, attemptTimeoutMs: 1000, pace },
      t,
      { offsetMs: 0 },
    );
    expect(out).toMatchObject({
      ok: false,
      stop: 'deadline',
      attempts: 0,
      error: { name: 'TimeoutError' },
    });
  });

  it('stops before the next attempt once cancelled, keeping the last error', async () => {
    const t = fakeTiming(0);
    const controller = new AbortController();
    const out = await withRetry(
      () => {
        controller.abort();
        return Promise.resolve(throttled);
      },
      {
        maxAttempts: 'auto',
        deadlineAt: 60_000,
        attemptTimeoutMs: 1000,
        signal: controller.signal,
      },
      t,
      { offsetMs: 0 },
    );
    expect(out).toMatchObject({
      ok: false,
      stop: 'cancelled',
      attempts: 1,
      error: { name: 'ThrottlingException' },
    });
    const before = await withRetry(
      () => Promise.resolve(ok),
      {
        maxAttempts: 'auto',
        deadlineAt: 60_000,
        attemptTimeoutMs: 1000,
        signal: controller.signal,
      },
      t,
      { offsetMs: 0 },
    );
    expect(before).toMatchObject({
      ok: false,
      stop: 'cancelled',
      attempts: 0,
      error: { name: 'Cancelled' },
    });
  });

  it('marks an attempt that timed out as unanswered: it may have taken effect', async () => {
    const t = fakeTiming(0);
    const out = await withRetry(
      () =>
        Promise.resolve<AttemptResult<string>>({
          ok: false,
          error: { name: 'TimeoutError', message: '', retryClass: 'transient', unanswered: true },
        }),
      { maxAttempts: 1, deadlineAt: 60_000, attemptTimeoutMs: 1000 },
      t,
      { offsetMs: 0 },
    );
    expect(out).toMatchObject({ ok: false, stop: 'attempts', unanswered: true });
  });

  it('a cancel during the backoff after an unanswered attempt keeps it unanswered', async () => {
    const t = fakeTiming(0);
    const cancel = new AbortController();
    // The cancel arrives while the backoff waits, after the attempt's answer (none) was taken in.
    const sleep = t.sleep;
    t.sleep = (ms, signal) => {
      cancel.abort();
      return sleep(ms, signal);
    };
    const out = await withRetry(
      () => {
        return Promise.resolve<AttemptResult<string>>({
          ok: false,
          error: { name: 'ECONNRESET', message: '', retryClass: 'transient', unanswered: true },
        });
      },
      { maxAttempts: 3, deadlineAt: 60_000, attemptTimeoutMs: 1000, signal: cancel.signal },
      t,
      { offsetMs: 0 },
    );
    expect(out).toMatchObject({ ok: false, stop: 'cancelled', attempts: 1, unanswered: true });
  });
});
