// job-identifiers: the job-identifier input split, checked, deduplicated and capped; the well-formed ones kept.
import { describe, expect, it } from 'vitest';
import { parseJobIdentifiers, validJobIdentifiers } from '../../../src/config/job-identifiers.js';
import type { InputProblem } from '../../../src/config/input-values.js';

const a = 'job-0123456789abc';
const b = 'job-bbbbbbbbbbbbb';
const c = 'job-ccccccccccccc';
const ids = (n: number) =>
  Array.from({ length: n }, (_, i) => `job-${String(i).padStart(13, '0')}`);

function parse(raw: string, problems: InputProblem[] = []) {
  const notices: string[] = [];
  return { ids: parseJobIdentifiers(raw, problems, notices), problems, notices };
}

describe('parseJobIdentifiers', () => {
  it('takes one identifier', () => {
    expect(parse(a)).toEqual({ ids: [a], problems: [], notices: [] });
  });

  it('splits on newlines, commas, spaces and tabs, ignoring empty pieces, in the order given', () => {
    expect(parse(`\n ${c},,${a}\r\n\t${b} ,\n`).ids).toEqual([c, a, b]);
  });

  it('starts a repeated job once, at its first place, with one notice naming each repeated job once', () => {
    const r = parse(`${b},${a},${b},${c},${a},${b}`);
    expect(r.ids).toEqual([b, a, c]);
    expect(r.notices).toEqual([
      `job-identifier lists ${b}, ${a} more than once; each job is started once (3 jobs)`,
    ]);
    expect(r.problems).toEqual([]);
  });

  it.each(['', '   ', '\n\n', ', ,\t'])('requires at least one identifier (given %j)', (raw) => {
    expect(parse(raw)).toEqual({
      ids: undefined,
      notices: [],
      problems: [
        {
          input: 'job-identifier',
          message:
            'job-identifier is required: one job identifier such as job-0123456789abc, or several separated by newlines, commas or spaces',
        },
      ],
    });
  });

  it('tells capital letters apart from a malformed identifier, and gives the lowercase form', () => {
    expect(parse('job-0123456789ABC').problems).toEqual([
      {
        input: 'job-identifier',
        message:
          'job-identifier "job-0123456789ABC" has capital letters; job identifiers are lowercase: job-0123456789abc',
      },
    ]);
    expect(parse('JOB-0123456789abc').problems[0]?.message).toMatch(/has capital letters/);
  });

  it.each([
    'job-0123456789ab',
    'job-0123456789abcd',
    'job_0123456789abc',
    'job-0123456789ab-',
    'xjob-0123456789abc',
    'job-0123456789abé',
    'catalog/AWS/resource-snapshot-job/job-0123456789abc',
  ])('refuses %s as not a job identifier', (id) => {
    const r = parse(id);
    expect(r.ids).toBeUndefined();
    expect(r.problems).toEqual([
      {
        input: 'job-identifier',
        message: `job-identifier ${JSON.stringify(id)} is not a job identifier: "job-" followed by 13 lowercase letters or digits (e.g. job-0123456789abc)`,
      },
    ]);
  });

  it('names every bad identifier once, in order, and returns none when any is bad', () => {
    const r = parse(`${a} nope job-ABCDEFGHIJKLM nope ${b}`);
    expect(r.ids).toBeUndefined();
    expect(r.problems.map((p) => p.message)).toEqual([
      expect.stringMatching(/^job-identifier "nope" is not/),
      expect.stringMatching(/^job-identifier "job-ABCDEFGHIJKLM" has capital/),
    ]);
  });

  it('quotes a hostile identifier on one line', () => {
    const r = parse('::error::pwned');
    expect(r.problems[0]?.message).toMatch(/^job-identifier ": :error::pwned" is not/);
  });

  it('takes 1000 jobs and refuses 1001, telling to split them over several steps', () => {
    expect(parse(ids(1000).join('\n')).ids).toHaveLength(1000);
    const r = parse(ids(1001).join('\n'));
    expect(r.ids).toBeUndefined();
    expect(r.problems).toEqual([
      {
        input: 'job-identifier',
        message:
          'job-identifier lists 1001 jobs; one step starts at most 1000: split them over several steps',
      },
    ]);
  });

  it('counts the jobs after removing repeats', () => {
    const r = parse([...ids(1000), ...ids(5)].join(','));
    expect(r.ids).toHaveLength(1000);
    expect(r.problems).toEqual([]);
    expect(r.notices[0]).toMatch(/each job is started once \(1000 jobs\)$/);
  });

  it('judges only its own problems, whatever other inputs already reported', () => {
    const earlier = [{ input: 'catalog', message: 'earlier' }];
    const r = parse(`${a},${b}`, earlier);
    expect(r.ids).toEqual([a, b]);
    expect(r.problems).toEqual([{ input: 'catalog', message: 'earlier' }]);
    const bad = parse('nope', [{ input: 'catalog', message: 'earlier' }]);
    expect(bad.ids).toBeUndefined();
    expect(bad.problems.map((p) => p.input)).toEqual(['catalog', 'job-identifier']);
  });
});

describe('validJobIdentifiers', () => {
  it('keeps the well-formed identifiers, in order, repeats included', () => {
    expect(validJobIdentifiers(`${b}, nope\n${a} job-ABCDEFGHIJKLM ${b}`)).toEqual([b, a, b]);
  });

  it('is empty when nothing is well formed, or nothing is given', () => {
    expect(validJobIdentifiers('nope, JOB-0123456789ABC')).toEqual([]);
    expect(validJobIdentifiers('')).toEqual([]);
  });

  it('keeps them even beyond the 1000 a step may start', () => {
    expect(validJobIdentifiers(ids(1001).join(' '))).toHaveLength(1001);
  });
});
