// Starts every job of the step in input order, paced at requests-per-second; reads each back (describe-job), waits
// for their snapshots together (wait-for-snapshot), or only shows what would be sent (dry-run). Stops early only
// when a failure proves the rest would fail the same way.
import { READ_REQUESTS_PER_SECOND } from '../common/tunables.js';
import type { Credentials } from '../aws/credentials.js';
import type { Failure } from '../http/failure.js';
import type { Config } from '../config/inputs.js';
import { Pacer } from '../http/pacer.js';
import {
  getResourceSnapshotJob,
  signStartRequest,
  startResourceSnapshotJob,
  type JobDescription,
  type JobTarget,
} from './operations.js';
import { callFailure, describeFailure, type JobContext } from './failures.js';
import { describeStarted } from './job-read-back.js';
import type { RetryOutcome, RetryPolicy } from '../http/retry.js';
import { SharedPace } from '../http/read-pace.js';
import { previewRequest, type RequestPreview } from '../http/request-preview.js';
import type { CallDeps } from '../http/send-with-retry.js';
import { SECRET_HEADERS } from '../aws/aws-json.js';
import { isCredentialsRejected } from '../aws/error-names.js';
import { isRedirect, isUnreachable } from '../http/error-kinds.js';
import type { SnapshotFiles } from './snapshot-files.js';
import type { Before, ReadFailure } from './snapshot-wait.js';
import {
  dryRunSnapshot,
  snapshotBefore,
  snapshotReader,
  waitAfterStart,
  WaitingJobs,
  type SnapshotPatch,
  type SnapshotStep,
  type SnapshotSummary,
} from './snapshot-jobs.js';

type JobStatus = 'started' | 'failed' | 'not-attempted' | 'dry-run' | 'unknown';

export interface JobResult {
  jobIdentifier: string;
  catalog: string;
  status: JobStatus;
  /** StartResourceSnapshotJob attempts (a dry run makes none). */
  attempts: number;
  /** x-amzn-RequestId of the last StartResourceSnapshotJob response for this job. */
  requestId?: string;
  /**
   * x-amzn-RequestId of the last read of this job (describe-job, dry run, wait-for-snapshot), for the summary:
   * reads never overwrite requestId.
   */
  readRequestId?: string;
  /** Why the job did not start, or what describe-job found wrong after it did. */
  failure?: Failure;
  /** Why a job was not attempted. */
  skipped?: string;
  description?: JobDescription;
  /** dry-run: the signed request that would have been sent, secrets as ***. */
  preview?: RequestPreview;
  /** wait-for-snapshot: the revision before and after, and the file written. */
  snapshot?: SnapshotSummary;
}

/**
 * Why a failure proves every other job would fail the same way (the credentials themselves were rejected, or
 * the endpoint cannot serve signed requests), or undefined.
 */
function haltReason(outcome: Extract<RetryOutcome<unknown>, { ok: false }>): string | undefined {
  const { error } = outcome;
  if (outcome.stop === 'cancelled') return 'the step was cancelled';
  if (outcome.stop === 'deadline') return 'timeout-seconds ran out';
  if (isCredentialsRejected(error))
    return `the credentials were rejected (${error.name}), so every other job would be too`;
  if (isRedirect(error))
    return 'the endpoint answered with a redirect, so every other job would get the same';
  if (isUnreachable(error))
    return `the endpoint could not be reached (${error.name}), so every other job would fail the same way`;
  return undefined;
}

interface JobsRun {
  config: Config;
  credentials: Credentials;
  /** The step's retry policy (deadline, attempts); pacing is added here. */
  policy: RetryPolicy;
  /** Failure wording for one job: who signed, the account, the timeout. */
  context(jobIdentifier: string): JobContext;
  /** snapshot-directory's file system (node:fs/promises from main.ts). */
  files?: SnapshotFiles;
}

/** A failure found after the start (describe, wait) does not replace one found before. */
function applyPatch(result: JobResult, patch: SnapshotPatch): void {
  const { failure, ...rest } = patch;
  Object.assign(result, rest);
  if (failure && !result.failure) result.failure = failure;
}

interface JobsOutcome {
  jobs: JobResult[];
  /** x-amzn-RequestId of the last StartResourceSnapshotJob response (reads never overwrite it). */
  requestId?: string;
}

