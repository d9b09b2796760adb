// Every job of the step, in input order: startJobs runs each through runJob (one job's life, top-down) and stops
// early only when a failure proves the rest would fail the same way. A dry run or a wait first reads the catalog's
// snapshot job role. Jobs waited for (wait-for-snapshot) finish alongside the later starts; every entry is finished
// before the step reports.
import { SETTINGS_READ } from '../common/tunables.js';
import type { SigningCredentials } from '../aws/credentials.js';
import { SECRET_HEADERS } from '../aws/aws-json.js';
import { isCredentialsRejected } from '../aws/error-names.js';
import type { Failure } from '../common/failure.js';
import type { Config } from '../config/inputs.js';
import type { CallError } from '../http/call-error.js';
import {
  CREDENTIALS_EXPIRED,
  isCredentialsLapsed,
  isRedirect,
  isUnreachable,
} from '../http/error-kinds.js';
import { previewRequest, type RequestPreview } from '../http/request-preview.js';
import type { FailedCall, RetryPolicy } from '../http/retry.js';
import type { CallDeps } from '../http/send-with-retry.js';
import { describeFailure, startFailure, type JobContext } from './job-failures.js';
import { describeStarted } from './job-read-back.js';
import {
  jobRoleUnread,
  noJobRoleWarning,
  noSnapshotJobRole,
  readSnapshotJobRole,
} from './snapshot-job-role.js';
import {
  getResourceSnapshotJob,
  signStartRequest,
  startResourceSnapshotJob,
  type JobDescription,
  type JobTarget,
} from './operations.js';
import type { SnapshotFiles } from './snapshot-files.js';
import {
  readBaseline,
  reportLatestSnapshot,
  snapshotWaits,
  waitForNewSnapshot,
  type SnapshotSummary,
  type SnapshotWaits,
} from './snapshot-wait.js';

/**
 * `unknown`: the last start went out whole and no reply came (its FailedCall is `unanswered`), so the job may have
 * started; `not-attempted`: no start was sent (an earlier job stopped the rest, a cancel, the deadline).
 */
type JobStatus = 'started' | 'failed' | 'not-attempted' | 'dry-run' | 'unknown';

/** One job's entry in the results: built once, when the job is done, and never changed after. */
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
  /** Why the job did not start, or what describe-job or the wait found wrong after it did. */
  failure?: Failure;
  /** Why a job was not attempted. */
  skipped?: string;
  description?: JobDescription;
  /** dry-run: the signed request that would have been sent, secrets as ***. */
  preview?: RequestPreview;
  /** wait-for-snapshot: the revision before and after, and the file written. */
  snapshot?: SnapshotSummary;
}

/** What the step's jobs share: the inputs, the credentials, the two call policies, the wording, the files. */
export interface JobsRun {
  config: Config;
  credentials: SigningCredentials;
  /** StartResourceSnapshotJob's policy: paced at requests-per-second. */
  starts: RetryPolicy;
  /** Every read's policy (describe-job, wait-for-snapshot, a dry run's reads): one pacer for all. */
  reads: RetryPolicy;
  /** Failure wording for one job: who signed, the account, the timeout. */
  context(jobIdentifier: string): JobContext;
  /** snapshot-directory's file system (node:fs/promises from main.ts). */
  files?: SnapshotFiles | undefined;
}

export interface JobsOutcome {
  /** One per job, in input order. */
  jobs: JobResult[];
  /** What fails the step beyond its jobs: a dry run that found the catalog has no snapshot job role. */
  failure?: Failure;
  /** x-amzn-RequestId of the last StartResourceSnapshotJob response (reads never overwrite it). */
  requestId?: string;
}

/** What runJob hands back to the loop as soon as the job's start is settled. */
interface JobRun {
  /** The job's finished entry: at once, or when its wait for a snapshot ends. */
  result: Promise<JobResult>;
  /** Why no later job is attempted (stopReason), or undefined. */
  stopsTheRest?: string | undefined;
  /** x-amzn-RequestId of its StartResourceSnapshotJob response. */
  requestId?: string | undefined;
  /** StartResourceSnapshotJob succeeded: the job is running, whatever its later reads find. */
  started?: boolean;
}

/** One job of the step: what its requests name, and its failures' wording. */
interface Job {
  target: JobTarget;
  ctx: JobContext;
}

