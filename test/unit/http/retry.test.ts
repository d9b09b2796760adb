import { BACKOFF, PACE_MARGIN_MS, READ_REQUESTS_PER_SECOND } from '../../../src/common/tunables.js';
import { describe, expect, it } from 'vitest';
import type { CallError } from '../../../src/http/call-error.js';
import { fakeTiming } from '../fake-timing.js';
import { QuotaPacer, type Pacer } from '../../../src/http/pacer.js';
import {
  backoffDelay,
  periodicDelay,
  retryAfterHint,
  throttleSpread,
  withRetry,
  type AttemptContext,
  type AttemptResult,
  type RetryPolicy,
} from '../../../src/http/retry.js';

const throttle: CallError = {
  name: 'ThrottlingException',
  message: 'slow down',
  status: 429,
  retryClass: 'throttling',
};
const fault: CallError = {
  name: 'ServiceUnavailable',
  message: 'x',
  status: 503,
  retryClass: 'transient',
};
const expired: CallError = {
  name: 'InvalidSignatureException',
  message: 'Signature expired',
  status: 400,
  retryClass: 'client',
};
/** The protocol's word on which errors may mean a wrong clock (AWS's list is tested in aws/error-names.test.ts). */
const mayBeClockSkew = (error: CallError) => error.name === expired.name;
const denied: CallError = {
  name: 'AccessDeniedException',
  message: 'no',
  status: 403,
  retryClass: 'client',
};

function script(results: AttemptResult<string>[]) {
  const seen: { attempt: number; timeoutMs: number; signingTime: Date }[] = [];
  const call = (ctx: { attempt: number; timeoutMs: number; signingTime: Date }) => {
    seen.push(ctx);
    const next = results.shift();
    if (!next) throw new Error('no more scripted results');
    return Promise.resolve(next);
  };
  return { call, seen };
}

/** A pacer that only names the quota's rate (throttled retries are timed by it) and never holds a request back. */
const rateOnly = (ratePerSecond: number): Pacer => ({
  ratePerSecond,
  delayMs: () => 0,
  sent: () => undefined,
  answered: () => undefined,
});

const policy = (over: Partial<RetryPolicy> = {}, t = fakeTiming()): RetryPolicy => ({
  maxAttempts: 3,
  deadlineAt: t.now() + 300_000,
  attemptTimeoutMs: 30_000,
  ...over,
});

describe('backoffDelay', () => {
  it('is full jitter under a doubling ceiling, 500 ms base after throttling, 100 ms otherwise, capped at 20 s', () => {
    expect(backoffDelay(0, throttle, () => 0.999)).toBe(499);
    expect(backoffDelay(3, throttle, () => 0.5)).toBe(2000);
    expect(backoffDelay(0, fault, () => 0.5)).toBe(50);
    expect(backoffDelay(20, throttle, () => 0.999999)).toBe(19_999);
    expect(backoffDelay(2, throttle, () => 0)).toBe(0);
  });
  it('honours a Retry-After hint up to the ceiling plus 5 s', () => {
    expect(backoffDelay(0, throttle, () => 0, 3000)).toBe(3000);
    expect(backoffDelay(0, throttle, () => 0, 60_000)).toBe(500 + BACKOFF.hintAllowanceMs);
    expect(backoffDelay(0, throttle, () => 0.9, 10)).toBe(450);
  });
});

describe('retryAfterHint', () => {
  const now = Date.UTC(2026, 0, 1, 0, 0, 0);
  it('reads seconds, an HTTP date and x-amz-retry-after milliseconds', () => {
    expect(retryAfterHint({ 'retry-after': '3' }, now)).toBe(3000);
    expect(retryAfterHint({ 'retry-after': new Date(now + 7000).toUTCString() }, now)).toBe(7000);
    expect(retryAfterHint({ 'x-amz-retry-after': '1500', 'retry-after': '9' }, now)).toBe(1500);
    expect(retryAfterHint({ 'retry-after': 'soon' }, now)).toBeUndefined();
    expect(retryAfterHint({}, now)).toBeUndefined();
  });
});

