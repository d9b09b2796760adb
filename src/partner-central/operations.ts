// The two Partner Central operations this action calls: StartResourceSnapshotJob and GetResourceSnapshotJob,
// their payloads and replies, each sent under the retry policy.
import { DESCRIPTION_KEYS, type DescriptionKey } from '../config/action-contract.js';
import { AWS_JSON, signJsonRequest } from '../aws/aws-json.js';
import type { Credentials, SigningCredentials } from '../aws/credentials.js';
import type { CallOutcome, RetryPolicy } from '../http/retry.js';
import { sendWithRetry, type CallDeps } from '../http/send-with-retry.js';
import type { HttpResponse } from '../http/transport.js';

export const START_OPERATION = 'StartResourceSnapshotJob';

/**
 * Any 2xx status is success: the documented reply is an empty body, and whatever body comes with a 2xx
 * (`{}`, something unexpected, or one cut short) does not change that the service started the job.
 */
function readStartReply(): void {}

/** One job at one endpoint: what a StartResourceSnapshotJob or GetResourceSnapshotJob request names. */
export interface JobTarget {
  catalog: string;
  jobIdentifier: string;
  region: string;
  endpoint: URL;
}

/** A signed request of one of the two operations on a job (both take the same two members). */
function signJobRequest(
  operation: string,
  job: JobTarget,
  credentials: Credentials,
  signingTime: Date,
) {
  return signJsonRequest({
    endpoint: job.endpoint,
    region: job.region,
    operation,
    payload: { Catalog: job.catalog, ResourceSnapshotJobIdentifier: job.jobIdentifier },
    credentials,
    signingTime,
  });
}

/** The request a job's start sends, signed: for a dry run to show, and for the real call to send. */
export function signStartRequest(job: JobTarget, credentials: Credentials, signingTime: Date) {
  return signJobRequest(START_OPERATION, job, credentials, signingTime);
}

export function startResourceSnapshotJob(
  config: JobTarget,
  credentials: SigningCredentials,
  policy: RetryPolicy,
  deps: CallDeps,
): Promise<CallOutcome<void>> {
  return sendWithRetry(
    {
      label: START_OPERATION,
      beforeAttempt: () => credentials.renewIfDue(),
      build: (ctx) => signStartRequest(config, credentials.current(), ctx.signingTime),
      wire: AWS_JSON,
      parseSuccess: readStartReply,
      statusIsAnswer: true,
    },
    policy,
    deps,
  );
}

export const DESCRIBE_OPERATION = 'GetResourceSnapshotJob';

/** The job as the service describes it; every member may be absent. Keys are the output names. */
export type JobDescription = Partial<Record<DescriptionKey, string>>;

const MEMBERS: Record<DescriptionKey, string> = {
  'job-arn': 'Arn',
  'job-status': 'Status',
  'engagement-id': 'EngagementId',
  'resource-type': 'ResourceType',
  'resource-id': 'ResourceId',
  'resource-arn': 'ResourceArn',
  'resource-snapshot-template-name': 'ResourceSnapshotTemplateName',
  'created-at': 'CreatedAt',
  'last-successful-execution-date': 'LastSuccessfulExecutionDate',
  'last-failure': 'LastFailure',
};

/**
 * A member exactly as the service wrote it (the snapshot read sends four of them back; outputs and the summary make
 * it safe to show). Dates arrive as RFC 3339 strings (timestampFormat date-time); an SDK-style epoch number is read too.
 */
function memberText(value: unknown, key: string): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value) && /-at$|-date$/.test(key))
    return new Date(value * 1000).toISOString();
  return undefined;
}

export function readDescribeReply(res: HttpResponse): JobDescription {
  const parsed: unknown = res.body.trim() ? JSON.parse(res.body) : {};
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed))
    throw new Error('expected a JSON object');
  const body = parsed as Record<string, unknown>;
  const out: JobDescription = {};
  for (const key of DESCRIPTION_KEYS) {
    const text = memberText(body[MEMBERS[key]], key);
    if (text !== undefined) out[key] = text;
  }
  return out;
}

export function isRunning(d: JobDescription): boolean {
  return d['job-status']?.toLowerCase() === 'running';
}

export function getResourceSnapshotJob(
  job: JobTarget,
  credentials: SigningCredentials,
  policy: RetryPolicy,
  deps: CallDeps,
): Promise<CallOutcome<JobDescription>> {
  return sendWithRetry(
    {
      label: DESCRIBE_OPERATION,
      beforeAttempt: () => credentials.renewIfDue(),
      build: (ctx) =>
        signJobRequest(DESCRIBE_OPERATION, job, credentials.current(), ctx.signingTime),
      wire: AWS_JSON,
      parseSuccess: readDescribeReply,
    },
    policy,
    deps,
  );
}