export async function startJobs(run: JobsRun, deps: CallDeps): Promise<JobsOutcome> {
  const { config } = run;
  const waits =
    config.waitForSnapshotMs > 0
      ? snapshotWaits(
          {
            waitMs: config.waitForSnapshotMs,
            directory: config.snapshotDirectory,
            files: run.files,
          },
          run.credentials,
          run.reads,
          deps,
        )
      : undefined;
  // A dry run proves the catalog's snapshot job role is set; a wait learns it before any job starts.
  const jobRole =
    config.dryRun || waits ? await checkSnapshotJobRole(config, run, deps) : undefined;
  if (waits && jobRole?.state === 'unset') waits.noJobRole = true;
  const results: Promise<JobResult>[] = [];
  const started: string[] = [];
  let requestId: string | undefined;
  let stopped: string | undefined;
  for (const jobIdentifier of config.jobIdentifiers) {
    // A cancelled step (SIGINT, SIGTERM: main.ts) starts no more jobs; those already waited for end their waits.
    if (!stopped && deps.cancel?.aborted) stopped = 'the step was cancelled';
    if (stopped) {
      results.push(
        Promise.resolve(notAttempted({ jobIdentifier, catalog: config.catalog }, stopped)),
      );
      continue;
    }
    const ctx: JobContext = { ...run.context(jobIdentifier), startedJobs: () => started };
    const job: Job = { target: { ...config, jobIdentifier }, ctx };
    const done = config.dryRun
      ? await dryRunJob(job, run, waits, deps)
      : await runJob(job, run, waits, deps);
    results.push(done.result);
    if (done.started) started.push(jobIdentifier);
    stopped = done.stopsTheRest;
    // request-id: the last StartResourceSnapshotJob response of the step, whichever job it answered.
    requestId = done.requestId ?? requestId;
  }
  const failure =
    config.dryRun && jobRole?.state === 'unset' ? noSnapshotJobRole(config) : undefined;
  return {
    jobs: await Promise.all(results),
    ...(failure ? { failure } : {}),
    ...(requestId ? { requestId } : {}),
  };
}

/** GetSellingSystemSettings, once for the step: said in a line, a warning or a notice, never failing by itself. */
async function checkSnapshotJobRole(config: Config, run: JobsRun, deps: CallDeps) {
  // An optional check: a few attempts within a few seconds, under the read pace.
  const policy: RetryPolicy = {
    ...run.reads,
    maxAttempts:
      config.maxAttempts === 'auto'
        ? SETTINGS_READ.maxAttempts
        : Math.min(config.maxAttempts, SETTINGS_READ.maxAttempts),
    deadlineAt: Math.min(run.reads.deadlineAt, deps.timing.now() + SETTINGS_READ.budgetMs),
  };
  const check = await readSnapshotJobRole(config, run.credentials, policy, deps);
  if (check.state === 'set')
    deps.log.info(
      `The ${config.catalog} catalog's snapshot jobs run as ${check.roleArn} (GetSellingSystemSettings)`,
    );
  else if (check.state === 'unset' && !config.dryRun)
    deps.log.warning(noJobRoleWarning(config), 'No snapshot job role');
  else if (check.state === 'unread' && !endsTheStep(check.failedCall))
    deps.log.notice(jobRoleUnread(check.failedCall, config), 'Snapshot job role not checked');
  return check;
}

/** A cancel, or credentials that ran out: the step's own report says so, not a note about the settings. */
function endsTheStep(failed: FailedCall): boolean {
  return failed.stop === 'cancelled' || isCredentialsLapsed(failed.error);
}

/**
 * One job's life: its baseline (wait-for-snapshot reads the job and its latest snapshot BEFORE the start), the
 * start, then describe-job's read-back or the wait for a newer snapshot (which runs alongside the later starts).
 */
async function runJob(
  job: Job,
  run: JobsRun,
  waits: SnapshotWaits | undefined,
  deps: CallDeps,
): Promise<JobRun> {
  const entry = firstFields(job);
  const baseline = waits
    ? await readBaseline(job.target, waits, job.ctx, 'before-start')
    : undefined;
  if (baseline && !baseline.ok) {
    const stop = stopReason(baseline.failedCall);
    // Nothing was started, and nothing about this job went wrong: it is not attempted, and why.
    if (baseline.failedCall && endsTheStep(baseline.failedCall))
      return settled(notAttempted(job.target, stop ?? 'the step stopped'), stop);
    return settled({ ...entry, status: 'failed', ...baseline.findings }, stop);
  }

  const start = await startResourceSnapshotJob(job.target, run.credentials, run.starts, deps);
  const requestId = start.requestId ? { requestId: start.requestId } : {};
  if (!start.ok) {
    const stop = stopReason(start);
    // Cancelled or out of time before its first request went out: not attempted, and why.
    if (start.attempts === 0)
      return settled(notAttempted(job.target, stop ?? start.error.message), stop);
    // Sent and never answered: it may have started (unknown).
    const status = start.unanswered ? 'unknown' : 'failed';
    const failure = startFailure(start, job.ctx);
    const failed: JobResult = { ...entry, status, attempts: start.attempts, ...requestId, failure };
    return settled(failed, stop, start.requestId);
  }
  deps.log.info(
    `Started ${job.target.jobIdentifier} (${job.target.catalog}) after ${start.attempts} attempt${start.attempts === 1 ? '' : 's'}, request id ${start.requestId ?? 'none'}`,
  );
  const started: JobResult = {
    ...entry,
    status: 'started',
    attempts: start.attempts,
    ...requestId,
  };

  if (waits && baseline?.ok) {
    const waited = waitForNewSnapshot(
      job.target,
      baseline.baseline,
      deps.timing.now(),
      waits,
      job.ctx,
      deps,
    );
    return {
      result: waited.then((findings) => ({ ...started, ...findings })),
      started: true,
      ...requestId,
    };
  }
  if (!run.config.describeJob)
    return { ...settled(started, undefined, start.requestId), started: true };
  const read = await describeStarted(job.target, run.credentials, run.reads, job.ctx, deps);
  const readBack = {
    ...(read.requestId ? { readRequestId: read.requestId } : {}),
    ...(read.description ? { description: read.description } : {}),
    ...(read.failure ? { failure: read.failure } : {}),
  };
  return {
    ...settled({ ...started, ...readBack }, stopReason(read.failedCall), start.requestId),
    started: true,
  };
}

