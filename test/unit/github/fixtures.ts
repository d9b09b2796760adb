// Results the github tests share: one started job, a failed one, a step failure, many identifiers, a run.
import type { JobResult } from '../../../src/partner-central/jobs.js';
import type { RunResult } from '../../../src/result.js';

export const A = 'job-0123456789abc';
export const started = (id = A, requestId = 'rid'): JobResult => ({
  jobIdentifier: id,
  catalog: 'AWS',
  status: 'started',
  attempts: 2,
  requestId,
});
export const ok: RunResult = {
  catalog: 'AWS',
  jobIdentifiers: [A],
  jobs: [started()],
  requestId: 'rid',
  attempts: 2,
  elapsedMs: 1234,
};
export const failure = {
  code: 'ThrottlingException',
  message: 'Rate exceeded',
  title: 'ThrottlingException: gave up after 3 attempts',
  text: 'line one\nline <two>',
};
export const failedJob = (id: string, code = 'ResourceNotFoundException'): JobResult => ({
  jobIdentifier: id,
  catalog: 'AWS',
  status: 'failed',
  attempts: 1,
  requestId: `rid-${id}`,
  failure: { ...failure, code, title: code },
});
export const ids = (n: number) =>
  Array.from({ length: n }, (_, i) => `job-${String(i).padStart(13, '0')}`);
export const run = { repository: 'o/r', runId: 7, serverUrl: 'https://github.com' };
