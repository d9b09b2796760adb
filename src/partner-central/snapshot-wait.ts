// wait-for-snapshot, one job at a time: its baseline (the job and its latest snapshot, read before the start), then
// reading it until a newer revision, a failure or the end of the wait; the file, the notice, and what the job's
// results entry gets (SnapshotFindings). A dry run reads the baseline only and reports it.
import { SNAPSHOT_WAIT } from '../common/tunables.js';
import type { SigningCredentials } from '../aws/credentials.js';
import type { Failure } from '../common/failure.js';
import { safeLine } from '../common/safe-text.js';
import { isCredentialsLapsed } from '../http/error-kinds.js';
import type { CallOutcome, FailedCall, RetryPolicy } from '../http/retry.js';
import type { CallDeps } from '../http/send-with-retry.js';
import {
  snapshotFileFailed,
  snapshotHeldSecret,
  snapshotJobFailed,
  snapshotReadFailure,
  snapshotTargetUnknown,
  type JobContext,
  type SnapshotReadPhase,
} from './job-failures.js';
import {
  getResourceSnapshotJob,
  isRunning,
  type JobDescription,
  type JobTarget,
} from './operations.js';
import { writeSnapshotFile, type SnapshotFiles } from './snapshot-files.js';
import {
  getLatestSnapshot,
  snapshotTargetOf,
  type LatestSnapshot,
  type SnapshotTarget,
} from './snapshots.js';

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

/** What wait-for-snapshot found for one job: the fields its results entry gets. */
export interface SnapshotFindings {
  snapshot?: SnapshotSummary;
  description?: JobDescription;
  failure?: Failure;
  /** x-amzn-RequestId of the job's last read (the request-id output stays the last start's). */
  readRequestId?: string;
}

/** The step's two reads, each under the one read policy and retried like every call. */
interface SnapshotReader {
  job(target: JobTarget): Promise<CallOutcome<JobDescription>>;
  snapshot(target: SnapshotTarget): Promise<CallOutcome<LatestSnapshot>>;
}

/** What every wait of the step shares, and how many jobs are being waited for (their reads share one quota). */
export interface SnapshotWaits {
  waitMs: number;
  directory?: string;
  files?: SnapshotFiles;
  /** Whether a text holds a secret of the step: such a snapshot is not written (common/secrets.ts). */
  holdsSecret: (text: string) => boolean;
  reader: SnapshotReader;
  /** The step's deadline (timeout-seconds). */
  deadlineAt: number;
  readRatePerSecond: number;
  /** Jobs being waited for now: each is read less often when many are. */
  waiting: number;
  /** GetSellingSystemSettings named no snapshot job role: the likeliest reason no snapshot comes. */
  noJobRole?: boolean;
}

/** A job's baseline: its description, which snapshot it takes, and the latest one before the start. */
export interface Baseline {
  description: JobDescription;
  target: SnapshotTarget;
  /** undefined: no snapshot yet (revision 0). */
  latest: LatestSnapshot;
  readRequestId?: string;
}

/** What a job's entry gets from wait-for-snapshot's reads, and the call that failed, to judge the later jobs by. */
export interface SnapshotReport {
  findings: SnapshotFindings;
  failedCall?: FailedCall;
}

/** The baseline, or what the job's entry gets when it could not be read. */
export type BaselineRead = { ok: true; baseline: Baseline } | ({ ok: false } & SnapshotReport);

/** The waits of a step: their reads under the step's read policy, whose pacer every read shares. */
export function snapshotWaits(
  options: { waitMs: number; directory?: string | undefined; files?: SnapshotFiles | undefined },
  credentials: SigningCredentials,
  reads: RetryPolicy,
  deps: CallDeps,
): SnapshotWaits {
  return {
    waitMs: options.waitMs,
    ...(options.directory ? { directory: options.directory } : {}),
    ...(options.files ? { files: options.files } : {}),
    holdsSecret: (text) => deps.secrets.holds(text),
    reader: {
      job: (target) => getResourceSnapshotJob(target, credentials, reads, deps),
      snapshot: (target) => getLatestSnapshot(target, credentials, reads, deps),
    },
    deadlineAt: reads.deadlineAt,
    readRatePerSecond: reads.pacer?.ratePerSecond ?? Infinity,
    waiting: 0,
  };
}

