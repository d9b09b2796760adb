import { describe, expect, it } from 'vitest';
import type { CallError } from '../../src/call-error.js';
import { fakeTiming } from './fake-timing.js';
import { MAX_SLOWDOWN, pacedSpanMs, Pacer } from '../../src/pacer.js';
import {
  BACKOFF,
  backoffDelay,
  periodicDelay,
  withRetry,
  type AttemptResult,
} from '../../src/retry.js';

describe('Pacer', () => {
  it('lets the first request go at once, then sends 1/R (plus 2 ms) after the previous accepted answer', () => {
    const p = new Pacer(1);
    expect(p.delayMs(0, false)).toBe(0);
    p.succeeded(0);
    expect(p.intervalMs).toBe(1002);
    expect(p.delayMs(0, false)).toBe(1002);
    expect(p.delayMs(1000, false)).toBe(2);
    expect(p.delayMs(5000, false)).toBe(0);
    expect(new Pacer(10).intervalMs).toBe(102);
    expect(new Pacer(0.5).intervalMs).toBe(2002);
  });

  it('slows a new job down after throttling, up to a cap, and recovers with successes; retries keep the interval', () => {
    const p = new Pacer(1);
    p.succeeded(0);
    p.throttled();
    expect(p.delayMs(0, false)).toBe(2004);
    expect(p.delayMs(0, true)).toBe(1002);
    for (let i = 0; i < 10; i++) p.throttled();
    expect(p.delayMs(0, false)).toBe(1002 * MAX_SLOWDOWN);
    for (let i = 0; i < 20; i++) p.succeeded(0);
    expect(p.delayMs(0, false)).toBe(1002);
  });

  it('knows the least span of K requests', () => {
    expect(pacedSpanMs(1, 1)).toBe(0);
    expect(pacedSpanMs(32, 1)).toBe(31 * 1002);
  });
});

describe('throttling with a known rate', () => {
  const throttle: CallError = {
    name: 'ThrottlingException',
    message: '',
    retryClass: 'throttling',
  };
  it('retries first at a random moment in U(0, 8/R), then about every 1/R, growing 18 % a retry to a cap', () => {
    expect(periodicDelay(0, 1, () => 0.5)).toEqual({ delayMs: 4000, ceilingMs: 8000 });
    expect(periodicDelay(0, 1, () => 0.999).delayMs).toBe(7992);
    expect(periodicDelay(1, 1, () => 0)).toEqual({ delayMs: 875, ceilingMs: 1000 });
    expect(periodicDelay(1, 1, () => 0.999_999).delayMs).toBe(1124);
    expect(periodicDelay(3, 1, () => 0.5).delayMs).toBe(1392);
    expect(periodicDelay(40, 1, () => 0.5)).toEqual({
      delayMs: 4000,
      ceilingMs: BACKOFF.periodCapMs,
    });
    expect(periodicDelay(0, 4, () => 0.5).ceilingMs).toBe(2000);
  });
  it('is what backoffDelay uses for throttling when the rate is known, and only then', () => {
    expect(backoffDelay(1, throttle, () => 0.5, undefined, 1)).toBe(1000);
    expect(backoffDelay(1, throttle, () => 0.5)).toBe(500);
    const fault: CallError = { name: 'ServiceUnavailable', message: '', retryClass: 'transient' };
    expect(backoffDelay(1, fault, () => 0.5, undefined, 1)).toBe(100);
    expect(backoffDelay(0, throttle, () => 0, 60_000, 1)).toBe(8000 + BACKOFF.hintAllowanceMs);
  });
});

describe('withRetry with a pacer and a cancel signal', () => {
  const throttled: AttemptResult<string> = {
    ok: false,
    error: { name: 'ThrottlingException', message: '', status: 429, retryClass: 'throttling' },
  };
  const ok: AttemptResult<string> = { ok: true, value: 'done' };

  it('spaces each job 1/R from the previous accepted answer; a throttled retry only by its backoff', async () => {
    const t = fakeTiming(0);
    const pace = new Pacer(1);
    const sentAt: number[] = [];
    const job = (replies: AttemptResult<string>[]) =>
      withRetry(
        () => {
          sentAt.push(t.now());
          t.advance(50); // the round trip
          return Promise.resolve(replies.shift()!);
        },
        { maxAttempts: 'auto', deadlineAt: 60_000, attemptTimeoutMs: 1000, pace, ratePerSecond: 1 },
        { ...t, random: () => 0.1 },
        { offsetMs: 0 },
      );
    expect((await job([ok])).ok).toBe(true);
    expect((await job([throttled, ok])).ok).toBe(true);
    // Job 2 goes 1002 ms after job 1's answer (at 50); its retry 800 ms (U(0, 8/R) at 0.1) after the throttle.
    expect(sentAt).toEqual([0, 1052, 1052 + 50 + 800]);
  });

  it('does not start an attempt the pacer would place past the deadline', async () => {
    const t = fakeTiming(0);
    const pace = new Pacer(0.1);
    pace.succeeded(0);
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
