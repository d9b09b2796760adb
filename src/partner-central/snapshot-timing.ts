// How often each job waited for is read (its numbers: SNAPSHOT_WAIT in common/tunables.ts).
import { SNAPSHOT_WAIT } from '../common/tunables.js';

/** How often each of `waiting` jobs is read, so that together they stay within their share of the read quota. */
export function pollEveryMs(waiting: number, readRatePerSecond: number): number {
  const share = readRatePerSecond * SNAPSHOT_WAIT.quotaShare;
  const fair = (Math.max(1, waiting) * SNAPSHOT_WAIT.readsPerPoll * 1000) / share;
  return Math.max(SNAPSHOT_WAIT.pollEveryMs, Math.ceil(fair));
}

/**
 * When to read next, `remainingMs` before the wait ends: every `everyMs` while a whole period and a least
 * gap remain; then the rest in two equal gaps (each at least minGapMs), or in one, so the last read falls on
 * the end of the wait and no two reads are closer than minGapMs.
 */
export function nextPollInMs(remainingMs: number, everyMs: number): number {
  if (remainingMs >= everyMs + SNAPSHOT_WAIT.minGapMs) return everyMs;
  if (remainingMs >= 2 * SNAPSHOT_WAIT.minGapMs) return Math.ceil(remainingMs / 2);
  return Math.max(0, remainingMs);
}