describe('withRetry', () => {
  it('returns at once on success', async () => {
    const t = fakeTiming();
    const { call } = script([{ ok: true, value: 'done', requestId: 'r1' }]);
    const out = await withRetry(call, policy({}, t), t, { offsetMs: 0 });
    expect(out).toEqual({ ok: true, value: 'done', attempts: 1, elapsedMs: 0, requestId: 'r1' });
  });

  it('retries throttling with growing jittered delays and logs each retry', async () => {
    const t = fakeTiming(undefined, [0.5, 0.5]);
    const { call } = script([
      { ok: false, error: { ...throttle, requestId: 'a' } },
      { ok: false, error: { ...throttle, requestId: 'b' } },
      { ok: true, value: 'ok', requestId: 'c' },
    ]);
    const retries: unknown[] = [];
    const out = await withRetry(
      call,
      policy({ maxAttempts: 5 }, t),
      t,
      { offsetMs: 0 },
      { onRetry: (i) => retries.push(i) },
    );
    expect(out).toMatchObject({ ok: true, attempts: 3, requestId: 'c' });
    expect(t.sleeps).toEqual([250, 500]);
    expect(retries).toEqual([
      {
        attempt: 1,
        maxAttempts: 5,
        error: { ...throttle, requestId: 'a' },
        delayMs: 250,
        remainingMs: 300_000,
      },
      {
        attempt: 2,
        maxAttempts: 5,
        error: { ...throttle, requestId: 'b' },
        delayMs: 500,
        remainingMs: 299_750,
      },
    ]);
  });

  it('never retries a client error', async () => {
    const t = fakeTiming();
    const { call, seen } = script([{ ok: false, error: denied }]);
    const out = await withRetry(call, policy({}, t), t, { offsetMs: 0 });
    expect(out).toMatchObject({ ok: false, stop: 'client', attempts: 1, error: denied });
    expect(seen).toHaveLength(1);
  });

  it('treats max-attempts as a hard cap', async () => {
    const t = fakeTiming();
    const { call, seen } = script(
      Array.from({ length: 3 }, () => ({ ok: false as const, error: throttle })),
    );
    const out = await withRetry(call, policy({ maxAttempts: 3 }, t), t, { offsetMs: 0 });
    expect(out).toMatchObject({ ok: false, stop: 'attempts', attempts: 3 });
    expect(seen).toHaveLength(3);
  });

  it('auto: retries throttling until the deadline, stopping before a wait would pass it', async () => {
    const t = fakeTiming(
      undefined,
      Array.from({ length: 100 }, () => 0.99),
    );
    const results = Array.from({ length: 100 }, () => ({ ok: false as const, error: throttle }));
    const { call, seen } = script(results);
    const started = t.now();
    const out = await withRetry(
      call,
      policy({ maxAttempts: 'auto', deadlineAt: started + 60_000 }, t),
      t,
      { offsetMs: 0 },
    );
    expect(out).toMatchObject({ ok: false, stop: 'deadline' });
    expect(seen.length).toBeGreaterThan(3);
    expect(t.now()).toBeLessThanOrEqual(started + 60_000);
    expect(out.elapsedMs).toBeLessThanOrEqual(60_000);
  });

  it('auto: gives transient faults five attempts', async () => {
    const t = fakeTiming();
    const { call, seen } = script(
      Array.from({ length: 10 }, () => ({ ok: false as const, error: fault })),
    );
    const out = await withRetry(call, policy({ maxAttempts: 'auto' }, t), t, { offsetMs: 0 });
    expect(out).toMatchObject({ ok: false, stop: 'attempts', attempts: 5 });
    expect(seen).toHaveLength(5);
  });

  it('cuts the last attempt short at the deadline and reports a timeout as deadline', async () => {
    const t = fakeTiming();
    const start = t.now();
    const call = (ctx: { timeoutMs: number }) => {
      t.advance(ctx.timeoutMs);
      return Promise.resolve<AttemptResult<string>>({
        ok: false,
        error: { name: 'TimeoutError', message: 'slow', retryClass: 'transient' },
      });
    };
    const out = await withRetry(
      call,
      { maxAttempts: 10, deadlineAt: start + 45_000, attemptTimeoutMs: 30_000 },
      t,
      { offsetMs: 0 },
    );
    expect(out).toMatchObject({ ok: false, stop: 'deadline', attempts: 2 });
    expect(t.now()).toBe(start + 45_000);
  });

  it('starts no attempt too short to be answered: the last answer stands', async () => {
    const t = fakeTiming(undefined, [0]);
    const start = t.now();
    const seen: number[] = [];
    const call = (ctx: { timeoutMs: number }) => {
      seen.push(ctx.timeoutMs);
      // The first attempt is answered (a 500) just before the deadline; the retry would have next to no time.
      t.advance(45_000 - BACKOFF.minAttemptMs + 1);
      return Promise.resolve<AttemptResult<string>>({ ok: false, error: fault });
    };
    const out = await withRetry(
      call,
      { maxAttempts: 10, deadlineAt: start + 45_000, attemptTimeoutMs: 45_000 },
      t,
      { offsetMs: 0 },
    );
    expect(seen).toEqual([45_000]);
    expect(out).toMatchObject({ ok: false, stop: 'deadline', attempts: 1, unanswered: false });
    expect(!out.ok && out.error.name).toBe('ServiceUnavailable');
  });

  it('honours Retry-After', async () => {
    const t = fakeTiming(undefined, [0]);
    const { call } = script([
      { ok: false, error: throttle, retryAfterMs: 2000 },
      { ok: true, value: 'x' },
    ]);
    await withRetry(call, policy({}, t), t, { offsetMs: 0 });
    expect(t.sleeps).toEqual([2000]);
  });

  it('corrects clock skew from the Date header and retries a skew error once, at once', async () => {
    const t = fakeTiming();
    const serverDate = t.now() + 10 * 60_000;
    const { call, seen } = script([
      { ok: false, error: expired, serverDate },
      { ok: true, value: 'ok', serverDate },
    ]);
    const clock = { offsetMs: 0 };
    const skews: number[] = [];
    const out = await withRetry(call, policy({ maxAttempts: 3 }, t), t, clock, {
      onClockSkew: (o) => skews.push(o),
      mayBeClockSkew,
    });
    expect(out.ok).toBe(true);
    expect(clock.offsetMs).toBe(10 * 60_000);
    expect(skews).toEqual([10 * 60_000]);
    expect(t.sleeps).toEqual([]);
    expect(seen[1]?.signingTime.getTime()).toBe(serverDate);
  });

  it('does not retry a skew error twice, nor one without a correction', async () => {
    const t = fakeTiming();
    const { call, seen } = script([{ ok: false, error: expired, serverDate: t.now() + 60_000 }]);
    const out = await withRetry(call, policy({}, t), t, { offsetMs: 0 }, { mayBeClockSkew });
    expect(out).toMatchObject({ ok: false, stop: 'client' });
    expect(seen).toHaveLength(1);
  });

  it('retries after a correction only the errors the protocol names: none when it names none', async () => {
    const t = fakeTiming();
    const clock = { offsetMs: 0 };
    const { call, seen } = script([
      { ok: false, error: expired, serverDate: t.now() + 10 * 60_000 },
      { ok: true, value: 'ok' },
    ]);
    const out = await withRetry(call, policy({ maxAttempts: 3 }, t), t, clock);
    expect(out).toMatchObject({ ok: false, stop: 'client', attempts: 1 });
    expect(seen).toHaveLength(1);
    // The clock is corrected all the same: the next call signs with the service's time.
    expect(clock.offsetMs).toBe(10 * 60_000);
  });

  it('with no attempt left for the skew retry, reports the skew error as the client error it is', async () => {
    const t = fakeTiming();
    const { call } = script([{ ok: false, error: expired, serverDate: t.now() + 10 * 60_000 }]);
    const out = await withRetry(
      call,
      policy({ maxAttempts: 1 }, t),
      t,
      { offsetMs: 0 },
      { mayBeClockSkew },
    );
    expect(out).toMatchObject({ ok: false, stop: 'client', attempts: 1 });
  });

  it('ignores small differences between the clocks', async () => {
    const t = fakeTiming();
    const clock = { offsetMs: 0 };
    const { call } = script([{ ok: true, value: 'x', serverDate: t.now() + 3 * 60_000 }]);
    await withRetry(call, policy({}, t), t, clock);
    expect(clock.offsetMs).toBe(0);
  });
});

