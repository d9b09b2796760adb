// Paces one step's requests to the quota: at most R a second as the service sees them arrive, slower after throttling.
import { MAX_SLOWDOWN, paceIntervalMs, PACE_RECOVERY } from '../common/tunables.js';
import type { Answer, Pace } from './retry.js';

export class Pacer implements Pace {
  /** When the previous request was answered, or sent when it got no answer: the spacing runs from here. */
  private spaceFrom: number | undefined;
  private slowdown = 1;

  constructor(private readonly ratePerSecond: number) {}

  /** The least spacing between a request's answer and the next send: 1/R plus the margin. */
  get intervalMs(): number {
    return paceIntervalMs(this.ratePerSecond);
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
    else if (answer === 'accepted') this.slowdown = Math.max(1, this.slowdown * PACE_RECOVERY);
  }
}
