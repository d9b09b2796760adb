// wait-for-snapshot, one job: its snapshot before the start, then reading it until a newer revision, a failure or the end.
import { SNAPSHOT_WAIT } from '../common/tunables.js';
import type { JobDescription, JobTarget } from './operations.js';
import { isRunning } from './operations.js';
import type { RetryOutcome, Timing } from '../http/retry.js';
import { nextPollInMs } from './snapshot-timing.js';
import type { LatestSnapshot, Snapshot, SnapshotTarget } from './snapshots.js';
import { snapshotTargetOf } from './snapshots.js';

/** The step's reads, each through its one read pace and retried: the job, and its latest snapshot. */
export interface SnapshotReader {
  job(target: JobTarget): Promise<RetryOutcome<JobDescription>>;
  snapshot(target: SnapshotTarget): Promise<RetryOutcome<LatestSnapshot>>;
}

export type ReadFailure = Extract<RetryOutcome<unknown>, { ok: false }>;
type ReadOperation = 'GetResourceSnapshotJob' | 'GetResourceSnapshot';

/** What was known of a job before its start: its description, which snapshot it takes, and the latest one. */
export interface Before {
  description: JobDescription;
  target: SnapshotTarget;
  /** The latest snapshot before the start; undefined: none yet (revision 0). */
  latest: LatestSnapshot;
  readRequestId?: string;
}

type BeforeOutcome =
  | ({ ok: true } & Before)
  | { ok: false; read: ReadOperation; outcome: ReadFailure; description?: JobDescription }
  | { ok: false; missing: string[]; description: JobDescription; readRequestId?: string };

/** Reads the job, then its latest snapshot (GetResourceSnapshot without Revision). */
export async function readBefore(job: JobTarget, reader: SnapshotReader): Promise<BeforeOutcome> {
  const described = await reader.job(job);
  if (!described.ok) return { ok: false, read: 'GetResourceSnapshotJob', outcome: described };
  const description = described.value;
  const target = snapshotTargetOf(job, description);
  if ('missing' in target)
    return {
      ok: false,
      missing: target.missing,
      description,
      ...(described.requestId ? { readRequestId: described.requestId } : {}),
    };
  const latest = await reader.snapshot(target);
  if (!latest.ok) return { ok: false, read: 'GetResourceSnapshot', outcome: latest, description };
  const readRequestId = latest.requestId ?? described.requestId;
  return {
    ok: true,
    description,
    target,
    latest: latest.value,
    ...(readRequestId ? { readRequestId } : {}),
  };
}

interface WaitArgs {
  job: JobTarget;
  before: Before;
  /** When the start was answered: the wait is counted from here. */
  startedAt: number;
  waitMs: number;
  /** The step's deadline (timeout-seconds). */
  deadlineAt: number;
  reader: SnapshotReader;
  timing: Timing;
  cancel?: AbortSignal;
  /** How long until the next read of this job (it depends on how many jobs are waited for together). */
  pollEveryMs(): number;
}

interface WaitResult {
  /** The latest snapshot seen (the one before the start when nothing newer came). */
  latest: LatestSnapshot;
  /** Whether its revision is newer than the one before the start; undefined when the wait was cancelled. */
  isNew?: boolean;
  /** The job as last read. */
  description: JobDescription;
  /** The job reported a new LastFailure, or stopped, while waited for. */
  jobFailed?: { status?: string; lastFailure?: string };
  /** A read failed (denied, out of retries, out of time) after the start. */
  readFailed?: { read: ReadOperation; outcome: ReadFailure };
  cancelled?: boolean;
  /** timeout-seconds ended the wait before wait-for-snapshot did. */
  cutShort?: boolean;
  waitedMs: number;
  polls: number;
  readRequestId?: string;
}

/** A revision newer than the one before the start (none before: any). */
function isNewer(latest: LatestSnapshot, before: LatestSnapshot): boolean {
  return latest !== undefined && latest.revision > (before?.revision ?? 0);
}

/**
 * Reads the latest snapshot and the job every pollEveryMs() until the revision is newer than before the
 * start, the job fails or stops, a read fails, the step is cancelled, or the wait ends (a last read then).
 */
export async function waitForSnapshot(args: WaitArgs): Promise<WaitResult> {
  const { before, timing, reader, cancel } = args;
  const endAt = Math.min(
    args.startedAt + args.waitMs,
    args.deadlineAt - SNAPSHOT_WAIT.finalReadsMs,
  );
  const cutShort = endAt < args.startedAt + args.waitMs;
  let latest: Snapshot | undefined = before.latest;
  let description = before.description;
  let readRequestId = before.readRequestId;
  let seenRunning = false;
  let polls = 0;
  const result = (extra: Partial<WaitResult>): WaitResult => ({
    latest,
    description,
    waitedMs: timing.now() - args.startedAt,
    polls,
    ...(cutShort ? { cutShort } : {}),
    ...(readRequestId ? { readRequestId } : {}),
    ...extra,
  });
  const failedRead = (read: ReadOperation, outcome: ReadFailure) =>
    outcome.stop === 'cancelled'
      ? result({ cancelled: true })
      : result({ readFailed: { read, outcome } });

  for (;;) {
    const now = timing.now();
    const inMs = nextPollInMs(endAt - now, args.pollEveryMs());
    if (inMs > 0) await timing.sleep(inMs, cancel);
    if (cancel?.aborted) return result({ cancelled: true });
    polls += 1;

    const snap = await reader.snapshot(before.target);
    readRequestId = snap.requestId ?? readRequestId;
    if (!snap.ok) return failedRead('GetResourceSnapshot', snap);
    // A snapshot once seen does not go away; a "none" after one is the service's lag, not news.
    if (snap.value) latest = snap.value;

    const job = await reader.job(args.job);
    readRequestId = job.requestId ?? readRequestId;
    if (job.ok) description = job.value;
    if (isNewer(latest, before.latest)) return result({ isNew: true });
    if (!job.ok) return failedRead('GetResourceSnapshotJob', job);

    const lastFailure = description['last-failure'];
    const status = description['job-status'];
    if (lastFailure && lastFailure !== before.description['last-failure'])
      return result({ isNew: false, jobFailed: { lastFailure, ...(status ? { status } : {}) } });
    if (isRunning(description)) seenRunning = true;
    else if (seenRunning || timing.now() - args.startedAt > SNAPSHOT_WAIT.startGraceMs)
      return result({ isNew: false, jobFailed: { ...(status ? { status } : {}) } });

    if (timing.now() >= endAt) return result({ isNew: false });
  }
}
