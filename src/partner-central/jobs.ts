// Starts every job of the step in input order, paced at requests-per-second; reads each back (describe-job), waits
// for their snapshots together (wait-for-snapshot), or only shows what would be sent (dry-run). Stops early only
// when a failure proves the rest would fail the same way.
import { READ_REQUESTS_PER_SECOND, RUNNING_WAIT } from '../common/tunables.js';
import type { Credentials } from '../aws/credentials.js';
import type { Failure } from '../http/failure.js';
import type { Config } from '../config/inputs.js';
import { Pacer } from '../http/pacer.js';
import {
  getResourceSnapshotJob,
  isRunning,
  signStartRequest,
  startResourceSnapshotJob,
  type JobDescription,
  type JobTarget,
} from './operations.js';
import { callFailure, describeFailure, jobNotRunning, type JobContext } from './failures.js';
import type { RetryOutcome, RetryPolicy } from '../http/retry.js';
import { SharedPace } from '../http/read-pace.js';
import { previewRequest, type RequestPreview } from '../http/request-preview.js';
import type { CallDeps } from '../http/send-with-retry.js';
import { SECRET_HEADERS } from '../aws/aws-json.js';
import { isCredentialsRejected } from '../aws/error-names.js';
import { isRedirect, isUnreachable } from '../http/error-kinds.js';
import type { SnapshotFiles } from './snapshot-files.js';
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

export type JobStatus = 'started' | 'failed' | 'not-attempted' | 'dry-run' | 'unknown';

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

