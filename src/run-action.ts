// The whole run as one function of its dependencies, read top-down in runAction: the inputs, the credentials, then
// every job (partner-central/jobs.ts), each call paced and retried; it returns the one RunResult the report shows.
import {
  ATTEMPT_SHARE_OF_STEP,
  ATTEMPT_TIMEOUT_MS,
  MIN_ATTEMPT_TIMEOUT_MS,
  READ_REQUESTS_PER_SECOND,
} from './common/tunables.js';
import { readInputs, type Config, type InputResult } from './config/inputs.js';
import type { CredentialOutcome, CredentialSources } from './aws/resolve-credentials.js';
import type { SigningCredentials } from './aws/credentials.js';
import type { Log } from './common/log.js';
import { secretsInEnvironment, type Secrets } from './common/secrets.js';
import type { JobContext } from './partner-central/job-failures.js';
import type { RunResult } from './result.js';
import { ConcurrentPacer, QuotaPacer } from './http/pacer.js';
import type { ClockState, RetryPolicy, Timing } from './http/retry.js';
import type { RunContext } from './config/run-context.js';
import { checkSnapshotDirectory, type SnapshotFiles } from './partner-central/snapshot-files.js';
import type { CallDeps } from './http/send-with-retry.js';
import type { Transport } from './http/transport.js';

/** Everything a run talks to, given by main.ts (and by tests: fakes for each, a virtual clock). */
export interface ActionDeps {
  getInput: (name: string) => string;
  run: RunContext;
  sources: CredentialSources;
  transport: Transport;
  timing: Timing;
  log: Log;
  /** The step's secrets: the gate every text from outside passes (common/secrets.ts). */
  secrets: Secrets;
  /** Aborted when the runner cancels the step (SIGINT, SIGTERM): stop starting jobs and report. */
  cancel?: AbortSignal;
  /** snapshot-directory's file system. */
  files?: SnapshotFiles;
  /** process.platform: what the snapshot directory's modes mean. */
  platform: NodeJS.Platform;
}

type InvalidInputs = Extract<InputResult, { ok: false }>;
type ValidInputs = Extract<InputResult, { ok: true }>;
type Resolved = Extract<CredentialOutcome, { ok: true }>;

/** The retry policy of each kind of call the step makes. */
interface CallPolicies {
  /** STS (role-to-assume): unpaced. */
  sts: RetryPolicy;
  starts: RetryPolicy;
  reads: RetryPolicy;
}

/**
 * One run, top-down: the step's secrets remembered; the inputs read (when invalid, nothing is sent); warnings about
 * the runner's environment; snapshot-directory checked; the credentials (the standard chain, or the role assumed
 * through STS); then every job (startJobs). Each way out returns a finished RunResult: a failed call is a result,
 * never a throw.
 */
