import { SNAPSHOT_WAIT } from '../../../src/common/tunables.js';
import { describe, expect, it } from 'vitest';
import { nextPollInMs, pollEveryMs } from '../../../src/partner-central/snapshot-timing.js';

describe('snapshot timing', () => {
  it('reads each job every 4 s while the polls stay within their share of the read quota', () => {
    expect(pollEveryMs(1, 10)).toBe(SNAPSHOT_WAIT.pollEveryMs);
    expect(pollEveryMs(10, 10)).toBe(SNAPSHOT_WAIT.pollEveryMs);
    for (const jobs of [1, 10, 20, 100]) {
      const readsPerSecond = (jobs * SNAPSHOT_WAIT.readsPerPoll * 1000) / pollEveryMs(jobs, 10);
      expect(readsPerSecond).toBeLessThanOrEqual(10 * SNAPSHOT_WAIT.quotaShare);
    }
    expect(pollEveryMs(20, 10)).toBe(8000);
  });
});

describe('nextPollInMs', () => {
  it('reads every period, then splits the rest so the last read is at the end and no gap is under 3 s', () => {
    const gaps = (waitMs: number) => {
      const out: number[] = [];
      for (let left = waitMs; left > 0;) {
        const g = nextPollInMs(left, SNAPSHOT_WAIT.pollEveryMs);
        out.push(g);
        left -= g;
      }
      return out;
    };
    expect(gaps(6000)).toEqual([3000, 3000]);
    expect(gaps(12_000)).toEqual([4000, 4000, 4000]);
    expect(gaps(10_000)).toEqual([4000, 3000, 3000]);
    expect(gaps(2000)).toEqual([2000]);
    for (const w of [5000, 6500, 7000, 9000, 30_000, 61_000]) {
      const g = gaps(w);
      expect(g.reduce((a, b) => a + b, 0)).toBe(w);
      for (const x of g.slice(1)) expect(x).toBeGreaterThanOrEqual(SNAPSHOT_WAIT.minGapMs);
    }
  });
});
