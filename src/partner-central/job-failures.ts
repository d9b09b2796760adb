// What a failed Partner Central call means and what to do about it: the title and text of the one error annotation.
import type { CallError } from '../http/call-error.js';
import type { Partition } from '../config/endpoint.js';
import {
  ACCESS_DENIED,
  credentialRejection,
  isAccessDenied,
  NOT_FOUND,
  type CredentialRejection,
} from '../aws/error-names.js';
import { gotNoStatus, isRedirect } from '../http/error-kinds.js';
import { seconds, type Failure } from '../common/failure.js';
import type { FailedCall } from '../http/retry.js';
import { retryFailure } from '../http/retry-failure.js';
import type { CredentialFacts } from '../aws/credentials.js';
import { credentialWords } from '../aws/lasting-credentials.js';

export interface JobContext {
  catalog: string;
  jobIdentifier: string;
  region: string;
  partition: Partition;
  endpoint: URL;
  /** Where an endpoint override came from (the endpoint input or its variable); absent: the region's endpoint. */
  endpointSource?: string;
  accountId?: string;
  /** Who signed: the assumed role session, or the access key of the standard chain (never the secret). */
  signedAs?: string;
  /** The step's credentials as they are now: which, obtained and expiring when, renewed how often. */
  credentialFacts?: () => CredentialFacts;
  /** The jobs the step has started so far, in order. */
  startedJobs?: () => readonly string[];
  timeoutMs: number;
  /** max-attempts, for the words of retries that ran out. */
  maxAttempts?: number | 'auto';
}

const IAM_ACTION = 'partnercentral:StartResourceSnapshotJob';
const DESCRIBE_IAM_ACTION = 'partnercentral:GetResourceSnapshotJob';

export function jobArn(ctx: JobContext, job = ctx.jobIdentifier): string {
  return `arn:${ctx.partition}:partnercentral:${ctx.region}:${ctx.accountId ?? '<account-id>'}:catalog/${ctx.catalog}/resource-snapshot-job/${job}`;
}

const REFRESH_CREDENTIALS =
  'Credentials from aws-actions/configure-aws-credentials last role-duration-seconds (1 hour by default): run it closer to this step, raise its role-duration-seconds, or let this action assume the role itself with role-to-assume.';

function signer(ctx: JobContext): string {
  return ctx.signedAs ? ` (signed as ${ctx.signedAs})` : '';
}

/** The signing service: what a scope complaint about another service is measured against. */
const SIGNING_NAME = 'partnercentral-selling';

interface ScopeComplaint {
  /** The region the service expects, when its message says (AWS's messages do not always). */
  expectedRegion?: string;
  /** The service the endpoint expects, when it is not this one. */
  otherService?: string;
}

/**
 * Reads a SigV4 scope complaint out of the service's message, or undefined for any other signature error:
 * "Credential should be scoped to a valid region (us-east-1) and service (partnercentral-selling).",
 * "Credential should be scoped to a valid region, not 'eu-west-1'.", "... the region 'eu-west-1' is wrong;
 * expecting 'us-east-1'", "Credential should be scoped to correct service: 'sts'."
 */
export function scopeComplaint(message: string): ScopeComplaint | undefined {
  const region =
    /scoped to (?:a valid|the correct|correct) region|the region '[a-z0-9-]+' is wrong/i;
  const service = /scoped to (?:a valid |the )?correct service(?::\s*'([a-z0-9-]+)')?/i;
  const expectedRegion =
    /valid region \(([a-z0-9-]+)\)/i.exec(message)?.[1] ??
    /expecting '([a-z0-9-]+)'/i.exec(message)?.[1];
  const named = /and service \(([a-z0-9-]+)\)/i.exec(message)?.[1] ?? service.exec(message)?.[1];
  const otherService = named && named !== SIGNING_NAME ? named : undefined;
  if (!region.test(message) && !service.test(message)) return undefined;
  return {
    ...(expectedRegion ? { expectedRegion } : {}),
    ...(otherService ? { otherService } : {}),
  };
}

/** Where the request went, and where that endpoint came from. */
function endpointWords(ctx: JobContext): string {
  return ctx.endpointSource
    ? `${ctx.endpoint.origin} (from ${ctx.endpointSource})`
    : `${ctx.endpoint.origin} (region ${ctx.region}'s endpoint)`;
}