export async function startJobs(run: JobsRun, deps: CallDeps): Promise<JobsOutcome> {
  const step = stepOf(run, deps);
  // Jobs being waited for: their waits run alongside the later starts, and all end before the step reports.
  const waits: Promise<void>[] = [];
  const jobs: JobResult[] = [];
  let requestId: string | undefined;
  let halt: string | undefined;
  for (const jobIdentifier of run.config.jobIdentifiers) {
    const target: JobTarget = { ...run.config, jobIdentifier };
    const base = { jobIdentifier, catalog: run.config.catalog, attempts: 0 };
    if (!halt && deps.cancel?.aborted) halt = 'the step was cancelled';
    if (halt) {
      jobs.push({ ...base, status: 'not-attempted', skipped: halt });
      continue;
    }
    const job: OneJob = { target, base, ctx: run.context(jobIdentifier) };
    const done = run.config.dryRun ? await dryRunJob(step, job) : await startJob(step, job);
    jobs.push(done.result);
    halt = done.halt;
    requestId = done.requestId ?? requestId;
    if (done.wait) waits.push(done.wait);
  }
  await Promise.all(waits);
  return { jobs, ...(requestId ? { requestId } : {}) };
}

/** What every job of the step shares. */
interface Step {
  run: JobsRun;
  deps: CallDeps;
  /** StartResourceSnapshotJob, paced at requests-per-second. */
  writes: RetryPolicy;
  /** Every read of the step, under one shared pace. */
  reads: RetryPolicy;
  snapshots: SnapshotStep | undefined;
  waiting: WaitingJobs;
}

/** One job of the step: its request's target, its entry's first fields, its failures' wording. */
interface OneJob {
  target: JobTarget;
  base: Pick<JobResult, 'jobIdentifier' | 'catalog' | 'attempts'>;
  ctx: JobContext;
}

/** One job done: its entry, and what the step learns from it. */
interface JobDone {
  result: JobResult;
  /** Why every later job is not attempted (haltReason). */
  halt?: string | undefined;
  /** x-amzn-RequestId of its StartResourceSnapshotJob response. */
  requestId?: string | undefined;
  /** wait-for-snapshot: its wait, running alongside the later starts; it patches `result` when done. */
  wait?: Promise<void>;
}

type CallFailed = Extract<RetryOutcome<unknown>, { ok: false }>;

/** The step's two policies (writes at requests-per-second, reads at one pace) and its snapshot step. */
function stepOf(run: JobsRun, deps: CallDeps): Step {
  const { config, credentials } = run;
  const writes: RetryPolicy = {
    ...run.policy,
    ratePerSecond: config.requestsPerSecond,
    pace: new Pacer(config.requestsPerSecond),
  };
  // One pace for every read of the step: jobs waited for together read concurrently (read-pace.ts).
  const reads: RetryPolicy = {
    ...run.policy,
    ratePerSecond: READ_REQUESTS_PER_SECOND,
    pace: new SharedPace(new Pacer(READ_REQUESTS_PER_SECOND), READ_REQUESTS_PER_SECOND),
  };
  const snapshots: SnapshotStep | undefined =
    config.waitForSnapshotMs > 0
      ? {
          waitMs: config.waitForSnapshotMs,
          ...(config.snapshotDirectory ? { directory: config.snapshotDirectory } : {}),
          ...(run.files ? { files: run.files } : {}),
          reader: snapshotReader(credentials, reads, deps),
          deadlineAt: run.policy.deadlineAt,
          readRatePerSecond: READ_REQUESTS_PER_SECOND,
        }
      : undefined;
  return { run, deps, writes, reads, snapshots, waiting: new WaitingJobs() };
}

/** dry-run: the signed request shown, not sent; the reads describe-job or wait-for-snapshot would make, made. */
async function dryRunJob(step: Step, job: OneJob): Promise<JobDone> {
  const { run, deps } = step;
  const signingTime = new Date(deps.timing.now() + deps.clock.offsetMs);
  const signed = await signStartRequest(job.target, run.credentials, signingTime);
  const result: JobResult = {
    ...job.base,
    status: 'dry-run',
    preview: previewRequest(signed, SECRET_HEADERS),
  };
  deps.log.info(`Dry run: would send ${signed.method} ${signed.url.href} ${signed.body}`);
  if (step.snapshots) return dryRunSnapshotRead(step.snapshots, job, result, deps);
  if (run.config.describeJob) return dryRunDescribe(step, job, result);
  return { result };
}

/** dry-run with wait-for-snapshot: the job and its latest snapshot read (and written), nothing waited for. */
async function dryRunSnapshotRead(
  snapshots: SnapshotStep,
  job: OneJob,
  result: JobResult,
  deps: CallDeps,
): Promise<JobDone> {
  const patch = await dryRunSnapshot(job.target, snapshots, job.ctx, deps);
  applyPatch(result, patch.patch);
  if (patch.patch.failure && !patch.patch.snapshot) result.status = 'failed';
  return { result, halt: patch.outcome ? haltReason(patch.outcome) : undefined };
}