describe('withRetry: credentials renewed before each attempt (beforeAttempt)', () => {
  const refusal: CallError = {
    name: 'CredentialsNotRenewed',
    message: 'the role session could not be renewed',
    retryClass: 'client',
  };
  it('waits for a renewal before signing, and signs the attempt after it', async () => {
    const t = fakeTiming();
    const order: string[] = [];
    const { call } = script([{ ok: true, value: 'ok' }]);
    const out = await withRetry(
      (ctx) => {
        order.push('attempt');
        return call(ctx);
      },
      policy({}, t),
      t,
      { offsetMs: 0 },
      {
        beforeAttempt: () => {
          order.push('renewal');
          return Promise.resolve(undefined);
        },
      },
    );
    expect(out.ok).toBe(true);
    expect(order).toEqual(['renewal', 'attempt']);
  });
  it('a renewal that fails ends the call with nothing more sent; the attempts made stand', async () => {
    const t = fakeTiming();
    const { call, seen } = script([
      { ok: false, error: { ...throttle, requestId: 'a', unanswered: true } },
      { ok: true, value: 'never' },
    ]);
    let asked = 0;
    const out = await withRetry(
      call,
      policy({}, t),
      t,
      { offsetMs: 0 },
      {
        beforeAttempt: () => (++asked === 1 ? undefined : Promise.resolve(refusal)),
      },
    );
    expect(seen).toHaveLength(1);
    expect(out).toMatchObject({
      ok: false,
      error: refusal,
      stop: 'client',
      attempts: 1,
      requestId: 'a',
      unanswered: true,
    });
  });
  it('a renewal that fails before the first attempt sends nothing', async () => {
    const t = fakeTiming();
    const { call, seen } = script([{ ok: true, value: 'never' }]);
    const out = await withRetry(
      call,
      policy({}, t),
      t,
      { offsetMs: 0 },
      {
        beforeAttempt: () => Promise.resolve(refusal),
      },
    );
    expect(seen).toEqual([]);
    expect(out).toMatchObject({
      ok: false,
      error: refusal,
      stop: 'client',
      attempts: 0,
      unanswered: false,
    });
  });
});

