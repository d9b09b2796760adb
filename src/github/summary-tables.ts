// The job summary's tables: one row per job, what GetResourceSnapshotJob described, the snapshots waited for.
import type { JobResult } from '../partner-central/jobs.js';
import { escapeHtml } from '../common/safe-text.js';
import type { RunResult } from '../result.js';

const cell = (v: string | undefined) => `<td>${v ? escapeHtml(v) : '&ndash;'}</td>`;

function statusText(job: JobResult): string {
  if (job.status === 'failed') return `failed: ${job.failure?.code ?? ''}`;
  if (job.status === 'not-attempted') return `not attempted: ${job.skipped ?? ''}`;
  if (job.status === 'unknown') return 'unknown: sent, no reply (may have started)';
  if (job.failure) return `${job.status}; ${job.failure.code}`;
  return job.status;
}

/** An HTML table: a header row of `headers`, then one row per entry of `rows` (cells already made with cell()). */
function htmlTable(headers: string[], rows: string[]): string {
  const head = `<tr>${headers.map((h) => `<th>${h}</th>`).join('')}</tr>`;
  return `<table>\n${[head, ...rows.map((r) => `<tr>${r}</tr>`)].join('\n')}\n</table>\n`;
}

/** One row per job; a step whose inputs were invalid has no jobs, so its one row names what it was given. */
export function jobsTable(result: RunResult): string {
  const rows = result.jobs.map(
    (j) =>
      `${cell(j.jobIdentifier)}${cell(j.catalog)}${cell(statusText(j))}${cell(j.requestId)}${cell(String(j.attempts))}`,
  );
  if (!result.jobs.length)
    rows.push(
      `${cell(result.jobIdentifiers.join(', '))}${cell(result.catalog)}${cell('invalid input')}${cell(undefined)}${cell('0')}`,
    );
  return htmlTable(['Job', 'Catalog', 'Result', 'Request ID', 'Attempts'], rows);
}

/** describe-job: what GetResourceSnapshotJob said of each job it read; empty when none was read. */
export function descriptionTable(jobs: JobResult[]): string {
  const described = jobs.filter((j) => j.description);
  if (!described.length) return '';
  const rows = described.map((j) => {
    const d = j.description ?? {};
    const resource = [d['resource-type'], d['resource-id']].filter(Boolean).join(' ');
    return `${cell(j.jobIdentifier)}${cell(d['job-status'])}${cell(d['engagement-id'])}${cell(resource)}${cell(d['resource-snapshot-template-name'])}${cell(d['created-at'])}${cell(d['last-successful-execution-date'])}${cell(d['last-failure'])}`;
  });
  const headers = [
    'Job',
    'Status',
    'Engagement',
    'Resource',
    'Template',
    'Created',
    'Last success',
    'Last failure',
  ];
  return `<p>As GetResourceSnapshotJob describes ${described.length === 1 ? 'it' : 'them'}:</p>\n${htmlTable(headers, rows)}`;
}

const revisionCell = (n: number | undefined) =>
  cell(n === undefined ? undefined : n === 0 ? 'none' : String(n));

/** wait-for-snapshot: per job, the revision before the start and after the wait, and whether it is new. Never the payload. */
export function snapshotTable(jobs: JobResult[]): string {
  const waited = jobs.filter((j) => j.snapshot);
  if (!waited.length) return '';
  const rows = waited.map((j) => {
    const s = j.snapshot ?? {};
    const isNew = s.isNew === undefined ? undefined : s.isNew ? 'yes' : 'no';
    return `${cell(j.jobIdentifier)}${revisionCell(s.revisionBefore)}${revisionCell(s.revision ?? (s.revisionBefore === undefined ? undefined : 0))}${cell(isNew)}${cell(s.createdAt)}${cell(s.file)}${cell(j.readRequestId)}`;
  });
  const headers = [
    'Job',
    'Revision before',
    'Revision after',
    'New',
    'Snapshot taken',
    'File',
    'Last read request ID',
  ];
  return `<p>Snapshots (GetResourceSnapshot):</p>\n${htmlTable(headers, rows)}`;
}
