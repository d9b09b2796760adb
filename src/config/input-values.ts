// One input's text to a typed value (a whole number or a rate within its range, true or false), each problem
// naming its input; the ranges every numeric input takes.
import type { INPUT_DEFAULTS } from './action-contract.js';
import { quoted } from '../common/safe-text.js';

export interface InputProblem {
  input: string;
  message: string;
}

/** An input action.yml gives a default. */
export type OptionalInput = keyof typeof INPUT_DEFAULTS;

export const LIMITS = {
  maxAttempts: { min: 1, max: 50 },
  timeoutSeconds: { min: 5, max: 21600 },
  roleDurationSeconds: { min: 900, max: 43200 },
  requestsPerSecond: { min: 0.01, max: 10 },
  waitForSnapshotSeconds: { min: 0, max: 21600 },
  jobs: 1000,
} as const;

/** A whole number in range; `word` is a keyword the input also takes (max-attempts: auto). */
export function parseInteger(
  raw: string,
  input: string,
  range: { min: number; max: number },
  problems: InputProblem[],
  word?: string,
): number | undefined {
  const value = /^\d+$/.test(raw) ? Number(raw) : undefined;
  if (value !== undefined && value >= range.min && value <= range.max) return value;
  const expected = `a whole number from ${range.min} to ${range.max}`;
  problems.push({
    input,
    message: `${input} must be ${word ? `${word} or ${expected}` : expected}, got ${quoted(raw)}`,
  });
  return undefined;
}

/** A YAML 1.2 core-schema boolean, as core.getBooleanInput reads it. */
export function parseBoolean(
  raw: string,
  input: string,
  problems: InputProblem[],
): boolean | undefined {
  if (['true', 'True', 'TRUE'].includes(raw)) return true;
  if (['false', 'False', 'FALSE'].includes(raw)) return false;
  problems.push({ input, message: `${input} must be true or false, got ${quoted(raw)}` });
  return undefined;
}

export function parseRate(raw: string, problems: InputProblem[]): number | undefined {
  const { min, max } = LIMITS.requestsPerSecond;
  const value = /^(\d+(\.\d*)?|\.\d+)$/.test(raw) ? Number(raw) : NaN;
  if (value >= min && value <= max) return value;
  problems.push({
    input: 'requests-per-second',
    message: `requests-per-second must be a number from ${min} to ${max} (fractions allowed, e.g. 0.5), got ${quoted(raw)}`,
  });
  return undefined;
}
