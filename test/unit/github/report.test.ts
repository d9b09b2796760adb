import { describe, expect, it } from 'vitest';
import { OUTPUT_NAMES } from '../../../src/config/action-contract.js';
import { codeBlock } from '../../../src/http/failure.js';
import type { JobResult } from '../../../src/partner-central/jobs.js';
import {
  annotationsOf,
  MAX_ANNOTATIONS,
  outputsOf,
  richText,
  succeeded,
  summaryOf,
} from '../../../src/github/report.js';
import type { RunResult } from '../../../src/result.js';
import { readActionYml } from '../../emulator/action-yml.mjs';

const A = 'job-0123456789abc';
const started = (id = A, requestId = 'rid'): JobResult => ({
  jobIdentifier: id,
  catalog: 'AWS',
  status: 'started',
  attempts: 2,
  requestId,
});
const ok: RunResult = {
  catalog: 'AWS',
  jobIdentifiers: [A],
  jobs: [started()],
  requestId: 'rid',
  attempts: 2,
  elapsedMs: 1234,
};
const failure = {
  code: 'ThrottlingException',
  message: 'Rate exceeded',
  title: 'ThrottlingException: gave up after 3 attempts',
  text: 'line one\nline <two>',
};
const failedJob = (id: string, code = 'ResourceNotFoundException'): JobResult => ({
  jobIdentifier: id,
  catalog: 'AWS',
  status: 'failed',
  attempts: 1,
  requestId: `rid-${id}`,
  failure: { ...failure, code, title: code },
});
const ids = (n: number) =>
  Array.from({ length: n }, (_, i) => `job-${String(i).padStart(13, '0')}`);
const run = { repository: 'o/r', runId: 7, serverUrl: 'https://github.com' };

describe('outputs', () => {
  it('sets every output on success, error fields empty', () => {
    const out = outputsOf(ok);
    expect(out).toMatchObject({
      'job-identifier': A,
      catalog: 'AWS',
      'request-id': 'rid',
      attempts: '2',
      'error-code': '',
      'error-message': '',
      'aws-account-id': '',
      'assumed-role-arn': '',
      'started-count': '1',
      'failed-count': '0',
      'job-status': '',
    });
    expect(JSON.parse(out.results)).toEqual([
      {
        'job-identifier': A,
        catalog: 'AWS',
        status: 'started',
        'request-id': 'rid',
        attempts: 2,
        'error-code': '',
        'error-message': '',
      },
    ]);
    expect(Object.keys(out).sort()).toEqual([...OUTPUT_NAMES].sort());
    expect(annotationsOf(ok)).toEqual([]);
    expect(succeeded(ok)).toBe(true);
  });

  it('declares in action.yml every output it sets', () => {
    expect(readActionYml().outputs.sort()).toEqual([...OUTPUT_NAMES].sort());
  });

  it('with several jobs: all identifiers, the total attempts, the first failed job as the step error', () => {
    const [a, b, c] = ids(3) as [string, string, string];
    const result: RunResult = {
      catalog: 'AWS',
      jobIdentifiers: [a, b, c],
      jobs: [started(a), failedJob(b, 'AccessDeniedException'), failedJob(c)],
      requestId: `rid-${c}`,
      attempts: 4,
      elapsedMs: 10,
    };
    const out = outputsOf(result);
    expect(out).toMatchObject({
      'job-identifier': `${a},${b},${c}`,
      attempts: '4',
      'request-id': `rid-${c}`,
      'error-code': 'AccessDeniedException',
      'started-count': '1',
      'failed-count': '2',
    });
    expect((JSON.parse(out.results) as { status: string }[]).map((r) => r.status)).toEqual([
      'started',
      'failed',
      'failed',
    ]);
    expect(succeeded(result)).toBe(false);
    expect(annotationsOf(result).map((x) => x.title)).toEqual([
      `${b}: AccessDeniedException`,
      `${c}: ResourceNotFoundException`,
    ]);
  });

  it('puts the description in the scalar outputs for one job and in each results entry', () => {
    const described = {
      ...ok,
      describeJob: true,
      jobs: [{ ...started(), description: { 'job-status': 'Running', 'engagement-id': 'eng-1' } }],
    };
    const out = outputsOf(described);
    expect(out['job-status']).toBe('Running');
    expect(out['engagement-id']).toBe('eng-1');
    expect(out['resource-id']).toBe('');
    expect(JSON.parse(out.results)[0]).toMatchObject({
      'job-status': 'Running',
      'last-failure': '',
    });
  });
});