/** dry-run with describe-job: the job read, which proves it exists and the read is allowed. */
async function dryRunDescribe(step: Step, job: OneJob, result: JobResult): Promise<JobDone> {
  const read = await getResourceSnapshotJob(
    job.target,
    step.run.credentials,
    step.reads,
    step.deps,
  );
  if (read.requestId) result.readRequestId = read.requestId;
  if (read.ok) {
    result.description = read.value;
    return { result };
  }
  const halt = haltReason(read);
  // Cancelled or out of time before its read went out: nothing was checked, as for a start not sent.
  if (read.attempts === 0) return notSent(read, job, halt);
  Object.assign(result, { status: 'failed', failure: describeFailure(read, job.ctx, false) });
  return { result, halt };
}

/** One start: the reads before it (wait-for-snapshot), the start, then the wait or the read-back. */
async function startJob(step: Step, job: OneJob): Promise<JobDone> {
  const { run, deps } = step;
  // wait-for-snapshot: the job and its latest snapshot are read BEFORE the start (the baseline revision).
  let before: Before | undefined;
  if (step.snapshots) {
    const read = await snapshotBefore(job.target, step.snapshots, job.ctx, 'before-start');
    if (!read.ok) return notReadBefore(read, job);
    before = read.before;
  }
  const outcome = await startResourceSnapshotJob(job.target, run.credentials, step.writes, deps);
  if (!outcome.ok) return { ...notStarted(outcome, job), requestId: outcome.requestId };
  deps.log.info(
    `Started ${job.target.jobIdentifier} (${run.config.catalog}) after ${outcome.attempts} attempt${outcome.attempts === 1 ? '' : 's'}, request id ${outcome.requestId ?? 'none'}`,
  );
  const result: JobResult = {
    ...job.base,
    status: 'started',
    attempts: outcome.attempts,
    ...(outcome.requestId ? { requestId: outcome.requestId } : {}),
  };
  return { ...(await afterStart(step, job, result, before)), requestId: outcome.requestId };
}

/** The reads before a start failed: the job is not started, and not attempted when the step was cancelled. */
function notReadBefore(
  read: { patch: SnapshotPatch; outcome?: ReadFailure | undefined },
  job: OneJob,
): JobDone {
  const halt = read.outcome ? haltReason(read.outcome) : undefined;
  if (read.outcome?.stop === 'cancelled')
    return {
      result: { ...job.base, status: 'not-attempted', skipped: 'the step was cancelled' },
      halt,
    };
  const result: JobResult = { ...job.base, status: 'failed' };
  applyPatch(result, read.patch);
  return { result, halt };
}

/** Cancelled or out of time before its first request went out: the job is not attempted, and says why. */
function notSent(outcome: CallFailed, job: OneJob, halt: string | undefined): JobDone {
  return {
    result: { ...job.base, status: 'not-attempted', skipped: halt ?? outcome.error.message },
    halt,
  };
}

/** A start that failed: not attempted when no request went out; unknown when sent and never answered. */
function notStarted(outcome: CallFailed, job: OneJob): JobDone {
  const halt = haltReason(outcome);
  if (outcome.attempts === 0) return notSent(outcome, job, halt);
  const result: JobResult = {
    ...job.base,
    status: outcome.unanswered ? 'unknown' : 'failed',
    attempts: outcome.attempts,
    ...(outcome.requestId ? { requestId: outcome.requestId } : {}),
    failure: callFailure(outcome, job.ctx),
  };
  return { result, halt };
}

/** After a start: the wait for a newer snapshot (alongside the later starts), or describe-job's read-back. */
async function afterStart(
  step: Step,
  job: OneJob,
  result: JobResult,
  before: Before | undefined,
): Promise<JobDone> {
  const { snapshots, deps } = step;
  if (snapshots && before) {
    const startedAt = deps.timing.now();
    const wait = waitAfterStart(
      job.target,
      before,
      startedAt,
      snapshots,
      job.ctx,
      deps,
      step.waiting,
    );
    return { result, wait: wait.then((patch) => applyPatch(result, patch)) };
  }
  if (!step.run.config.describeJob) return { result };
  const { credentials } = step.run;
  const described = await describeStarted(job.target, credentials, step.reads, job.ctx, deps);
  if (described.requestId) result.readRequestId = described.requestId;
  if (described.description) result.description = described.description;
  if (described.failure) result.failure = described.failure;
  return { result, halt: described.failed ? haltReason(described.failed) : undefined };
}
