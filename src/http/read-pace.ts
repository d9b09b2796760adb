// One read pace for reads that run concurrently (several jobs waited for together): never two sends closer than 1/R.
import { CONCURRENT_SEND_MARGIN_MS } from '../common/tunables.js';
import type { Answer, Pace } from './retry.js';

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
