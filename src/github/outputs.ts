// The step's outputs: every declared output, on success and on failure, and one `results` entry per job. Each value
// that carries outside text is scrubbed (the sink's redact) before it is cut, so `results` stays JSON and no cut
// leaves a piece of a secret.
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

/** Text as an output shows it: the step's secrets removed, then one safe line of at most `max` characters. */
type Show = (text: string | undefined, max: number) => string;

/** wait-for-snapshot's keys: the revision, ARN and date of the latest snapshot, whether it is new, the file. */
function snapshotOutputs(
  s: SnapshotSummary | undefined,
  show: Show,
): Record<(typeof SNAPSHOT_OUTPUTS)[number], string> {
  return {
    'snapshot-revision': s?.revision ? String(s.revision) : '',
    'snapshot-arn': show(s?.arn, 500),
    'snapshot-created-at': show(s?.createdAt, 100),
    'snapshot-new': s?.isNew === undefined ? '' : String(s.isNew),
    'snapshot-file': show(s?.file, 1000),
  };
}

/**
 * One `results` entry, with exactly the keys README.md's Outputs gives `results`: the contract's keys, the
 * description when the job was described, and the snapshot keys when the step waited for snapshots (a
 * read's request id is in the summary).
 */
function resultEntry(job: JobResult, show: Show, waiting = false): Record<string, string | number> {
  const entry: Record<string, string | number> = {
    'job-identifier': job.jobIdentifier,
    catalog: job.catalog,
    status: job.status,
    'request-id': show(job.requestId, 200),
    attempts: job.attempts,
    'error-code': job.failure ? show(job.failure.code, 100) : '',
    'error-message': job.failure
      ? show(job.failure.message, 1000)
      : job.skipped
        ? show(`not attempted: ${job.skipped}`, 1000)
        : '',
  };
  if (job.description) Object.assign(entry, describedOutputs(job.description, show));
  if (waiting || job.snapshot) Object.assign(entry, snapshotOutputs(job.snapshot, show));
  return entry;
}

/** The description as the service wrote it, each member made one safe line (LastFailure is prose, so longer). */
function describedOutputs(d: JobDescription, show: Show): Record<string, string> {
  return Object.fromEntries(
    DESCRIPTION_KEYS.map((k) => [k, show(d[k], k === 'last-failure' ? 1000 : 300)]),
  );
}

/**
 * Every declared output, on success and on failure; empty where unknown. `redact` is the sink's scrub of the
 * step's secrets (main.ts), applied to each value before it is cut.
 */
export function outputsOf(
  result: RunResult,
  redact: (text: string) => string,
): Record<OutputName, string> {
  const show: Show = (text, max) => (text ? safeLine(redact(text), max) : '');
  const failure = stepFailure(result);
  const only = result.jobs.length === 1 ? result.jobs[0] : undefined;
  const described: JobDescription = only?.description ?? {};
  return {
    'job-identifier': result.jobIdentifiers.join(','),
    catalog: result.catalog ?? '',
    'request-id': show(result.requestId, 200),
    attempts: String(result.attempts),
    'error-code': failure ? show(failure.code, 100) : '',
    'error-message': failure ? show(failure.message, 1000) : '',
    'aws-account-id': result.accountId ?? '',
    'assumed-role-arn': show(result.assumedRoleArn, 300),
    results: JSON.stringify(result.jobs.map((j) => resultEntry(j, show, result.waitForSnapshot))),
    'started-count': String(count(result, 'started')),
    'failed-count': String(failedCount(result)),
    ...(describedOutputs(described, show) as Record<(typeof DESCRIPTION_KEYS)[number], string>),
    ...snapshotOutputs(only?.snapshot, show),
  };
}
