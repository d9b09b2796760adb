// Paces one step's requests to the quota: at most R a second as the service sees them arrive, slower after throttling.
import type { Pace } from './retry.js';

/** A request sent exactly 1/R after the previous one can arrive a little early: leave this much more. */
export const PACE_MARGIN = { fraction: 0.03, minMs: 10 } as const;
/** After throttling the interval between jobs doubles, up to this factor; each success brings it back down. */
export const MAX_SLOWDOWN = 4;
const RECOVERY = 0.75;

export class Pacer implements Pace {
  private lastSentAt: number | undefined;
  private slowdown = 1;

  constructor(private readonly ratePerSecond: number) {}

  /** The least spacing between two sends: 1/R plus the margin. */
  get intervalMs(): number {
    const base = 1000 / this.ratePerSecond;
    return base + Math.max(PACE_MARGIN.minMs, base * PACE_MARGIN.fraction);
  }

  /**
   * A job's first request waits the interval times the slowdown, so a step that is being throttled leaves
   * room to runs it shares the quota with; a retry waits only the interval (its backoff already spaced it).
   */
  delayMs(now: number, retry = false): number {
    if (this.lastSentAt === undefined) return 0;
    const spacing = this.intervalMs * (retry ? 1 : this.slowdown);
    return Math.max(0, Math.ceil(this.lastSentAt + spacing - now));
  }

  sent(now: number): void {
    this.lastSentAt = now;
  }

  /** Other runs share the quota: halve this step's pace, so they get room too. */
  throttled(): void {
    this.slowdown = Math.min(MAX_SLOWDOWN, this.slowdown * 2);
  }

  succeeded(): void {
    this.slowdown = Math.max(1, this.slowdown * RECOVERY);
  }
}

/** The least time K requests at R a second take: the first goes at once, then one every interval. */
export function pacedSpanMs(count: number, ratePerSecond: number): number {
  return Math.max(0, count - 1) * new Pacer(ratePerSecond).intervalMs;
}