/** Reads the job, then its latest snapshot (GetResourceSnapshot without Revision): before a start, or in a dry run. */
export async function readBaseline(
  job: JobTarget,
  waits: SnapshotWaits,
  ctx: JobContext,
  phase: Exclude<SnapshotReadPhase, 'waiting'>,
): Promise<BaselineRead> {
  const described = await waits.reader.job(job);
  if (!described.ok) return readFailed(described, 'GetResourceSnapshotJob', ctx, phase);
  const description = described.value;
  const target = snapshotTargetOf(job, description);
  if ('missing' in target)
    return {
      ok: false,
      findings: { description, failure: snapshotTargetUnknown(ctx, target.missing) },
    };
  const latest = await waits.reader.snapshot(target);
  if (!latest.ok) return readFailed(latest, 'GetResourceSnapshot', ctx, phase, description);
  const readRequestId = latest.requestId ?? described.requestId;
  return {
    ok: true,
    baseline: {
      description,
      target,
      latest: latest.value,
      ...(readRequestId ? { readRequestId } : {}),
    },
  };
}

function readFailed(
  failedCall: FailedCall,
  read: ReadOperation,
  ctx: JobContext,
  phase: Exclude<SnapshotReadPhase, 'waiting'>,
  description?: JobDescription,
): BaselineRead {
  return {
    ok: false,
    findings: {
      ...(description ? { description } : {}),
      failure: snapshotReadFailure(failedCall, ctx, read, phase),
      ...(failedCall.requestId ? { readRequestId: failedCall.requestId } : {}),
    },
    failedCall,
  };
}

/** A dry run: the reads prove both permissions; the latest snapshot is reported (and written), nothing waited for. */
export async function reportLatestSnapshot(
  job: JobTarget,
  waits: SnapshotWaits,
  ctx: JobContext,
  deps: CallDeps,
): Promise<SnapshotReport> {
  const read = await readBaseline(job, waits, ctx, 'dry-run');
  if (!read.ok)
    return { findings: read.findings, ...(read.failedCall ? { failedCall: read.failedCall } : {}) };
  const { latest, description, readRequestId } = read.baseline;
  const written = await fileFor(job, latest, waits, ctx, false);
  deps.log.info(
    latest
      ? `Dry run: ${job.jobIdentifier}'s latest snapshot is revision ${latest.revision}${latest.createdAt ? `, taken ${latest.createdAt}` : ''}`
      : `Dry run: ${job.jobIdentifier} has no snapshot yet`,
  );
  return {
    findings: {
      description,
      snapshot: { ...summaryOf(latest), ...(written.file ? { file: written.file } : {}) },
      ...(written.failure ? { failure: written.failure } : {}),
      ...(readRequestId ? { readRequestId } : {}),
    },
  };
}

/**
 * After a start: reads the job and its latest snapshot until a newer revision than the baseline, then writes the
 * file and says in one line how the wait ended. Runs alongside the later starts.
 */
export async function waitForNewSnapshot(
  job: JobTarget,
  baseline: Baseline,
  startedAt: number,
  waits: SnapshotWaits,
  ctx: JobContext,
  deps: CallDeps,
): Promise<SnapshotFindings> {
  waits.waiting += 1;
  let end: WaitEnd;
  try {
    end = await pollUntilNewer(job, baseline, startedAt, waits, deps);
  } finally {
    waits.waiting -= 1;
  }
  const { latest } = end;
  const revisionBefore = baseline.latest?.revision ?? 0;
  const written = await fileFor(job, latest, waits, ctx, true);
  let failure: Failure | undefined;
  if (end.readFailed)
    failure = snapshotReadFailure(end.readFailed.failedCall, ctx, end.readFailed.read, 'waiting');
  else if (end.jobFailed)
    failure = snapshotJobFailed(ctx, end.jobFailed, latest?.revision, end.waitedMs);
  failure ??= written.failure;
  // A failure has its error annotation; the other outcomes get one notice each.
  const line = noticeText(job.jobIdentifier, revisionBefore, end, waits);
  if (end.readFailed || end.jobFailed) deps.log.info(line);
  else deps.log.notice(line, 'wait-for-snapshot');
  return {
    snapshot: {
      revisionBefore,
      ...summaryOf(latest),
      ...(end.isNew === undefined ? {} : { isNew: end.isNew }),
      ...(written.file ? { file: written.file } : {}),
    },
    description: end.description,
    ...(failure ? { failure } : {}),
    ...(end.readRequestId ? { readRequestId: end.readRequestId } : {}),
  };
}

