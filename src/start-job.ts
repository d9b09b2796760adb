// The StartResourceSnapshotJob call: its request payload and its reply, sent under the retry policy.
import type { HttpResponse } from './errors.js';
import { callWithRetry, type CallDeps } from './call.js';
import { signJsonRequest, type Credentials } from './request.js';
import type { RetryOutcome, RetryPolicy } from './retry.js';

export const OPERATION = 'StartResourceSnapshotJob';

/** Any 2xx is success; the documented reply is an empty body, and `{}` (or any JSON object) is accepted too. */
export function readStartReply(res: HttpResponse): void {
  const body = res.body.trim();
  if (!body) return;
  const parsed: unknown = JSON.parse(body);
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed))
    throw new Error('expected a JSON object or an empty body');
}

/** One job at one endpoint: what a StartResourceSnapshotJob or GetResourceSnapshotJob request names. */
export interface JobTarget {
  catalog: string;
  jobIdentifier: string;
  region: string;
  endpoint: URL;
}

/** The request a job's start sends, signed: for a dry run to show, and for the real call to send. */
export function signStartRequest(job: JobTarget, credentials: Credentials, signingTime: Date) {
  return signJsonRequest({
    endpoint: job.endpoint,
    region: job.region,
    operation: OPERATION,
    payload: { Catalog: job.catalog, ResourceSnapshotJobIdentifier: job.jobIdentifier },
    credentials,
    signingTime,
  });
}

export function startResourceSnapshotJob(
  config: JobTarget,
  credentials: Credentials,
  policy: RetryPolicy,
  deps: CallDeps,
): Promise<RetryOutcome<void>> {
  return callWithRetry(
    {
      label: OPERATION,
      build: (ctx) => signStartRequest(config, credentials, ctx.signingTime),
      parseSuccess: readStartReply,
    },
    policy,
    deps,
  );
}
