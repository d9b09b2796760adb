// What the runner shows: the outputs, the annotations and the job summary, all from one result.
import { DESCRIPTION_KEYS, SNAPSHOT_OUTPUTS, type OutputName } from '../config/action-contract.js';
import type { Failure } from '../http/failure.js';
import type { InputProblem } from '../config/inputs.js';
import type { JobResult } from '../partner-central/jobs.js';
import type { JobDescription } from '../partner-central/operations.js';
import type { RunContext } from './run-context.js';
import { escapeCode, escapeHtml, safeLine } from '../common/safe-text.js';
import type { RequestPreview } from '../http/request-preview.js';
import type { SnapshotSummary } from '../partner-central/snapshot-jobs.js';
import type { RunResult } from '../result.js';

export interface Annotation {
  level: 'error' | 'warning';
  title: string;
  text: string;
}

/** GitHub shows at most 10 error annotations of a step. */
export const MAX_ANNOTATIONS = 10;

const INPUT_FAILURE = (problems: InputProblem[]): Failure => ({
  code: 'InvalidInput',
  message: problems.map((p) => p.message).join('; '),
  title: 'Invalid input',
  text: problems.map((p) => p.message).join('\n'),
});

/** The failure the step's error-code and error-message describe: its own, else the first failed job's. */
export function stepFailure(result: RunResult): Failure | undefined {
  if (result.inputProblems?.length) return INPUT_FAILURE(result.inputProblems);
  // The cancel is what ended the step, whatever the job in flight had last been told.
  if (result.cancelled) return cancelledFailure(result);
  if (result.failure) return result.failure;
  const first = result.jobs.find((j) => j.failure)?.failure;
  if (first) return first;
  if (result.jobs.some((j) => j.status === 'not-attempted'))
    return {
      code: 'NotAttempted',
      message: 'some jobs were not attempted',
      title: 'Some jobs were not attempted',
      text: 'Some jobs were not attempted; see the job summary.',
    };
  return undefined;
}

export function succeeded(result: RunResult): boolean {
  return (
    !stepFailure(result) &&
    result.jobs.length > 0 &&
    result.jobs.every((j) => j.status === 'started' || j.status === 'dry-run')
  );
}

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