type ReadOperation = 'GetResourceSnapshotJob' | 'GetResourceSnapshot';

/** How a wait ended. */
interface WaitEnd {
  /** The latest snapshot seen (the baseline's when nothing newer came). */
  latest: LatestSnapshot;
  /** Whether its revision is newer than the baseline's; undefined when the wait was cancelled. */
  isNew?: boolean;
  /** The job as last read. */
  description: JobDescription;
  /** The job reported a new LastFailure, or stopped, while waited for. */
  jobFailed?: { status?: string; lastFailure?: string };
  /** A read failed (denied, out of retries, out of time) after the start. */
  readFailed?: { read: ReadOperation; failedCall: FailedCall };
  cancelled?: boolean;
  /** timeout-seconds ended the wait before wait-for-snapshot did. */
  cutShort?: boolean;
  waitedMs: number;
  readRequestId?: string;
}

/** A revision newer than the baseline's (none before: any). */
function isNewer(latest: LatestSnapshot, before: LatestSnapshot): boolean {
  return latest !== undefined && latest.revision > (before?.revision ?? 0);
}

/**
 * Reads the latest snapshot and the job every pollEveryMs() until the revision is newer than the baseline's, the
 * job fails or stops, a read fails, the step is cancelled, or the wait ends (a last read then).
 */
async function pollUntilNewer(
  job: JobTarget,
  baseline: Baseline,
  startedAt: number,
  waits: SnapshotWaits,
  deps: CallDeps,
): Promise<WaitEnd> {
  const { timing, cancel } = deps;
  const endAt = Math.min(startedAt + waits.waitMs, waits.deadlineAt - SNAPSHOT_WAIT.finalReadsMs);
  const cutShort = endAt < startedAt + waits.waitMs;
  let latest = baseline.latest;
  let description = baseline.description;
  let readRequestId = baseline.readRequestId;
  let seenRunning = false;
  const ended = (how: Partial<WaitEnd>): WaitEnd => ({
    latest,
    description,
    waitedMs: timing.now() - startedAt,
    ...(cutShort ? { cutShort } : {}),
    ...(readRequestId ? { readRequestId } : {}),
    ...how,
  });
  const failedRead = (read: ReadOperation, failedCall: FailedCall) =>
    failedCall.stop === 'cancelled'
      ? ended({ cancelled: true })
      : ended({ readFailed: { read, failedCall } });

  for (;;) {
    const inMs = nextPollInMs(
      endAt - timing.now(),
      pollEveryMs(waits.waiting, waits.readRatePerSecond),
    );
    if (inMs > 0) await timing.sleep(inMs, cancel);
    if (cancel?.aborted) return ended({ cancelled: true });

    const snap = await waits.reader.snapshot(baseline.target);
    readRequestId = snap.requestId ?? readRequestId;
    if (!snap.ok) return failedRead('GetResourceSnapshot', snap);
    // A snapshot once seen does not go away; a "none" after one is the service's lag, not news.
    if (snap.value) latest = snap.value;

    const read = await waits.reader.job(job);
    readRequestId = read.requestId ?? readRequestId;
    if (read.ok) description = read.value;
    if (isNewer(latest, baseline.latest)) return ended({ isNew: true });
    if (!read.ok) return failedRead('GetResourceSnapshotJob', read);

    const lastFailure = description['last-failure'];
    const status = description['job-status'];
    if (lastFailure && lastFailure !== baseline.description['last-failure'])
      return ended({ isNew: false, jobFailed: { lastFailure, ...(status ? { status } : {}) } });
    if (isRunning(description)) seenRunning = true;
    else if (seenRunning || timing.now() - startedAt > SNAPSHOT_WAIT.startGraceMs)
      return ended({ isNew: false, jobFailed: { ...(status ? { status } : {}) } });

    if (timing.now() >= endAt) return ended({ isNew: false });
  }
}

/** How often each of `waiting` jobs is read, so that together they stay within their share of the read quota. */
export function pollEveryMs(waiting: number, readRatePerSecond: number): number {
  const share = readRatePerSecond * SNAPSHOT_WAIT.quotaShare;
  const fair = (Math.max(1, waiting) * SNAPSHOT_WAIT.readsPerPoll * 1000) / share;
  return Math.max(SNAPSHOT_WAIT.pollEveryMs, Math.ceil(fair));
}

