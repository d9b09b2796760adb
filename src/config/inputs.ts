// Reads and validates the action's inputs into a typed config, reporting every problem at once.
import { INPUT_DEFAULTS, type InputName } from './action-contract.js';

type OptionalInput = keyof typeof INPUT_DEFAULTS;
import {
  configuredEndpoint,
  endpointNamesRegion,
  endpointProblem,
  PARTITION_IDS,
  PARTNER_CENTRAL_ENDPOINT_VARIABLE,
  partnerCentralEndpoint,
  resolveRegion,
  type Partition,
} from './endpoint.js';
import path from 'node:path';
import { quoted } from '../common/safe-text.js';
import { pacedSpanMs, waitStepSpanMs } from './step-budget.js';

export const CATALOGS = ['AWS', 'Sandbox'] as const;
export type Catalog = (typeof CATALOGS)[number];

export const JOB_IDENTIFIER_PATTERN = /^job-[0-9a-z]{13}$/;
// The partitions come from the AWS SDK's data (src/config/endpoint.ts): arn:aws-eusc:iam::... is a role ARN too.
const ROLE_ARN_PATTERN = new RegExp(
  `^arn:(${PARTITION_IDS.join('|')}):iam::\\d{12}:role\\/[\\w+=,.@/-]{1,512}$`,
);
const SESSION_NAME_PATTERN = /^[\w+=,.@-]{2,64}$/;

export const LIMITS = {
  maxAttempts: { min: 1, max: 50 },
  timeoutSeconds: { min: 5, max: 21600 },
  roleDurationSeconds: { min: 900, max: 43200 },
  requestsPerSecond: { min: 0.01, max: 10 },
  waitForSnapshotSeconds: { min: 0, max: 21600 },
  jobs: 1000,
} as const;

export interface RoleConfig {
  roleArn: string;
  sessionName: string;
  audience: string;
  durationSeconds: number;
}

export interface Config {
  catalog: Catalog;
  /** One or more, in input order, each once. */
  jobIdentifiers: string[];
  region: string;
  partition: Partition;
  endpoint: URL;
  endpointOverridden: boolean;
  /** Where an override came from: the endpoint input or the variable's name (for advice that names it). */
  endpointSource?: string;
  /** A hard cap set by the user, or 'auto': throttling retried until the deadline. */
  maxAttempts: number | 'auto';
  timeoutMs: number;
  /** The client-side pace of write calls (requests-per-second). */
  requestsPerSecond: number;
  describeJob: boolean;
  dryRun: boolean;
  /** wait-for-snapshot in ms; 0: no snapshot is read. */
  waitForSnapshotMs: number;
  /** snapshot-directory, absolute (a relative one resolved against GITHUB_WORKSPACE). */
  snapshotDirectory?: string;
  role?: RoleConfig;
}

export interface InputProblem {
  input: string;
  message: string;
}

export type InputResult =
  | { ok: true; config: Config; warnings: string[]; notices: string[] }
  | {
      ok: false;
      problems: InputProblem[];
      partial: { catalog?: string; jobIdentifiers: string[] };
    };

export interface RunIdentity {
  repository?: string;
  runId?: string | number;
}

/** STS session names allow 2-64 of [\w+=,.@-]; built from the repository and run so CloudTrail shows where a call came from. */
export function defaultSessionName(run: RunIdentity): string {
  const repo = (run.repository ?? '').split('/').pop() ?? '';
  const raw = ['GitHubActions', repo, String(run.runId ?? '')].filter(Boolean).join('-');
  const cleaned = raw.replace(/[^\w+=,.@-]/g, '-').slice(0, 64);
  return cleaned.length >= 2 ? cleaned : 'GitHubActions';
}

