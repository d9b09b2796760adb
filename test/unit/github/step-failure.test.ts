// stepFailure and succeeded: which failure the step reports, in order of precedence, and when it is green.
import { describe, expect, it } from 'vitest';
import { stepFailure, succeeded } from '../../../src/github/step-failure.js';
import type { RunResult } from '../../../src/result.js';
import { failedJob, failure, ids, ok, started } from './fixtures.js';

const [a, b] = ids(2) as [string, string];
const notAttempted = {
  jobIdentifier: b,
  catalog: 'AWS',
  status: 'not-attempted' as const,
  attempts: 0,
  skipped: 'no credentials',
};
const mixed: RunResult = {
  ...ok,
  jobIdentifiers: [a, b],
  jobs: [failedJob(a, 'AccessDeniedException'), notAttempted],
};

describe('stepFailure', () => {
  it('is none for a green step, and the step is green', () => {
    expect(stepFailure(ok)).toBeUndefined();
    expect(succeeded(ok)).toBe(true);
    expect(succeeded({ ...ok, dryRun: true, jobs: [{ ...started(), status: 'dry-run' }] })).toBe(
      true,
    );
  });

  it('reports invalid input first, all messages in one', () => {
    const result = {
      ...mixed,
      cancelled: true,
      failure,
      inputProblems: [
        { input: 'catalog', message: 'm1' },
        { input: 'region', message: 'm2' },
      ],
    };
    expect(stepFailure(result)).toEqual({
      code: 'InvalidInput',
      message: 'm1; m2',
      title: 'Invalid input',
      text: 'm1\nm2',
    });
    expect(succeeded(result)).toBe(false);
  });

  it('reports the cancel before the step failure and the jobs', () => {
    expect(stepFailure({ ...mixed, cancelled: true, failure })?.code).toBe('Cancelled');
  });

  it("reports the step's own failure before any job's", () => {
    expect(stepFailure({ ...mixed, failure })).toBe(failure);
  });

  it("else the first failed job's, else that jobs were not attempted", () => {
    expect(stepFailure(mixed)?.code).toBe('AccessDeniedException');
    expect(stepFailure({ ...mixed, jobs: [started(a), notAttempted] })).toMatchObject({
      code: 'NotAttempted',
      message: 'some jobs were not attempted',
    });
  });

  it('a started job that describe-job found wrong fails the step', () => {
    const result = { ...ok, jobs: [{ ...started(), failure }] };
    expect(stepFailure(result)).toBe(failure);
    expect(succeeded(result)).toBe(false);
  });

  it('a step with no jobs, or a job in doubt, is not green', () => {
    expect(stepFailure({ ...ok, jobs: [] })).toBeUndefined();
    expect(succeeded({ ...ok, jobs: [] })).toBe(false);
    const unknown = { ...ok, jobs: [{ ...started(), status: 'unknown' as const }] };
    expect(stepFailure(unknown)).toBeUndefined();
    expect(succeeded(unknown)).toBe(false);
  });
});
