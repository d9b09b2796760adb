// The tunable numbers of wait-for-snapshot: how often a waited-for job is read, and the time a step of waits needs.
import { pacedSpanMs } from './pacer.js';

export const SNAPSHOT_WAIT = {
  /**
   * Each job waited for is read every 4 s (its latest snapshot and the job: 2 reads). The read quota is
   * 10 requests/s and 100,000 a day per partner account, shared with every other tool the partner runs: one
   * job waited for uses 0.5 reads/s, so a 2-minute wait costs 60 reads, and a new revision is seen within 4 s.
   */
  pollEveryMs: 4000,
  /** No two reads of a job closer than this (the low end of the design's 3-5 s), the last one included. */
  minGapMs: 3000,
  readsPerPoll: 2,
  /**
   * The polls of all the jobs waited for together use at most this share of the read quota, so the reads
   * before each start (and other tools) keep the rest: with more than 10 jobs waited for, each is read
   * less often than every 4 s (20 jobs: every 8 s).
   */
  quotaShare: 0.5,
  /** A job just started may not show Running yet (describe-job gives it the same): not a failure before this. */
  startGraceMs: 5000,
  /** The wait ends this long before timeout-seconds runs out, so its last reads still fit. */
  finalReadsMs: 3000,
  /**
   * What the timeout-seconds check adds to the starts and the wait: credentials (an STS call), and the last
   * poll's reads (fixedMarginMs), plus the two reads before each start (perJobMarginMs: two reads at 10/s
   * with their round trips).
   */
  fixedMarginMs: 10_000,
  perJobMarginMs: 300,
} as const;

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

/**
 * The least time a step of K jobs at R a second, each waited for W seconds, needs: the jobs are waited for
 * together while later ones are still being started, so (K-1)/R of starts, then the last job's wait, plus
 * the margin for credentials and reads.
 */
export function waitStepSpanMs(jobs: number, ratePerSecond: number, waitSeconds: number) {
  const startsMs = pacedSpanMs(jobs, ratePerSecond);
  const marginMs = SNAPSHOT_WAIT.fixedMarginMs + jobs * SNAPSHOT_WAIT.perJobMarginMs;
  return {
    startsMs,
    waitMs: waitSeconds * 1000,
    marginMs,
    totalMs: startsMs + waitSeconds * 1000 + marginMs,
  };
}
