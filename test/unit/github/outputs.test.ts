// outputsOf: every declared output on green and red steps, and the results entry of each job.
import { describe, expect, it } from 'vitest';
import { createSecrets } from '../../../src/common/secrets.js';
import { stsSessionToken } from '../../fixtures/real-secrets.mjs';
import { OUTPUT_NAMES } from '../../../src/config/action-contract.js';
import type { JobResult } from '../../../src/partner-central/jobs.js';
import type { JobDescription } from '../../../src/partner-central/operations.js';
import { annotationsOf } from '../../../src/github/annotations.js';
import { outputsOf } from '../../../src/github/outputs.js';
import { succeeded } from '../../../src/github/step-failure.js';
import { summaryOf } from '../../../src/github/summary.js';
import type { RunResult } from '../../../src/result.js';
import { readActionYml } from '../../emulator/action-yml.mjs';
import { A, failedJob, failure, ids, ok, run, started } from './fixtures.js';

/** A describe-job step whose first job was described so; `more` jobs after it. */
function describedStep(description: JobDescription, more: JobResult[] = []): RunResult {
  return { ...ok, describeJob: true, jobs: [{ ...started(), description }, ...more] };
}

describe('outputs', () => {
  it('sets every output on success, error fields empty', () => {
    const out = outputsOf(ok, (t) => t);
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
    const out = outputsOf(result, (t) => t);
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
    const out = outputsOf(described, (t) => t);
    expect(out['job-status']).toBe('Running');
    expect(out['engagement-id']).toBe('eng-1');
    expect(out['resource-id']).toBe('');
    expect(JSON.parse(out.results)[0]).toMatchObject({
      'job-status': 'Running',
      'last-failure': '',
    });
  });

  it('shows a description as the service wrote it, made one safe line and cut (the data itself stays exact)', () => {
    const described = describedStep({
      'last-failure': `Role missing\n::error::pwned ${'word '.repeat(400)}`,
      'resource-id': 'O1'.repeat(400),
    });
    const out = outputsOf(described, (t) => t);
    expect(out['last-failure']).toMatch(/^Role missing ::error::pwned (word ?)+…$/);
    expect(out['last-failure']!.length).toBeLessThanOrEqual(1000);
    // One run of token characters: cut before it, never inside.
    expect(out['resource-id']).toBe('…');
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
    expect(outputsOf(result, (t) => t)).toMatchObject({
      'started-count': '1',
      'failed-count': '2',
    });
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
    expect(outputsOf(result, (t) => t)).toMatchObject({
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
    expect(outputsOf(result, (t) => t)).toMatchObject({
      'failed-count': '1',
      'error-code': 'InvalidInput',
    });
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
    expect(outputsOf(result, (t) => t)['error-code']).toBe('Cancelled');
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
    expect(outputsOf(result, (t) => t)).toMatchObject({
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
    const out = outputsOf(result, (t) => t);
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

  it('scrubs each value before it is cut, so results stays JSON and no piece of a secret is left', () => {
    const token = stsSessionToken('outputs.test');
    const secrets = createSecrets();
    secrets.remember(token);
    const message = `The Canonical String for this request should have been 'x-amz-security-token:${token}' ${'word '.repeat(300)}`;
    const failed = {
      ...ok,
      jobs: [
        {
          ...started(),
          status: 'failed' as const,
          failure: { code: 'InvalidSignatureException', message, title: 't', text: message },
        },
      ],
    };
    const out = outputsOf(failed, secrets.scrub);
    const [entry] = JSON.parse(out.results) as { 'error-message': string }[];
    expect(entry!['error-message']).toBe('(the service quoted the signed request here; removed)');
    for (const value of Object.values(out)) expect(value).not.toContain(token.slice(30, 42));
  });

  it('results stays JSON when a description quotes an echo block across a line break', () => {
    const secrets = createSecrets();
    const described = describedStep(
      { 'last-failure': 'The canonical string\nfor this request should have been: see docs' },
      [started()],
    );
    const out = outputsOf(described, secrets.scrub);
    const entries = JSON.parse(out.results) as Record<string, string>[];
    expect(entries).toHaveLength(2);
    expect(entries[0]!['last-failure']).toBe(
      '(the service quoted the signed request here; removed)',
    );
  });
});
