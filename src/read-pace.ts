// One read pace for reads that run concurrently (several jobs waited for together): never two sends closer than 1/R.
import type { Answer, Pace } from './retry.js';

/**
 * The Pacer spaces a request from the previous ANSWER, which bounds the rate only when requests go one at a
 * time. Jobs waited for together read concurrently: two of them could both see "no wait" and send at once.
 * So each send also reserves its slot: the next may go no earlier than 1/R plus this margin after it. The
 * margin is larger than the Pacer's because here spacing is from the send, and a send's arrival at the
 * service may be delayed a little more than the next one's (the quota is a token bucket of one).
 */
export const CONCURRENT_SEND_MARGIN_MS = 20;

export class SharedPace implements Pace {
  private nextSendAt = -Infinity;

  constructor(
    private readonly inner: Pace,
    private readonly ratePerSecond: number,
  ) {}

  /** The least spacing between two sends: 1/R plus the margin. */
  get intervalMs(): number {
    return 1000 / this.ratePerSecond + CONCURRENT_SEND_MARGIN_MS;
  }

  /** The inner pace's delay, but never before the slot after the last reserved one; reserves the slot. */
  delayMs(now: number, retry: boolean): number {
    const delay = Math.max(this.inner.delayMs(now, retry), Math.ceil(this.nextSendAt - now), 0);
    this.nextSendAt = now + delay + this.intervalMs;
    return delay;
  }

  sent(now: number): void {
    this.inner.sent(now);
  }

  answered(now: number, answer: Answer): void {
    this.inner.answered(now, answer);
  }
}
