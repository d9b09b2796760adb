// Paces one step's requests to the quota: at most R a second as the service sees them arrive, slower after throttling.
import type { Answer, Pace } from './retry.js';

/**
 * Every request goes at least 1/R after the previous one, whatever its answer (a quota counts every request
 * the service answers, a 404 or a throttle as much as a success). The spacing runs from the previous request's
 * answer, not its send, so it reaches the service at least 1/R after that one did whatever the network or the
 * service's queue did to either (measured here: spacing from the send, even with a 30 ms margin, was throttled
 * on a loaded machine). A request that got no answer (a timeout, a reset) is spaced from its send: spacing
 * from the moment it was given up cost a hung service its third attempt within timeout-seconds. A retry's
 * backoff counts toward the spacing (withRetry waits the longer of the two). A few ms more cover timer
 * granularity.
 */
export const PACE_MARGIN_MS = 2;
/** After throttling the interval between jobs doubles, up to this factor; each success brings it back down. */
export const MAX_SLOWDOWN = 4;
const RECOVERY = 0.75;

export class Pacer implements Pace {
  /** When the previous request was answered, or sent when it got no answer: the spacing runs from here. */
  private spaceFrom: number | undefined;
  private slowdown = 1;

  constructor(private readonly ratePerSecond: number) {}

  /** The least spacing between a request's answer and the next send: 1/R plus the margin. */
  get intervalMs(): number {
    return 1000 / this.ratePerSecond + PACE_MARGIN_MS;
  }

  /**
   * A job's first request waits the interval times the slowdown, so a step that is being throttled leaves
   * room to runs it shares the quota with; a retry waits the interval (and its backoff, see withRetry).
   */
  delayMs(now: number, retry = false): number {
    if (this.spaceFrom === undefined) return 0;
    const spacing = this.intervalMs * (retry ? 1 : this.slowdown);
    return Math.max(0, Math.ceil(this.spaceFrom + spacing - now));
  }

  sent(now: number): void {
    this.spaceFrom = now;
  }

  answered(now: number, answer: Answer): void {
    this.spaceFrom = Math.max(now, this.spaceFrom ?? now);
    // Other runs share the quota: halve this step's pace, so they get room too; each success wins some back.
    if (answer === 'throttled') this.slowdown = Math.min(MAX_SLOWDOWN, this.slowdown * 2);
    else if (answer === 'accepted') this.slowdown = Math.max(1, this.slowdown * RECOVERY);
  }
}

/** The least time K requests at R a second take: the first goes at once, then one every interval (round trips aside). */
export function pacedSpanMs(count: number, ratePerSecond: number): number {
  return Math.max(0, count - 1) * new Pacer(ratePerSecond).intervalMs;
}