/** A whole number in range; `word` is a keyword the input also takes (max-attempts: auto). */
function parseInteger(
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

function parseCatalog(raw: string, problems: InputProblem[]): Catalog | undefined {
  const exact = CATALOGS.find((c) => c === raw);
  if (exact) return exact;
  if (!raw) {
    problems.push({
      input: 'catalog',
      message: 'catalog is required: AWS (production) or Sandbox (testing)',
    });
    return undefined;
  }
  const near = CATALOGS.find((c) => c.toLowerCase() === raw.toLowerCase());
  problems.push({
    input: 'catalog',
    message: near
      ? `catalog ${quoted(raw)} is not a catalog name: did you mean ${near}? (catalog names are case-sensitive)`
      : `catalog must be AWS (production) or Sandbox (testing), got ${quoted(raw)}`,
  });
  return undefined;
}

/** Identifiers as the step gives them: one, or several separated by newlines, commas or whitespace. */
export function splitJobIdentifiers(raw: string): string[] {
  return raw.split(/[\s,]+/).filter(Boolean);
}

function jobProblem(id: string): string | undefined {
  if (JOB_IDENTIFIER_PATTERN.test(id)) return undefined;
  if (JOB_IDENTIFIER_PATTERN.test(id.toLowerCase()))
    return `job-identifier ${quoted(id)} has capital letters; job identifiers are lowercase: ${id.toLowerCase()}`;
  return `job-identifier ${quoted(id)} is not a job identifier: "job-" followed by 13 lowercase letters or digits (e.g. job-0123456789abc)`;
}

/** Every identifier checked (every problem reported, each naming its identifier); duplicates kept once, order kept. */
function parseJobIdentifiers(
  raw: string,
  problems: InputProblem[],
  notices: string[],
): string[] | undefined {
  const ids = splitJobIdentifiers(raw);
  if (ids.length === 0) {
    problems.push({
      input: 'job-identifier',
      message:
        'job-identifier is required: one job identifier such as job-0123456789abc, or several separated by newlines, commas or spaces',
    });
    return undefined;
  }
  const unique = [...new Set(ids)];
  const repeated = [...new Set(ids.filter((id, i) => ids.indexOf(id) !== i))];
  if (repeated.length)
    notices.push(
      `job-identifier lists ${repeated.join(', ')} more than once; each job is started once (${unique.length} jobs)`,
    );
  const before = problems.length;
  for (const id of unique) {
    const problem = jobProblem(id);
    if (problem) problems.push({ input: 'job-identifier', message: problem });
  }
  if (unique.length > LIMITS.jobs)
    problems.push({
      input: 'job-identifier',
      message: `job-identifier lists ${unique.length} jobs; one step starts at most ${LIMITS.jobs}: split them over several steps`,
    });
  return problems.length > before ? undefined : unique;
}

/** A YAML 1.2 core-schema boolean, as core.getBooleanInput reads it. */
function parseBoolean(raw: string, input: string, problems: InputProblem[]): boolean | undefined {
  if (['true', 'True', 'TRUE'].includes(raw)) return true;
  if (['false', 'False', 'FALSE'].includes(raw)) return false;
  problems.push({ input, message: `${input} must be true or false, got ${quoted(raw)}` });
  return undefined;
}

function parseRate(raw: string, problems: InputProblem[]): number | undefined {
  const { min, max } = LIMITS.requestsPerSecond;
  const value = /^(\d+(\.\d*)?|\.\d+)$/.test(raw) ? Number(raw) : NaN;
  if (value >= min && value <= max) return value;
  problems.push({
    input: 'requests-per-second',
    message: `requests-per-second must be a number from ${min} to ${max} (fractions allowed, e.g. 0.5), got ${quoted(raw)}`,
  });
  return undefined;
}

/**
 * snapshot-directory only means something with wait-for-snapshot: given without it, it is an input error (a
 * release that expects files and gets none should fail at once, not at upload-artifact). A relative path is
 * resolved against GITHUB_WORKSPACE, as actions/upload-artifact resolves its path.
 */
function parseSnapshotDirectory(
  raw: string,
  waitSeconds: number | undefined,
  env: Record<string, string | undefined>,
  problems: InputProblem[],
): string | undefined {
  if (!raw) return undefined;
  if (waitSeconds === 0) {
    problems.push({
      input: 'snapshot-directory',
      message: `snapshot-directory is ${quoted(raw)} but wait-for-snapshot is 0, so no snapshot is read; set wait-for-snapshot (seconds, e.g. 120) too, or remove snapshot-directory`,
    });
    return undefined;
  }
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f]/.test(raw) || raw.length > 1024) {
    problems.push({
      input: 'snapshot-directory',
      message: `snapshot-directory must be a directory path of at most 1024 characters without control characters, got ${quoted(raw)}`,
    });
    return undefined;
  }
  return path.resolve(env.GITHUB_WORKSPACE || '.', raw);
}

