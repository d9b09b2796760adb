// summary-tables: the job summary's jobs table, describe-job's table and wait-for-snapshot's, each cell escaped.
import { describe, expect, it } from 'vitest';
import { descriptionTable, jobsTable, snapshotTable } from '../../../src/github/summary-tables.js';
import type { JobResult } from '../../../src/partner-central/jobs.js';
import { A, failedJob, failure, ids, ok, started } from './fixtures.js';

const [B, C] = ids(2) as [string, string];
const DASH = '<td>&ndash;</td>';
const rowsOf = (html: string) => [...html.matchAll(/<tr>(.*?)<\/tr>/g)].map((m) => m[1]);

describe('jobsTable', () => {
  it('is a table with a header row and one row per job, in order', () => {
    expect(jobsTable({ ...ok, jobs: [started(A, 'rid-a'), failedJob(B)] })).toBe(
      '<table>\n' +
        '<tr><th>Job</th><th>Catalog</th><th>Result</th><th>Request ID</th><th>Attempts</th></tr>\n' +
        `<tr><td>${A}</td><td>AWS</td><td>started</td><td>rid-a</td><td>2</td></tr>\n` +
        `<tr><td>${B}</td><td>AWS</td><td>failed: ResourceNotFoundException</td><td>rid-${B}</td><td>1</td></tr>\n` +
        '</table>\n',
    );
  });

  it.each<[string, Partial<JobResult>, string]>([
    ['started', {}, 'started'],
    ['dry-run', { status: 'dry-run', attempts: 0 }, 'dry-run'],
    [
      'failed',
      { status: 'failed', failure: { ...failure, code: 'ConflictException' } },
      'failed: ConflictException',
    ],
    ['failed without a failure', { status: 'failed' }, 'failed:'],
    [
      'not attempted',
      { status: 'not-attempted', skipped: 'timeout-seconds ran out' },
      'not attempted: timeout-seconds ran out',
    ],
    ['not attempted without a reason', { status: 'not-attempted' }, 'not attempted:'],
    ['unknown', { status: 'unknown' }, 'unknown: sent, no reply (may have started)'],
    [
      'started, then found wrong',
      { failure: { ...failure, code: 'JobNotRunning' } },
      'started; JobNotRunning',
    ],
  ])('words a job %s', (_name, over, text) => {
    const row = rowsOf(jobsTable({ ...ok, jobs: [{ ...started(A), ...over }] }))[1];
    expect(row?.split('</td>')[2]).toBe(`<td>${text}`);
  });

  it('shows a dash for a missing request id, and 0 attempts as 0', () => {
    const job: JobResult = {
      jobIdentifier: A,
      catalog: 'AWS',
      status: 'not-attempted',
      attempts: 0,
    };
    expect(rowsOf(jobsTable({ ...ok, jobs: [job] }))[1]).toBe(
      `<td>${A}</td><td>AWS</td><td>not attempted:</td>${DASH}<td>0</td>`,
    );
  });

  it('gives a step without jobs (invalid inputs) one row naming what it was given', () => {
    expect(rowsOf(jobsTable({ ...ok, jobs: [], jobIdentifiers: [A, B] }))).toEqual([
      expect.stringContaining('<th>Job</th>'),
      `<td>${A}, ${B}</td><td>AWS</td><td>invalid input</td>${DASH}<td>0</td>`,
    ]);
    expect(rowsOf(jobsTable({ attempts: 0, elapsedMs: 0, jobs: [], jobIdentifiers: [] }))[1]).toBe(
      `${DASH}${DASH}<td>invalid input</td>${DASH}<td>0</td>`,
    );
  });

  it('escapes what the service or the input said', () => {
    const html = jobsTable({
      ...ok,
      catalog: '<b>x</b>',
      jobs: [],
      jobIdentifiers: ['job-<script>|`'],
    });
    expect(html).toContain('<td>job-&lt;script&gt;&#124;&#96;</td><td>&lt;b&gt;x&lt;/b&gt;</td>');
    const failed = jobsTable({
      ...ok,
      jobs: [{ ...failedJob(A), requestId: 'r"1', failure: { ...failure, code: '<img>' } }],
    });
    expect(failed).toContain('<td>failed: &lt;img&gt;</td><td>r&quot;1</td>');
    expect(failed).not.toContain('<img>');
  });
});

