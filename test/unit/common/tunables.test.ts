// The promises the tunables' reasons make, checked through the code that uses each number (grep src/ for its
// name), not by restating the number. Where that code already has a test of the behaviour, it is named instead:
// - CANCEL_GRACE_MS: a request in flight is abandoned that long after a cancel (http/send-with-retry.test.ts);
// - EXIT_AFTER_CANCEL_MS: main.ts's exit timer after the first signal (main.test.ts), and a cancelled bundle
//   exiting before the runner's kill (e2e/cancel.e2e.test.ts);
// - ATTEMPT_SHARE_OF_STEP, MIN_ATTEMPT_TIMEOUT_MS: one hung attempt costs a third of timeout-seconds 6, and two
//   more fit (e2e/reliability.e2e.test.ts, "one hung attempt costs a third of the budget");
// - BACKOFF.minAttemptMs: no attempt starts with less before the deadline (http/retry.test.ts);
// - CONCURRENT_SEND_MARGIN_MS: concurrent sends spaced 1/R plus it (http/pacer.test.ts, ConcurrentPacer);
// - SNAPSHOT_WAIT.startGraceMs: a job just started gets 5 s to show Running (partner-central/snapshot-wait.test.ts).
import { describe, expect, it } from 'vitest';
import { BACKOFF, READ_REQUESTS_PER_SECOND, SNAPSHOT_WAIT } from '../../../src/common/tunables.js';
import type { CallError } from '../../../src/http/call-error.js';
import { backoffDelay } from '../../../src/http/retry.js';
import { nextPollInMs, pollEveryMs } from '../../../src/partner-central/snapshot-wait.js';

const error = (retryClass: CallError['retryClass']): CallError => ({
  name: retryClass === 'throttling' ? 'ThrottlingException' : 'InternalServerException',
  message: 'x',
  retryClass,
});
/** The highest delay backoffDelay can draw (random just under 1). */
const ceiling = (retryIndex: number, e: CallError) => backoffDelay(retryIndex, e, () => 0.999999);

describe('tunables, through their users', () => {
  it('backoffDelay: after throttling (no known rate) every retry may wait longer than after a fault', () => {
    for (let retry = 0; retry < 8; retry++)
      expect(ceiling(retry, error('throttling'))).toBeGreaterThan(
        ceiling(retry, error('transient')),
      );
  });

  it('backoffDelay: the exponential growth stops at maxDelayMs, never beyond', () => {
    const draws = [0, 5, 10, 30, 1000].map((retry) => ceiling(retry, error('throttling')));
    expect(draws[0]).toBeLessThan(draws[1]!);
    expect(Math.max(...draws)).toBeLessThanOrEqual(BACKOFF.maxDelayMs);
    expect(draws.at(-1)).toBeGreaterThanOrEqual(BACKOFF.maxDelayMs - 1);
    // A Retry-After hint is honoured only up to the ceiling plus the allowance.
    expect(backoffDelay(1000, error('throttling'), () => 0, 3_600_000)).toBe(
      BACKOFF.maxDelayMs + BACKOFF.hintAllowanceMs,
    );
  });

  it("pollEveryMs: one job waited for is read 0.5 times a second; any number stays in the polls' share", () => {
    const readsPerSecond = (waiting: number) =>
      (waiting * SNAPSHOT_WAIT.readsPerPoll * 1000) /
      pollEveryMs(waiting, READ_REQUESTS_PER_SECOND);
    expect(readsPerSecond(1)).toBe(0.5);
    for (let waiting = 1; waiting <= 60; waiting++)
      expect(readsPerSecond(waiting)).toBeLessThanOrEqual(
        READ_REQUESTS_PER_SECOND * SNAPSHOT_WAIT.quotaShare,
      );
    // The design's example: 20 jobs waited for are each read every 8 s.
    expect(pollEveryMs(20, READ_REQUESTS_PER_SECOND)).toBe(8000);
  });

  it('nextPollInMs: over a whole wait no two reads are closer than minGapMs, and the last one ends it', () => {
    const every = pollEveryMs(1, READ_REQUESTS_PER_SECOND);
    for (let waitMs = SNAPSHOT_WAIT.minGapMs; waitMs <= 30_000; waitMs += 97) {
      const gaps: number[] = [];
      for (let remaining = waitMs; remaining > 0;) {
        const gap = nextPollInMs(remaining, every);
        gaps.push(gap);
        remaining -= gap;
      }
      expect(
        Math.min(...gaps),
        `a wait of ${waitMs} ms: ${gaps.join(', ')}`,
      ).toBeGreaterThanOrEqual(SNAPSHOT_WAIT.minGapMs);
      expect(gaps.reduce((a, b) => a + b, 0)).toBe(waitMs);
    }
  });
});
