// wait-for-snapshot within the step: each job's reads before its start, its wait (run alongside later starts),
// the file, the notice, and what its results entry gets.
import type { Credentials } from '../aws/credentials.js';
import type { Failure } from '../http/failure.js';
import { getResourceSnapshotJob, type JobDescription, type JobTarget } from './operations.js';
import {
  snapshotFileFailed,
  snapshotJobFailed,
  snapshotReadFailure,
  snapshotTargetUnknown,
  type JobContext,
  type SnapshotReadPhase,
} from './failures.js';
import type { RetryPolicy } from '../http/retry.js';
import { safeLine } from '../common/safe-text.js';
import type { CallDeps } from '../http/send-with-retry.js';
import { writeSnapshotFile, type SnapshotFiles } from './snapshot-files.js';
import { pollEveryMs } from './snapshot-timing.js';
import {
  readBefore,
  waitForSnapshot,
  type Before,
  type ReadFailure,
  type SnapshotReader,
} from './snapshot-wait.js';
import { getLatestSnapshot, type LatestSnapshot } from './snapshots.js';

/** What a results entry shows of a job's snapshot. Never the payload. */
export interface SnapshotSummary {
  /** The revision before the start: 0 when there was none yet; absent in a dry run. */
  revisionBefore?: number;
  /** The latest snapshot seen (after the wait, or in a dry run). */
  revision?: number;
  arn?: string;
  createdAt?: string;
  /** Newer than before the start; absent in a dry run or when the wait was cancelled. */
  isNew?: boolean;
  /** Where snapshot-directory got it. */
  file?: string;
}

/** What a job's entry gets from wait-for-snapshot; jobs.ts merges it into the JobResult. */
export interface SnapshotPatch {
  snapshot?: SnapshotSummary;
  description?: JobDescription;
  failure?: Failure;
  /** x-amzn-RequestId of the job's last read (the request-id output stays the last start's). */
  readRequestId?: string;
}

export interface SnapshotStep {
  waitMs: number;
  directory?: string;
  files?: SnapshotFiles;
  reader: SnapshotReader;
  /** The step's deadline (timeout-seconds). */
  deadlineAt: number;
  readRatePerSecond: number;
}

/** Both reads under the one read policy (its pace shared by every read of the step), retried like every call. */
export function snapshotReader(
  credentials: Credentials,
  reads: RetryPolicy,
  deps: CallDeps,
): SnapshotReader {
  return {
    job: (target) => getResourceSnapshotJob(target, credentials, reads, deps),
    snapshot: (target) => getLatestSnapshot(target, credentials, reads, deps),
  };
}

function summaryOf(latest: LatestSnapshot): SnapshotSummary {
  if (!latest) return {};
  return {
    revision: latest.revision,
    ...(latest.arn ? { arn: latest.arn } : {}),
    ...(latest.createdAt ? { createdAt: latest.createdAt } : {}),
  };
}

type BeforeResult =
  { ok: true; before: Before } | { ok: false; patch: SnapshotPatch; outcome?: ReadFailure };

/** The reads before a start (or a dry run's reads): the job, then its latest snapshot. */
export async function snapshotBefore(
  job: JobTarget,
  step: SnapshotStep,
  ctx: JobContext,
  phase: Exclude<SnapshotReadPhase, 'waiting'>,
): Promise<BeforeResult> {
  const read = await readBefore(job, step.reader);
  if (read.ok) return { ok: true, before: read };
  const description = read.description ? { description: read.description } : {};
  if ('missing' in read)
    return {
      ok: false,
      patch: { ...description, failure: snapshotTargetUnknown(ctx, read.missing) },
    };
  return {
    ok: false,
    patch: {
      ...description,
      failure: snapshotReadFailure(read.outcome, ctx, read.read, phase),
      ...(read.outcome.requestId ? { readRequestId: read.outcome.requestId } : {}),
    },
    outcome: read.outcome,
  };
}

async function fileFor(
  job: JobTarget,
  latest: LatestSnapshot,
  step: SnapshotStep,
  ctx: JobContext,
  started: boolean,
): Promise<{ file?: string; failure?: Failure }> {
  if (!latest || !step.directory || !step.files) return {};
  const written = await writeSnapshotFile(
    step.files,
    step.directory,
    job.jobIdentifier,
    latest.body,
  );
  if (written.ok) return { file: written.path };
  return {
    failure: snapshotFileFailed(
      ctx,
      safeLine(step.directory, 300),
      safeLine(written.path, 400),
      safeLine(written.reason, 300),
      started,
    ),
  };
}