describe('withRetry: the last attempt before the deadline', () => {
  const rate = 1;
  const random = 0.999;
  const drawn = (n: number) => periodicDelay(n, rate, () => random).delayMs;

  it('when the drawn wait would cross the deadline, shortens it so one last attempt finishes before it', async () => {
    const t = fakeTiming(0, [random, random]);
    // Room for the first retry as drawn, not for the second: it is moved up to deadline - minAttemptMs.
    const deadlineAt = drawn(0) + BACKOFF.minAttemptMs + drawn(1) - 1;
    const { call, seen } = script([
      { ok: false, error: throttle },
      { ok: false, error: throttle },
      { ok: true, value: 'in time' },
    ]);
    const retries: unknown[] = [];
    const out = await withRetry(
      call,
      { maxAttempts: 'auto', deadlineAt, attemptTimeoutMs: 30_000, pacer: rateOnly(rate) },
      t,
      { offsetMs: 0 },
      { onRetry: (i) => retries.push(i) },
    );
    expect(out).toMatchObject({ ok: true, attempts: 3 });
    expect(t.sleeps).toEqual([drawn(0), deadlineAt - BACKOFF.minAttemptMs - drawn(0)]);
    expect(seen[2]?.timeoutMs).toBe(BACKOFF.minAttemptMs);
    expect(retries).toMatchObject([{ delayMs: drawn(0) }, { last: true }]);
    expect(retries[0]).not.toHaveProperty('last');
  });

  it('still sends the last attempt when its timer fires a few ms late', async () => {
    const t = fakeTiming(0, [random]);
    const late = { ...t, sleep: (ms: number) => t.sleep(ms + 3) };
    const deadlineAt = drawn(0) + BACKOFF.minAttemptMs - 1;
    const { call, seen } = script([
      { ok: false, error: throttle },
      { ok: true, value: 'just in time' },
    ]);
    const out = await withRetry(
      call,
      { maxAttempts: 'auto', deadlineAt, attemptTimeoutMs: 30_000, pacer: rateOnly(rate) },
      late,
      { offsetMs: 0 },
    );
    expect(out).toMatchObject({ ok: true, attempts: 2 });
    expect(seen[1]?.timeoutMs).toBe(BACKOFF.minAttemptMs - 3);
  });

  it('makes only one last attempt: throttled again, it stops at the deadline', async () => {
    const t = fakeTiming(0, [random, random]);
    const deadlineAt = drawn(0) + BACKOFF.minAttemptMs - 1;
    const { call, seen } = script(
      Array.from({ length: 5 }, () => ({ ok: false as const, error: throttle })),
    );
    const out = await withRetry(
      call,
      { maxAttempts: 'auto', deadlineAt, attemptTimeoutMs: 30_000, pacer: rateOnly(rate) },
      t,
      { offsetMs: 0 },
    );
    expect(out).toMatchObject({ ok: false, stop: 'deadline', attempts: 2, error: throttle });
    expect(seen.map((s) => s.timeoutMs)).toEqual([deadlineAt, BACKOFF.minAttemptMs]);
    expect(t.now()).toBe(deadlineAt - BACKOFF.minAttemptMs);
  });

  it('stops when not even a last attempt fits, without waiting for nothing', async () => {
    const t = fakeTiming(0, [random]);
    const { call: answer, seen } = script([{ ok: false, error: throttle }]);
    // The answer comes minAttemptMs later: less than that is left.
    const call = (ctx: AttemptContext) => {
      t.advance(BACKOFF.minAttemptMs);
      return answer(ctx);
    };
    const out = await withRetry(
      call,
      {
        maxAttempts: 'auto',
        deadlineAt: 2 * BACKOFF.minAttemptMs - 1,
        attemptTimeoutMs: 30_000,
        pacer: rateOnly(rate),
      },
      t,
      { offsetMs: 0 },
    );
    expect(out).toMatchObject({ ok: false, stop: 'deadline', attempts: 1, error: throttle });
    expect(seen).toHaveLength(1);
    expect(t.sleeps).toEqual([]);
  });

  it('never sends an attempt with less than minAttemptMs (or its whole timeout, if shorter) left', async () => {
    const t = fakeTiming(0);
    const { call, seen } = script([{ ok: true, value: 'x' }]);
    const out = await withRetry(
      call,
      { maxAttempts: 3, deadlineAt: BACKOFF.minAttemptMs - 1, attemptTimeoutMs: 30_000 },
      t,
      { offsetMs: 0 },
    );
    expect(out).toMatchObject({ ok: false, stop: 'deadline', attempts: 0 });
    expect(seen).toHaveLength(0);
    const short = BACKOFF.minAttemptMs / 2;
    const fits = await withRetry(
      script([{ ok: true, value: 'x' }]).call,
      { maxAttempts: 3, deadlineAt: t.now() + short, attemptTimeoutMs: short },
      t,
      { offsetMs: 0 },
    );
    expect(fits).toMatchObject({ ok: true, attempts: 1 });
  });

  it('the pace still holds for the last attempt: it is not squeezed in sooner than 1/R', async () => {
    const t = fakeTiming(0, [random]);
    const pace = new QuotaPacer(rate);
    const { call, seen } = script([{ ok: false, error: throttle }]);
    const out = await withRetry(
      call,
      {
        maxAttempts: 'auto',
        deadlineAt: pace.intervalMs + BACKOFF.minAttemptMs - BACKOFF.timerSlackMs - 1,
        attemptTimeoutMs: 30_000,
        pacer: pace,
      },
      t,
      { offsetMs: 0 },
    );
    expect(out).toMatchObject({ ok: false, stop: 'deadline', attempts: 1 });
    expect(seen).toHaveLength(1);
  });
});