/** The advice for a credential scope the endpoint refused: about the region input and the endpoint. */
function scopeAdvice(scope: ScopeComplaint, ctx: JobContext): string {
  if (scope.otherService)
    return (
      `The endpoint ${endpointWords(ctx)} expects requests signed for the service ${scope.otherService}, not ${SIGNING_NAME}: ` +
      'it is not a Partner Central Selling endpoint. Point endpoint (or AWS_ENDPOINT_URL_PARTNERCENTRAL_SELLING) at Partner Central Selling, or unset it.'
    );
  const expected = scope.expectedRegion;
  const wants = expected
    ? `expects requests signed for region ${expected}`
    : `expects another signing region than ${ctx.region} (it did not say which; Partner Central Selling is documented in us-east-1)`;
  return (
    `The endpoint ${endpointWords(ctx)} ${wants}, and this step signs for region ${ctx.region} (the region input). ` +
    `Set region: ${expected ?? 'us-east-1'}, or point ${ctx.endpointSource ?? 'endpoint'} at an endpoint that serves ${ctx.region}. ` +
    'This is the signing region, not the credentials: the access key was not what the service refused.'
  );
}

/** The advice for credentials AWS rejected: why, by the kind of rejection. */
function rejectedCredentialsAdvice(
  rejection: CredentialRejection,
  error: CallError,
  ctx: JobContext,
): string {
  switch (rejection) {
    case 'unknown-key':
      return `AWS does not know the access key ID${signer(ctx)}: the credentials are wrong, deleted, or belong to another partition than ${ctx.partition} (region ${ctx.region}). Check the step that provides the credentials.`;
    case 'bad-signature': {
      const scope = scopeComplaint(error.message);
      if (scope) return scopeAdvice(scope, ctx);
      return /expired|skew|time/i.test(error.message)
        ? "The request's time is too far from AWS's: fix the runner's clock (NTP)."
        : `The secret access key does not match the access key ID${signer(ctx)}, or something between the runner and AWS changed the request. Check AWS_SECRET_ACCESS_KEY, and that no proxy rewrites requests.`;
    }
    case 'expired':
      return expiredAdvice(ctx);
    case 'incomplete-signature':
      return 'The request reached AWS without a complete signature: a proxy or endpoint in between may strip the Authorization or X-Amz-* headers.';
  }
}

/**
 * AWS refused the credentials as expired: which credentials (obtained and expiring when, renewed how often), which
 * jobs had been started, and the fix for where they came from.
 */
function expiredAdvice(ctx: JobContext): string {
  const facts = ctx.credentialFacts?.();
  const started = ctx.startedJobs?.() ?? [];
  const which = facts
    ? `AWS refused them as expired: ${credentialWords(facts)}.`
    : `The session token has expired${signer(ctx)}.`;
  // This job's own start is told by the text around the advice; the others are named here.
  const others = started.filter((j) => j !== ctx.jobIdentifier);
  const jobs = others.length
    ? ` ${started.includes(ctx.jobIdentifier) ? 'Other jobs started' : 'Started'} before this: ${others.join(', ')} (they are running: do not start them again by hand).`
    : started.length
      ? ''
      : ' No job had been started.';
  return which + jobs + expiredFix(facts);
}

/** What to do about credentials AWS refused as expired, by where they came from and whether they should have been. */
function expiredFix(facts: CredentialFacts | undefined): string {
  // Refused well before the expiry the step was told: the session was revoked, or the expiry said is wrong.
  const early =
    facts?.expiresAt !== undefined && facts.at < facts.expiresAt - EARLY_REFUSAL_MS
      ? ` AWS refused them well before that expiry: the session was revoked${facts.origin === 'environment' ? ', or AWS_CREDENTIAL_EXPIRATION is stale' : ''}, or the runner's clock is off.`
      : '';
  switch (facts?.origin) {
    case 'role':
      return `${early} This step renews its role session 5 minutes before it expires, as the AWS SDKs do, and never signs with one it knows has expired: check that the role's sessions were not revoked, and the runner's time sync (NTP). Re-running the step is safe.`;
    case 'chain':
      return `${early} The standard chain's source handed out credentials that had run out: renew that source (aws sso login for an SSO profile, the web identity token file, the container's credentials), or let this action assume the role itself with role-to-assume.`;
    default:
      // Refused early, a longer session is no fix.
      return early || ` ${REFRESH_CREDENTIALS}`;
  }
}

/** A refusal this much before the expiry the step was told is no late renewal: something else ended the session. */
const EARLY_REFUSAL_MS = 60_000;