/**
 * When to read next, `remainingMs` before the wait ends: every `everyMs` while a whole period and a least
 * gap remain; then the rest in two equal gaps (each at least minGapMs), or in one, so the last read falls on
 * the end of the wait and no two reads are closer than minGapMs.
 */
export function nextPollInMs(remainingMs: number, everyMs: number): number {
  if (remainingMs >= everyMs + SNAPSHOT_WAIT.minGapMs) return everyMs;
  if (remainingMs >= 2 * SNAPSHOT_WAIT.minGapMs) return Math.ceil(remainingMs / 2);
  return Math.max(0, remainingMs);
}

function summaryOf(latest: LatestSnapshot): SnapshotSummary {
  if (!latest) return {};
  return {
    revision: latest.revision,
    ...(latest.arn ? { arn: latest.arn } : {}),
    ...(latest.createdAt ? { createdAt: latest.createdAt } : {}),
  };
}

/** The latest snapshot written to snapshot-directory (when set), or why it could not be. */
async function fileFor(
  job: JobTarget,
  latest: LatestSnapshot,
  waits: SnapshotWaits,
  ctx: JobContext,
  started: boolean,
): Promise<{ file?: string; failure?: Failure }> {
  if (!latest || !waits.directory || !waits.files) return {};
  const written = await writeSnapshotFile(
    waits.files,
    waits.directory,
    job.jobIdentifier,
    latest.bytes,
    waits.holdsSecret,
  );
  if (written.ok) return { file: written.path };
  if (written.heldSecret)
    return {
      failure: snapshotHeldSecret(ctx, safeLine(written.path, 400), latest.revision, started),
    };
  return {
    failure: snapshotFileFailed(
      ctx,
      safeLine(waits.directory, 300),
      safeLine(written.path, 400),
      safeLine(written.reason, 300),
      started,
    ),
  };
}

const revisionText = (n: number) => (n ? `revision ${n}` : 'no snapshot');

/** The one line per job: revision before -> after, and what it means. */
function noticeText(
  jobIdentifier: string,
  revisionBefore: number,
  end: WaitEnd,
  waits: Pick<SnapshotWaits, 'waitMs' | 'noJobRole'>,
): string {
  const { waitMs } = waits;
  const after = end.latest?.revision ?? 0;
  const span = `${Math.round(end.waitedMs / 1000)} s`;
  const change = `${revisionText(revisionBefore)} -> ${revisionText(after)}`;
  if (end.isNew) return `${jobIdentifier}: new snapshot, ${change} after ${span}.`;
  if (end.cancelled)
    return `${jobIdentifier}: cancelled while waiting for its snapshot after ${span}; ${change}.`;
  if (end.readFailed)
    return isCredentialsLapsed(end.readFailed.failedCall.error)
      ? `${jobIdentifier}: stopped waiting for its snapshot after ${span}: the step's credentials ran out; ${change}.`
      : `${jobIdentifier}: stopped waiting for its snapshot after ${span}: a read failed; ${change}.`;
  if (end.jobFailed)
    return `${jobIdentifier}: the job failed while waited for (after ${span}); ${change}.`;
  const cut = end.cutShort ? ` (timeout-seconds ended the wait of ${waitMs / 1000} s early)` : '';
  if (waits.noJobRole)
    return `${jobIdentifier}: no new snapshot within ${span}${cut}; ${after ? `the latest is revision ${after}` : 'there is none (snapshot-revision is empty)'}. ${NO_JOB_ROLE_NOTE}`;
  return after
    ? `${jobIdentifier}: no new snapshot within ${span}${cut}; the latest is revision ${after}: the resource may not have changed since revision ${after}.`
    : `${jobIdentifier}: no snapshot within ${span}${cut}, and none before: the resource may not have changed since the job was created, so there is no snapshot yet (snapshot-revision is empty).`;
}

/** What the no-new-snapshot notice says when the catalog has no snapshot job role. */
const NO_JOB_ROLE_NOTE =
  'The catalog has no snapshot job role (GetSellingSystemSettings names no ResourceSnapshotJobRoleArn), so the job runs but takes no snapshot: set one with PutSellingSystemSettings (see the warning above).';
