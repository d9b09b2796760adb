// annotationsOf: one per problem, at most ten, the jobs not attempted, a cancel in one.
import { describe, expect, it } from 'vitest';
import { annotationsOf, MAX_ANNOTATIONS } from '../../../src/github/annotations.js';
import { outputsOf } from '../../../src/github/outputs.js';
import { succeeded } from '../../../src/github/step-failure.js';
import type { RunResult } from '../../../src/result.js';
import { failedJob, failure, ids, ok, started } from './fixtures.js';

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

  it('shows a snippet in the text indented by four spaces on lines of its own', () => {
    const text = ['Add:', { code: 'permissions:\n  id-token: write' }, 'Then re-run.'];
    expect(
      annotationsOf({ ...ok, jobs: [failedJob('job-a')], failure: { ...failure, text } }),
    ).toEqual([
      {
        level: 'error',
        title: failure.title,
        text: 'Add:\n    permissions:\n      id-token: write\nThen re-run.',
      },
      // The step's own failure comes first; the job's follows it.
      expect.objectContaining({ level: 'error' }),
    ]);
    const several = annotationsOf({
      ...ok,
      jobs: [failedJob('job-a'), { ...failedJob('job-b'), failure: { ...failure, text } }],
    });
    expect(several[1]?.text).toBe('Add:\n    permissions:\n      id-token: write\nThen re-run.');
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
    expect(outputsOf(result, (t) => t)['error-code']).toBe('Cancelled');
    expect(succeeded(result)).toBe(false);
  });
});