// Moved from pacer.test.ts: the throttle spread and withRetry under a pacer and a cancel signal.

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
    const pace = new QuotaPacer(rate);
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
          pacer: pace,
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
        pacer: new QuotaPacer(0.5),
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
    const pace = new QuotaPacer(0.1);
    pace.sent(0);
    pace.answered(0, 'accepted');
    const out = await withRetry(
      () => Promise.resolve(ok),
      { maxAttempts: 'auto', deadlineAt: 5000, attemptTimeoutMs: 1000, pacer: pace },
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
      { maxAttempts: 'auto', deadlineAt: 60_000, attemptTimeoutMs: 1000 },
      t,
      { offsetMs: 0 },
      { cancel: controller.signal },
    );
    expect(out).toMatchObject({
      ok: false,
      stop: 'cancelled',
      attempts: 1,
      error: { name: 'ThrottlingException' },
    });
    const before = await withRetry(
      () => Promise.resolve(ok),
      { maxAttempts: 'auto', deadlineAt: 60_000, attemptTimeoutMs: 1000 },
      t,
      { offsetMs: 0 },
      { cancel: controller.signal },
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
      { maxAttempts: 3, deadlineAt: 60_000, attemptTimeoutMs: 1000 },
      t,
      { offsetMs: 0 },
      { cancel: cancel.signal },
    );
    expect(out).toMatchObject({ ok: false, stop: 'cancelled', attempts: 1, unanswered: true });
  });
});
