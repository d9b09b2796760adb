// A virtual clock: sleep advances time instantly, so retry tests never wait.
import type { Timing } from '../../src/http/retry.js';

export function fakeTiming(
  start = Date.UTC(2026, 10, 26, 12, 0, 0),
  randoms: number[] = [],
): Timing & { sleeps: number[]; advance(ms: number): void } {
  let now = start;
  const sleeps: number[] = [];
  return {
    now: () => now,
    sleep: (ms) => {
      sleeps.push(ms);
      now += ms;
      return Promise.resolve();
    },
    random: () => (randoms.length ? (randoms.shift() as number) : 0.5),
    sleeps,
    advance(ms) {
      now += ms;
    },
  };
}