function parseRole(
  value: (name: OptionalInput) => string,
  run: RunIdentity,
  problems: InputProblem[],
): RoleConfig | undefined {
  const roleArn = value('role-to-assume');
  const sessionRaw = value('role-session-name');
  const audience = value('audience');
  const durationRaw = value('role-duration-seconds');
  const before = problems.length;
  if (!roleArn) {
    // The runner exports every input's default whenever the step does not give it: a value equal to the
    // default is "not given", so only a value the user chose can be out of place here.
    for (const name of ['role-session-name', 'audience', 'role-duration-seconds'] as const) {
      const given = value(name);
      if (given !== INPUT_DEFAULTS[name])
        problems.push({
          input: name,
          message: `${name} is ${quoted(given)} but role-to-assume is not set; set role-to-assume too, or remove ${name}`,
        });
    }
    return undefined;
  }
  if (!ROLE_ARN_PATTERN.test(roleArn))
    problems.push({
      input: 'role-to-assume',
      message: `role-to-assume must be an IAM role ARN such as arn:aws:iam::111122223333:role/partner-release, got ${quoted(roleArn)}`,
    });
  const sessionName = sessionRaw || defaultSessionName(run);
  if (!SESSION_NAME_PATTERN.test(sessionName))
    problems.push({
      input: 'role-session-name',
      message: `role-session-name must be 2 to 64 of the characters A-Z a-z 0-9 _ + = , . @ -, got ${quoted(sessionName)}`,
    });
  if (!/^[\x21-\x7e]{1,256}$/.test(audience))
    problems.push({
      input: 'audience',
      message: `audience must be 1 to 256 printable characters without spaces, got ${quoted(audience)}`,
    });
  const durationSeconds = parseInteger(
    durationRaw,
    'role-duration-seconds',
    LIMITS.roleDurationSeconds,
    problems,
  );
  if (problems.length > before || durationSeconds === undefined) return undefined;
  return { roleArn, sessionName, audience, durationSeconds };
}

/**
 * Validates every input; returns the config, or every problem at once (each naming its input).
 * `get` returns the raw input ('' when unset), as core.getInput does.
 */
