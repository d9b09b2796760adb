// What the runner shows: the outputs, the error annotations and the job summary, all from one result.
import type { InputProblem } from './inputs.js';
import type { Failure } from './remediation.js';
import { escapeCode, escapeHtml, safeLine } from './safe-text.js';
import type { RunContext } from './user-agent.js';

export interface RunResult {
  catalog?: string;
  jobIdentifier?: string;
  requestId?: string;
  attempts: number;
  elapsedMs: number;
  failure?: Failure;
  inputProblems?: InputProblem[];
  accountId?: string;
  assumedRoleArn?: string;
}

export interface Annotation {
  title: string;
  text: string;
}

export const OUTPUT_NAMES = [
  'job-identifier',
  'catalog',
  'request-id',
  'attempts',
  'error-code',
  'error-message',
  'aws-account-id',
  'assumed-role-arn',
] as const;

/** Every declared output, on success and on failure; empty where unknown. */
export function outputsOf(result: RunResult): Record<(typeof OUTPUT_NAMES)[number], string> {
  return {
    'job-identifier': result.jobIdentifier ?? '',
    catalog: result.catalog ?? '',
    'request-id': safeLine(result.requestId ?? '', 200),
    attempts: String(result.attempts),
    'error-code': result.failure ? safeLine(result.failure.code, 100) : '',
    'error-message': result.failure ? safeLine(result.failure.message, 1000) : '',
    'aws-account-id': result.accountId ?? '',
    'assumed-role-arn': safeLine(result.assumedRoleArn ?? '', 300),
  };
}

/** One annotation per invalid input, else one for the failure, else none. */
export function annotationsOf(result: RunResult): Annotation[] {
  if (result.inputProblems?.length)
    return result.inputProblems.map((p) => ({
      title: `Invalid input: ${p.input}`,
      text: p.message,
    }));
  if (result.failure) return [{ title: result.failure.title, text: result.failure.text }];
  return [];
}

/**
 * A failure's text as HTML: prose lines as paragraphs, and lines indented by four spaces (codeBlock in
 * remediation.ts) as one <pre><code> block each, so YAML and JSON keep the indentation they need.
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

/** The job summary: a small table, and on failure what went wrong and what to do. All text is escaped. */
export function summaryOf(result: RunResult, run: RunContext): string {
  const ok = !result.failure && !result.inputProblems?.length;
  const cell = (v: string | undefined) => `<td>${v ? escapeHtml(v) : '&ndash;'}</td>`;
  const status = ok
    ? 'started'
    : result.inputProblems?.length
      ? 'invalid input'
      : `failed: ${result.failure?.code ?? ''}`;
  const rows = [
    '<table>',
    '<tr><th>Job</th><th>Catalog</th><th>Result</th><th>Request ID</th><th>Attempts</th><th>Time</th></tr>',
    `<tr>${cell(result.jobIdentifier)}${cell(result.catalog)}${cell(status)}${cell(result.requestId)}${cell(String(result.attempts))}${cell(`${(result.elapsedMs / 1000).toFixed(1)} s`)}</tr>`,
    '</table>',
  ];
  let details = '';
  for (const a of annotationsOf(result))
    details += `<p><strong>${escapeHtml(a.title)}</strong>:</p>\n${richText(a.text)}`;
  if (result.assumedRoleArn) details += `<p>Signed as ${escapeHtml(result.assumedRoleArn)}</p>\n`;
  return `<h3>${ok ? '✅' : '❌'} Start resource snapshot job</h3>\n${rows.join('\n')}\n${details}${runLink(run)}`;
}