describe('outputs stay true on red steps', () => {
  const notAttempted = (id: string): JobResult => ({
    jobIdentifier: id,
    catalog: 'AWS',
    status: 'not-attempted',
    attempts: 0,
    skipped: 'no credentials',
  });

  it('counts not-attempted jobs as failed, unknown ones in neither', () => {
    const [a, b, c, d] = ids(4) as [string, string, string, string];
    const result: RunResult = {
      ...ok,
      jobIdentifiers: [a, b, c, d],
      jobs: [
        started(a),
        failedJob(b),
        notAttempted(c),
        { jobIdentifier: d, catalog: 'AWS', status: 'unknown', attempts: 1, failure },
      ],
    };
    expect(outputsOf(result)).toMatchObject({ 'started-count': '1', 'failed-count': '2' });
  });

  it('a step refused before any job (no credentials) counts every job failed, error-code set', () => {
    const result: RunResult = {
      catalog: 'AWS',
      jobIdentifiers: ids(3),
      jobs: ids(3).map(notAttempted),
      attempts: 0,
      elapsedMs: 5,
      failure: { ...failure, code: 'CredentialsNotFound' },
    };
    expect(succeeded(result)).toBe(false);
    expect(outputsOf(result)).toMatchObject({
      'started-count': '0',
      'failed-count': '3',
      'error-code': 'CredentialsNotFound',
      'request-id': '',
    });
  });

  it('invalid input: failed-count is never 0, and the summary does not read "0 of 0"', () => {
    const result: RunResult = {
      jobIdentifiers: [],
      jobs: [],
      attempts: 0,
      elapsedMs: 1,
      inputProblems: [{ input: 'job-identifier', message: 'job-identifier is required' }],
    };
    expect(outputsOf(result)).toMatchObject({ 'failed-count': '1', 'error-code': 'InvalidInput' });
    expect(summaryOf(result, run)).toContain('Invalid input: nothing was started');
    expect(summaryOf(result, run)).not.toContain('0 of 0');
  });

  it('a cancel is the error-code even when the job in flight last saw a service error', () => {
    const result: RunResult = {
      ...ok,
      jobIdentifiers: ids(2),
      jobs: [failedJob(ids(2)[0]!, 'InternalServerException'), notAttempted(ids(2)[1]!)],
      cancelled: true,
    };
    expect(outputsOf(result)['error-code']).toBe('Cancelled');
    expect(summaryOf(result, run)).toContain('❌ Cancelled: 0 of 2 started');
    expect(annotationsOf(result)).toEqual([expect.objectContaining({ level: 'error' })]);
    expect(annotationsOf(result)[0]?.title).toMatch(/^Cancelled/);
  });

  it('a cancel after every job started says so plainly, as a warning', () => {
    const result: RunResult = {
      ...ok,
      jobIdentifiers: ids(2),
      jobs: ids(2).map((id) => started(id)),
      cancelled: true,
    };
    expect(summaryOf(result, run)).toContain('⚠️ Cancelled: 2 of 2 started');
    const [note, ...rest] = annotationsOf(result);
    expect(rest).toEqual([]);
    expect(note).toMatchObject({
      level: 'warning',
      title: 'Cancelled after every job started (2 of 2)',
    });
    expect(outputsOf(result)).toMatchObject({
      'error-code': 'Cancelled',
      'started-count': '2',
      'failed-count': '0',
    });
  });

  it('a read request id never replaces the start request id', () => {
    const result: RunResult = {
      ...ok,
      jobs: [{ ...started(A, 'rid-start'), readRequestId: 'rid-read' }],
      requestId: 'rid-start',
    };
    const out = outputsOf(result);
    expect(out['request-id']).toBe('rid-start');
    // The entry keeps the contract's keys exactly: the read's id is not one of them.
    expect(JSON.parse(out.results)[0]).toEqual({
      'job-identifier': A,
      catalog: 'AWS',
      status: 'started',
      'request-id': 'rid-start',
      attempts: 2,
      'error-code': '',
      'error-message': '',
    });
  });
});