/** The advice for a Partner Central error that is not retried. */
export function adviceFor(error: CallError, ctx: JobContext, action = IAM_ACTION): string {
  switch (error.name) {
    case ACCESS_DENIED: {
      const reason = error.reason
        ? ` Reason ${error.reason}${error.reason === 'INCOMPATIBLE_BENEFIT_AWS_PARTNER_STATE' ? ': the partner account is not in a state that allows this benefit; check its status in Partner Central' : ''}.`
        : '';
      return (
        `The credentials may not call ${action} on ${jobArn(ctx)}.${reason} ` +
        `Allow it in the role's permissions policy: {"Effect":"Allow","Action":"${action}","Resource":"${jobArn(ctx, '*')}"} ` +
        `(or "Resource":"*" with "Condition":{"StringEquals":{"partnercentral:Catalog":"${ctx.catalog}"}}), ` +
        'and check that the AWS account is linked to your Partner Central account.'
      );
    }
    case NOT_FOUND:
      return (
        `Check that ${ctx.jobIdentifier} exists in the ${ctx.catalog} catalog. A job belongs to one catalog: ` +
        `one created in Sandbox does not exist in AWS, and the reverse. List this catalog's jobs with ` +
        `"aws partnercentral-selling list-resource-snapshot-jobs --catalog ${ctx.catalog} --region ${ctx.region}", ` +
        'then set job-identifier (and catalog) to one of them.'
      );
    case 'ValidationException': {
      const fields = (error.fieldErrors ?? [])
        .map(
          (f) =>
            `${f.fieldName ?? '(request)'}: ${f.code ?? 'INVALID'}${f.message ? ` - ${f.message}` : ''}`,
        )
        .join('; ');
      const more = error.fieldErrorsOmitted
        ? `; and ${error.fieldErrorsOmitted} more not shown`
        : '';
      return (
        `The service rejected the request${error.reason ? ` (${error.reason})` : ''}. ` +
        (fields ? `Fields: ${fields}${more}. ` : '') +
        (error.reason === 'BUSINESS_VALIDATION_FAILED'
          ? 'The request is well formed but the job cannot start in its current state; check the job and its engagement in Partner Central.'
          : 'Check catalog and job-identifier.')
      );
    }
    default:
      break;
  }
  const rejection = credentialRejection(error);
  if (rejection) return rejectedCredentialsAdvice(rejection, error, ctx);
  if (isRedirect(error))
    return `The endpoint ${ctx.endpoint.origin} answered with a redirect. A signed request is never sent on to a redirect target: set endpoint to the address that serves the API.`;
  if (gotNoStatus(error))
    return `Could not talk to ${ctx.endpoint.origin}. Behind a proxy, set HTTPS_PROXY (and NO_PROXY); with a private certificate authority, set NODE_EXTRA_CA_CERTS; with a VPC endpoint, set endpoint.`;
  return `Partner Central rejected the request; see the AWS Partner Central API reference for ${error.name}.`;
}

/** What an unanswered last start means (status unknown), first in its annotation. */
export const UNANSWERED_START =
  'The last request went out whole and no reply came, so the job may have started (status unknown). Re-running the step is safe: starting a job that is already running changes nothing.';

/**
 * Throttling that outlasted the retries: what no retry fixes. Partner Central's quotas belong to the partner account,
 * not to this step, and a day's worth may be spent.
 */
const SHARED_QUOTA =
  ' These quotas are per partner account and shared by every tool the partner runs (other workflows, CRM integrations, the console), ' +
  'and there are daily ones too: 10,000 writes and 100,000 reads in any rolling 24 hours. When throttling lasts, a daily quota may be spent: ' +
  "see the account's AWS Partner Central quotas in the Service Quotas console, and CloudTrail's partnercentral-selling events for which callers use them.";

/**
 * A Partner Central call that failed under the retry policy: retryFailure, plus, for throttling that lasted, the
 * quota it ran into and what no retry fixes.
 */
function partnerCentralFailure(
  outcome: FailedCall,
  ctx: JobContext,
  advice: (error: CallError) => string,
  quota = 'Partner Central allows about 10 read requests per second per partner account.',
): Failure & { text: string } {
  const failure = retryFailure(outcome, 'Partner Central', ctx.timeoutMs, advice, ctx.maxAttempts);
  if (outcome.stop !== 'client' && outcome.error.retryClass === 'throttling')
    failure.text += ` ${quota}${SHARED_QUOTA}`;
  return failure;
}

/** A failed StartResourceSnapshotJob call. */
export function startFailure(outcome: FailedCall, ctx: JobContext): Failure {
  const failure = partnerCentralFailure(
    outcome,
    ctx,
    (error) => adviceFor(error, ctx),
    'Partner Central allows about one write request per second per partner account.',
  );
  // Status unknown: the annotation must not read as "not started".
  if (outcome.unanswered) failure.text = `${UNANSWERED_START} ${failure.text}`;
  return failure;
}