describe('descriptionTable', () => {
  const description = {
    'job-status': 'Running',
    'engagement-id': 'eng-0123456789abcd',
    'resource-type': 'Opportunity',
    'resource-id': 'O123',
    'resource-snapshot-template-name': 'TEMPLATE1',
    'created-at': '2026-11-26T12:00:00Z',
    'last-successful-execution-date': '2026-11-26T12:00:05Z',
    'last-failure': 'Template <T> did not match',
  };

  it('is empty when no job was described', () => {
    expect(descriptionTable([])).toBe('');
    expect(descriptionTable([started(A), failedJob(B)])).toBe('');
  });

  it('gives one row per job described, every member escaped, under a line naming the operation', () => {
    expect(descriptionTable([{ ...started(A), description }, started(B)])).toBe(
      '<p>As GetResourceSnapshotJob describes it:</p>\n<table>\n' +
        '<tr><th>Job</th><th>Status</th><th>Engagement</th><th>Resource</th><th>Template</th><th>Created</th><th>Last success</th><th>Last failure</th></tr>\n' +
        `<tr><td>${A}</td><td>Running</td><td>eng-0123456789abcd</td><td>Opportunity O123</td><td>TEMPLATE1</td>` +
        '<td>2026-11-26T12:00:00Z</td><td>2026-11-26T12:00:05Z</td><td>Template &lt;T&gt; did not match</td></tr>\n' +
        '</table>\n',
    );
  });

  it('says "them" for several, and shows a dash for each member the service left out', () => {
    const html = descriptionTable([
      { ...started(A), description: { 'resource-id': 'O9' } },
      { ...started(C), description: {} },
    ]);
    expect(html).toMatch(/^<p>As GetResourceSnapshotJob describes them:<\/p>/);
    expect(rowsOf(html).slice(1)).toEqual([
      `<td>${A}</td>${DASH}${DASH}<td>O9</td>${DASH.repeat(4)}`,
      `<td>${C}</td>${DASH.repeat(7)}`,
    ]);
  });
});

describe('snapshotTable', () => {
  it('is empty when no job was waited for', () => {
    expect(snapshotTable([])).toBe('');
    expect(snapshotTable([started(A)])).toBe('');
  });

  it('gives the revision before and after, whether it is new, when taken, the file and the last read', () => {
    expect(
      snapshotTable([
        {
          ...started(A),
          readRequestId: 'rid-read',
          snapshot: {
            revisionBefore: 3,
            revision: 4,
            arn: 'arn:aws:partnercentral:…/resource-snapshot/4',
            createdAt: '2026-11-26T12:00:04Z',
            isNew: true,
            file: '/work/space/snapshots/job.json',
          },
        },
      ]),
    ).toBe(
      '<p>Snapshots (GetResourceSnapshot):</p>\n<table>\n' +
        '<tr><th>Job</th><th>Revision before</th><th>Revision after</th><th>New</th><th>Snapshot taken</th><th>File</th><th>Last read request ID</th></tr>\n' +
        `<tr><td>${A}</td><td>3</td><td>4</td><td>yes</td><td>2026-11-26T12:00:04Z</td><td>/work/space/snapshots/job.json</td><td>rid-read</td></tr>\n` +
        '</table>\n',
    );
  });

  it('says none for revision 0, and none after when nothing came of none before', () => {
    const rows = rowsOf(
      snapshotTable([
        { ...started(A), snapshot: { revisionBefore: 0, isNew: false } },
        { ...started(B), snapshot: { revisionBefore: 0, revision: 1, isNew: true } },
        { ...started(C), snapshot: { revisionBefore: 2, revision: 2, isNew: false } },
      ]),
    ).slice(1);
    expect(rows).toEqual([
      `<td>${A}</td><td>none</td><td>none</td><td>no</td>${DASH.repeat(3)}`,
      `<td>${B}</td><td>none</td><td>1</td><td>yes</td>${DASH.repeat(3)}`,
      `<td>${C}</td><td>2</td><td>2</td><td>no</td>${DASH.repeat(3)}`,
    ]);
  });

  it('shows dashes where nothing is known: a dry run has no revision before, a cancel no verdict', () => {
    const rows = rowsOf(
      snapshotTable([
        { ...started(A), status: 'dry-run', snapshot: { revision: 5 } },
        { ...started(B), snapshot: {} },
        { ...started(C), snapshot: { revisionBefore: 5 } },
      ]),
    ).slice(1);
    expect(rows).toEqual([
      `<td>${A}</td>${DASH}<td>5</td>${DASH.repeat(4)}`,
      `<td>${B}</td>${DASH.repeat(6)}`,
      `<td>${C}</td><td>5</td><td>none</td>${DASH.repeat(4)}`,
    ]);
  });

  it('escapes the file path and the time as written', () => {
    const html = snapshotTable([
      { ...started(A), snapshot: { revisionBefore: 1, file: '/tmp/<a>|b', createdAt: '1 & 2' } },
    ]);
    expect(html).toContain('<td>1 &amp; 2</td><td>/tmp/&lt;a&gt;&#124;b</td>');
  });
});
