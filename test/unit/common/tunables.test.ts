// The relations between tunable numbers that their reasons promise: retuning one alone must not break another's.
import { describe, expect, it } from 'vitest';
import {
  ATTEMPT_SHARE_OF_STEP,
  BACKOFF,
  CANCEL_GRACE_MS,
  CONCURRENT_SEND_MARGIN_MS,
  EXIT_AFTER_CANCEL_MS,
  MIN_ATTEMPT_TIMEOUT_MS,
  PACE_MARGIN_MS,
  READ_REQUESTS_PER_SECOND,
  RUNNING_WAIT,
  SNAPSHOT_WAIT,
} from '../../../src/common/tunables.js';
import { LIMITS } from '../../../src/config/input-values.js';

/** actions/runner gives a cancelled step this long before it kills the process. */
const RUNNER_KILL_AFTER_CANCEL_MS = 7500;

describe('tunables', () => {
  it('a cancelled step ends before the runner kills it: the grace inside the exit bound, both inside 7.5 s', () => {
    expect(CANCEL_GRACE_MS).toBeLessThan(EXIT_AFTER_CANCEL_MS);
    expect(EXIT_AFTER_CANCEL_MS).toBeLessThan(RUNNER_KILL_AFTER_CANCEL_MS);
  });

  it('one attempt leaves room for two more, even at the shortest timeout-seconds', () => {
    expect(3 * ATTEMPT_SHARE_OF_STEP).toBeLessThanOrEqual(1);
    expect(3 * MIN_ATTEMPT_TIMEOUT_MS).toBeLessThanOrEqual(LIMITS.timeoutSeconds.min * 1000);
    // The least attempt timeout is never refused as too short to be answered.
    expect(BACKOFF.minAttemptMs).toBeLessThanOrEqual(MIN_ATTEMPT_TIMEOUT_MS);
  });

  it('retries wait longer after throttling than after a fault, within the cap', () => {
    expect(BACKOFF.throttlingBaseMs).toBeGreaterThan(BACKOFF.transientBaseMs);
    expect(BACKOFF.maxDelayMs).toBeGreaterThan(BACKOFF.throttlingBaseMs);
    expect(BACKOFF.autoTransientAttempts).toBeLessThan(BACKOFF.autoAttemptCeiling);
  });

  it('concurrent sends, spaced from the send, keep a wider margin than the Pacer', () => {
    expect(CONCURRENT_SEND_MARGIN_MS).toBeGreaterThan(PACE_MARGIN_MS);
  });

  it("a job waited for uses 0.5 reads a second, inside the polls' share of the read quota", () => {
    const perJob = (SNAPSHOT_WAIT.readsPerPoll * 1000) / SNAPSHOT_WAIT.pollEveryMs;
    expect(perJob).toBe(0.5);
    expect(perJob).toBeLessThanOrEqual(READ_REQUESTS_PER_SECOND * SNAPSHOT_WAIT.quotaShare);
    expect(SNAPSHOT_WAIT.minGapMs).toBeLessThanOrEqual(SNAPSHOT_WAIT.pollEveryMs);
  });

  it('a job just started gets as long to show Running in a wait as describe-job gives it', () => {
    expect(SNAPSHOT_WAIT.startGraceMs).toBe(RUNNING_WAIT.totalMs);
    expect(RUNNING_WAIT.everyMs).toBeLessThan(RUNNING_WAIT.totalMs);
  });
});