export async function runAction(deps: ActionDeps): Promise<RunResult> {
  const started = deps.timing.now();
  const elapsed = () => deps.timing.now() - started;
  for (const secret of secretsInEnvironment(deps.sources.env)) deps.secrets.remember(secret);
  const parsed = readInputs(deps.getInput, deps.run, deps.sources.env);
  if (!parsed.ok) return invalidInputsResult(parsed, elapsed());
  logInputAdvice(parsed, deps.log);
  tlsWarning(deps.sources.env, deps.log);
  nodeDebugWarning(deps.sources.env, deps.log);
  const { config } = parsed;
  if (config.snapshotDirectory && deps.files) {
    const checked = await checkSnapshotDirectory(
      deps.files,
      config.snapshotDirectory,
      deps.platform,
    );
    if (!checked.ok) return unusableDirectoryResult(config, checked.problem, elapsed());
    if (checked.warning) deps.log.warning(checked.warning, 'snapshot-directory');
  }
  const policies = callPolicies(config, started);
  const clock: ClockState = { offsetMs: 0 };
  const callDeps: CallDeps = {
    transport: deps.transport,
    timing: deps.timing,
    clock,
    log: deps.log,
    secrets: deps.secrets,
    cancel: deps.cancel,
  };
  const { resolveCredentials, keepCredentials, lapsedFailure, startJobs } = await loadAwsCode();

  const request = {
    region: config.region,
    partition: config.partition,
    policy: policies.sts,
    timeoutMs: config.timeoutMs,
    role: config.role,
  };
  const creds = await resolveCredentials(request, deps.sources, callDeps);
  if (!creds.ok) return noCredentialsResult(config, creds, elapsed(), deps.cancel);
  const credentials = keepCredentials(creds, request, deps.sources, callDeps);
  expiryWarning(creds, policies.sts.deadlineAt, clock, deps.log, deps.timing.now());

  deps.log.info(startLine(config));
  const outcome = await startJobs(
    {
      config,
      credentials,
      starts: policies.starts,
      reads: policies.reads,
      context: jobContextFor(config, creds, credentials),
      files: deps.files,
    },
    callDeps,
  );
  // Credentials that ran out end the step, whatever else it found: they say which jobs had started.
  const lapse = credentials.lapse();
  const failure = lapse ? lapsedFailure(lapse, credentials.facts(), outcome.jobs) : outcome.failure;
  return {
    ...stepFacts(config),
    ...assumedIdentity(creds),
    ...(failure ? { failure } : {}),
    jobs: outcome.jobs,
    attempts: outcome.jobs.reduce((sum, j) => sum + j.attempts, 0),
    elapsedMs: elapsed(),
    cancelled: deps.cancel?.aborted ?? false,
    requestId: outcome.requestId,
  };
}

/**
 * One attempt gets at most a third of the step's time (and at most 30 s), so a connection that hangs
 * never eats the whole budget: at least two more attempts fit after it.
 */
function stepAttemptTimeoutMs(timeoutMs: number): number {
  return Math.min(
    ATTEMPT_TIMEOUT_MS,
    Math.max(MIN_ATTEMPT_TIMEOUT_MS, Math.floor(timeoutMs * ATTEMPT_SHARE_OF_STEP)),
  );
}

async function importAwsCode() {
  const [credentials, failures, jobs] = await Promise.all([
    import(/* webpackChunkName: "aws" */ './aws/resolve-credentials.js'),
    import(/* webpackChunkName: "aws" */ './aws/credential-failures.js'),
    import(/* webpackChunkName: "aws" */ './partner-central/jobs.js'),
  ]);
  return {
    resolveCredentials: credentials.resolveCredentials,
    keepCredentials: credentials.keepCredentials,
    lapsedFailure: failures.lapsedFailure,
    startJobs: jobs.startJobs,
  };
}

let awsCode: ReturnType<typeof importAwsCode> | undefined;

/**
 * The code a run needs once its inputs are valid: credentials, signing, the transport's retries and the jobs.
 * Imported here rather than at the top, it is a chunk of its own in dist/ that a run stopping at its inputs never
 * loads. Loaded once: a test on a virtual clock loads it first, since a real module load is no virtual-time event.
 */
export function loadAwsCode(): ReturnType<typeof importAwsCode> {
  awsCode ??= importAwsCode();
  return awsCode;
}

/** Invalid inputs: every job given is reported as not attempted, with the problems. */
function invalidInputsResult(parsed: InvalidInputs, elapsedMs: number): RunResult {
  const { catalog, jobIdentifiers } = parsed.partial;
  return {
    catalog,
    jobIdentifiers,
    jobs: notAttempted(jobIdentifiers, catalog ?? '', 'an input is invalid'),
    attempts: 0,
    elapsedMs,
    inputProblems: parsed.problems,
  };
}

function logInputAdvice(parsed: ValidInputs, log: Log): void {
  for (const w of parsed.warnings) log.warning(w);
  for (const n of parsed.notices) log.notice(n);
}

