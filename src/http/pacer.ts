// Paces one step's requests to the service's quota: at most R a second as the service sees them arrive, slower
// after throttling. A pacer owns its rate: the retry policy reads it from here (throttled retries are timed by it).
import {
  CONCURRENT_SEND_MARGIN_MS,
  MAX_SLOWDOWN,
  paceIntervalMs,
  PACE_RECOVERY,
} from '../common/tunables.js';

/** How the service answered a request: it took a token (accepted), throttled it, or refused it otherwise. */
export type Answer = 'accepted' | 'throttled' | 'failed';

/** What withRetry needs of a pacer: its rate, when the next request may go, and what became of the last one. */
export interface Pacer {
  /** The quota's rate (requests a second) this pacer keeps to. */
  readonly ratePerSecond: number;
  /** How long to wait from `now` before the next request may be sent (a job's first, or a retry). */
  delayMs(now: number, retry: boolean): number;
  /** A request went out at `now`. */
  sent(now: number): void;
  /** The service answered the request at `now` (any HTTP status); not called when no answer came. */
  answered(now: number, answer: Answer): void;
}

/** Requests sent one at a time (the step's starts): each spaced 1/R from the previous answer. */
export class QuotaPacer implements Pacer {
  /** When the previous request was answered, or sent when it got no answer: the spacing runs from here. */
  private spaceFrom: number | undefined;
  private slowdown = 1;

  constructor(readonly ratePerSecond: number) {}

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

/**
 * Requests sent concurrently (the reads of jobs waited for together): a QuotaPacer's spacing, and never two sends
 * closer than 1/R, since two readers could both see "no wait" before either is answered.
 */
export class ConcurrentPacer implements Pacer {
  private readonly quota: QuotaPacer;
  private nextSendAt = -Infinity;

  constructor(readonly ratePerSecond: number) {
    this.quota = new QuotaPacer(ratePerSecond);
  }

  /** The least spacing between two sends: 1/R plus the margin. */
  get intervalMs(): number {
    return 1000 / this.ratePerSecond + CONCURRENT_SEND_MARGIN_MS;
  }

  /** The quota's delay, but never before the slot after the last reserved one; reserves the slot. */
  delayMs(now: number, retry: boolean): number {
    const delay = Math.max(this.quota.delayMs(now, retry), Math.ceil(this.nextSendAt - now), 0);
    this.nextSendAt = now + delay + this.intervalMs;
    return delay;
  }

  sent(now: number): void {
    this.quota.sent(now);
  }

  answered(now: number, answer: Answer): void {
    this.quota.answered(now, answer);
  }
}