export function readInputs(
  get: (name: InputName) => string,
  run: RunIdentity = {},
  env: Record<string, string | undefined> = {},
): InputResult {
  const problems: InputProblem[] = [];
  const warnings: string[] = [];
  const notices: string[] = [];
  const trimmed = (name: InputName) => get(name).trim();
  // An empty optional input takes its action.yml default, as the runner would have passed it.
  const value = (name: OptionalInput) => trimmed(name) || INPUT_DEFAULTS[name];

  const catalogRaw = trimmed('catalog');
  const jobRaw = trimmed('job-identifier');
  const catalog = parseCatalog(catalogRaw, problems);
  const jobIdentifiers = parseJobIdentifiers(jobRaw, problems, notices);

  // The partition from the AWS SDK's partition data; a name it does not resolve is refused, saying why.
  const region = value('region');
  const resolved = resolveRegion(region);
  const partition = resolved.ok ? resolved.partition : undefined;
  if (!resolved.ok) problems.push({ input: 'region', message: resolved.message });

  // The endpoint input, else the SDKs' endpoint variables (AWS_ENDPOINT_URL_PARTNERCENTRAL_SELLING, AWS_ENDPOINT_URL).
  const configured = configuredEndpoint(env, PARTNER_CENTRAL_ENDPOINT_VARIABLE);
  const endpointInput = value('endpoint');
  const endpointRaw = endpointInput || configured?.raw || '';
  const endpointSource = endpointInput ? 'endpoint' : (configured?.variable ?? 'endpoint');
  const endpointError = endpointRaw ? endpointProblem(endpointRaw) : undefined;
  if (endpointError)
    problems.push({
      input: endpointSource,
      message: `${endpointSource} ${quoted(endpointRaw)} ${endpointError}`,
    });

  const attemptsRaw = value('max-attempts');
  const maxAttempts =
    attemptsRaw.toLowerCase() === 'auto'
      ? ('auto' as const)
      : parseInteger(attemptsRaw, 'max-attempts', LIMITS.maxAttempts, problems, 'auto');
  const timeoutSeconds = parseInteger(
    value('timeout-seconds'),
    'timeout-seconds',
    LIMITS.timeoutSeconds,
    problems,
  );
  const role = parseRole(value, run, problems);
  const requestsPerSecond = parseRate(value('requests-per-second'), problems);
  const describeJob = parseBoolean(value('describe-job'), 'describe-job', problems);
  const dryRun = parseBoolean(value('dry-run'), 'dry-run', problems);
  const waitSeconds = parseInteger(
    value('wait-for-snapshot'),
    'wait-for-snapshot',
    LIMITS.waitForSnapshotSeconds,
    problems,
  );
  const snapshotDirectory = parseSnapshotDirectory(
    value('snapshot-directory'),
    waitSeconds,
    env,
    problems,
  );

  // K jobs at R a second need (K-1)/R seconds at the least: say so now rather than run out of time later.
  if (jobIdentifiers && requestsPerSecond && timeoutSeconds && !dryRun && waitSeconds) {
    const need = waitStepSpanMs(jobIdentifiers.length, requestsPerSecond, waitSeconds);
    if (need.totalMs > timeoutSeconds * 1000) {
      const s = (ms: number) => Math.ceil(ms / 1000);
      const tenths = (ms: number) => (ms / 1000).toFixed(1);
      const one = jobIdentifiers.length === 1;
      problems.push({
        input: 'timeout-seconds',
        message:
          `timeout-seconds (${timeoutSeconds}) is too short for wait-for-snapshot ${waitSeconds}: ` +
          `${one ? '1 job needs' : `${jobIdentifiers.length} jobs at requests-per-second ${requestsPerSecond} need`} at least ${s(need.totalMs)} s ` +
          `(${one ? '' : `${tenths(need.startsMs)} s of starts, `}${waitSeconds} s of wait, ${tenths(need.marginMs)} s for credentials and reads). ` +
          `Raise timeout-seconds to ${s(need.totalMs)} or more, or lower wait-for-snapshot${one ? '' : ', or split the jobs over several steps'}.`,
      });
    }
  } else if (jobIdentifiers && requestsPerSecond && timeoutSeconds && !dryRun) {
    const needMs = pacedSpanMs(jobIdentifiers.length, requestsPerSecond);
    if (needMs >= timeoutSeconds * 1000)
      problems.push({
        input: 'timeout-seconds',
        message:
          `timeout-seconds (${timeoutSeconds}) is too short for ${jobIdentifiers.length} jobs at requests-per-second ${requestsPerSecond}: ` +
          `they need at least ${Math.ceil(needMs / 1000)} s. Raise timeout-seconds to ${Math.ceil(needMs / 1000) + 60} or more, or split the jobs over several steps`,
      });
  }

  if (
    problems.length > 0 ||
    !catalog ||
    !jobIdentifiers ||
    !partition ||
    maxAttempts === undefined ||
    timeoutSeconds === undefined ||
    requestsPerSecond === undefined ||
    describeJob === undefined ||
    dryRun === undefined ||
    waitSeconds === undefined
  ) {
    return {
      ok: false,
      problems,
      partial: {
        catalog: catalog ?? undefined,
        jobIdentifiers:
          jobIdentifiers ?? splitJobIdentifiers(jobRaw).filter((id) => !jobProblem(id)),
      },
    };
  }
  const endpoint = endpointRaw ? new URL(endpointRaw) : partnerCentralEndpoint(region, partition);
  // The region input is the signing region whatever the endpoint: another region than the documented one gets
  // a warning, unless an override's host names that region itself (a regional or VPC endpoint chosen on purpose).
  if (region !== INPUT_DEFAULTS.region && !(endpointRaw && endpointNamesRegion(endpoint, region)))
    warnings.push(
      `Partner Central Selling is documented in ${INPUT_DEFAULTS.region} only; region ${region} may have no endpoint. ` +
        (endpointRaw
          ? `Requests to ${endpoint.origin} (from ${endpointSource}) are signed for region ${region}: a service there that expects ${INPUT_DEFAULTS.region} refuses them ("Credential should be scoped to a valid region"). `
          : `Requests go to ${endpoint.origin}. `) +
        `Set region: ${INPUT_DEFAULTS.region} unless you know otherwise.`,
    );
  return {
    ok: true,
    warnings,
    notices,
    config: {
      catalog,
      jobIdentifiers,
      region,
      partition,
      endpoint,
      endpointOverridden: Boolean(endpointRaw),
      ...(endpointRaw ? { endpointSource } : {}),
      maxAttempts,
      timeoutMs: timeoutSeconds * 1000,
      requestsPerSecond,
      describeJob,
      dryRun,
      waitForSnapshotMs: waitSeconds * 1000,
      ...(snapshotDirectory ? { snapshotDirectory } : {}),
      ...(role ? { role } : {}),
    },
  };
}
