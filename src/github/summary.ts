// The HTML job summary: a headline, the tables, each dry-run request, every problem with what to do, the run link.
import { escapeCode, escapeHtml } from '../common/safe-text.js';
import { REPLY_LIMITS } from '../common/tunables.js';
import type { FailureText } from '../common/failure.js';
import type { RequestPreview } from '../http/request-preview.js';
import type { RunResult } from '../result.js';
import type { RunContext } from '../config/run-context.js';
import { problemNotes } from './problem-notes.js';
import { succeeded } from './step-failure.js';
import { descriptionTable, jobsTable, snapshotTable } from './summary-tables.js';

/**
 * A failure's text as HTML: each line of prose a paragraph, each snippet one <pre><code> block, so YAML and
 * JSON keep the indentation they need.
 */
export function failureHtml(text: FailureText): string {
  const html: string[] = [];
  let prose = '';
  const flush = () => {
    for (const line of prose.split('\n')) if (line.trim()) html.push(`<p>${escapeHtml(line)}</p>`);
    prose = '';
  };
  for (const part of typeof text === 'string' ? [text] : text) {
    if (typeof part === 'string') {
      prose += part;
      continue;
    }
    flush();
    html.push(`<pre><code>${part.code.split('\n').map(escapeCode).join('\n')}</code></pre>`);
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
  const started = result.jobs.filter((j) => j.status === 'started').length;
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
    html += `<p><strong>${escapeHtml(d.title)}</strong></p>\n${failureHtml(d.text)}`;
  if (result.assumedRoleArn) html += `<p>Signed as ${escapeHtml(result.assumedRoleArn)}</p>\n`;
  return withinSummaryLimit(html + runLink(run));
}

const CUT_NOTE =
  '<p><strong>The summary is cut here: GitHub takes at most 1 MiB. The results output lists every job.</strong></p>\n';

/** GitHub refuses a summary over 1 MiB: a longer one is cut at a line, with a note, before it is refused. */
function withinSummaryLimit(html: string): string {
  if (Buffer.byteLength(html, 'utf8') <= REPLY_LIMITS.summaryBytes) return html;
  // Cut by characters, then shortened until it fits in bytes (a character is up to 4 bytes in UTF-8).
  let cut = html.slice(0, REPLY_LIMITS.summaryBytes - CUT_NOTE.length);
  while (Buffer.byteLength(cut, 'utf8') > REPLY_LIMITS.summaryBytes - CUT_NOTE.length)
    cut = cut.slice(0, Math.floor(cut.length * 0.9));
  const line = cut.lastIndexOf('\n');
  return `${line > 0 ? cut.slice(0, line + 1) : cut}${CUT_NOTE}`;
}
