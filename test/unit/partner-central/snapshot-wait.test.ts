// snapshot-wait on a scripted reader and a fake clock: readBefore's reads and refusals, and waitForSnapshot's
// polls until a newer revision, a failure, a failed read, a cancel, the end of the wait or of timeout-seconds.
import { describe, expect, it } from 'vitest';
import { SNAPSHOT_WAIT } from '../../../src/common/tunables.js';
import type { CallError } from '../../../src/http/call-error.js';
import type { CallOutcome } from '../../../src/http/retry.js';
import type { JobDescription, JobTarget } from '../../../src/partner-central/operations.js';
import {
  readBefore,
  waitForSnapshot,
  type Before,
  type ReadFailure,
  type SnapshotReader,
} from '../../../src/partner-central/snapshot-wait.js';
import type {
  LatestSnapshot,
  Snapshot,
  SnapshotTarget,
} from '../../../src/partner-central/snapshots.js';
import { fakeTiming } from '../fake-timing.js';
import { virtualClock } from '../virtual-clock.js';

const job: JobTarget = {
  catalog: 'AWS',
  jobIdentifier: 'job-0123456789abc',
  region: 'us-east-1',
  endpoint: new URL('https://partnercentral-selling.us-east-1.api.aws/'),
};
const running: JobDescription = {
  'job-status': 'Running',
  'engagement-id': 'eng-0123456789abcd',
  'resource-type': 'Opportunity',
  'resource-id': 'O1',
  'resource-snapshot-template-name': 'TEMPLATE1',
};
const stopped: JobDescription = { ...running, 'job-status': 'Stopped' };
const target: SnapshotTarget = {
  catalog: 'AWS',
  region: 'us-east-1',
  endpoint: job.endpoint,
  engagementId: 'eng-0123456789abcd',
  resourceType: 'Opportunity',
  resourceId: 'O1',
  templateName: 'TEMPLATE1',
};
const snap = (revision: number): Snapshot => ({ revision, body: `{"Revision":${revision}}` });
const ok = <T>(value: T, requestId?: string): CallOutcome<T> => ({
  ok: true,
  value,
  attempts: 1,
  elapsedMs: 20,
  ...(requestId ? { requestId } : {}),
});
const denied: CallError = {
  name: 'AccessDeniedException',
  message: 'not authorized',
  status: 403,
  retryClass: 'client',
  requestId: 'rid-denied',
};
const failed = (stop: ReadFailure['stop'] = 'client', error = denied): ReadFailure => ({
  ok: false,
  error,
  attempts: 1,
  elapsedMs: 20,
  stop,
  ...(error.requestId ? { requestId: error.requestId } : {}),
});

interface Read {
  at: number;
  op: 'job' | 'snapshot';
  target: JobTarget | SnapshotTarget;
}

/** A reader answering by the time since the start; every read recorded. */
function scripted(
  timing: { now(): number },
  startedAt: number,
  answers: {
    job?: (sinceMs: number, n: number) => CallOutcome<JobDescription>;
    snapshot?: (sinceMs: number, n: number) => CallOutcome<LatestSnapshot>;
  },
) {
  const reads: Read[] = [];
  const count = { job: 0, snapshot: 0 };
  const reader: SnapshotReader = {
    job: (t) => {
      reads.push({ at: timing.now() - startedAt, op: 'job', target: t });
      return Promise.resolve(
        (answers.job ?? (() => ok(running)))(timing.now() - startedAt, ++count.job),
      );
    },
    snapshot: (t) => {
      reads.push({ at: timing.now() - startedAt, op: 'snapshot', target: t });
      return Promise.resolve(
        (answers.snapshot ?? (() => ok(snap(3))))(timing.now() - startedAt, ++count.snapshot),
      );
    },
  };
  return { reader, reads };
}

