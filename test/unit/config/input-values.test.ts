// input-values: one input's text to a whole number, a boolean or a rate, each problem naming its input; the ranges.
import { describe, expect, it } from 'vitest';
import { readActionYml } from '../../emulator/action-yml.mjs';
import {
  LIMITS,
  parseBoolean,
  parseInteger,
  parseRate,
  type InputProblem,
} from '../../../src/config/input-values.js';

const range = { min: 5, max: 60 };

function integer(raw: string, word?: string) {
  const problems: InputProblem[] = [];
  return { value: parseInteger(raw, 'timeout-seconds', range, problems, word), problems };
}

describe('parseInteger', () => {
  it('takes a whole number anywhere in the range, both ends included', () => {
    for (const [raw, value] of [
      ['5', 5],
      ['6', 6],
      ['59', 59],
      ['60', 60],
      ['007', 7],
    ] as const)
      expect(integer(raw), raw).toEqual({ value, problems: [] });
  });

  it.each(['4', '61', '0', '-5', '+5', '5.0', '2.5', '1e1', ' 5', '5 ', '0x10', '', 'five', '٥'])(
    'refuses %j, naming the input and the range, adding nothing else',
    (raw) => {
      expect(integer(raw)).toEqual({
        value: undefined,
        problems: [
          {
            input: 'timeout-seconds',
            message: `timeout-seconds must be a whole number from 5 to 60, got ${JSON.stringify(raw.trim())}`,
          },
        ],
      });
    },
  );

  it('refuses a number too long to be exact', () => {
    expect(integer('9'.repeat(30)).value).toBeUndefined();
  });

  it('names the keyword the input also takes', () => {
    expect(integer('0', 'auto').problems[0]?.message).toBe(
      'timeout-seconds must be auto or a whole number from 5 to 60, got "0"',
    );
  });

  it('adds to the problems already found, never replacing them', () => {
    const problems: InputProblem[] = [{ input: 'catalog', message: 'earlier' }];
    parseInteger('x', 'max-attempts', LIMITS.maxAttempts, problems);
    parseInteger('3', 'max-attempts', LIMITS.maxAttempts, problems);
    expect(problems.map((p) => p.input)).toEqual(['catalog', 'max-attempts']);
  });

  it('quotes hostile text on one line, cut short', () => {
    const { problems } = integer(`::error::pwned\n${'x'.repeat(200)}`);
    const message = problems[0]?.message ?? '';
    expect(message).not.toMatch(/\n/);
    // The cut leaves no piece of the run of x's (it could be a token's): it ends before the run.
    expect(message).toContain('": :error::pwned …"');
    expect(message.length).toBeLessThan(160);
  });
});

describe('parseBoolean', () => {
  it.each([
    ['true', true],
    ['True', true],
    ['TRUE', true],
    ['false', false],
    ['False', false],
    ['FALSE', false],
  ] as const)('reads %s as core.getBooleanInput does', (raw, value) => {
    const problems: InputProblem[] = [];
    expect(parseBoolean(raw, 'dry-run', problems)).toBe(value);
    expect(problems).toEqual([]);
  });

  it.each(['yes', 'no', '1', '0', 'on', 'tRUE', ' true', ''])(
    'refuses %j, naming the input',
    (raw) => {
      const problems: InputProblem[] = [];
      expect(parseBoolean(raw, 'describe-job', problems)).toBeUndefined();
      expect(problems).toEqual([
        {
          input: 'describe-job',
          message: `describe-job must be true or false, got ${JSON.stringify(raw.trim())}`,
        },
      ]);
    },
  );
});

describe('parseRate', () => {
  it.each([
    ['0.01', 0.01],
    ['.5', 0.5],
    ['0.5', 0.5],
    ['1', 1],
    ['1.', 1],
    ['2.50', 2.5],
    ['10', 10],
    ['10.0', 10],
  ] as const)('takes %s', (raw, value) => {
    const problems: InputProblem[] = [];
    expect(parseRate(raw, problems)).toBe(value);
    expect(problems).toEqual([]);
  });

  it.each([
    '0',
    '0.009',
    '10.01',
    '11',
    '-1',
    '1e1',
    '1/2',
    '0x1',
    'Infinity',
    'NaN',
    '.',
    '',
    ' 1',
  ])('refuses %j, saying fractions are allowed', (raw) => {
    const problems: InputProblem[] = [];
    expect(parseRate(raw, problems)).toBeUndefined();
    expect(problems).toEqual([
      {
        input: 'requests-per-second',
        message: `requests-per-second must be a number from 0.01 to 10 (fractions allowed, e.g. 0.5), got ${JSON.stringify(raw.trim())}`,
      },
    ]);
  });
});

describe('LIMITS', () => {
  const action = readActionYml();
  it.each([
    ['max-attempts', LIMITS.maxAttempts],
    ['timeout-seconds', LIMITS.timeoutSeconds],
    ['role-duration-seconds', LIMITS.roleDurationSeconds],
    ['requests-per-second', LIMITS.requestsPerSecond],
    ['wait-for-snapshot', LIMITS.waitForSnapshotSeconds],
  ] as const)('gives %s the range action.yml documents', (name, { min, max }) => {
    expect(action.inputs[name]?.description).toContain(`${min}-${max}`);
    expect(min).toBeLessThan(max);
  });
});
