// snapshot-wait on a scripted reader (waits built here, no network) and a fake clock: readBaseline's reads and
// refusals, reportLatestSnapshot (the dry run), and waitForNewSnapshot's polls until a newer revision, a failure, a
// failed read, a cancel, the end of the wait or of timeout-seconds, as its findings, its one logged line, the reads
// and their virtual times, and waits.waiting show them; then pollEveryMs and nextPollInMs on their own.
import { describe, expect, it } from 'vitest';
import { plainText } from '../../../src/common/failure.js';
import { createSecrets } from '../../../src/common/secrets.js';
import { READ_REQUESTS_PER_SECOND, SNAPSHOT_WAIT } from '../../../src/common/tunables.js';
import type { CallError } from '../../../src/http/call-error.js';
import type { CallOutcome, FailedCall, Timing } from '../../../src/http/retry.js';
import type { CallDeps } from '../../../src/http/send-with-retry.js';
import { snapshotReadFailure, type JobContext } from '../../../src/partner-central/job-failures.js';
import type { JobDescription, JobTarget } from '../../../src/partner-central/operations.js';
import {
  nextPollInMs,
  pollEveryMs,
  readBaseline,
  reportLatestSnapshot,
  waitForNewSnapshot,
  type Baseline,
  type SnapshotFindings,
  type SnapshotWaits,
} from '../../../src/partner-central/snapshot-wait.js';
import type {
  LatestSnapshot,
  Snapshot,
  SnapshotTarget,
} from '../../../src/partner-central/snapshots.js';
import { fakeTiming } from '../fake-timing.js';
import { memoryFiles } from '../memory-files.js';
import { virtualClock } from '../virtual-clock.js';