describe('annotations', () => {
  it('gives one annotation for a step failure and one per invalid input', () => {
    expect(annotationsOf({ ...ok, jobs: [], failure })).toEqual([
      { level: 'error', title: failure.title, text: failure.text },
    ]);
    const inputs = annotationsOf({
      jobIdentifiers: [],
      jobs: [],
      attempts: 0,
      elapsedMs: 0,
      inputProblems: [
        { input: 'catalog', message: 'm1' },
        { input: 'region', message: 'm2' },
      ],
    });
    expect(inputs).toEqual([
      { level: 'error', title: 'Invalid input: catalog', text: 'm1' },
      { level: 'error', title: 'Invalid input: region', text: 'm2' },
    ]);
  });

  it('shows at most 10 per step: past that, one says how many more and points to the summary', () => {
    const all = ids(14);
    const result: RunResult = {
      catalog: 'AWS',
      jobIdentifiers: all,
      jobs: all.map((id) => failedJob(id)),
      attempts: 14,
      elapsedMs: 1,
    };
    const notes = annotationsOf(result);
    expect(notes).toHaveLength(MAX_ANNOTATIONS);
    expect(notes.at(-1)).toMatchObject({
      title: '5 more jobs failed',
      text: expect.stringMatching(/14 of 14 jobs failed; the job summary lists every one/),
    });
  });

  it('names the jobs that were not attempted, and why', () => {
    const [a, b, c] = ids(3) as [string, string, string];
    const notes = annotationsOf({
      catalog: 'AWS',
      jobIdentifiers: [a, b, c],
      jobs: [
        failedJob(a, 'UnrecognizedClientException'),
        {
          jobIdentifier: b,
          catalog: 'AWS',
          status: 'not-attempted',
          attempts: 0,
          skipped: 'the credentials were rejected',
        },
        {
          jobIdentifier: c,
          catalog: 'AWS',
          status: 'not-attempted',
          attempts: 0,
          skipped: 'the credentials were rejected',
        },
      ],
      attempts: 1,
      elapsedMs: 1,
    });
    expect(notes.at(-1)).toMatchObject({
      title: '2 jobs not attempted',
      text: `Not attempted because the credentials were rejected: ${b}, ${c}. Re-run the step once the cause is fixed.`,
    });
  });

  it('a cancelled step gets one annotation: what started, what may have, and that re-running is safe', () => {
    const [a, b, c] = ids(3) as [string, string, string];
    const result: RunResult = {
      catalog: 'AWS',
      jobIdentifiers: [a, b, c],
      jobs: [
        started(a),
        { jobIdentifier: b, catalog: 'AWS', status: 'unknown', attempts: 1 },
        {
          jobIdentifier: c,
          catalog: 'AWS',
          status: 'not-attempted',
          attempts: 0,
          skipped: 'the step was cancelled',
        },
      ],
      attempts: 3,
      elapsedMs: 1,
      cancelled: true,
    };
    const notes = annotationsOf(result);
    expect(notes).toHaveLength(1);
    expect(notes[0]?.title).toBe('Cancelled: 1 of 3 jobs started');
    expect(notes[0]?.text).toContain(`Started: ${a}.`);
    expect(notes[0]?.text).toContain(`Sent but unanswered (they may have started): ${b}.`);
    expect(notes[0]?.text).toContain('Re-running the step is safe');
    expect(outputsOf(result)['error-code']).toBe('Cancelled');
    expect(succeeded(result)).toBe(false);
  });
});

describe('summary', () => {
  it('renders four-space-indented lines as one code block that keeps its indentation', () => {
    const html = richText(
      `Add:${codeBlock('permissions:\n  id-token: write\n  x: <b>')}Then re-run.`,
    );
    expect(html).toBe(
      '<p>Add:</p>\n<pre><code>permissions:\n  id-token: write\n  x: &lt;b&gt;</code></pre>\n<p>Then re-run.</p>\n',
    );
    expect(richText('    ::add-mask::x\u202e')).toBe(
      '<pre><code>\u200b::add-mask::x</code></pre>\n',
    );
  });

  it('writes one row per job with the run link, escaping service text', () => {
    const html = summaryOf(
      { ...ok, jobs: [{ ...failedJob(A), failure: { ...failure, code: '<script>' } }] },
      run,
    );
    expect(html).toContain('❌');
    expect(html).toContain(
      `<td>${A}</td><td>AWS</td><td>failed: &lt;script&gt;</td><td>rid-${A}</td><td>1</td>`,
    );
    expect(html).toContain('<p>line one</p>\n<p>line &lt;two&gt;</p>');
    expect(html).toContain('<a href="https://github.com/o/r/actions/runs/7">o/r #7</a>');
    expect(html).not.toContain('<script>');
    expect(summaryOf(ok, {})).not.toContain('Workflow run');
    expect(summaryOf(ok, run)).toContain('✅');
  });

  it('a dry run says plainly that nothing was started and shows each request, secrets as ***', () => {
    const html = summaryOf(
      {
        ...ok,
        attempts: 0,
        dryRun: true,
        jobs: [
          {
            jobIdentifier: A,
            catalog: 'AWS',
            status: 'dry-run',
            attempts: 0,
            preview: {
              method: 'POST',
              url: 'https://x/',
              headers: { authorization: '***', 'x-amz-target': 'T' },
              body: '{"Catalog":"AWS"}',
            },
          },
        ],
      },
      run,
    );
    expect(html).toContain('nothing was started');
    expect(html).toContain(
      '<pre><code>POST https://x/\nauthorization: ***\nx-amz-target: T\n\n{&quot;Catalog&quot;:&quot;AWS&quot;}</code></pre>',
    );
  });
});
