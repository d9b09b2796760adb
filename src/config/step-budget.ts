// The least time a step needs for what it was asked (K starts at R a second, each waited for W seconds): inputs
// checks timeout-seconds against it before anything is sent.
import { paceIntervalMs, SNAPSHOT_WAIT } from '../common/tunables.js';

/** The least time K requests at R a second take: the first goes at once, then one every interval (round trips aside). */
export function pacedSpanMs(count: number, ratePerSecond: number): number {
  return Math.max(0, count - 1) * paceIntervalMs(ratePerSecond);
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