/**
 * A failed GetResourceSnapshotJob (describe-job). After a start, the job WAS started: the text says so first,
 * so nobody re-runs a release to start it again.
 */
export function describeFailure(outcome: FailedCall, ctx: JobContext, started: boolean): Failure {
  const failure = partnerCentralFailure(outcome, ctx, (error) =>
    isAccessDenied(error)
      ? `${adviceFor(error, ctx, DESCRIBE_IAM_ACTION)} Or set describe-job: false.`
      : adviceFor(error, ctx, DESCRIBE_IAM_ACTION),
  );
  const lead = started
    ? `The job ${ctx.jobIdentifier} was started (StartResourceSnapshotJob succeeded), but reading it back with GetResourceSnapshotJob failed. `
    : `The dry run could not read ${ctx.jobIdentifier} with GetResourceSnapshotJob. `;
  return {
    ...failure,
    title: `GetResourceSnapshotJob: ${failure.title}`,
    text: lead + failure.text,
  };
}

/** describe-job found the job not Running after it was started, and still not after re-reading it. */
export function jobNotRunning(
  ctx: JobContext,
  status: string | undefined,
  lastFailure: string | undefined,
  reads: number,
  waitedMs: number,
): Failure {
  const shown = status ?? 'no status';
  const failureText = lastFailure
    ? ` Its last failure: ${/[.!?]$/.test(lastFailure) ? lastFailure : `${lastFailure}.`}`
    : ' It reports no last failure.';
  return {
    code: 'JobNotRunning',
    message: `job ${ctx.jobIdentifier} is ${shown} after it was started${lastFailure ? `: ${lastFailure}` : ''}`,
    title: `Job not running: ${ctx.jobIdentifier} is ${shown}`,
    text:
      `StartResourceSnapshotJob succeeded for ${ctx.jobIdentifier} in the ${ctx.catalog} catalog, but GetResourceSnapshotJob still shows it ${shown} ` +
      `after ${reads} read${reads === 1 ? '' : 's'} over ${seconds(waitedMs)}.${failureText} ` +
      'Check the job, its engagement and its resource snapshot template in Partner Central, then re-run the step (starting a job is idempotent).',
  };
}

const SNAPSHOT_IAM_ACTION = 'partnercentral:GetResourceSnapshot';

/** Where a read for wait-for-snapshot happened: before the start (so it was not sent), in a dry run, or during the wait. */
export type SnapshotReadPhase = 'before-start' | 'dry-run' | 'waiting';

/** A snapshot lives under the catalog (its exact ARN form is not in the API's model): grant it catalog-wide. */
function snapshotAccessAdvice(ctx: JobContext): string {
  const resource = `arn:${ctx.partition}:partnercentral:${ctx.region}:${ctx.accountId ?? '<account-id>'}:catalog/${ctx.catalog}/*`;
  return (
    `The credentials may not call ${SNAPSHOT_IAM_ACTION}. ` +
    `Allow it in the role's permissions policy: {"Effect":"Allow","Action":"${SNAPSHOT_IAM_ACTION}","Resource":"${resource}"} ` +
    `(or "Resource":"*" with "Condition":{"StringEquals":{"partnercentral:Catalog":"${ctx.catalog}"}}). ` +
    `wait-for-snapshot needs ${DESCRIBE_IAM_ACTION} and ${SNAPSHOT_IAM_ACTION}; or set wait-for-snapshot: 0.`
  );
}

/**
 * A failed read of wait-for-snapshot (GetResourceSnapshotJob or GetResourceSnapshot). The text says FIRST
 * whether the job was started: the reads before the start come first, so then it was not; during the wait it was.
 */
export function snapshotReadFailure(
  outcome: FailedCall,
  ctx: JobContext,
  read: 'GetResourceSnapshotJob' | 'GetResourceSnapshot',
  phase: SnapshotReadPhase,
): Failure {
  const failure = partnerCentralFailure(outcome, ctx, (error) => {
    if (!isAccessDenied(error)) return adviceFor(error, ctx, DESCRIBE_IAM_ACTION);
    return read === 'GetResourceSnapshot'
      ? snapshotAccessAdvice(ctx)
      : `${adviceFor(error, ctx, DESCRIBE_IAM_ACTION)} wait-for-snapshot reads the job first; or set wait-for-snapshot: 0.`;
  });
  const what = read === 'GetResourceSnapshot' ? 'its latest snapshot' : 'the job';
  const lead =
    phase === 'waiting'
      ? `The job ${ctx.jobIdentifier} WAS started (StartResourceSnapshotJob succeeded), but reading ${what} with ${read} while waiting for its snapshot failed; do not start it again by hand. `
      : phase === 'before-start'
        ? `The job ${ctx.jobIdentifier} was NOT started: reading ${what} with ${read} before the start (wait-for-snapshot) failed, so StartResourceSnapshotJob was not sent. `
        : `The dry run could not read ${what} of ${ctx.jobIdentifier} with ${read}. `;
  return { ...failure, title: `${read}: ${failure.title}`, text: lead + failure.text };
}

