import { codeBlock } from '../../src/remediation.js';
import { describe, expect, it } from 'vitest';
import { annotationsOf, OUTPUT_NAMES, outputsOf, richText, summaryOf } from '../../src/report.js';
import { readActionYml } from '../emulator/action-yml.mjs';

const ok = {
  catalog: 'AWS',
  jobIdentifier: 'job-0123456789abc',
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
const run = { repository: 'o/r', runId: 7, serverUrl: 'https://github.com' };

describe('report', () => {
  it('sets every output on success, error fields empty', () => {
    expect(outputsOf(ok)).toEqual({
      'job-identifier': 'job-0123456789abc',
      catalog: 'AWS',
      'request-id': 'rid',
      attempts: '2',
      'error-code': '',
      'error-message': '',
      'aws-account-id': '',
      'assumed-role-arn': '',
    });
    expect(annotationsOf(ok)).toEqual([]);
  });

  it('declares in action.yml every output it sets', () => {
    expect(readActionYml().outputs.sort()).toEqual([...OUTPUT_NAMES].sort());
  });

  it('gives one annotation for a failure and one per invalid input', () => {
    expect(annotationsOf({ ...ok, failure })).toEqual([
      { title: failure.title, text: failure.text },
    ]);
    const inputs = annotationsOf({
      attempts: 0,
      elapsedMs: 0,
      failure: { ...failure, code: 'InvalidInput' },
      inputProblems: [
        { input: 'catalog', message: 'm1' },
        { input: 'region', message: 'm2' },
      ],
    });
    expect(inputs).toEqual([
      { title: 'Invalid input: catalog', text: 'm1' },
      { title: 'Invalid input: region', text: 'm2' },
    ]);
  });

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

  it('writes a summary table with the run link, escaping service text', () => {
    const html = summaryOf({ ...ok, failure: { ...failure, code: '<script>' } }, run);
    expect(html).toContain('❌');
    expect(html).toContain(
      '<td>job-0123456789abc</td><td>AWS</td><td>failed: &lt;script&gt;</td><td>rid</td><td>2</td><td>1.2 s</td>',
    );
    expect(html).toContain('<p>line one</p>\n<p>line &lt;two&gt;</p>');
    expect(html).toContain('<a href="https://github.com/o/r/actions/runs/7">o/r #7</a>');
    expect(html).not.toContain('<script>');
    expect(summaryOf(ok, {})).not.toContain('Workflow run');
    expect(summaryOf(ok, run)).toContain('✅');
  });
});