/** A dry run: the reads prove both permissions; the latest snapshot is reported (and written), nothing waited for. */
export async function dryRunSnapshot(
  job: JobTarget,
  step: SnapshotStep,
  ctx: JobContext,
  deps: CallDeps,
): Promise<{ patch: SnapshotPatch; outcome?: ReadFailure }> {
  const read = await snapshotBefore(job, step, ctx, 'dry-run');
  if (!read.ok) return read;
  const { latest, description } = read.before;
  const written = await fileFor(job, latest, step, ctx, false);
  deps.log.info(
    latest
      ? `Dry run: ${job.jobIdentifier}'s latest snapshot is revision ${latest.revision}${latest.createdAt ? `, taken ${latest.createdAt}` : ''}`
      : `Dry run: ${job.jobIdentifier} has no snapshot yet`,
  );
  return {
    patch: {
      description,
      snapshot: { ...summaryOf(latest), ...(written.file ? { file: written.file } : {}) },
      ...(written.failure ? { failure: written.failure } : {}),
      ...(read.before.readRequestId ? { readRequestId: read.before.readRequestId } : {}),
    },
  };
}

/** Counts the jobs being waited for, so each is read less often when many are (their polls share the quota). */
export class WaitingJobs {
  count = 0;
}

/** After a start: waits for a newer revision, then the file, the notice and the entry's patch. */
export async function waitAfterStart(
  job: JobTarget,
  before: Before,
  startedAt: number,
  step: SnapshotStep,
  ctx: JobContext,
  deps: CallDeps,
  waiting: WaitingJobs,
): Promise<SnapshotPatch> {
  waiting.count += 1;
  let waited;
  try {
    waited = await waitForSnapshot({
      job,
      before,
      startedAt,
      waitMs: step.waitMs,
      deadlineAt: step.deadlineAt,
      reader: step.reader,
      timing: deps.timing,
      cancel: deps.cancel,
      pollEveryMs: () => pollEveryMs(waiting.count, step.readRatePerSecond),
    });
  } finally {
    waiting.count -= 1;
  }
  const { latest } = waited;
  const revisionBefore = before.latest?.revision ?? 0;
  const written = await fileFor(job, latest, step, ctx, true);
  const snapshot: SnapshotSummary = {
    revisionBefore,
    ...summaryOf(latest),
    ...(waited.isNew === undefined ? {} : { isNew: waited.isNew }),
    ...(written.file ? { file: written.file } : {}),
  };
  let failure: Failure | undefined;
  if (waited.readFailed)
    failure = snapshotReadFailure(
      waited.readFailed.outcome,
      ctx,
      waited.readFailed.read,
      'waiting',
    );
  else if (waited.jobFailed)
    failure = snapshotJobFailed(ctx, waited.jobFailed, latest?.revision, waited.waitedMs);
  failure ??= written.failure;
  // A failure has its error annotation; the other outcomes get one notice each.
  const line = noticeText(job.jobIdentifier, revisionBefore, waited, step.waitMs);
  if (waited.readFailed || waited.jobFailed) deps.log.info(line);
  else deps.log.notice(line, 'wait-for-snapshot');
  return {
    snapshot,
    description: waited.description,
    ...(failure ? { failure } : {}),
    ...(waited.readRequestId ? { readRequestId: waited.readRequestId } : {}),
  };
}

const revisionText = (n: number) => (n ? `revision ${n}` : 'no snapshot');

/** The one line per job: revision before -> after, and what it means. */
function noticeText(
  jobIdentifier: string,
  revisionBefore: number,
  waited: Awaited<ReturnType<typeof waitForSnapshot>>,
  waitMs: number,
): string {
  const after = waited.latest?.revision ?? 0;
  const span = `${Math.round(waited.waitedMs / 1000)} s`;
  const change = `${revisionText(revisionBefore)} -> ${revisionText(after)}`;
  if (waited.isNew) return `${jobIdentifier}: new snapshot, ${change} after ${span}.`;
  if (waited.cancelled)
    return `${jobIdentifier}: cancelled while waiting for its snapshot after ${span}; ${change}.`;
  if (waited.readFailed)
    return `${jobIdentifier}: stopped waiting for its snapshot after ${span}: a read failed; ${change}.`;
  if (waited.jobFailed)
    return `${jobIdentifier}: the job failed while waited for (after ${span}); ${change}.`;
  const cut = waited.cutShort
    ? ` (timeout-seconds ended the wait of ${waitMs / 1000} s early)`
    : '';
  return after
    ? `${jobIdentifier}: no new snapshot within ${span}${cut}; the latest is revision ${after}: the resource may not have changed since revision ${after}.`
    : `${jobIdentifier}: no snapshot within ${span}${cut}, and none before: the resource may not have changed since the job was created, so there is no snapshot yet (snapshot-revision is empty).`;
}