export interface JobsRun {
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

export interface JobsOutcome {
  jobs: JobResult[];
  /** x-amzn-RequestId of the last StartResourceSnapshotJob response (reads never overwrite it). */
  requestId?: string;
}

export async function startJobs(run: JobsRun, deps: CallDeps): Promise<JobsOutcome> {
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
  // Jobs being waited for: their waits run alongside the later starts, and all end before the step reports.
  const waits: Promise<void>[] = [];
  const waiting = new WaitingJobs();
  const jobs: JobResult[] = [];
  let requestId: string | undefined;
  let halt: string | undefined;
  const seen = (outcome: { requestId?: string }) => {
    requestId = outcome.requestId ?? requestId;
  };

  for (const jobIdentifier of config.jobIdentifiers) {
    const target: JobTarget = { ...config, jobIdentifier };
    const base = { jobIdentifier, catalog: config.catalog, attempts: 0 };
    if (!halt && deps.cancel?.aborted) halt = 'the step was cancelled';
    if (halt) {
      jobs.push({ ...base, status: 'not-attempted', skipped: halt });
      continue;
    }
    const ctx = run.context(jobIdentifier);

    if (config.dryRun) {
      const signed = await signStartRequest(
        target,
        credentials,
        new Date(deps.timing.now() + deps.clock.offsetMs),
      );
      const result: JobResult = {
        ...base,
        status: 'dry-run',
        preview: previewRequest(signed, SECRET_HEADERS),
      };
      deps.log.info(`Dry run: would send ${signed.method} ${signed.url.href} ${signed.body}`);
      if (snapshots) {
        const patch = await dryRunSnapshot(target, snapshots, ctx, deps);
        applyPatch(result, patch.patch);
        if (patch.outcome) halt = haltReason(patch.outcome);
        if (patch.patch.failure && !patch.patch.snapshot) result.status = 'failed';
      } else if (config.describeJob) {
        const read = await getResourceSnapshotJob(target, credentials, reads, deps);
        if (read.requestId) result.readRequestId = read.requestId;
        if (read.ok) result.description = read.value;
        else if (read.attempts === 0) {
          // Cancelled or out of time before its read went out: nothing was checked, as for a start not sent.
          halt = haltReason(read);
          jobs.push({ ...base, status: 'not-attempted', skipped: halt ?? read.error.message });
          continue;
        } else {
          Object.assign(result, { status: 'failed', failure: describeFailure(read, ctx, false) });
          halt = haltReason(read);
        }
      }
      jobs.push(result);
      continue;
    }

    // wait-for-snapshot: the job and its latest snapshot are read BEFORE the start (the baseline revision).
    let before;
    if (snapshots) {
      const read = await snapshotBefore(target, snapshots, ctx, 'before-start');
      if (!read.ok) {
        if (read.outcome) halt = haltReason(read.outcome);
        if (read.outcome?.stop === 'cancelled') {
          jobs.push({ ...base, status: 'not-attempted', skipped: 'the step was cancelled' });
          continue;
        }
        const result: JobResult = { ...base, status: 'failed' };
        applyPatch(result, read.patch);
        jobs.push(result);
        continue;
      }
      before = read.before;
    }

    const outcome = await startResourceSnapshotJob(target, credentials, writes, deps);
    seen(outcome);
    if (!outcome.ok) {
      halt = haltReason(outcome);
      if (outcome.attempts === 0) {
        // Cancelled or out of time before its first request went out.
        jobs.push({ ...base, status: 'not-attempted', skipped: halt ?? outcome.error.message });
        continue;
      }
      jobs.push({
        ...base,
        status: outcome.unanswered ? 'unknown' : 'failed',
        attempts: outcome.attempts,
        ...(outcome.requestId ? { requestId: outcome.requestId } : {}),
        failure: callFailure(outcome, ctx),
      });
      continue;
    }
    deps.log.info(
      `Started ${jobIdentifier} (${config.catalog}) after ${outcome.attempts} attempt${outcome.attempts === 1 ? '' : 's'}, request id ${outcome.requestId ?? 'none'}`,
    );
    const result: JobResult = {
      ...base,
      status: 'started',
      attempts: outcome.attempts,
      ...(outcome.requestId ? { requestId: outcome.requestId } : {}),
    };
    if (snapshots && before) {
      const startedAt = deps.timing.now();
      waits.push(
        waitAfterStart(target, before, startedAt, snapshots, ctx, deps, waiting).then((patch) =>
          applyPatch(result, patch),
        ),
      );
    } else if (config.describeJob) {
      const described = await describeStarted(target, credentials, reads, ctx, deps);
      if (described.requestId) result.readRequestId = described.requestId;
      if (described.description) result.description = described.description;
      if (described.failure) result.failure = described.failure;
      if (described.halt) halt = described.halt;
    }
    jobs.push(result);
  }
  await Promise.all(waits);
  return { jobs, ...(requestId ? { requestId } : {}) };
}

/**
 * Reads a job just started; while it is not Running, reads it again every second for a few seconds
 * (a read is cheap), within the step's deadline.
 */
async function describeStarted(
  target: JobTarget,
  credentials: Credentials,
  reads: RetryPolicy,
  ctx: JobContext,
  deps: CallDeps,
): Promise<{ description?: JobDescription; failure?: Failure; halt?: string; requestId?: string }> {
  const since = deps.timing.now();
  let count = 0;
  let requestId: string | undefined;
  for (;;) {
    const read = await getResourceSnapshotJob(target, credentials, reads, deps);
    count += 1;
    requestId = read.requestId ?? requestId;
    const ids = requestId ? { requestId } : {};
    if (!read.ok) {
      const halt = haltReason(read);
      return { failure: describeFailure(read, ctx, true), ...(halt ? { halt } : {}), ...ids };
    }
    const description = read.value;
    if (isRunning(description)) return { description, ...ids };
    const waited = deps.timing.now() - since;
    if (
      waited + RUNNING_WAIT.everyMs > RUNNING_WAIT.totalMs ||
      deps.timing.now() + RUNNING_WAIT.everyMs >= reads.deadlineAt ||
      deps.cancel?.aborted
    )
      return {
        description,
        failure: jobNotRunning(
          ctx,
          description['job-status'],
          description['last-failure'],
          count,
          waited,
        ),
        ...ids,
      };
    deps.log.info(
      `${target.jobIdentifier} is ${description['job-status'] ?? 'without a status'} just after the start; reading it again in ${RUNNING_WAIT.everyMs / 1000} s`,
    );
    await deps.timing.sleep(RUNNING_WAIT.everyMs, deps.cancel);
  }
}