/** Node reads NODE_TLS_REJECT_UNAUTHORIZED=0 (exactly '0') as "accept any certificate": said, not only on stderr. */
function tlsWarning(env: Record<string, string | undefined>, log: Log): void {
  if (env.NODE_TLS_REJECT_UNAUTHORIZED !== '0') return;
  log.warning(
    'NODE_TLS_REJECT_UNAUTHORIZED is 0: signed requests (and the OIDC token request) are sent without certificate checks, so anyone on the network path can read or answer them. ' +
      'Unset it; for a private certificate authority set NODE_EXTRA_CA_CERTS to its PEM file instead.',
    'TLS certificate checks are off',
  );
}

/**
 * NODE_DEBUG=http, https, net or tls makes Node print every request's options to stderr, headers included (the
 * session token, the signature), where no filter of the action reaches: said, so the step can be re-run without.
 */
function nodeDebugWarning(env: Record<string, string | undefined>, log: Log): void {
  const patterns = (env.NODE_DEBUG ?? '')
    .toLowerCase()
    .split(/[\s,]+/)
    .filter(Boolean);
  // Node's own rule: a module name, or a pattern where * stands for any run of characters (http*, *).
  const matches = (pattern: string, name: string) =>
    new RegExp(`^${pattern.replace(/[^a-z0-9*]/g, '').replaceAll('*', '[a-z0-9]*')}$`).test(name);
  const printing = ['http', 'https', 'http2', 'net', 'tls'].filter((name) =>
    patterns.some((p) => matches(p, name)),
  );
  if (printing.length === 0) return;
  log.warning(
    `NODE_DEBUG includes ${printing.join(', ')}: Node prints each request's headers, the session token and the request signature included, to stderr, outside the action's filters. ` +
      "Unset NODE_DEBUG; the step's debug logging (ACTIONS_STEP_DEBUG) shows each request with its secrets as ***.",
    'NODE_DEBUG prints secrets',
  );
}

/** snapshot-directory refused before anything is sent: the step ends as for an invalid input. */
function unusableDirectoryResult(config: Config, problem: string, elapsedMs: number): RunResult {
  return {
    ...stepFacts(config),
    jobs: notAttempted(config.jobIdentifiers, config.catalog, 'an input is invalid'),
    attempts: 0,
    elapsedMs,
    inputProblems: [{ input: 'snapshot-directory', message: problem }],
  };
}

/** Every job of the step, not attempted, and why. */
function notAttempted(jobIdentifiers: string[], catalog: string, skipped: string) {
  return jobIdentifiers.map((jobIdentifier) => ({
    jobIdentifier,
    catalog,
    status: 'not-attempted' as const,
    attempts: 0,
    skipped,
  }));
}

/** What the step was asked, as every result after the inputs repeats it. */
function stepFacts(config: Config) {
  return {
    catalog: config.catalog,
    jobIdentifiers: config.jobIdentifiers,
    dryRun: config.dryRun,
    describeJob: config.describeJob,
    waitForSnapshot: config.waitForSnapshotMs > 0,
  };
}

/**
 * Each kind of call's retry policy, built once: the step's attempts, deadline and attempt timeout for all; the
 * starts paced at requests-per-second, one at a time; every read (describe-job, wait-for-snapshot) under one pacer
 * at the read quota, since jobs waited for together read concurrently.
 */
export function callPolicies(config: Config, started: number): CallPolicies {
  const step: RetryPolicy = {
    maxAttempts: config.maxAttempts,
    deadlineAt: started + config.timeoutMs,
    attemptTimeoutMs: stepAttemptTimeoutMs(config.timeoutMs),
  };
  return {
    sts: step,
    starts: { ...step, pacer: new QuotaPacer(config.requestsPerSecond) },
    reads: { ...step, pacer: new ConcurrentPacer(READ_REQUESTS_PER_SECOND) },
  };
}