function cancelledFailure(result: RunResult): Failure {
  const started = result.jobs.filter((j) => j.status === 'started').map((j) => j.jobIdentifier);
  const unknown = result.jobs.filter((j) => j.status === 'unknown').map((j) => j.jobIdentifier);
  const total = result.jobIdentifiers.length;
  if (total > 0 && started.length === total)
    return {
      code: 'Cancelled',
      message: `the step was cancelled after all ${total} jobs had started`,
      title: `Cancelled after every job started (${total} of ${total})`,
      text:
        `The step was cancelled, but not before every job had started: ${started.join(', ')}. ` +
        'Nothing is left to start; what the step did after the starts (reading or waiting) may be cut short.',
      level: 'warning',
    };
  return {
    code: 'Cancelled',
    message: `the step was cancelled after ${started.length} of ${total} jobs started`,
    title: `Cancelled: ${started.length} of ${total} job${total === 1 ? '' : 's'} started`,
    text:
      `The step was cancelled. Started: ${started.length ? started.join(', ') : 'none'}.` +
      (unknown.length
        ? ` Sent but unanswered (they may have started): ${unknown.join(', ')}.`
        : '') +
      ' Re-running the step is safe: starting a job that is already running changes nothing (the operation is idempotent).',
  };
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
 * One `results` entry: design.md's keys exactly: the contract's keys, the description when the job was
 * described, and the snapshot keys when the step waited for snapshots (a read's request id is in the summary).
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

function describedOutputs(d: JobDescription): Record<string, string> {
  return Object.fromEntries(DESCRIPTION_KEYS.map((k) => [k, d[k] ?? '']));
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

/**
 * What went wrong, one note per problem: every invalid input; else the cancel; else the step's own failure;
 * else each failed job (titled with its identifier when the step has several).
 */
function problemNotes(result: RunResult): Annotation[] {
  if (result.inputProblems?.length)
    return result.inputProblems.map((p) => ({
      level: 'error',
      title: `Invalid input: ${p.input}`,
      text: p.message,
    }));
  const failure = result.cancelled ? cancelledFailure(result) : result.failure;
  if (failure)
    return [{ level: failure.level ?? 'error', title: failure.title, text: failure.text }];
  const several = result.jobs.length > 1;
  return result.jobs.flatMap((j) =>
    j.failure
      ? [
          {
            level: 'error' as const,
            title: several ? `${j.jobIdentifier}: ${j.failure.title}` : j.failure.title,
            text: j.failure.text,
          },
        ]
      : [],
  );
}

/**
 * The annotations: problemNotes, at most MAX_ANNOTATIONS (the last of them counting the rest), and one naming
 * the jobs not attempted.
 */
export function annotationsOf(result: RunResult): Annotation[] {
  const failed = problemNotes(result);
  if (result.inputProblems?.length || result.cancelled || result.failure) return failed;
  const notes = failed.length > MAX_ANNOTATIONS ? failed.slice(0, MAX_ANNOTATIONS - 1) : failed;
  if (failed.length > notes.length)
    notes.push({
      level: 'error',
      title: `${failed.length - notes.length} more jobs failed`,
      text: `${failed.length} of ${result.jobs.length} jobs failed; the job summary lists every one with what to do.`,
    });
  const skipped = result.jobs.filter((j) => j.status === 'not-attempted');
  if (skipped.length && notes.length < MAX_ANNOTATIONS)
    notes.push({
      level: 'error',
      title: `${skipped.length} job${skipped.length === 1 ? '' : 's'} not attempted`,
      text: `Not attempted because ${skipped[0]?.skipped ?? 'the step stopped'}: ${skipped.map((j) => j.jobIdentifier).join(', ')}. Re-run the step once the cause is fixed.`,
    });
  return notes;
}

/**
 * A failure's text as HTML: prose lines as paragraphs, and lines indented by four spaces (codeBlock in
 * failure.ts) as one <pre><code> block each, so YAML and JSON keep the indentation they need.
 */
export function richText(text: string): string {
  const html: string[] = [];
  let code: string[] = [];
  const flush = () => {
    if (code.length) html.push(`<pre><code>${code.map(escapeCode).join('\n')}</code></pre>`);
    code = [];
  };
  for (const line of text.split('\n')) {
    if (line.startsWith('    ')) {
      code.push(line.slice(4));
      continue;
    }
    flush();
    if (line.trim()) html.push(`<p>${escapeHtml(line)}</p>`);
  }
  flush();
  return `${html.join('\n')}\n`;
}

function runLink(run: RunContext): string {
  if (!run.repository || !run.runId) return '';
  const server = run.serverUrl ?? 'https://github.com';
  const url = `${server}/${run.repository}/actions/runs/${run.runId}${run.runAttempt ? `/attempts/${run.runAttempt}` : ''}`;
  return `<p>Workflow run: <a href="${escapeHtml(url)}">${escapeHtml(`${run.repository} #${run.runId}`)}</a></p>\n`;
}

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

function jobsTable(result: RunResult): string {
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

function descriptionTable(jobs: JobResult[]): string {
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
function snapshotTable(jobs: JobResult[]): string {
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

function previewBlock(preview: RequestPreview): string {
  const lines = [
    `${preview.method} ${preview.url}`,
    ...Object.entries(preview.headers).map(([k, v]) => `${k}: ${v}`),
    '',
    preview.body,
  ];
  return `<pre><code>${lines.map(escapeCode).join('\n')}</code></pre>\n`;
}

function headline(result: RunResult, ok: boolean): string {
  const total = result.jobs.length || result.jobIdentifiers.length;
  const started = count(result, 'started');
  const time = `${(result.elapsedMs / 1000).toFixed(1)} s`;
  if (result.inputProblems?.length) return '❌ Invalid input: nothing was started';
  if (result.cancelled)
    return `${total > 0 && started === total ? '⚠️' : '❌'} Cancelled: ${started} of ${total} started (${time})`;
  if (result.dryRun && ok)
    return `✅ Dry run: ${total} job${total === 1 ? '' : 's'} checked, nothing was started (${time})`;
  if (result.dryRun) return `❌ Dry run failed: nothing was started (${time})`;
  if (ok)
    return `✅ Started ${total === 1 ? 'resource snapshot job' : `${total} resource snapshot jobs`} (${time})`;
  return `❌ Start resource snapshot job${total === 1 ? '' : 's'}: ${started} of ${total} started (${time})`;
}

/** The job summary: one row per job, what was described or would be sent, what went wrong and what to do. All text escaped. */
export function summaryOf(result: RunResult, run: RunContext): string {
  const ok = succeeded(result);
  let html = `<h3>${escapeHtml(headline(result, ok))}</h3>\n${jobsTable(result)}${descriptionTable(result.jobs)}${snapshotTable(result.jobs)}`;
  if (result.dryRun) {
    html += '<p>Dry run: no StartResourceSnapshotJob was sent. Each request would have been:</p>\n';
    for (const j of result.jobs) if (j.preview) html += previewBlock(j.preview);
  }
  // Every problem, none left out: the annotations stop at ten and point here.
  const details = problemNotes(result);
  for (const d of details)
    html += `<p><strong>${escapeHtml(d.title)}</strong></p>\n${richText(d.text)}`;
  if (result.assumedRoleArn) html += `<p>Signed as ${escapeHtml(result.assumedRoleArn)}</p>\n`;
  return html + runLink(run);
}
