// The whole run as one function of its dependencies: inputs -> credentials -> each job, paced and retried -> result.
import {
  ATTEMPT_SHARE_OF_STEP,
  ATTEMPT_TIMEOUT_MS,
  MIN_ATTEMPT_TIMEOUT_MS,
} from './common/tunables.js';
import { resolveCredentials, type CredentialSources } from './aws/resolve-credentials.js';
import { readInputs } from './config/inputs.js';
import { startJobs } from './partner-central/jobs.js';
import type { Log } from './common/log.js';
import type { JobContext } from './partner-central/failures.js';
import type { RunResult } from './result.js';
import type { ClockState, RetryPolicy, Timing } from './http/retry.js';
import type { RunContext } from './github/run-context.js';
import type { SnapshotFiles } from './partner-central/snapshot-files.js';
import type { CallDeps } from './http/send-with-retry.js';
import type { Transport } from './http/transport.js';

/**
 * One attempt gets at most a third of the step's time (and at most 30 s), so a connection that hangs
 * never eats the whole budget: at least two more attempts fit after it.
 */
export function attemptTimeout(timeoutMs: number): number {
  return Math.min(
    ATTEMPT_TIMEOUT_MS,
    Math.max(MIN_ATTEMPT_TIMEOUT_MS, Math.floor(timeoutMs * ATTEMPT_SHARE_OF_STEP)),
  );
}

export interface ActionDeps {
  getInput: (name: string) => string;
  run: RunContext;
  sources: CredentialSources;
  transport: Transport;
  timing: Timing;
  log: Log;
  /** Aborted when the runner cancels the step (SIGINT, SIGTERM): stop starting jobs and report. */
  cancel?: AbortSignal;
  /** snapshot-directory's file system. */
  files?: SnapshotFiles;
}

export async function runAction(deps: ActionDeps): Promise<RunResult> {
  const started = deps.timing.now();
  const elapsed = () => deps.timing.now() - started;
  const parsed = readInputs(deps.getInput, deps.run, deps.sources.env);
  if (!parsed.ok) {
    return {
      catalog: parsed.partial.catalog,
      jobIdentifiers: parsed.partial.jobIdentifiers,
      jobs: parsed.partial.jobIdentifiers.map((jobIdentifier) => ({
        jobIdentifier,
        catalog: parsed.partial.catalog ?? '',
        status: 'not-attempted' as const,
        attempts: 0,
        skipped: 'an input is invalid',
      })),
      attempts: 0,
      elapsedMs: elapsed(),
      inputProblems: parsed.problems,
    };
  }
  const { config } = parsed;
  for (const w of parsed.warnings) deps.log.warning(w);
  for (const n of parsed.notices) deps.log.notice(n);
  const step = {
    catalog: config.catalog,
    jobIdentifiers: config.jobIdentifiers,
    dryRun: config.dryRun,
    describeJob: config.describeJob,
    waitForSnapshot: config.waitForSnapshotMs > 0,
  };
  const policy: RetryPolicy = {
    maxAttempts: config.maxAttempts,
    deadlineAt: started + config.timeoutMs,
    attemptTimeoutMs: attemptTimeout(config.timeoutMs),
  };
  const clock: ClockState = { offsetMs: 0 };
  const callDeps: CallDeps = {
    transport: deps.transport,
    timing: deps.timing,
    clock,
    log: deps.log,
    cancel: deps.cancel,
  };

  const creds = await resolveCredentials(
    {
      region: config.region,
      partition: config.partition,
      policy,
      timeoutMs: config.timeoutMs,
      role: config.role,
    },
    deps.sources,
    callDeps,
  );
  if (!creds.ok) {
    return {
      ...step,
      jobs: config.jobIdentifiers.map((jobIdentifier) => ({
        jobIdentifier,
        catalog: config.catalog,
        status: 'not-attempted' as const,
        attempts: 0,
        skipped: 'no credentials',
      })),
      // STS's attempts when the role could not be assumed; its request id is in the failure's text, never in
      // request-id (that is StartResourceSnapshotJob's alone).
      attempts: creds.attempts,
      elapsedMs: elapsed(),
      failure: creds.failure,
      cancelled: deps.cancel?.aborted ?? false,
    };
  }
  const assumed = creds.assumed
    ? { accountId: creds.assumed.accountId, assumedRoleArn: creds.assumed.assumedRoleArn }
    : {};
  const key = creds.credentials.accessKeyId;
  const context = (jobIdentifier: string): JobContext => ({
    ...config,
    jobIdentifier,
    accountId: assumed.accountId || undefined,
    // The last four characters of an access key ID identify it without revealing it.
    signedAs:
      assumed.assumedRoleArn ??
      `access key ID ending in ${key.slice(-4)} from the standard credential chain`,
  });

  const count = config.jobIdentifiers.length;
  deps.log.info(
    `${config.dryRun ? 'Dry run: checking' : 'Starting'} ${count === 1 ? `resource snapshot job ${config.jobIdentifiers[0]}` : `${count} resource snapshot jobs`} in the ${config.catalog} catalog at ${config.endpoint.origin} ` +
      `(max-attempts ${config.maxAttempts}, timeout ${config.timeoutMs / 1000} s${count > 1 ? `, ${config.requestsPerSecond} request/s` : ''})`,
  );
  const outcome = await startJobs(
    {
      config,
      credentials: creds.credentials,
      policy,
      context,
      ...(deps.files ? { files: deps.files } : {}),
    },
    callDeps,
  );
  return {
    ...step,
    ...assumed,
    jobs: outcome.jobs,
    attempts: outcome.jobs.reduce((sum, j) => sum + j.attempts, 0),
    elapsedMs: elapsed(),
    cancelled: deps.cancel?.aborted ?? false,
    requestId: outcome.requestId,
  };
}
