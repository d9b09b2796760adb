// The StartResourceSnapshotJob call: its request payload and its reply, sent under the retry policy.
import type { HttpResponse } from './errors.js';
import type { Config } from './inputs.js';
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

export function startResourceSnapshotJob(
  config: Pick<Config, 'catalog' | 'jobIdentifier' | 'region' | 'endpoint'>,
  credentials: Credentials,
  policy: RetryPolicy,
  deps: CallDeps,
): Promise<RetryOutcome<void>> {
  return callWithRetry(
    {
      label: OPERATION,
      build: (ctx) =>
        signJsonRequest({
          endpoint: config.endpoint,
          region: config.region,
          operation: OPERATION,
          payload: { Catalog: config.catalog, ResourceSnapshotJobIdentifier: config.jobIdentifier },
          credentials,
          signingTime: ctx.signingTime,
        }),
      parseSuccess: readStartReply,
    },
    policy,
    deps,
  );
}
