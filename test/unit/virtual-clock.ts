// A virtual clock for concurrent work: sleep registers a timer, and time jumps to the earliest timer once every
// task is idle, so several waits running together take virtual time side by side, as real ones would.
import type { Timing } from '../../src/http/retry.js';

interface Timer {
  at: number;
  seq: number;
  resolve: () => void;
}

export function virtualClock(start = Date.UTC(2026, 10, 26, 12, 0, 0)) {
  let now = start;
  let seq = 0;
  let timers: Timer[] = [];
  const timing: Timing = {
    now: () => now,
    sleep: (ms, signal) =>
      new Promise<void>((resolve) => {
        if (signal?.aborted) return resolve();
        const onAbort = () => {
          timers = timers.filter((t) => t !== timer);
          resolve();
        };
        const timer: Timer = {
          at: now + Math.max(0, ms),
          seq: seq++,
          resolve: () => {
            signal?.removeEventListener('abort', onAbort);
            resolve();
          },
        };
        timers.push(timer);
        signal?.addEventListener('abort', onAbort, { once: true });
      }),
    random: () => 0.5,
  };

  /** Runs `work` to its end, moving time to each next timer whenever nothing else can proceed. */
  async function run<T>(work: Promise<T>): Promise<T> {
    let settled = false;
    const watched = work.finally(() => {
      settled = true;
    });
    watched.catch(() => {});
    for (;;) {
      await new Promise((r) => setImmediate(r));
      if (settled) return watched;
      timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
      const next = timers.shift();
      if (!next) throw new Error('virtual clock: the work waits for nothing that will come');
      now = Math.max(now, next.at);
      next.resolve();
    }
  }

  return { timing, run, start, now: () => now };
}
