// summaryOf: the job summary, its tables, dry-run requests, the problems with what to do, escaped.
import { describe, expect, it } from 'vitest';
import { REPLY_LIMITS } from '../../../src/common/tunables.js';
import { failureHtml, summaryOf } from '../../../src/github/summary.js';
import { A, failedJob, failure, ok, run } from './fixtures.js';

describe('summary', () => {
  it('renders a snippet as one code block that keeps its indentation', () => {
    const html = failureHtml([
      'Add:',
      { code: 'permissions:\n  id-token: write\n  x: <b>' },
      'Then re-run.',
    ]);
    expect(html).toBe(
      '<p>Add:</p>\n<pre><code>permissions:\n  id-token: write\n  x: &lt;b&gt;</code></pre>\n<p>Then re-run.</p>\n',
    );
    expect(failureHtml([{ code: '::add-mask::x\u202e' }])).toBe(
      '<pre><code>: :add-mask::x</code></pre>\n',
    );
  });

  it('renders prose as paragraphs, one per line, never as code however it is indented', () => {
    expect(failureHtml('line one\n\n    <indented>\n')).toBe(
      '<p>line one</p>\n<p>&lt;indented&gt;</p>\n',
    );
    // Prose runs around no snippet read as one text; snippets side by side stay two blocks.
    expect(failureHtml(['one ', 'line\ntwo', { code: 'a' }, { code: '' }])).toBe(
      '<p>one line</p>\n<p>two</p>\n<pre><code>a</code></pre>\n<pre><code></code></pre>\n',
    );
    expect(failureHtml('')).toBe('\n');
  });

  it('shows a failure with snippets in the summary as it reads, and as one annotation text', () => {
    const html = summaryOf(
      {
        ...ok,
        jobs: [],
        failure: { ...failure, text: ['Grant it:', { code: '{\n  "a": 1\n}' }, 'Then re-run.'] },
      },
      run,
    );
    expect(html).toContain(
      '<p><strong>ThrottlingException: gave up after 3 attempts</strong></p>\n<p>Grant it:</p>\n<pre><code>{\n  &quot;a&quot;: 1\n}</code></pre>\n<p>Then re-run.</p>\n',
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

  it("stays under GitHub's 1 MiB, cut at a line with a note", () => {
    const jobs = Array.from({ length: 700 }, (_, i) => ({
      ...failedJob(`job-${String(i).padStart(13, '0')}`),
      failure: { ...failure, text: `${'é'.repeat(3000)}\n${'y'.repeat(3000)}` },
    }));
    const html = summaryOf({ ...ok, jobs }, run);
    expect(Buffer.byteLength(html, 'utf8')).toBeLessThanOrEqual(REPLY_LIMITS.summaryBytes);
    expect(html).toMatch(
      /\n<p><strong>The summary is cut here: GitHub takes at most 1 MiB\. The results output lists every job\.<\/strong><\/p>\n$/,
    );
    expect(summaryOf(ok, run)).not.toContain('is cut here');
  });
});
