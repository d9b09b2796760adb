// problemNotes: one note per problem, in precedence: the inputs, the cancel, the step's failure, each failed job.
import { describe, expect, it } from 'vitest';
import { problemNotes } from '../../../src/github/problem-notes.js';
import { REPLY_LIMITS } from '../../../src/common/tunables.js';
import type { RunResult } from '../../../src/result.js';
import { A, failedJob, failure, ids, ok, started } from './fixtures.js';

const [B, C] = ids(2) as [string, string];

describe('problemNotes', () => {
  it('is empty when nothing went wrong', () => {
    expect(problemNotes(ok)).toEqual([]);
    expect(problemNotes({ ...ok, jobs: [] })).toEqual([]);
    expect(problemNotes({ ...ok, inputProblems: [] })).toEqual([]);
  });

  it('takes an empty list of input problems as none', () => {
    expect(problemNotes({ ...ok, inputProblems: [], failure }).map((n) => n.title)).toEqual([
      failure.title,
    ]);
  });

  it('gives every invalid input its own error, in order, and nothing else', () => {
    const result: RunResult = {
      ...ok,
      jobs: [failedJob(A)],
      failure,
      cancelled: true,
      inputProblems: [
        { input: 'catalog', message: 'catalog must be AWS or Sandbox, got "x"' },
        { input: 'timeout-seconds', message: 'timeout-seconds must be <b>5</b>' },
      ],
    };
    expect(problemNotes(result)).toEqual([
      {
        level: 'error',
        title: 'Invalid input: catalog',
        text: 'catalog must be AWS or Sandbox, got "x"',
      },
      {
        level: 'error',
        title: 'Invalid input: timeout-seconds',
        text: 'timeout-seconds must be <b>5</b>',
      },
    ]);
  });

  describe('a cancelled step', () => {
    it('gives one error saying what started, above the failure and the failed jobs', () => {
      const notes = problemNotes({
        ...ok,
        jobIdentifiers: [A, B],
        jobs: [started(A), failedJob(B)],
        failure,
        cancelled: true,
      });
      expect(notes).toEqual([
        {
          level: 'error',
          title: 'Cancelled: 1 of 2 jobs started',
          text: expect.stringMatching(/^The step was cancelled\. Started: job-0123456789abc\./),
        },
      ]);
    });

    it('only warns when every job had started', () => {
      const notes = problemNotes({
        ...ok,
        jobIdentifiers: [A, B],
        jobs: [started(A), started(B)],
        cancelled: true,
      });
      expect(notes).toEqual([
        {
          level: 'warning',
          title: 'Cancelled after every job started (2 of 2)',
          text: expect.stringContaining(`every job had started: ${A}, ${B}.`),
        },
      ]);
    });
  });

  it("gives the step's own failure, as an error unless it says otherwise, above the failed jobs", () => {
    const withJobs = { ...ok, jobs: [failedJob(A)], failure };
    expect(problemNotes(withJobs)).toEqual([
      { level: 'error', title: failure.title, text: failure.text },
      { level: 'error', title: 'ResourceNotFoundException', text: failure.text },
    ]);
    // A job's failure that only says the step's credentials ran out is the step's to tell, once.
    const lapsed = { ...failedJob(A), failure: { ...failure, code: 'CredentialsNotRenewed' } };
    expect(problemNotes({ ...ok, jobs: [lapsed, failedJob('job-b')], failure })).toEqual([
      { level: 'error', title: failure.title, text: failure.text },
      { level: 'error', title: 'job-b: ResourceNotFoundException', text: failure.text },
    ]);
    const snippet = { ...failure, text: ['Grant it:', { code: '{}' }], level: 'warning' as const };
    expect(problemNotes({ ...ok, failure: snippet })).toEqual([
      { level: 'warning', title: failure.title, text: ['Grant it:', { code: '{}' }] },
    ]);
  });

  it("titles one failed job with its failure's title alone", () => {
    expect(problemNotes({ ...ok, jobs: [failedJob(A, 'AccessDeniedException')] })).toEqual([
      { level: 'error', title: 'AccessDeniedException', text: failure.text },
    ]);
  });

  it('names the job in the title of each failed one when the step has several, skipping the rest', () => {
    const result: RunResult = {
      ...ok,
      jobIdentifiers: [A, B, C],
      jobs: [failedJob(A), started(B), failedJob(C, 'ConflictException')],
    };
    expect(problemNotes(result)).toEqual([
      { level: 'error', title: `${A}: ResourceNotFoundException`, text: failure.text },
      { level: 'error', title: `${C}: ConflictException`, text: failure.text },
    ]);
  });

  it('names the job when the step has several even if only one failed', () => {
    const notes = problemNotes({ ...ok, jobs: [started(A), failedJob(B)] });
    expect(notes.map((n) => n.title)).toEqual([`${B}: ResourceNotFoundException`]);
  });

  it('notes a job that started with a failure (describe-job found it not running)', () => {
    const notRunning = {
      ...started(A),
      failure: { ...failure, code: 'JobNotRunning', title: 'Job not running' },
    };
    expect(problemNotes({ ...ok, jobs: [notRunning] })).toEqual([
      { level: 'error', title: 'Job not running', text: failure.text },
    ]);
  });

  it('cuts a huge failure text in its prose, with a mark, keeping the title', () => {
    const max = REPLY_LIMITS.failureTextChars;
    const prose = 'word '.repeat(20_000);
    const huge = { ...failure, text: [prose, { code: 'snippet' }, 'after'] };
    const [note] = problemNotes({ ...ok, jobs: [{ ...failedJob(A), failure: huge }] });
    const parts = note?.text as (string | { code: string })[];
    // Cut at the last whole word that fits (max - 1 characters before the mark), the rest dropped.
    const head = prose.slice(0, max - 1);
    const kept = /\S/.test(prose[max - 1]!) ? head.replace(/\S+$/, '') : head;
    expect(parts).toEqual([`${kept}… (cut here: too long to show whole)`]);
    const plain = problemNotes({
      ...ok,
      jobs: [{ ...failedJob(A), failure: { ...failure, text: prose } }],
    });
    expect(plain[0]?.text).toBe(`${kept}… (cut here: too long to show whole)`);
    // A run of token characters (a quoted secret, say) is never cut into: it goes whole.
    const token = problemNotes({
      ...ok,
      jobs: [{ ...failedJob(A), failure: { ...failure, text: `said: ${'Q'.repeat(50_000)}` } }],
    });
    expect(token[0]?.text).toBe('said: … (cut here: too long to show whole)');
    expect(note?.title).toBe(failure.title);
    const small = problemNotes({ ...ok, jobs: [{ ...failedJob(A), failure }] });
    expect(small[0]?.text).toEqual(failure.text);
  });
});