describe('readBefore', () => {
  it('reads the job, then the latest snapshot of what it describes', async () => {
    const timing = fakeTiming();
    const { reader, reads } = scripted(timing, timing.now(), {
      job: () => ok(running, 'rid-job'),
      snapshot: () => ok(snap(3), 'rid-snap'),
    });
    expect(await readBefore(job, reader)).toEqual({
      ok: true,
      description: running,
      target,
      latest: snap(3),
      readRequestId: 'rid-snap',
    });
    expect(reads.map((r) => [r.op, r.target])).toEqual([
      ['job', job],
      ['snapshot', target],
    ]);
  });

  it("takes no snapshot yet as revision 0, and the job's request id when the snapshot read has none", async () => {
    const timing = fakeTiming();
    const { reader } = scripted(timing, timing.now(), {
      job: () => ok(running, 'rid-job'),
      snapshot: () => ok(undefined),
    });
    const r = await readBefore(job, reader);
    expect(r).toMatchObject({ ok: true, readRequestId: 'rid-job' });
    expect(r.ok && r.latest).toBeUndefined();
  });

  it('has no request id when no read gave one', async () => {
    const timing = fakeTiming();
    const { reader } = scripted(timing, timing.now(), {});
    expect(await readBefore(job, reader)).not.toHaveProperty('readRequestId');
  });

  it('stops at a failed job read, without reading the snapshot', async () => {
    const timing = fakeTiming();
    const outcome = failed();
    const { reader, reads } = scripted(timing, timing.now(), { job: () => outcome });
    expect(await readBefore(job, reader)).toEqual({
      ok: false,
      read: 'GetResourceSnapshotJob',
      outcome,
    });
    expect(reads.map((r) => r.op)).toEqual(['job']);
  });

  it('names the members the description lacks, without reading the snapshot', async () => {
    const timing = fakeTiming();
    const partial: JobDescription = { 'job-status': 'Running', 'resource-type': 'Opportunity' };
    const { reader, reads } = scripted(timing, timing.now(), { job: () => ok(partial, 'rid-job') });
    expect(await readBefore(job, reader)).toEqual({
      ok: false,
      missing: ['EngagementId', 'ResourceId', 'ResourceSnapshotTemplateName'],
      description: partial,
      readRequestId: 'rid-job',
    });
    expect(reads.map((r) => r.op)).toEqual(['job']);
    const none = scripted(timing, timing.now(), { job: () => ok({}) });
    expect(await readBefore(job, none.reader)).not.toHaveProperty('readRequestId');
  });

  it('keeps the description when the snapshot read fails', async () => {
    const timing = fakeTiming();
    const outcome = failed('deadline');
    const { reader } = scripted(timing, timing.now(), { snapshot: () => outcome });
    expect(await readBefore(job, reader)).toEqual({
      ok: false,
      read: 'GetResourceSnapshot',
      outcome,
      description: running,
    });
  });
});

