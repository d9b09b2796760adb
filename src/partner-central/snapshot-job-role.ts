// GetSellingSystemSettings: the IAM role a catalog's snapshot jobs run as. Without one a job starts and runs but takes
// no snapshot, so a dry run fails on it and a wait for a snapshot warns at once. Reading it is an extra permission:
// a read that fails (denied, throttled, unreachable) is a notice, never what fails a release.
import { AWS_JSON, signJsonRequest } from '../aws/aws-json.js';
import type { SigningCredentials } from '../aws/credentials.js';
import { isAccessDenied } from '../aws/error-names.js';
import type { Failure } from '../common/failure.js';
import type { CallOutcome, FailedCall, RetryPolicy } from '../http/retry.js';
import { sendWithRetry, type CallDeps } from '../http/send-with-retry.js';
import type { HttpResponse } from '../http/transport.js';

const SETTINGS_OPERATION = 'GetSellingSystemSettings';
const SETTINGS_IAM_ACTION = 'partnercentral:GetSellingSystemSettings';
/** AWS's managed policy for the role snapshot jobs run as. */
const JOB_ROLE_POLICY = 'AWSPartnerCentralSellingResourceSnapshotJobExecutionRolePolicy';

/** The catalog whose settings are read, and where. */
interface SettingsTarget {
  catalog: string;
  region: string;
  endpoint: URL;
}

/** What the step learned of the snapshot job role. */
export type JobRoleCheck =
  | { state: 'set'; roleArn: string }
  | { state: 'unset' }
  | { state: 'unread'; failedCall: FailedCall };

/** The role's ARN as the service wrote it; absent or empty: the catalog has none. */
export function readSettingsReply(res: HttpResponse): { roleArn?: string } {
  const parsed: unknown = res.body.trim() ? JSON.parse(res.body) : {};
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed))
    throw new Error('expected a JSON object');
  const arn = (parsed as Record<string, unknown>).ResourceSnapshotJobRoleArn;
  if (arn !== undefined && arn !== null && typeof arn !== 'string')
    throw new Error('ResourceSnapshotJobRoleArn is not a string');
  return arn ? { roleArn: arn } : {};
}

function getSellingSystemSettings(
  target: SettingsTarget,
  credentials: SigningCredentials,
  policy: RetryPolicy,
  deps: CallDeps,
): Promise<CallOutcome<{ roleArn?: string }>> {
  return sendWithRetry(
    {
      label: SETTINGS_OPERATION,
      beforeAttempt: () => credentials.renewIfDue(),
      build: (ctx) =>
        signJsonRequest({
          endpoint: target.endpoint,
          region: target.region,
          operation: SETTINGS_OPERATION,
          payload: { Catalog: target.catalog },
          credentials: credentials.current(),
          signingTime: ctx.signingTime,
        }),
      wire: AWS_JSON,
      parseSuccess: readSettingsReply,
    },
    policy,
    deps,
  );
}

/** Reads the catalog's settings once, under the step's read policy. */
export async function readSnapshotJobRole(
  target: SettingsTarget,
  credentials: SigningCredentials,
  reads: RetryPolicy,
  deps: CallDeps,
): Promise<JobRoleCheck> {
  const read = await getSellingSystemSettings(target, credentials, reads, deps);
  if (!read.ok) return { state: 'unread', failedCall: read };
  return read.value.roleArn ? { state: 'set', roleArn: read.value.roleArn } : { state: 'unset' };
}

/** How to give a catalog its snapshot job role. */
function setTheRole(target: SettingsTarget): string {
  return (
    `Give the ${target.catalog} catalog a snapshot job role once: an IAM role with AWS's managed policy ${JOB_ROLE_POLICY}, ` +
    `named with PutSellingSystemSettings ("aws partnercentral-selling put-selling-system-settings --catalog ${target.catalog} ` +
    `--resource-snapshot-job-role-identifier <role ARN> --region ${target.region}").`
  );
}

/** A dry run found no snapshot job role: a real run would start jobs that never snapshot. */
export function noSnapshotJobRole(target: SettingsTarget): Failure {
  return {
    code: 'NoSnapshotJobRole',
    message: `the ${target.catalog} catalog has no snapshot job role (GetSellingSystemSettings names no ResourceSnapshotJobRoleArn)`,
    title: `No snapshot job role in the ${target.catalog} catalog`,
    text:
      `GetSellingSystemSettings names no ResourceSnapshotJobRoleArn for the ${target.catalog} catalog. Resource snapshot jobs run as that role: ` +
      'without it a job starts and runs but takes no snapshot, so this release would not reach its engagement. ' +
      setTheRole(target),
  };
}

/** wait-for-snapshot found no snapshot job role: said at once, before anything is waited for. */
export function noJobRoleWarning(target: SettingsTarget): string {
  return (
    `The ${target.catalog} catalog has no snapshot job role (GetSellingSystemSettings names no ResourceSnapshotJobRoleArn): ` +
    'the jobs start, but take no snapshot, so wait-for-snapshot will most likely see none. ' +
    setTheRole(target)
  );
}

/** The settings could not be read: the role is not checked, and the step goes on. */
export function jobRoleUnread(failed: FailedCall, target: SettingsTarget): string {
  const { error } = failed;
  if (isAccessDenied(error))
    return (
      `The ${target.catalog} catalog's snapshot job role was not checked: the credentials may not call ${SETTINGS_IAM_ACTION}. ` +
      'It is optional; allow it (Resource "*") to have the dry run and wait-for-snapshot check that jobs can take snapshots. The step goes on.'
    );
  const id = error.requestId ? `, request id ${error.requestId}` : '';
  return (
    `The ${target.catalog} catalog's snapshot job role was not checked: ${SETTINGS_OPERATION} failed with ${error.name}` +
    `${error.status ? ` (HTTP ${error.status})` : ''}${id}: ${error.message}. The step goes on.`
  );
}