/** dry-run: the signed request shown, not sent; the reads describe-job or wait-for-snapshot would make, made. */
async function dryRunJob(
  job: Job,
  run: JobsRun,
  waits: SnapshotWaits | undefined,
  deps: CallDeps,
): Promise<JobRun> {
  // Signed as the real start would be: with credentials renewed first when they are due.
  const refused = await run.credentials.renewIfDue();
  if (refused) {
    const stop = credentialsStop(refused);
    return settled(notAttempted(job.target, stop), stop);
  }
  const signingTime = new Date(deps.timing.now() + deps.clock.offsetMs);
  const signed = await signStartRequest(job.target, run.credentials.current(), signingTime);
  const preview = previewRequest(signed, SECRET_HEADERS);
  deps.log.info(`Dry run: would send ${preview.method} ${preview.url} ${preview.body}`);
  const shown: JobResult = { ...firstFields(job), status: 'dry-run', preview };
  if (waits) {
    // The job and its latest snapshot read (and written), nothing waited for.
    const report = await reportLatestSnapshot(job.target, waits, job.ctx, deps);
    const { findings } = report;
    const failed = findings.failure && !findings.snapshot;
    return settled(
      { ...shown, ...findings, ...(failed ? { status: 'failed' as const } : {}) },
      stopReason(report.failedCall),
    );
  }
  if (!run.config.describeJob) return settled(shown);
  // describe-job: the job read, which proves it exists and the read is allowed.
  const read = await getResourceSnapshotJob(job.target, run.credentials, run.reads, deps);
  const readRequestId = read.requestId ? { readRequestId: read.requestId } : {};
  if (read.ok) return settled({ ...shown, ...readRequestId, description: read.value });
  const stop = stopReason(read);
  // Cancelled or out of time before its read went out: nothing was checked, as for a start not sent.
  if (read.attempts === 0)
    return settled(notAttempted(job.target, stop ?? read.error.message), stop);
  const failure = describeFailure(read, job.ctx, false);
  return settled({ ...shown, ...readRequestId, status: 'failed', failure }, stop);
}

/**
 * Why a failure proves every other job would fail the same way (the step was cancelled or is out of time, the
 * credentials themselves were rejected, or the endpoint cannot serve signed requests), or undefined.
 */
function stopReason(failed: FailedCall | undefined): string | undefined {
  if (!failed) return undefined;
  const { error } = failed;
  if (failed.stop === 'cancelled') return 'the step was cancelled';
  if (failed.stop === 'deadline') return 'timeout-seconds ran out';
  if (isCredentialsLapsed(error)) return credentialsStop(error);
  if (isCredentialsRejected(error))
    return `the credentials were rejected (${error.name}), so every other job would be too`;
  if (isRedirect(error))
    return 'the endpoint answered with a redirect, so every other job would get the same';
  if (isUnreachable(error))
    return `the endpoint could not be reached (${error.name}), so every other job would fail the same way`;
  return undefined;
}

/** Why nothing more is sent once the step's credentials ran out (CredentialsNotRenewed, CredentialsExpired). */
function credentialsStop(error: CallError): string {
  return error.name === CREDENTIALS_EXPIRED
    ? "the step's credentials expired"
    : "the step's credentials could not be renewed";
}

/** The fields every entry starts with. */
function firstFields(job: Job): Pick<JobResult, 'jobIdentifier' | 'catalog' | 'attempts'> {
  return { jobIdentifier: job.target.jobIdentifier, catalog: job.target.catalog, attempts: 0 };
}

function notAttempted(
  { jobIdentifier, catalog }: Pick<JobTarget, 'jobIdentifier' | 'catalog'>,
  skipped: string,
): JobResult {
  return { jobIdentifier, catalog, status: 'not-attempted', attempts: 0, skipped };
}

/** A job whose entry is finished now, and what the step learns from it (the start's request id). */
function settled(result: JobResult, stopsTheRest?: string, requestId?: string): JobRun {
  return { result: Promise.resolve(result), stopsTheRest, ...(requestId ? { requestId } : {}) };
}
