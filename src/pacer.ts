// Paces one step's requests to the quota: at most R a second as the service sees them arrive, slower after throttling.
import type { Pace } from './retry.js';

/**
 * The next request goes 1/R after the previous accepted one was answered, not after it was sent: it then
 * reaches the service at least 1/R after that one did, whatever the network or the service's queue did to
 * either (measured here: spacing from the send, even with a 30 ms margin, was throttled on a loaded machine).
 * Only an accepted request takes a token from the quota, so a retry after a throttle or a fault is spaced by
 * its backoff alone. The price is one round trip per job. A few ms more cover timer granularity.
 */
export const PACE_MARGIN_MS = 2;
/** After throttling the interval between jobs doubles, up to this factor; each success brings it back down. */
export const MAX_SLOWDOWN = 4;
const RECOVERY = 0.75;

export class Pacer implements Pace {
  private lastAcceptedAt: number | undefined;
  private slowdown = 1;

  constructor(private readonly ratePerSecond: number) {}

  /** The least spacing between an accepted request's answer and the next send: 1/R plus the margin. */
  get intervalMs(): number {
    return 1000 / this.ratePerSecond + PACE_MARGIN_MS;
  }

  /**
   * A job's first request waits the interval times the slowdown, so a step that is being throttled leaves
   * room to runs it shares the quota with; a retry waits only the interval (its backoff already spaced it).
   */
  delayMs(now: number, retry = false): number {
    if (this.lastAcceptedAt === undefined) return 0;
    const spacing = this.intervalMs * (retry ? 1 : this.slowdown);
    return Math.max(0, Math.ceil(this.lastAcceptedAt + spacing - now));
  }

  /** Other runs share the quota: halve this step's pace, so they get room too. */
  throttled(): void {
    this.slowdown = Math.min(MAX_SLOWDOWN, this.slowdown * 2);
  }

  /** The service accepted the request (it took a token) and answered at `now`. */
  succeeded(now: number): void {
    this.lastAcceptedAt = now;
    this.slowdown = Math.max(1, this.slowdown * RECOVERY);
  }
}

/** The least time K requests at R a second take: the first goes at once, then one every interval (round trips aside). */
export function pacedSpanMs(count: number, ratePerSecond: number): number {
  return Math.max(0, count - 1) * new Pacer(ratePerSecond).intervalMs;
}