const ID = 'job-0123456789abc';
const job: JobTarget = {
  catalog: 'AWS',
  jobIdentifier: ID,
  region: 'us-east-1',
  endpoint: new URL('https://partnercentral-selling.us-east-1.api.aws/'),
};
const ctx: JobContext = {
  catalog: job.catalog,
  jobIdentifier: ID,
  region: job.region,
  partition: 'aws',
  endpoint: job.endpoint,
  timeoutMs: 300_000,
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
const snap = (revision: number): Snapshot => ({
  revision,
  arn: `arn:aws:partnercentral:us-east-1::catalog/AWS/resource-snapshot/${revision}`,
  createdAt: `2026-11-26T11:00:0${revision}Z`,
  bytes: Buffer.from(`{"Revision":${revision}}`),
});
/** What a results entry shows of snap(revision). */
const shown = (revision: number) => ({
  revision,
  arn: snap(revision).arn,
  createdAt: snap(revision).createdAt,
});
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
const failed = (stop: FailedCall['stop'] = 'client', error = denied): FailedCall => ({
  ok: false,
  error,
  attempts: 1,
  elapsedMs: 20,
  stop,
  ...(error.requestId ? { requestId: error.requestId } : {}),
});
const cancelledRead = failed('cancelled', {
  name: 'Cancelled',
  message: 'the step was cancelled',
  retryClass: 'client',
});

interface Read {
  /** Since the start. */
  at: number;
  op: 'job' | 'snapshot';
  target: JobTarget | SnapshotTarget;
  /** waits.waiting when the read was made. */
  waiting: number;
}

type Answers = {
  job?: (sinceMs: number, n: number) => CallOutcome<JobDescription>;
  snapshot?: (sinceMs: number, n: number) => CallOutcome<LatestSnapshot>;
};

/** Waits whose reader answers by the time since `startedAt`, recording every read: 60 s of wait, the deadline far off. */
function scriptedWaits(
  timing: { now(): number },
  startedAt: number,
  answers: Answers,
  over: Partial<Omit<SnapshotWaits, 'reader'>> = {},
) {
  const reads: Read[] = [];
  const count = { job: 0, snapshot: 0 };
  const record = (op: Read['op'], t: Read['target']) =>
    reads.push({ at: timing.now() - startedAt, op, target: t, waiting: waits.waiting });
  const waits: SnapshotWaits = {
    waitMs: 60_000,
    deadlineAt: startedAt + 300_000,
    readRatePerSecond: READ_REQUESTS_PER_SECOND,
    waiting: 0,
    holdsSecret: () => false,
    ...over,
    reader: {
      job: (t) => {
        record('job', t);
        return Promise.resolve(
          (answers.job ?? (() => ok(running)))(timing.now() - startedAt, ++count.job),
        );
      },
      snapshot: (t) => {
        record('snapshot', t);
        return Promise.resolve(
          (answers.snapshot ?? (() => ok(snap(3))))(timing.now() - startedAt, ++count.snapshot),
        );
      },
    },
  };
  return { waits, reads };
}

interface Logged {
  level: 'info' | 'notice' | 'warning' | 'debug';
  line: string;
  title?: string;
}

/** What the wait uses of CallDeps: the clock, the cancel and the log (the reads go through waits.reader only). */
function depsOn(timing: Timing, cancel?: AbortSignal) {
  const logged: Logged[] = [];
  const deps: CallDeps = {
    transport: () => Promise.reject(new Error('snapshot-wait reads through waits.reader only')),
    timing,
    clock: { offsetMs: 0 },
    log: {
      info: (line) => logged.push({ level: 'info', line }),
      notice: (line, title) => logged.push({ level: 'notice', line, ...(title ? { title } : {}) }),
      warning: (line) => logged.push({ level: 'warning', line }),
      debug: () => {},
    },
    secrets: createSecrets(),
    ...(cancel ? { cancel } : {}),
  };
  return { deps, logged };
}

const at = (reads: Read[], op?: Read['op']) =>
  reads.filter((r) => !op || r.op === op).map((r) => (op ? r.at : `${r.at} ${r.op}`));
const notice = (line: string): Logged[] => [{ level: 'notice', line, title: 'wait-for-snapshot' }];
const text = (f: SnapshotFindings) => plainText(f.failure?.text ?? '');

describe('readBaseline', () => {
  function baselineOf(answers: Answers, phase: 'before-start' | 'dry-run' = 'before-start') {
    const timing = fakeTiming();
    const { waits, reads } = scriptedWaits(timing, timing.now(), answers);
    return { read: readBaseline(job, waits, ctx, phase), reads };
  }

  it('reads the job, then the latest snapshot of what it describes', async () => {
    const { read, reads } = baselineOf({
      job: () => ok(running, 'rid-job'),
      snapshot: () => ok(snap(3), 'rid-snap'),
    });
    expect(await read).toEqual({
      ok: true,
      baseline: { description: running, target, latest: snap(3), readRequestId: 'rid-snap' },
    });
    expect(reads.map((r) => [r.op, r.target])).toEqual([
      ['job', job],
      ['snapshot', target],
    ]);
  });

  it("takes no snapshot yet as revision 0, and the job's request id when the snapshot read has none", async () => {
    const { read } = baselineOf({
      job: () => ok(running, 'rid-job'),
      snapshot: () => ok(undefined),
    });
    const r = await read;
    expect(r).toMatchObject({ ok: true, baseline: { readRequestId: 'rid-job' } });
    expect(r.ok ? r.baseline.latest : 'refused').toBeUndefined();
  });

  it('has no request id when no read gave one', async () => {
    const r = await baselineOf({}).read;
    expect(r.ok).toBe(true);
    expect(r.ok && r.baseline).not.toHaveProperty('readRequestId');
  });

  it('stops at a failed job read, without reading the snapshot: the job was NOT started', async () => {
    const outcome = failed();
    const { read, reads } = baselineOf({ job: () => outcome });
    const r = await read;
    expect(r).toEqual({
      ok: false,
      findings: {
        failure: snapshotReadFailure(outcome, ctx, 'GetResourceSnapshotJob', 'before-start'),
        readRequestId: 'rid-denied',
      },
      failedCall: outcome,
    });
    expect(r.ok ? undefined : r.findings.failure).toMatchObject({
      code: 'AccessDeniedException',
      title: expect.stringMatching(/^GetResourceSnapshotJob: /) as unknown as string,
    });
    expect(text(r.ok ? {} : r.findings)).toMatch(
      `The job ${ID} was NOT started: reading the job with GetResourceSnapshotJob before the start`,
    );
    expect(reads.map((r) => r.op)).toEqual(['job']);
  });

  it('names the members the description lacks, without reading the snapshot', async () => {
    const partial: JobDescription = { 'job-status': 'Running', 'resource-type': 'Opportunity' };
    const { read, reads } = baselineOf({ job: () => ok(partial, 'rid-job') });
    const r = await read;
    expect(r).toEqual({
      ok: false,
      findings: {
        description: partial,
        failure: expect.objectContaining({
          code: 'SnapshotTargetUnknown',
          message: `GetResourceSnapshotJob did not report EngagementId, ResourceId, ResourceSnapshotTemplateName for job ${ID}`,
        }) as unknown,
      },
    });
    expect(reads.map((x) => x.op)).toEqual(['job']);
  });

  it('keeps the description when the snapshot read fails', async () => {
    const outcome = failed('deadline');
    const r = await baselineOf({ snapshot: () => outcome }).read;
    expect(r).toEqual({
      ok: false,
      findings: {
        description: running,
        failure: snapshotReadFailure(outcome, ctx, 'GetResourceSnapshot', 'before-start'),
        readRequestId: 'rid-denied',
      },
      failedCall: outcome,
    });
    expect(text(r.ok ? {} : r.findings)).toMatch(
      `The job ${ID} was NOT started: reading its latest snapshot with GetResourceSnapshot`,
    );
  });

  it('words a failed read of a dry run as the dry run', async () => {
    const r = await baselineOf({ job: () => failed() }, 'dry-run').read;
    expect(text(r.ok ? {} : r.findings)).toMatch(
      `The dry run could not read the job of ${ID} with GetResourceSnapshotJob. `,
    );
  });
});

describe('reportLatestSnapshot', () => {
  function dryRun(answers: Answers, files?: ReturnType<typeof memoryFiles>) {
    const timing = fakeTiming();
    const { waits, reads } = scriptedWaits(
      timing,
      timing.now(),
      answers,
      files ? { directory: '/snap', files: files.files } : {},
    );
    const { deps, logged } = depsOn(timing);
    return { done: reportLatestSnapshot(job, waits, ctx, deps), reads, logged };
  }

  it('reports the latest snapshot and its request id, reads nothing more, and says so in one line', async () => {
    const { done, reads, logged } = dryRun({ snapshot: () => ok(snap(9), 'rid-snap') });
    expect(await done).toEqual({
      findings: { description: running, snapshot: shown(9), readRequestId: 'rid-snap' },
    });
    expect(reads.map((r) => r.op)).toEqual(['job', 'snapshot']);
    expect(logged).toEqual([
      {
        level: 'info',
        line: `Dry run: ${ID}'s latest snapshot is revision 9, taken 2026-11-26T11:00:09Z`,
      },
    ]);
  });

  it('says when there is no snapshot yet', async () => {
    const { done, logged } = dryRun({ snapshot: () => ok(undefined) });
    expect(await done).toEqual({ findings: { description: running, snapshot: {} } });
    expect(logged).toEqual([{ level: 'info', line: `Dry run: ${ID} has no snapshot yet` }]);
  });

  it('writes it to snapshot-directory', async () => {
    const files = memoryFiles();
    files.directories.set('/snap', 0o40700);
    const r = await dryRun({ snapshot: () => ok(snap(9)) }, files).done;
    expect(r.findings.snapshot).toEqual({ ...shown(9), file: `/snap/${ID}.json` });
    expect(files.contents.get(`/snap/${ID}.json`)?.data).toBe('{"Revision":9}');
  });

  it('gives a failed read with the call, for the later jobs to be judged by, and logs nothing', async () => {
    const outcome = failed();
    const { done, logged } = dryRun({ snapshot: () => outcome });
    expect(await done).toEqual({
      findings: {
        description: running,
        failure: snapshotReadFailure(outcome, ctx, 'GetResourceSnapshot', 'dry-run'),
        readRequestId: 'rid-denied',
      },
      failedCall: outcome,
    });
    expect(logged).toEqual([]);
  });
});

describe('waitForNewSnapshot', () => {
  const baseline = (latest: LatestSnapshot = snap(3), description = running): Baseline => ({
    description,
    target,
    latest,
    readRequestId: 'rid-before',
  });

  /** A wait started at the clock's start: 60 s of wait, a deadline far off, one job waited for (a read every 4 s). */
  function wait(
    answers: Answers,
    over: Partial<Omit<SnapshotWaits, 'reader'>> & {
      baseline?: Baseline;
      calledAfterMs?: number;
    } = {},
  ) {
    const { baseline: before = baseline(), calledAfterMs = 0, ...waitsOver } = over;
    const timing = fakeTiming();
    const startedAt = timing.now();
    timing.advance(calledAfterMs);
    const { waits, reads } = scriptedWaits(timing, startedAt, answers, waitsOver);
    const { deps, logged } = depsOn(timing);
    const done = waitForNewSnapshot(job, before, startedAt, waits, ctx, deps);
    return { done, reads, logged, waits, startedAt };
  }

  it('reads the snapshot, then the job, every 4 s until a newer revision', async () => {
    const { done, reads, logged, waits } = wait({
      snapshot: (t) => ok(snap(t >= 10_000 ? 4 : 3), `rid-snap-${t}`),
      job: (t) => ok(running, `rid-job-${t}`),
    });
    expect(await done).toEqual({
      snapshot: { revisionBefore: 3, ...shown(4), isNew: true },
      description: running,
      readRequestId: 'rid-job-12000',
    });
    expect(logged).toEqual(notice(`${ID}: new snapshot, revision 3 -> revision 4 after 12 s.`));
    expect(at(reads)).toEqual([
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
    // Counted among the jobs waited for while it waits, and out again after.
    expect(reads.map((r) => r.waiting)).toEqual([1, 1, 1, 1, 1, 1]);
    expect(waits.waiting).toBe(0);
  });

  it('takes any snapshot as new when there was none before', async () => {
    const { done, reads, logged } = wait(
      { snapshot: (t) => ok(t >= 8000 ? snap(1) : undefined) },
      { baseline: { ...baseline(), latest: undefined } },
    );
    expect((await done).snapshot).toEqual({ revisionBefore: 0, ...shown(1), isNew: true });
    expect(at(reads, 'snapshot')).toEqual([4000, 8000]);
    expect(logged).toEqual(notice(`${ID}: new snapshot, no snapshot -> revision 1 after 8 s.`));
  });

  it('ends with a last read at the end of the wait, no two reads closer than 3 s, when nothing newer came', async () => {
    const { done, reads, logged } = wait({}, { waitMs: 10_000 });
    expect(await done).toEqual({
      snapshot: { revisionBefore: 3, ...shown(3), isNew: false },
      description: running,
      readRequestId: 'rid-before',
    });
    expect(at(reads, 'snapshot')).toEqual([4000, 7000, 10_000]);
    expect(logged).toEqual(
      notice(
        `${ID}: no new snapshot within 10 s; the latest is revision 3: the resource may not have changed since revision 3.`,
      ),
    );
  });

  it('says there is no snapshot at all when there was none before and none came', async () => {
    const { done, logged } = wait(
      { snapshot: () => ok(undefined) },
      { waitMs: 12_000, baseline: { ...baseline(), latest: undefined } },
    );
    expect((await done).snapshot).toEqual({ revisionBefore: 0, isNew: false });
    expect(logged).toEqual(
      notice(
        `${ID}: no snapshot within 12 s, and none before: the resource may not have changed since the job was created, so there is no snapshot yet (snapshot-revision is empty).`,
      ),
    );
  });

  it('reads once, at once, for a wait of 0', async () => {
    const { done, reads, logged } = wait({}, { waitMs: 0 });
    expect((await done).snapshot?.isNew).toBe(false);
    expect(at(reads)).toEqual(['0 snapshot', '0 job']);
    expect(logged[0]?.line).toMatch(`${ID}: no new snapshot within 0 s;`);
  });

  it('asks how often to read before each poll: less often while more jobs are waited for', async () => {
    // 19 other jobs join after the first read (20 x 2 reads share half the read quota: every 8 s), and leave
    // after the second.
    const w = wait({
      snapshot: (_t, n) => {
        if (n === 1) w.waits.waiting += 19;
        if (n === 2) w.waits.waiting -= 19;
        return ok(snap(n === 3 ? 4 : 3));
      },
    });
    expect((await w.done).snapshot?.isNew).toBe(true);
    expect(at(w.reads, 'snapshot')).toEqual([4000, 12_000, 16_000]);
    expect(w.reads.filter((r) => r.op === 'snapshot').map((r) => r.waiting)).toEqual([1, 20, 1]);
    expect(w.waits.waiting).toBe(0);
  });

  it('counts the wait from the start, not from the call', async () => {
    const { done, reads, logged } = wait({}, { waitMs: 10_000, calledAfterMs: 2000 });
    expect((await done).snapshot?.isNew).toBe(false);
    expect(at(reads, 'snapshot')).toEqual([6000, 10_000]);
    expect(logged[0]?.line).toMatch(`${ID}: no new snapshot within 10 s;`);
  });

  it('keeps the snapshot it saw when a later read says none (the service lags)', async () => {
    const lagging = wait(
      { snapshot: (t) => ok(t === 12_000 ? undefined : snap(3)) },
      { waitMs: 12_000 },
    );
    expect((await lagging.done).snapshot).toEqual({ revisionBefore: 3, ...shown(3), isNew: false });
    expect(at(lagging.reads, 'snapshot')).toEqual([4000, 8000, 12_000]);
    const fromNone = wait({ snapshot: () => ok(undefined) }, { waitMs: 12_000 });
    expect((await fromNone.done).snapshot).toEqual({
      revisionBefore: 3,
      ...shown(3),
      isNew: false,
    });
    expect(at(fromNone.reads, 'snapshot')).toHaveLength(3);
    expect(fromNone.logged[0]?.line).toMatch('the latest is revision 3');
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
    const none = wait(
      {},
      { waitMs: 10_000, baseline: { description: running, target, latest: snap(3) } },
    );
    expect(await none.done).not.toHaveProperty('readRequestId');
  });

  it('counts the job out of waits.waiting even when a read throws', async () => {
    const { done, waits } = wait({
      job: () => {
        throw new Error('reader bug');
      },
    });
    await expect(done).rejects.toThrow('reader bug');
    expect(waits.waiting).toBe(0);
  });

  describe('snapshot-directory', () => {
    it('writes the latest snapshot and names the file', async () => {
      const files = memoryFiles();
      files.directories.set('/snap', 0o40700);
      const { done } = wait(
        { snapshot: (t) => ok(snap(t >= 8000 ? 4 : 3)) },
        { directory: '/snap', files: files.files },
      );
      expect((await done).snapshot).toEqual({
        revisionBefore: 3,
        ...shown(4),
        isNew: true,
        file: `/snap/${ID}.json`,
      });
      expect(files.contents.get(`/snap/${ID}.json`)?.data).toBe('{"Revision":4}');
    });

    it('a file that cannot be written is a SnapshotFileError saying the job WAS started; the notice stands', async () => {
      const files = memoryFiles({ op: 'open', message: 'EACCES: permission denied' });
      files.directories.set('/ro', 0o40500);
      const { done, logged } = wait(
        { snapshot: (t) => ok(snap(t >= 4000 ? 4 : 3)) },
        { directory: '/ro', files: files.files },
      );
      const r = await done;
      expect(r.snapshot).toEqual({ revisionBefore: 3, ...shown(4), isNew: true });
      expect(r.failure?.code).toBe('SnapshotFileError');
      expect(text(r)).toMatch(
        new RegExp(
          `^snapshot-directory /ro: could not write /ro/${ID}\\.json \\(EACCES.*The job ${ID} WAS started`,
        ),
      );
      expect(logged).toEqual(notice(`${ID}: new snapshot, revision 3 -> revision 4 after 4 s.`));
    });
  });

  describe('the job', () => {
    it('fails the wait when it reports a new LastFailure', async () => {
      const { done, reads, logged } = wait({
        job: (t) =>
          ok(t >= 8000 ? { ...stopped, 'last-failure': 'Template no longer matches' } : running),
      });
      const r = await done;
      expect(r).toMatchObject({
        snapshot: { revisionBefore: 3, revision: 3, isNew: false },
        description: { 'job-status': 'Stopped', 'last-failure': 'Template no longer matches' },
        failure: {
          code: 'SnapshotJobFailed',
          message: 'Template no longer matches',
          title: `SnapshotJobFailed: ${ID} reported a new LastFailure while waited for`,
        },
      });
      expect(text(r)).toMatch(
        `but 8.0 s later, while waiting for its snapshot, GetResourceSnapshotJob reported a new LastFailure: Template no longer matches. No new snapshot was taken: its latest snapshot is still revision 3.`,
      );
      expect(at(reads, 'snapshot')).toEqual([4000, 8000]);
      // The failure has its own annotation: the line is info, not a notice.
      expect(logged).toEqual([
        {
          level: 'info',
          line: `${ID}: the job failed while waited for (after 8 s); revision 3 -> revision 3.`,
        },
      ]);
    });

    it('fails the wait on a LastFailure when the job reports no status', async () => {
      const { done, reads } = wait({ job: () => ok({ 'last-failure': 'gone' }) });
      const r = await done;
      expect(r.failure).toMatchObject({ code: 'SnapshotJobFailed', message: 'gone' });
      expect(r.description).toEqual({ 'last-failure': 'gone' });
      expect(at(reads, 'job')).toEqual([4000]);
    });

    it('ignores the LastFailure it already had before the start', async () => {
      const old = { ...running, 'last-failure': 'an old failure' };
      const { done, reads, logged } = wait(
        { job: () => ok(old) },
        { baseline: baseline(snap(3), old), waitMs: 8000 },
      );
      const r = await done;
      expect(r).not.toHaveProperty('failure');
      expect(r.snapshot?.isNew).toBe(false);
      expect(at(reads, 'snapshot')).toEqual([4000, 8000]);
      expect(logged[0]).toMatchObject({ level: 'notice', title: 'wait-for-snapshot' });
    });

    it('fails the wait when a job seen Running stops', async () => {
      const { done, reads } = wait({ job: (t) => ok(t >= 8000 ? stopped : running) });
      const r = await done;
      expect(r).toMatchObject({
        snapshot: { isNew: false },
        failure: {
          code: 'SnapshotJobFailed',
          message: `${ID} is Stopped while waited for`,
          title: `SnapshotJobFailed: ${ID} stopped while waited for`,
        },
      });
      expect(text(r)).toMatch(
        'but 8.0 s later, while waiting for its snapshot, GetResourceSnapshotJob reported that it stopped running (status Stopped).',
      );
      expect(at(reads, 'snapshot')).toEqual([4000, 8000]);
    });

    it('gives a job just started 5 s to show Running, then fails the wait', async () => {
      const late = wait({ job: (t) => ok(t >= 8000 ? running : stopped) }, { waitMs: 12_000 });
      const lateEnd = await late.done;
      expect(lateEnd).not.toHaveProperty('failure');
      expect(lateEnd.snapshot?.isNew).toBe(false);
      expect(at(late.reads, 'job')).toEqual([4000, 8000, 12_000]);
      const never = wait({ job: () => ok(stopped) });
      const neverEnd = await never.done;
      expect(neverEnd.failure?.message).toBe(`${ID} is Stopped while waited for`);
      expect(text(neverEnd)).toMatch('but 8.0 s later');
      expect(at(never.reads, 'job')).toEqual([4000, 8000]);
    });

    it('fails the wait, without a status, when the job says none', async () => {
      const statusless = Object.fromEntries(
        Object.entries(running).filter(([k]) => k !== 'job-status'),
      ) as JobDescription;
      const { done, reads } = wait({ job: () => ok(statusless) });
      const r = await done;
      expect(r.failure?.message).toBe(`${ID} is without a status while waited for`);
      expect(text(r)).toMatch('8.0 s later');
      expect(text(r)).toMatch('reported that it stopped running (status none)');
      expect(at(reads, 'job')).toEqual([4000, 8000]);
    });

    it('a newer revision wins over a job that failed at the same poll', async () => {
      const { done, logged } = wait({
        snapshot: (t) => ok(snap(t >= 8000 ? 4 : 3)),
        job: (t) =>
          ok(t >= 8000 ? { ...stopped, 'last-failure': 'failed after the snapshot' } : running),
      });
      const r = await done;
      expect(r.snapshot).toEqual({ revisionBefore: 3, ...shown(4), isNew: true });
      expect(r).not.toHaveProperty('failure');
      expect(logged).toEqual(notice(`${ID}: new snapshot, revision 3 -> revision 4 after 8 s.`));
    });
  });

  describe('failed reads', () => {
    it('stops at a failed snapshot read, without reading the job; the failure says the job WAS started', async () => {
      const outcome = failed();
      const { done, reads, logged, waits } = wait({
        snapshot: (t) => (t >= 8000 ? outcome : ok(snap(3))),
      });
      const r = await done;
      expect(r).toEqual({
        snapshot: { revisionBefore: 3, ...shown(3) },
        description: running,
        failure: snapshotReadFailure(outcome, ctx, 'GetResourceSnapshot', 'waiting'),
        readRequestId: 'rid-denied',
      });
      expect(text(r)).toMatch(
        new RegExp(
          `^The job ${ID} WAS started \\(StartResourceSnapshotJob succeeded\\), but reading its latest snapshot with GetResourceSnapshot while waiting for its snapshot failed`,
        ),
      );
      expect(at(reads)).toEqual(['4000 snapshot', '4000 job', '8000 snapshot']);
      expect(logged).toEqual([
        {
          level: 'info',
          line: `${ID}: stopped waiting for its snapshot after 8 s: a read failed; revision 3 -> revision 3.`,
        },
      ]);
      expect(waits.waiting).toBe(0);
    });

    it('stops at a failed job read when nothing newer came', async () => {
      const outcome = failed('attempts');
      const { done, reads } = wait({ job: (t) => (t >= 8000 ? outcome : ok(running)) });
      const r = await done;
      expect(r).toMatchObject({
        description: running,
        failure: snapshotReadFailure(outcome, ctx, 'GetResourceSnapshotJob', 'waiting'),
      });
      expect(text(r)).toMatch(
        `The job ${ID} WAS started (StartResourceSnapshotJob succeeded), but reading the job with GetResourceSnapshotJob while waiting`,
      );
      expect(at(reads, 'job')).toEqual([4000, 8000]);
    });

    it('still reports a newer revision when the job read of that poll failed', async () => {
      const { done, reads } = wait({ snapshot: () => ok(snap(4)), job: () => failed() });
      const r = await done;
      expect(r).toEqual({
        snapshot: { revisionBefore: 3, ...shown(4), isNew: true },
        description: running,
        readRequestId: 'rid-denied',
      });
      expect(at(reads, 'snapshot')).toEqual([4000]);
    });

    it('takes a read stopped by the cancel as the cancel, not as a failure', async () => {
      for (const [answers, made] of [
        [{ snapshot: () => cancelledRead }, ['4000 snapshot']],
        [{ job: () => cancelledRead }, ['4000 snapshot', '4000 job']],
      ] as const) {
        const { done, reads, logged } = wait(answers);
        const r = await done;
        expect(r).not.toHaveProperty('failure');
        expect(r.snapshot).toEqual({ revisionBefore: 3, ...shown(3) });
        expect(at(reads)).toEqual(made);
        expect(logged).toEqual(
          notice(
            `${ID}: cancelled while waiting for its snapshot after 4 s; revision 3 -> revision 3.`,
          ),
        );
      }
    });
  });

  describe('the cancel', () => {
    /** On the virtual clock, whose sleep ends at once when the step is cancelled, as the real one does. */
    function cancelled(cancelAtMs: number) {
      const clock = virtualClock();
      const controller = new AbortController();
      const { waits, reads } = scriptedWaits(clock.timing, clock.start, {});
      const { deps, logged } = depsOn(clock.timing, controller.signal);
      void clock.timing.sleep(cancelAtMs).then(() => controller.abort());
      const done = clock.run(waitForNewSnapshot(job, baseline(), clock.start, waits, ctx, deps));
      return { done, reads, logged, waits };
    }

    it('stops waiting when the step is cancelled, reading nothing more', async () => {
      const { done, reads, logged, waits } = cancelled(10_000);
      expect(await done).toEqual({
        snapshot: { revisionBefore: 3, ...shown(3) },
        description: running,
        readRequestId: 'rid-before',
      });
      expect(reads.map((r) => r.at)).toEqual([4000, 4000, 8000, 8000]);
      expect(logged).toEqual(
        notice(
          `${ID}: cancelled while waiting for its snapshot after 10 s; revision 3 -> revision 3.`,
        ),
      );
      expect(waits.waiting).toBe(0);
    });

    it('reads nothing when cancelled before the first read', async () => {
      const { done, reads, logged } = cancelled(0);
      expect((await done).snapshot).not.toHaveProperty('isNew');
      expect(reads).toEqual([]);
      expect(logged[0]?.line).toMatch(`${ID}: cancelled while waiting for its snapshot after 0 s;`);
    });
  });

  describe('timeout-seconds', () => {
    it('cuts the wait short so its last reads fit before the deadline, and says so', async () => {
      const { done, reads, logged, startedAt } = wait(
        {},
        { deadlineAt: Date.UTC(2026, 10, 26, 12, 0, 20) },
      );
      expect(startedAt).toBe(Date.UTC(2026, 10, 26, 12, 0, 0));
      expect((await done).snapshot?.isNew).toBe(false);
      expect(at(reads, 'snapshot')).toEqual([4000, 8000, 12_000, 17_000]);
      expect(logged).toEqual(
        notice(
          `${ID}: no new snapshot within 17 s (timeout-seconds ended the wait of 60 s early); the latest is revision 3: the resource may not have changed since revision 3.`,
        ),
      );
    });

    it('does not say cut short when the wait ends first, even just before the deadline', async () => {
      const { done, logged } = wait(
        {},
        { waitMs: 10_000, deadlineAt: Date.UTC(2026, 10, 26, 12, 0, 13) },
      );
      expect((await done).snapshot?.isNew).toBe(false);
      expect(logged[0]?.line).toMatch(`${ID}: no new snapshot within 10 s; the latest`);
      expect(logged[0]?.line).not.toMatch('timeout-seconds');
    });

    it('reads once, at once, when the deadline is already too close', async () => {
      const { done, reads, logged } = wait({}, { deadlineAt: Date.UTC(2026, 10, 26, 12, 0, 1) });
      expect((await done).snapshot?.isNew).toBe(false);
      expect(at(reads)).toEqual(['0 snapshot', '0 job']);
      expect(logged[0]?.line).toMatch(
        `${ID}: no new snapshot within 0 s (timeout-seconds ended the wait of 60 s early);`,
      );
    });
  });

  describe('several jobs waited for together', () => {
    /** `k` jobs started together, sharing one waits, each with a newer revision from `newAtMs` on. */
    async function together(k: number, newAtMs: number) {
      const clock = virtualClock();
      const ids = Array.from({ length: k }, (_, i) => `job-${String(i).padStart(13, '0')}`);
      const reads: { id: string; at: number; waiting: number }[] = [];
      const waits: SnapshotWaits = {
        waitMs: 60_000,
        deadlineAt: clock.start + 300_000,
        readRatePerSecond: READ_REQUESTS_PER_SECOND,
        waiting: 0,
        holdsSecret: () => false,
        reader: {
          job: () => Promise.resolve(ok(running)),
          snapshot: (t) => {
            const since = clock.now() - clock.start;
            reads.push({ id: t.resourceId, at: since, waiting: waits.waiting });
            return Promise.resolve(ok(snap(since >= newAtMs ? 4 : 3)));
          },
        },
      };
      const { deps } = depsOn(clock.timing);
      const findings = await clock.run(
        Promise.all(
          ids.map((id) =>
            waitForNewSnapshot(
              { ...job, jobIdentifier: id },
              { ...baseline(), target: { ...target, resourceId: id } },
              clock.start,
              waits,
              { ...ctx, jobIdentifier: id },
              deps,
            ),
          ),
        ),
      );
      const readsOf = (id: string) => reads.filter((r) => r.id === id).map((r) => r.at);
      return { ids, findings, reads, readsOf, waits };
    }

    it('reads each of up to 10 jobs every 4 s', async () => {
      const { ids, findings, readsOf, waits } = await together(10, 12_000);
      for (const id of ids) expect(readsOf(id)).toEqual([4000, 8000, 12_000]);
      expect(findings.every((f) => f.snapshot?.isNew)).toBe(true);
      expect(waits.waiting).toBe(0);
    });

    it('reads each of 20 jobs every 8 s, so together they keep to half the read quota', async () => {
      const { ids, findings, reads, readsOf, waits } = await together(20, 20_000);
      // The first job was alone when it first slept; from its first read on, it shares with 19.
      expect(readsOf(ids[0] as string)).toEqual([4000, 12_000, 20_000]);
      // The 20th already shared with 19 (20 x 2 reads every 8 s: 5 reads a second).
      expect(readsOf(ids[19] as string)).toEqual([8000, 16_000, 24_000]);
      for (const id of ids) {
        const times = readsOf(id);
        for (let i = 1; i < times.length; i++)
          expect((times[i] as number) - (times[i - 1] as number)).toBe(8000);
      }
      // Until the first of them sees its new revision (at 20 s), all 20 are counted: two snapshot reads each.
      const shared = reads.filter((r) => r.at >= 4000 && r.at < 20_000);
      expect(shared.map((r) => r.waiting)).toEqual(shared.map(() => 20));
      expect(shared).toHaveLength(2 * 20);
      // Snapshot and job reads of every job in any 8 s once the first round is over: 20 x 2 = 40, 5 a second.
      const inWindow = reads.filter((r) => r.at >= 8000 && r.at < 16_000).length * 2;
      expect(inWindow / 8).toBeLessThanOrEqual(READ_REQUESTS_PER_SECOND * SNAPSHOT_WAIT.quotaShare);
      expect(findings.every((f) => f.snapshot?.isNew)).toBe(true);
      expect(waits.waiting).toBe(0);
    });
  });
});

describe('pollEveryMs', () => {
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
