// The action's contract as action.yml declares it: every input (required, or with its default) and every output.

/** Inputs without a default; the runner exports nothing for them when the step does not give them. */
export const REQUIRED_INPUTS = ['catalog', 'job-identifier'] as const;

/**
 * Every optional input with the default action.yml declares. The runner exports these when the step does not
 * give the input, and the code applies them too when an input is empty (node dist/index.js run by hand).
 */
export const INPUT_DEFAULTS = {
  region: 'us-east-1',
  endpoint: '',
  'max-attempts': 'auto',
  'timeout-seconds': '300',
  'role-to-assume': '',
  'role-session-name': '',
  audience: 'sts.amazonaws.com',
  'role-duration-seconds': '900',
  'requests-per-second': '1',
  'describe-job': 'false',
  'dry-run': 'false',
  'wait-for-snapshot': '0',
  'snapshot-directory': '',
} as const;

export type InputName = (typeof REQUIRED_INPUTS)[number] | keyof typeof INPUT_DEFAULTS;

/**
 * describe-job's outputs: the job as GetResourceSnapshotJob describes it (partner-central/operations.ts maps
 * each to its wire member). Here, in the lowest module, so the contract imports nothing.
 */
export const DESCRIPTION_KEYS = [
  'job-arn',
  'job-status',
  'engagement-id',
  'resource-type',
  'resource-id',
  'resource-arn',
  'resource-snapshot-template-name',
  'created-at',
  'last-successful-execution-date',
  'last-failure',
] as const;

export type DescriptionKey = (typeof DESCRIPTION_KEYS)[number];

/** wait-for-snapshot's outputs: the job's latest snapshot after the wait (one job; with several, in each results entry). */
export const SNAPSHOT_OUTPUTS = [
  'snapshot-revision',
  'snapshot-arn',
  'snapshot-created-at',
  'snapshot-new',
  'snapshot-file',
] as const;

export const OUTPUT_NAMES = [
  'job-identifier',
  'catalog',
  'request-id',
  'attempts',
  'error-code',
  'error-message',
  'aws-account-id',
  'assumed-role-arn',
  'results',
  'started-count',
  'failed-count',
  ...DESCRIPTION_KEYS,
  ...SNAPSHOT_OUTPUTS,
] as const;

export type OutputName = (typeof OUTPUT_NAMES)[number];