describe('waitForSnapshot', () => {
  const before = (latest: LatestSnapshot = snap(3), description = running): Before => ({
    description,
    target,
    latest,
    readRequestId: 'rid-before',
  });

  /** A wait started at the clock's start: 60 s of wait, a deadline far off, a read every 4 s. */
  function wait(
    answers: Parameters<typeof scripted>[2],
    over: Partial<Parameters<typeof waitForSnapshot>[0]> = {},
  ) {
    const timing = fakeTiming();
    const startedAt = timing.now();
    const { reader, reads } = scripted(timing, startedAt, answers);
    const done = waitForSnapshot({
      job,
      before: before(),
      startedAt,
      waitMs: 60_000,
      deadlineAt: startedAt + 300_000,
      reader,
      timing,
      pollEveryMs: () => SNAPSHOT_WAIT.pollEveryMs,
      ...over,
    });
    return { done, reads, timing, startedAt };
  }

  it('reads the snapshot, then the job, every 4 s until a newer revision', async () => {
    const { done, reads } = wait({
      snapshot: (t) => ok(snap(t >= 10_000 ? 4 : 3), `rid-snap-${t}`),
      job: (t) => ok(running, `rid-job-${t}`),
    });
    expect(await done).toEqual({
      latest: snap(4),
      isNew: true,
      description: running,
      waitedMs: 12_000,
      polls: 3,
      readRequestId: 'rid-job-12000',
    });
    expect(reads.map((r) => `${r.at} ${r.op}`)).toEqual([
      '4000 snapshot',
      '4000 job',
      '8000 snapshot',
      '8000 job',
      '12000 snapshot',
      '12000 job',
    ]);
    expect(reads.filter((r) => r.op === 'snapshot').map((r) => r.target)).toEqual([
      target,
      target,
      target,
    ]);
    expect(reads.filter((r) => r.op === 'job').map((r) => r.target)).toEqual([job, job, job]);
  });

  it('takes any snapshot as new when there was none before', async () => {
    const { done } = wait(
      { snapshot: (t) => ok(t >= 8000 ? snap(1) : undefined) },
      {
        before: { ...before(), latest: undefined },
      },
    );
    expect(await done).toMatchObject({ latest: snap(1), isNew: true, polls: 2 });
  });

  it('ends with a last read at the end of the wait, no two reads closer than 3 s, when nothing newer came', async () => {
    const { done, reads } = wait({}, { waitMs: 10_000 });
    expect(await done).toEqual({
      latest: snap(3),
      isNew: false,
      description: running,
      waitedMs: 10_000,
      polls: 3,
      readRequestId: 'rid-before',
    });
    expect(reads.filter((r) => r.op === 'snapshot').map((r) => r.at)).toEqual([4000, 7000, 10_000]);
  });

  it('reads once, at once, for a wait of 0', async () => {
    const { done, reads } = wait({}, { waitMs: 0 });
    expect(await done).toMatchObject({ isNew: false, polls: 1, waitedMs: 0 });
    expect(reads.map((r) => `${r.at} ${r.op}`)).toEqual(['0 snapshot', '0 job']);
  });

  it('asks how often to read before each poll', async () => {
    const every = [4000, 8000, 5000];
    const { done, reads } = wait(
      { snapshot: (_t, n) => ok(snap(n === 3 ? 4 : 3)) },
      { pollEveryMs: () => every.shift() ?? 4000 },
    );
    expect(await done).toMatchObject({ isNew: true, polls: 3 });
    expect(reads.filter((r) => r.op === 'snapshot').map((r) => r.at)).toEqual([
      4000, 12_000, 17_000,
    ]);
  });

  it('counts the wait from the start, not from the call', async () => {
    const timing = fakeTiming();
    const startedAt = timing.now();
    timing.advance(2000);
    const { reader, reads } = scripted(timing, startedAt, {});
    const r = await waitForSnapshot({
      job,
      before: before(),
      startedAt,
      waitMs: 10_000,
      deadlineAt: startedAt + 300_000,
      reader,
      timing,
      pollEveryMs: () => 4000,
    });
    expect(r).toMatchObject({ isNew: false, waitedMs: 10_000 });
    expect(reads.filter((x) => x.op === 'snapshot').map((x) => x.at)).toEqual([6000, 10_000]);
  });

  it('keeps the snapshot it saw when a later read says none (the service lags)', async () => {
    const { done } = wait(
      { snapshot: (t) => ok(t === 8000 ? undefined : snap(3)) },
      { waitMs: 12_000 },
    );
    expect((await done).latest).toEqual(snap(3));
    const fromNone = wait({ snapshot: () => ok(undefined) }, { waitMs: 12_000 });
    expect(await fromNone.done).toMatchObject({ isNew: false, polls: 3 });
    expect((await fromNone.done).latest).toEqual(snap(3));
  });

  it('keeps the last request id a read gave, else the one from before the start', async () => {
    const { done } = wait(
      {
        snapshot: (t) => ok(snap(3), t === 4000 ? 'rid-snap-4000' : undefined),
        job: () => ok(running),
      },
      { waitMs: 10_000 },
    );
    expect((await done).readRequestId).toBe('rid-snap-4000');
    const none = wait({}, { waitMs: 10_000, before: { ...before(), readRequestId: undefined } });
    expect(await none.done).not.toHaveProperty('readRequestId');
  });

  describe('the job', () => {
    it('fails the wait when it reports a new LastFailure, with its status', async () => {
      const { done } = wait({
        job: (t) =>
          ok(t >= 8000 ? { ...stopped, 'last-failure': 'Template no longer matches' } : running),
      });
      expect(await done).toMatchObject({
        isNew: false,
        jobFailed: { lastFailure: 'Template no longer matches', status: 'Stopped' },
        waitedMs: 8000,
        polls: 2,
        description: { 'last-failure': 'Template no longer matches' },
      });
    });

    it('gives a LastFailure without a status when the job says none', async () => {
      const { done } = wait({ job: () => ok({ 'last-failure': 'gone' }) });
      expect((await done).jobFailed).toStrictEqual({ lastFailure: 'gone' });
    });

    it('ignores the LastFailure it already had before the start', async () => {
      const old = { ...running, 'last-failure': 'an old failure' };
      const { done } = wait({ job: () => ok(old) }, { before: before(snap(3), old), waitMs: 8000 });
      expect(await done).toEqual(expect.objectContaining({ isNew: false, polls: 2 }));
      expect(await done).not.toHaveProperty('jobFailed');
    });

    it('fails the wait when a job seen Running stops', async () => {
      const { done } = wait({ job: (t) => ok(t >= 8000 ? stopped : running) });
      expect(await done).toMatchObject({
        isNew: false,
        jobFailed: { status: 'Stopped' },
        polls: 2,
      });
      expect((await done).jobFailed).not.toHaveProperty('lastFailure');
    });

    it('gives a job just started 5 s to show Running, then fails the wait', async () => {
      const late = wait({ job: (t) => ok(t >= 8000 ? running : stopped) }, { waitMs: 12_000 });
      expect(await late.done).not.toHaveProperty('jobFailed');
      const never = wait({ job: () => ok(stopped) });
      expect(await never.done).toMatchObject({
        isNew: false,
        jobFailed: { status: 'Stopped' },
        waitedMs: 8000,
        polls: 2,
      });
    });

    it('fails the wait, without a status, when the job says none', async () => {
      const statusless = Object.fromEntries(
        Object.entries(running).filter(([k]) => k !== 'job-status'),
      ) as JobDescription;
      const { done } = wait({ job: () => ok(statusless) });
      const r = await done;
      expect(r.jobFailed).toStrictEqual({});
      expect(r.waitedMs).toBe(8000);
    });

    it('a newer revision wins over a job that failed at the same poll', async () => {
      const { done } = wait({
        snapshot: (t) => ok(snap(t >= 8000 ? 4 : 3)),
        job: (t) =>
          ok(t >= 8000 ? { ...stopped, 'last-failure': 'failed after the snapshot' } : running),
      });
      const r = await done;
      expect(r).toMatchObject({ isNew: true, latest: snap(4) });
      expect(r).not.toHaveProperty('jobFailed');
    });
  });

  describe('failed reads', () => {
    it('stops at a failed snapshot read, without reading the job', async () => {
      const outcome = failed();
      const { done, reads } = wait({ snapshot: (t) => (t >= 8000 ? outcome : ok(snap(3))) });
      const r = await done;
      expect(r).toEqual({
        latest: snap(3),
        description: running,
        readFailed: { read: 'GetResourceSnapshot', outcome },
        waitedMs: 8000,
        polls: 2,
        readRequestId: 'rid-denied',
      });
      expect(reads.map((x) => `${x.at} ${x.op}`)).toEqual([
        '4000 snapshot',
        '4000 job',
        '8000 snapshot',
      ]);
    });

    it('stops at a failed job read when nothing newer came', async () => {
      const outcome = failed('attempts');
      const { done } = wait({ job: (t) => (t >= 8000 ? outcome : ok(running)) });
      expect(await done).toMatchObject({
        readFailed: { read: 'GetResourceSnapshotJob', outcome },
        polls: 2,
        description: running,
      });
    });

    it('still reports a newer revision when the job read of that poll failed', async () => {
      const { done } = wait({
        snapshot: () => ok(snap(4)),
        job: () => failed(),
      });
      const r = await done;
      expect(r).toMatchObject({ isNew: true, latest: snap(4), description: running, polls: 1 });
      expect(r).not.toHaveProperty('readFailed');
    });

    it('takes a read stopped by the cancel as the cancel, not as a failure', async () => {
      const cancelled = failed('cancelled', {
        name: 'Cancelled',
        message: 'the step was cancelled',
        retryClass: 'client',
      });
      for (const answers of [{ snapshot: () => cancelled }, { job: () => cancelled }]) {
        const r = await wait(answers).done;
        expect(r).toMatchObject({ cancelled: true, polls: 1 });
        expect(r).not.toHaveProperty('readFailed');
        expect(r).not.toHaveProperty('isNew');
      }
    });
  });

  describe('the cancel', () => {
    /** On the virtual clock, whose sleep ends at once when the step is cancelled, as the real one does. */
    function cancelled(cancelAtMs: number) {
      const clock = virtualClock();
      const controller = new AbortController();
      const { reader, reads } = scripted(clock.timing, clock.start, {});
      void clock.timing.sleep(cancelAtMs).then(() => controller.abort());
      const done = clock.run(
        waitForSnapshot({
          job,
          before: before(),
          startedAt: clock.start,
          waitMs: 60_000,
          deadlineAt: clock.start + 300_000,
          reader,
          timing: clock.timing,
          cancel: controller.signal,
          pollEveryMs: () => 4000,
        }),
      );
      return { done, reads };
    }

    it('stops waiting when the step is cancelled, reading nothing more', async () => {
      const { done, reads } = cancelled(10_000);
      expect(await done).toEqual({
        latest: snap(3),
        description: running,
        cancelled: true,
        waitedMs: 10_000,
        polls: 2,
        readRequestId: 'rid-before',
      });
      expect(reads.map((r) => r.at)).toEqual([4000, 4000, 8000, 8000]);
    });

    it('reads nothing when cancelled before the first read', async () => {
      const { done, reads } = cancelled(0);
      expect(await done).toMatchObject({ cancelled: true, polls: 0, waitedMs: 0 });
      expect(reads).toEqual([]);
    });
  });

  describe('timeout-seconds', () => {
    it('cuts the wait short so its last reads fit before the deadline, and says so', async () => {
      const { done, reads, startedAt } = wait(
        {},
        { deadlineAt: Date.UTC(2026, 10, 26, 12, 0, 20) },
      );
      expect(startedAt).toBe(Date.UTC(2026, 10, 26, 12, 0, 0));
      const r = await done;
      expect(r).toMatchObject({ isNew: false, cutShort: true, waitedMs: 17_000 });
      expect(reads.filter((x) => x.op === 'snapshot').map((x) => x.at)).toEqual([
        4000, 8000, 12_000, 17_000,
      ]);
    });

    it('does not say cut short when the wait ends first, even just before the deadline', async () => {
      const r = await wait({}, { waitMs: 10_000, deadlineAt: Date.UTC(2026, 10, 26, 12, 0, 13) })
        .done;
      expect(r).toMatchObject({ isNew: false, waitedMs: 10_000 });
      expect(r).not.toHaveProperty('cutShort');
    });

    it('reads once, at once, when the deadline is already too close', async () => {
      const { done, reads } = wait({}, { deadlineAt: Date.UTC(2026, 10, 26, 12, 0, 1) });
      expect(await done).toMatchObject({ isNew: false, cutShort: true, polls: 1, waitedMs: 0 });
      expect(reads).toHaveLength(2);
    });
  });
});
