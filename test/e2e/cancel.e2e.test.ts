// End to end: the runner cancels the step (SIGINT, then SIGTERM): the action stops starting jobs and reports what started.
import type { ChildProcess } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { AWS_JOB, LONG_TERM } from '../emulator/fixtures.mjs';
import { visibleText } from '../emulator/run-dist.mjs';
import { stepAgainst, usePartnerCentral, type Emulator } from './emulator.js';

const pc = usePartnerCentral();
/**
 * Only a hang fails on time here: a cancelled step that does its work exits within a few hundred ms of the
 * signal, and one that misses the signal is cut by the action's own exit timer (EXIT_AFTER_CANCEL_MS, 5 s)
 * without a report. Below that timer, and far above a busy machine's start-up and exit.
 */
const HANG_MS = 4000;
/** A pace (and throttling retry) of 50 s: a wait the signal did not end would outlast HANG_MS many times. */
const SLOW_PACE = '0.02';
const ids = (n: number) =>
  Array.from({ length: n }, (_, i) => `job-cancel${String(i).padStart(7, '0')}`);
const results = (outputs: Record<string, string>) =>
  JSON.parse(outputs.results ?? '[]') as Record<string, string | number>[];

async function until(cond: () => boolean, what: string, timeoutMs = 15_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/**
 * Runs a step and sends `signals` once `ready` holds (spaced by `gapMs`); returns the run and the time from
 * the first signal to the process's exit.
 */
async function cancelWhen(
  emulator: Emulator,
  inputs: Record<string, string>,
  ready: (live: { stdout: string }) => boolean,
  signals: NodeJS.Signals[] = ['SIGINT'],
  gapMs = 0,
) {
  let signalledAt = 0;
  let child: ChildProcess | undefined;
  const run = await stepAgainst(emulator, inputs, undefined, {
    onSpawn: (c, live) => {
      child = c;
      void until(() => ready(live), 'the moment to cancel').then(async () => {
        signalledAt = Date.now();
        for (const [i, s] of signals.entries()) {
          if (i) await new Promise((r) => setTimeout(r, gapMs));
          child?.kill(s);
        }
      });
    },
  });
  return { run, afterSignalMs: Date.now() - signalledAt };
}

describe('a cancelled step says what it started', () => {
  it('SIGINT while the pacer waits: the started job reported, the rest not attempted, exit well inside the grace', async () => {
    const jobs = ids(4);
    for (const id of jobs) pc().addJob('AWS', id);
    const { run, afterSignalMs } = await cancelWhen(
      pc(),
      { catalog: 'AWS', 'job-identifier': jobs.join(','), 'requests-per-second': SLOW_PACE },
      () => pc().requests.length === 1 && pc().requests[0]!.outcome === 'ok',
    );
    // The emulator saw one start: the signal ended the 50 s pace wait, and the report came (no exit timer).
    expect(pc().requests.map((r) => r.operation)).toEqual(['StartResourceSnapshotJob']);
    expect(afterSignalMs).toBeLessThan(HANG_MS);
    expect(run.code).toBe(1);
    expect(pc().running('AWS')).toEqual([jobs[0]]);
    expect(results(run.outputs).map((r) => r.status)).toEqual([
      'started',
      'not-attempted',
      'not-attempted',
      'not-attempted',
    ]);
    expect(results(run.outputs)[1]?.['error-message']).toBe(
      'not attempted: the step was cancelled',
    );
    expect(run.outputs).toMatchObject({
      'started-count': '1',
      'failed-count': '3',
      'error-code': 'Cancelled',
    });
    expect(run.annotations).toHaveLength(1);
    expect(run.errors[0]?.title).toBe('Cancelled: 1 of 4 jobs started');
    expect(run.errors[0]?.message).toContain(`Started: ${jobs[0]}.`);
    expect(run.errors[0]?.message).toContain('Re-running the step is safe');
    expect(run.summary).toContain('Cancelled: 1 of 4 started');
    expect(run.log).toContain('Received SIGINT');
  });

  it('SIGTERM works the same way', async () => {
    const jobs = ids(3);
    for (const id of jobs) pc().addJob('AWS', id);
    const { run, afterSignalMs } = await cancelWhen(
      pc(),
      { catalog: 'AWS', 'job-identifier': jobs.join(','), 'requests-per-second': SLOW_PACE },
      () => pc().requests.length === 1 && pc().requests[0]!.outcome === 'ok',
      ['SIGTERM'],
    );
    expect(pc().requests).toHaveLength(1);
    expect(afterSignalMs).toBeLessThan(HANG_MS);
    expect(run.code).toBe(1);
    expect(run.outputs['started-count']).toBe('1');
    expect(run.errors[0]?.title).toBe('Cancelled: 1 of 3 jobs started');
  });

  it('SIGINT during a backoff ends the wait at once; the throttled job is reported failed, not started', async () => {
    pc().script({
      error: 'ThrottlingException',
      status: 429,
      message: 'Rate exceeded',
      headers: { 'retry-after': '4' },
    });
    const { run, afterSignalMs } = await cancelWhen(
      pc(),
      // At this pace a throttled start is retried 50 s later: only the signal can end that wait in time.
      { catalog: 'AWS', 'job-identifier': AWS_JOB, 'requests-per-second': SLOW_PACE },
      (live) => /retrying in/.test(live.stdout),
    );
    expect(run.log).toMatch(/retrying in 5\d\.\d\d s/);
    expect(afterSignalMs).toBeLessThan(HANG_MS);
    expect(run.code).toBe(1);
    expect(pc().requests).toHaveLength(1);
    expect(results(run.outputs)[0]).toMatchObject({
      status: 'failed',
      'error-code': 'ThrottlingException',
    });
    expect(run.errors.map((e) => e.title)).toEqual(['Cancelled: 0 of 1 job started']);
    // The step's error is the cancel that ended it, as the annotation says, not the job's last throttle.
    expect(run.outputs['error-code']).toBe('Cancelled');
  });

  it('an answer that comes just after the signal ends the step at once, and all-started says so plainly', async () => {
    pc().script({ delayMs: 300, pass: true });
    const { run, afterSignalMs } = await cancelWhen(
      pc(),
      { catalog: 'AWS', 'job-identifier': AWS_JOB },
      () => pc().requests.length === 1,
    );
    // The 1 s grace ends with the answer: nothing waits for its timer (it used to take 1.02 s every time).
    expect(afterSignalMs).toBeLessThan(950);
    expect(pc().running('AWS')).toEqual([AWS_JOB]);
    expect(results(run.outputs)[0]).toMatchObject({ status: 'started', attempts: 1 });
    expect(run.outputs).toMatchObject({
      'started-count': '1',
      'failed-count': '0',
      'error-code': 'Cancelled',
    });
    expect(run.errors).toEqual([]);
    expect(run.warnings.map((w) => w.title)).toEqual([
      'Cancelled after every job started (1 of 1)',
    ]);
    expect(run.warnings[0]?.message).toContain('Nothing is left to start');
  });

  it('SIGINT while a request is in flight: a short grace, then reported honestly as unknown', async () => {
    pc().script({ hang: true });
    const { run, afterSignalMs } = await cancelWhen(
      pc(),
      { catalog: 'AWS', 'job-identifier': AWS_JOB },
      () => pc().requests.length === 1,
    );
    // The grace is a floor a busy machine can only lengthen; a request never abandoned would hang to the exit timer.
    expect(afterSignalMs).toBeGreaterThanOrEqual(900);
    expect(afterSignalMs).toBeLessThan(HANG_MS);
    expect(pc().requests).toHaveLength(1);
    expect(run.code).toBe(1);
    expect(results(run.outputs)[0]).toMatchObject({ status: 'unknown', attempts: 1 });
    expect(run.outputs['started-count']).toBe('0');
    expect(run.errors[0]?.message).toContain(
      `Sent but unanswered (they may have started): ${AWS_JOB}.`,
    );
    expect(run.summary).toContain('unknown: sent, no reply (may have started)');
    expect(visibleText(run)).not.toContain(LONG_TERM.secretAccessKey);
  });

  it('a second signal ends the process at once', async () => {
    pc().script({ hang: true });
    const { run, afterSignalMs } = await cancelWhen(
      pc(),
      { catalog: 'AWS', 'job-identifier': AWS_JOB },
      () => pc().requests.length === 1,
      ['SIGINT', 'SIGINT'],
      100,
    );
    expect(run.code).toBe(1);
    // Ended at once: the one request hangs, and no report was written, where a step that let the grace run
    // (1 s) would have reported the job as unknown.
    expect(pc().requests).toHaveLength(1);
    expect(run.outputs).toEqual({});
    expect(run.summary).toBe('');
    expect(run.log.match(/Received SIGINT/g)).toHaveLength(1);
    expect(afterSignalMs).toBeLessThan(HANG_MS);
  });
});