/** GetResourceSnapshotJob did not name what the job snapshots, so there is no snapshot to read or wait for. */
export function snapshotTargetUnknown(ctx: JobContext, missing: string[]): Failure {
  return {
    code: 'SnapshotTargetUnknown',
    message: `GetResourceSnapshotJob did not report ${missing.join(', ')} for job ${ctx.jobIdentifier}`,
    title: `SnapshotTargetUnknown: ${ctx.jobIdentifier}`,
    text:
      `The job ${ctx.jobIdentifier} was NOT started: GetResourceSnapshotJob did not report its ${missing.join(', ')}, ` +
      'so its snapshot cannot be read and waited for. Check the job in Partner Central, or set wait-for-snapshot: 0.',
  };
}

/** The job reported a new LastFailure, or stopped, while waited for: it started, but took no new snapshot. */
export function snapshotJobFailed(
  ctx: JobContext,
  found: { status?: string; lastFailure?: string },
  revision: number | undefined,
  waitedMs: number,
): Failure {
  const latest = revision
    ? `its latest snapshot is still revision ${revision}`
    : 'it has no snapshot';
  const what = found.lastFailure
    ? `reported a new LastFailure: ${found.lastFailure}`
    : `reported that it stopped running (status ${found.status ?? 'none'})`;
  return {
    code: 'SnapshotJobFailed',
    message:
      found.lastFailure ??
      `${ctx.jobIdentifier} is ${found.status ?? 'without a status'} while waited for`,
    title: `SnapshotJobFailed: ${ctx.jobIdentifier} ${found.lastFailure ? 'reported a new LastFailure' : 'stopped'} while waited for`,
    text:
      `StartResourceSnapshotJob started ${ctx.jobIdentifier} in the ${ctx.catalog} catalog, but ${seconds(waitedMs)} later, while waiting for its snapshot, ` +
      `GetResourceSnapshotJob ${what}. No new snapshot was taken: ${latest}. ` +
      'Check the job, its engagement and its resource snapshot template in Partner Central, then re-run the step (starting a job is idempotent).',
  };
}

/** snapshot-directory could not be written: says where, and that the job's results stand. */
export function snapshotFileFailed(
  ctx: JobContext,
  directory: string,
  path: string,
  reason: string,
  started: boolean,
): Failure {
  return {
    code: 'SnapshotFileError',
    message: `could not write ${path}: ${reason}`,
    title: `SnapshotFileError: snapshot-directory: could not write ${ctx.jobIdentifier}.json`,
    text:
      `snapshot-directory ${directory}: could not write ${path} (${reason}). ` +
      (started ? `The job ${ctx.jobIdentifier} WAS started; its results are as reported. ` : '') +
      "Check that the runner's user may create and write files in snapshot-directory.",
  };
}

/**
 * The snapshot was not written because the reply holds a secret of the step (a file has no sink to scrub it):
 * says so, that the job's results stand, and how to read the snapshot anyway.
 */
export function snapshotHeldSecret(
  ctx: JobContext,
  path: string,
  revision: number,
  started: boolean,
): Failure {
  return {
    code: 'SnapshotHoldsSecret',
    message: `did not write ${path}: the GetResourceSnapshot reply holds a secret of this step`,
    title: `SnapshotHoldsSecret: ${ctx.jobIdentifier}.json not written`,
    text:
      `The latest snapshot of ${ctx.jobIdentifier} (revision ${revision}) holds a secret this step holds: a credential, a token, or a piece of ` +
      `one (12 characters or more). A file is never scrubbed, so ${path} was not written. ` +
      (started ? `The job ${ctx.jobIdentifier} WAS started; its results are as reported. ` : '') +
      `The snapshot is still readable through the API (GetResourceSnapshot, catalog ${ctx.catalog}, revision ${revision}); ` +
      "find out why the opportunity's data quotes a credential, and remove it from the data.",
  };
}
