// The step's outputs: every declared output, on success and on failure, and one `results` entry per job.
import { DESCRIPTION_KEYS, SNAPSHOT_OUTPUTS, type OutputName } from '../config/action-contract.js';
import type { JobResult } from '../partner-central/jobs.js';
import type { JobDescription } from '../partner-central/operations.js';
import { safeLine } from '../common/safe-text.js';
import type { SnapshotSummary } from '../partner-central/snapshot-wait.js';
import type { RunResult } from '../result.js';
import { stepFailure } from './step-failure.js';

function count(result: RunResult, status: JobResult['status']): number {
  return result.jobs.filter((j) => j.status === status).length;
}

/**
 * Jobs that did not start: failed and not attempted (unknown counts in neither). A step whose inputs were
 * invalid started nothing, so it counts at least one even when no identifier could be read.
 */
function failedCount(result: RunResult): number {
  const failed = count(result, 'failed') + count(result, 'not-attempted');
  return result.inputProblems?.length ? Math.max(1, failed) : failed;
}

/** wait-for-snapshot's keys: the revision, ARN and date of the latest snapshot, whether it is new, the file. */
function snapshotOutputs(
  s: SnapshotSummary | undefined,
): Record<(typeof SNAPSHOT_OUTPUTS)[number], string> {
  return {
    'snapshot-revision': s?.revision ? String(s.revision) : '',
    'snapshot-arn': safeLine(s?.arn ?? '', 500),
    'snapshot-created-at': safeLine(s?.createdAt ?? '', 100),
    'snapshot-new': s?.isNew === undefined ? '' : String(s.isNew),
    'snapshot-file': safeLine(s?.file ?? '', 1000),
  };
}

/**
 * One `results` entry, with exactly the keys README.md's Outputs gives `results`: the contract's keys, the
 * description when the job was described, and the snapshot keys when the step waited for snapshots (a
 * read's request id is in the summary).
 */
function resultEntry(job: JobResult, waiting = false): Record<string, string | number> {
  const entry: Record<string, string | number> = {
    'job-identifier': job.jobIdentifier,
    catalog: job.catalog,
    status: job.status,
    'request-id': safeLine(job.requestId ?? '', 200),
    attempts: job.attempts,
    'error-code': job.failure ? safeLine(job.failure.code, 100) : '',
    'error-message': job.failure
      ? safeLine(job.failure.message, 1000)
      : job.skipped
        ? safeLine(`not attempted: ${job.skipped}`, 1000)
        : '',
  };
  if (job.description) Object.assign(entry, describedOutputs(job.description));
  if (waiting || job.snapshot) Object.assign(entry, snapshotOutputs(job.snapshot));
  return entry;
}

/** The description as the service wrote it, each member made one safe line (LastFailure is prose, so longer). */
function describedOutputs(d: JobDescription): Record<string, string> {
  return Object.fromEntries(
    DESCRIPTION_KEYS.map((k) => [k, safeLine(d[k] ?? '', k === 'last-failure' ? 1000 : 300)]),
  );
}

/** Every declared output, on success and on failure; empty where unknown. */
export function outputsOf(result: RunResult): Record<OutputName, string> {
  const failure = stepFailure(result);
  const only = result.jobs.length === 1 ? result.jobs[0] : undefined;
  const described: JobDescription = only?.description ?? {};
  return {
    'job-identifier': result.jobIdentifiers.join(','),
    catalog: result.catalog ?? '',
    'request-id': safeLine(result.requestId ?? '', 200),
    attempts: String(result.attempts),
    'error-code': failure ? safeLine(failure.code, 100) : '',
    'error-message': failure ? safeLine(failure.message, 1000) : '',
    'aws-account-id': result.accountId ?? '',
    'assumed-role-arn': safeLine(result.assumedRoleArn ?? '', 300),
    results: JSON.stringify(result.jobs.map((j) => resultEntry(j, result.waitForSnapshot))),
    'started-count': String(count(result, 'started')),
    'failed-count': String(failedCount(result)),
    ...(describedOutputs(described) as Record<(typeof DESCRIPTION_KEYS)[number], string>),
    ...snapshotOutputs(only?.snapshot),
  };
}
