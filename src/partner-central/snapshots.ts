// GetResourceSnapshot: which snapshot (engagement, resource, template) a job takes, and its latest revision.
// The reply's Payload is partner data: it is kept only as the raw body for snapshot-directory, never logged.
import { AWS_JSON, signJsonRequest } from '../aws/aws-json.js';
import type { SigningCredentials } from '../aws/credentials.js';
import { isNotFound } from '../aws/error-names.js';
import type { JobDescription, JobTarget } from './operations.js';
import type { CallOutcome, RetryPolicy } from '../http/retry.js';
import { sendWithRetry, type CallDeps } from '../http/send-with-retry.js';
import type { HttpResponse } from '../http/transport.js';

const SNAPSHOT_OPERATION = 'GetResourceSnapshot';

/** The four members that name a snapshot, as GetResourceSnapshotJob reports them for a job. */
export interface SnapshotTarget {
  catalog: string;
  region: string;
  endpoint: URL;
  engagementId: string;
  resourceType: string;
  resourceId: string;
  templateName: string;
}

/** The job's description names its snapshot; a member missing means there is nothing to read. */
export function snapshotTargetOf(
  job: JobTarget,
  d: JobDescription,
): SnapshotTarget | { missing: string[] } {
  const members = {
    engagementId: d['engagement-id'],
    resourceType: d['resource-type'],
    resourceId: d['resource-id'],
    templateName: d['resource-snapshot-template-name'],
  };
  const names: Record<keyof typeof members, string> = {
    engagementId: 'EngagementId',
    resourceType: 'ResourceType',
    resourceId: 'ResourceId',
    templateName: 'ResourceSnapshotTemplateName',
  };
  const missing = (Object.keys(members) as (keyof typeof members)[])
    .filter((k) => !members[k])
    .map((k) => names[k]);
  if (missing.length) return { missing };
  return {
    catalog: job.catalog,
    region: job.region,
    endpoint: job.endpoint,
    engagementId: members.engagementId as string,
    resourceType: members.resourceType as string,
    resourceId: members.resourceId as string,
    templateName: members.templateName as string,
  };
}

/** A snapshot as this action uses it: the revision and where it is, plus the reply as received (for the file only). */
export interface Snapshot {
  revision: number;
  arn?: string;
  createdAt?: string;
  /** The GetResourceSnapshot reply as its bytes came, Payload included: partner data, for snapshot-directory only. */
  bytes: Uint8Array;
}

/** A latest-snapshot read: the snapshot, or none yet (ResourceNotFoundException: revision 0). */
export type LatestSnapshot = Snapshot | undefined;

/** Reads the reply's identifying members exactly as written; the Payload is never looked at. */
export function readSnapshotReply(res: HttpResponse): Snapshot {
  let parsed: unknown;
  try {
    parsed = JSON.parse(res.body);
  } catch {
    // JSON.parse's message quotes the text around the fault: here that would be partner data.
    throw new Error('the body is not valid JSON');
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed))
    throw new Error('expected a JSON object');
  const body = parsed as Record<string, unknown>;
  const revision = body.Revision;
  if (typeof revision !== 'number' || !Number.isInteger(revision) || revision < 1)
    throw new Error('expected a Revision of 1 or more');
  const created = body.CreatedAt;
  const createdAt =
    typeof created === 'string'
      ? created
      : typeof created === 'number' && Number.isFinite(created)
        ? new Date(created * 1000).toISOString()
        : undefined;
  return {
    revision,
    ...(typeof body.Arn === 'string' ? { arn: body.Arn } : {}),
    ...(createdAt ? { createdAt } : {}),
    bytes: res.bytes ?? Buffer.from(res.body, 'utf8'),
  };
}

/** The latest snapshot (no Revision member); ResourceNotFoundException becomes "none yet". */
export async function getLatestSnapshot(
  target: SnapshotTarget,
  credentials: SigningCredentials,
  policy: RetryPolicy,
  deps: CallDeps,
): Promise<CallOutcome<LatestSnapshot>> {
  const outcome = await sendWithRetry<LatestSnapshot>(
    {
      label: SNAPSHOT_OPERATION,
      beforeAttempt: () => credentials.renewIfDue(),
      build: (ctx) =>
        signJsonRequest({
          endpoint: target.endpoint,
          region: target.region,
          operation: SNAPSHOT_OPERATION,
          payload: {
            Catalog: target.catalog,
            EngagementIdentifier: target.engagementId,
            ResourceType: target.resourceType,
            ResourceIdentifier: target.resourceId,
            ResourceSnapshotTemplateIdentifier: target.templateName,
          },
          credentials: credentials.current(),
          signingTime: ctx.signingTime,
        }),
      wire: AWS_JSON,
      parseSuccess: readSnapshotReply,
    },
    policy,
    deps,
  );
  if (!outcome.ok && isNotFound(outcome.error))
    return {
      ok: true,
      value: undefined,
      attempts: outcome.attempts,
      elapsedMs: outcome.elapsedMs,
      ...(outcome.requestId ? { requestId: outcome.requestId } : {}),
    };
  return outcome;
}
