// The whole run as one function of its dependencies: inputs -> credentials -> request with retry -> result.
import type { CallDeps } from './call.js';
import { resolveCredentials, type CredentialSources } from './credentials.js';
import { readInputs } from './inputs.js';
import type { Log } from './log.js';
import { callFailure, type Failure } from './remediation.js';
import type { RunResult } from './report.js';
import type { ClockState, RetryPolicy, Timing } from './retry.js';
import { startResourceSnapshotJob } from './start-job.js';
import type { Transport } from './transport.js';
import type { RunContext } from './user-agent.js';

/** Longest single attempt; the deadline (timeout-seconds) may cut it shorter. */
export const ATTEMPT_TIMEOUT_MS = 30_000;

/**
 * One attempt gets at most a third of the step's time (and at most 30 s), so a connection that hangs
 * never eats the whole budget: at least two more attempts fit after it.
 */
export function attemptTimeout(timeoutMs: number): number {
  return Math.min(ATTEMPT_TIMEOUT_MS, Math.max(1000, Math.floor(timeoutMs / 3)));
}

export interface ActionDeps {
  getInput: (name: string) => string;
  run: RunContext;
  sources: CredentialSources;
  transport: Transport;
  timing: Timing;
  log: Log;
}

export async function runAction(deps: ActionDeps): Promise<RunResult> {
  const started = deps.timing.now();
  const elapsed = () => deps.timing.now() - started;
  const parsed = readInputs(deps.getInput, deps.run, deps.sources.env);
  if (!parsed.ok) {
    return {
      ...(parsed.partial.catalog ? { catalog: parsed.partial.catalog } : {}),
      ...(parsed.partial.jobIdentifier ? { jobIdentifier: parsed.partial.jobIdentifier } : {}),
      attempts: 0,
      elapsedMs: elapsed(),
      inputProblems: parsed.problems,
      // One annotation per problem comes from inputProblems; this is the outputs' summary of them.
      failure: {
        code: 'InvalidInput',
        message: parsed.problems.map((p) => p.message).join('; '),
        title: 'Invalid input',
        text: parsed.problems.map((p) => p.message).join('\n'),
      },
    };
  }
  const { config } = parsed;
  for (const w of parsed.warnings) deps.log.warning(w);
  const known = { catalog: config.catalog, jobIdentifier: config.jobIdentifier };
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
  };

  const creds = await resolveCredentials(
    {
      region: config.region,
      partition: config.partition,
      policy,
      timeoutMs: config.timeoutMs,
      ...(config.role ? { role: config.role } : {}),
    },
    deps.sources,
    callDeps,
  );
  if (!creds.ok) {
    return {
      ...known,
      // STS's attempts when the role could not be assumed (request-id is then STS's too).
      attempts: creds.attempts,
      elapsedMs: elapsed(),
      failure: creds.failure,
      ...(creds.requestId ? { requestId: creds.requestId } : {}),
    };
  }
  const assumed = creds.assumed
    ? { accountId: creds.assumed.accountId, assumedRoleArn: creds.assumed.assumedRoleArn }
    : {};

  deps.log.info(
    `Starting resource snapshot job ${config.jobIdentifier} in the ${config.catalog} catalog at ${config.endpoint.origin} ` +
      `(max-attempts ${config.maxAttempts}, timeout ${config.timeoutMs / 1000} s)`,
  );
  const outcome = await startResourceSnapshotJob(config, creds.credentials, policy, callDeps);
  const result: RunResult = {
    ...known,
    ...assumed,
    attempts: outcome.attempts,
    elapsedMs: elapsed(),
    ...(outcome.requestId ? { requestId: outcome.requestId } : {}),
  };
  if (outcome.ok) {
    deps.log.info(
      `Started ${config.jobIdentifier} (${config.catalog}) after ${outcome.attempts} attempt${outcome.attempts === 1 ? '' : 's'}, request id ${outcome.requestId ?? 'none'}`,
    );
    return result;
  }
  const key = creds.credentials.accessKeyId;
  const failure: Failure = callFailure(outcome, {
    ...config,
    ...(assumed.accountId ? { accountId: assumed.accountId } : {}),
    // The last four characters of an access key ID identify it without revealing it.
    signedAs:
      assumed.assumedRoleArn ??
      `access key ID ending in ${key.slice(-4)} from the standard credential chain`,
  });
  return { ...result, failure };
}