/** No credentials: no job was attempted. */
function noCredentialsResult(
  config: Config,
  creds: Extract<CredentialOutcome, { ok: false }>,
  elapsedMs: number,
  cancel: AbortSignal | undefined,
): RunResult {
  return {
    ...stepFacts(config),
    jobs: notAttempted(config.jobIdentifiers, config.catalog, 'no credentials'),
    // STS's attempts when the role could not be assumed; its request id is in the failure's text, never in
    // request-id (that is StartResourceSnapshotJob's alone).
    attempts: creds.attempts,
    elapsedMs,
    failure: creds.failure,
    cancelled: cancel?.aborted ?? false,
  };
}

/** The assumed role's account and ARN, for the outputs (nothing with the standard chain). */
function assumedIdentity(creds: Resolved): { accountId?: string; assumedRoleArn?: string } {
  return creds.assumed
    ? { accountId: creds.assumed.accountId, assumedRoleArn: creds.assumed.assumedRoleArn }
    : {};
}

/**
 * Credentials from the environment that expire before the step's deadline: said before anything is sent, with both
 * times and the fix (nothing here can renew them, and no request is signed with them once they have run out).
 */
function expiryWarning(
  creds: Resolved,
  deadlineAt: number,
  clock: ClockState,
  log: Log,
  now: number,
): void {
  if (creds.origin !== 'environment') return;
  if (creds.expiryUnreadable)
    log.warning(
      'AWS_CREDENTIAL_EXPIRATION is set but is no date (the AWS SDKs read it as an invalid date, which never expires): this step cannot tell when the credentials in the environment expire, nor warn before they do. ' +
        'Fix the step that sets it (ISO 8601, as 2026-12-08T12:00:00Z), or unset it.',
      'AWS_CREDENTIAL_EXPIRATION is no date',
    );
  if (creds.expiresAt === undefined) return;
  const expiresAt = creds.expiresAt - clock.offsetMs;
  // Already expired: the first request is never signed, and the step's failure says why.
  if (expiresAt >= deadlineAt || expiresAt <= now) return;
  const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
  log.warning(
    `The credentials in the environment expire at ${iso(creds.expiresAt)} (AWS_CREDENTIAL_EXPIRATION), before this step's deadline at ${iso(deadlineAt)} (timeout-seconds): ` +
      'nothing here can renew them, so the step stops signing requests when they run out. ' +
      "Raise role-duration-seconds of the step that made them (configure-aws-credentials: 1 hour by default, up to the role's MaxSessionDuration), " +
      'or give this step role-to-assume: the action then renews its own role session for as long as the step runs.',
    'Credentials expire before the step ends',
  );
}

/** Failure wording for one job: who signed (never the key itself), the account, and the credentials' story. */
function jobContextFor(
  config: Config,
  creds: Resolved,
  credentials: SigningCredentials,
): (jobIdentifier: string) => JobContext {
  const assumed = assumedIdentity(creds);
  const key = creds.credentials.accessKeyId;
  return (jobIdentifier) => ({
    ...config,
    jobIdentifier,
    credentialFacts: () => credentials.facts(),
    accountId: assumed.accountId || undefined,
    // The last four characters of an access key ID identify it without revealing it.
    signedAs:
      assumed.assumedRoleArn ??
      `access key ID ending in ${key.slice(-4)} from the standard credential chain`,
  });
}

/** The line that says what is about to be sent, and under which limits. */
function startLine(config: Config): string {
  const count = config.jobIdentifiers.length;
  return (
    `${config.dryRun ? 'Dry run: checking' : 'Starting'} ${count === 1 ? `resource snapshot job ${config.jobIdentifiers[0]}` : `${count} resource snapshot jobs`} in the ${config.catalog} catalog at ${config.endpoint.origin} ` +
    `(max-attempts ${config.maxAttempts}, timeout ${config.timeoutMs / 1000} s${count > 1 ? `, ${config.requestsPerSecond} request/s` : ''})`
  );
}
