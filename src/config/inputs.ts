// Reads and validates the action's inputs into a typed config, reporting every problem at once.
import { INPUT_DEFAULTS, type InputName } from './action-contract.js';
import {
  configuredEndpoint,
  endpointNamesRegion,
  endpointProblem,
  PARTNER_CENTRAL_ENDPOINT_VARIABLE,
  partnerCentralEndpoint,
  resolveRegion,
  shownEndpoint,
  type Partition,
} from './endpoint.js';
import path from 'node:path';
import { quoted } from '../common/safe-text.js';
import { stepBudgetProblem } from './step-budget.js';
import {
  LIMITS,
  parseBoolean,
  parseInteger,
  parseRate,
  type InputProblem,
  type OptionalInput,
} from './input-values.js';
import { parseJobIdentifiers, validJobIdentifiers } from './job-identifiers.js';
import { parseRole, type RoleConfig } from './role-inputs.js';
import type { RunContext } from './run-context.js';

// Re-exported: the rest of the action imports these from here.
export type { InputProblem } from './input-values.js';
export { defaultSessionName, type RoleConfig } from './role-inputs.js';

const CATALOGS = ['AWS', 'Sandbox'] as const;
export type Catalog = (typeof CATALOGS)[number];

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

type Env = Record<string, string | undefined>;

export type InputResult =
  | { ok: true; config: Config; warnings: string[]; notices: string[] }
  | {
      ok: false;
      problems: InputProblem[];
      partial: { catalog?: string; jobIdentifiers: string[] };
    };

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

/**
 * snapshot-directory only means something with wait-for-snapshot: given without it, it is an input error (a
 * release that expects files and gets none should fail at once, not at upload-artifact). A relative path is
 * resolved against GITHUB_WORKSPACE, as actions/upload-artifact resolves its path.
 */
function parseSnapshotDirectory(
  raw: string,
  waitSeconds: number | undefined,
  env: Env,
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

/** The partition from the AWS SDK's partition data; a name it does not resolve is refused, saying why. */
function readRegion(
  region: string,
  problems: InputProblem[],
): { region: string; partition: Partition | undefined } {
  const resolved = resolveRegion(region);
  if (!resolved.ok) problems.push({ input: 'region', message: resolved.message });
  return { region, partition: resolved.ok ? resolved.partition : undefined };
}

/** The endpoint input, else the SDKs' endpoint variables (AWS_ENDPOINT_URL_PARTNERCENTRAL_SELLING, AWS_ENDPOINT_URL). */
function readEndpoint(
  endpointInput: string,
  env: Env,
  problems: InputProblem[],
): { endpointRaw: string; endpointSource: string } {
  const configured = configuredEndpoint(env, PARTNER_CENTRAL_ENDPOINT_VARIABLE);
  const endpointRaw = endpointInput || configured?.raw || '';
  const endpointSource = endpointInput ? 'endpoint' : (configured?.variable ?? 'endpoint');
  const endpointError = endpointRaw ? endpointProblem(endpointRaw) : undefined;
  if (endpointError)
    problems.push({
      input: endpointSource,
      message: `${endpointSource} ${shownEndpoint(endpointRaw)} ${endpointError}`,
    });
  return { endpointRaw, endpointSource };
}

/** max-attempts and timeout-seconds: how often a call is tried, and until when. */
function readLimits(
  value: (name: OptionalInput) => string,
  problems: InputProblem[],
): { maxAttempts: number | 'auto' | undefined; timeoutSeconds: number | undefined } {
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
  return { maxAttempts, timeoutSeconds };
}

/** wait-for-snapshot, and snapshot-directory (which needs it). */
function readWait(
  value: (name: OptionalInput) => string,
  env: Env,
  problems: InputProblem[],
): { waitSeconds: number | undefined; snapshotDirectory: string | undefined } {
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
  return { waitSeconds, snapshotDirectory };
}

/** Every input read, each value checked. */
interface Values {
  catalog: Catalog;
  jobIdentifiers: string[];
  region: string;
  partition: Partition;
  endpointRaw: string;
  endpointSource: string;
  maxAttempts: number | 'auto';
  timeoutSeconds: number;
  requestsPerSecond: number;
  describeJob: boolean;
  dryRun: boolean;
  waitSeconds: number;
  snapshotDirectory?: string | undefined;
  role?: RoleConfig | undefined;
}

/** As read: undefined where the input had a problem. */
type Read = { [K in keyof Values]: Values[K] | undefined };

function allRead(read: Read): read is Values {
  return !(
    !read.catalog ||
    !read.jobIdentifiers ||
    !read.partition ||
    read.maxAttempts === undefined ||
    read.timeoutSeconds === undefined ||
    read.requestsPerSecond === undefined ||
    read.describeJob === undefined ||
    read.dryRun === undefined ||
    read.waitSeconds === undefined
  );
}

/** The valid parts are kept, for the outputs. */
function refused(problems: InputProblem[], read: Read, jobRaw: string): InputResult {
  return {
    ok: false,
    problems,
    partial: {
      catalog: read.catalog ?? undefined,
      jobIdentifiers: read.jobIdentifiers ?? validJobIdentifiers(jobRaw),
    },
  };
}

/**
 * The region input is the signing region whatever the endpoint: another region than the documented one gets a
 * warning, unless an override's host names that region itself (a regional or VPC endpoint chosen on purpose).
 */
function regionWarning(values: Values, endpoint: URL): string | undefined {
  const { region, endpointRaw, endpointSource } = values;
  if (region === INPUT_DEFAULTS.region || (endpointRaw && endpointNamesRegion(endpoint, region)))
    return undefined;
  return (
    `Partner Central Selling is documented in ${INPUT_DEFAULTS.region} only; region ${region} may have no endpoint. ` +
    (endpointRaw
      ? `Requests to ${endpoint.origin} (from ${endpointSource}) are signed for region ${region}: a service there that expects ${INPUT_DEFAULTS.region} refuses them ("Credential should be scoped to a valid region"). `
      : `Requests go to ${endpoint.origin}. `) +
    `Set region: ${INPUT_DEFAULTS.region} unless you know otherwise.`
  );
}

function accepted(values: Values, notices: string[]): InputResult {
  const { endpointRaw, endpointSource, snapshotDirectory, role } = values;
  const endpoint = endpointRaw
    ? new URL(endpointRaw)
    : partnerCentralEndpoint(values.region, values.partition);
  const warning = regionWarning(values, endpoint);
  return {
    ok: true,
    warnings: warning ? [warning] : [],
    notices,
    config: {
      catalog: values.catalog,
      jobIdentifiers: values.jobIdentifiers,
      region: values.region,
      partition: values.partition,
      endpoint,
      endpointOverridden: Boolean(endpointRaw),
      ...(endpointRaw ? { endpointSource } : {}),
      maxAttempts: values.maxAttempts,
      timeoutMs: values.timeoutSeconds * 1000,
      requestsPerSecond: values.requestsPerSecond,
      describeJob: values.describeJob,
      dryRun: values.dryRun,
      waitForSnapshotMs: values.waitSeconds * 1000,
      ...(snapshotDirectory ? { snapshotDirectory } : {}),
      ...(role ? { role } : {}),
    },
  };
}

/**
 * Validates every input; returns the config, or every problem at once (each naming its input), in the order the
 * inputs are read below. `get` returns the raw input ('' when unset), as core.getInput does.
 */
export function readInputs(
  get: (name: InputName) => string,
  run: RunContext = {},
  env: Env = {},
): InputResult {
  const problems: InputProblem[] = [];
  const notices: string[] = [];
  const trimmed = (name: InputName) => get(name).trim();
  // An empty optional input takes its action.yml default, as the runner would have passed it.
  const value = (name: OptionalInput) => trimmed(name) || INPUT_DEFAULTS[name];
  const flag = (name: 'describe-job' | 'dry-run') => parseBoolean(value(name), name, problems);

  const jobRaw = trimmed('job-identifier');
  // Read in this order: the order their problems are reported in.
  const read: Read = {
    catalog: parseCatalog(trimmed('catalog'), problems),
    jobIdentifiers: parseJobIdentifiers(jobRaw, problems, notices),
    ...readRegion(value('region'), problems),
    ...readEndpoint(value('endpoint'), env, problems),
    ...readLimits(value, problems),
    role: parseRole(value, run, problems),
    requestsPerSecond: parseRate(value('requests-per-second'), problems),
    describeJob: flag('describe-job'),
    dryRun: flag('dry-run'),
    ...readWait(value, env, problems),
  };
  const tooShort = stepBudgetProblem(read);
  if (tooShort) problems.push(tooShort);

  if (problems.length > 0 || !allRead(read)) return refused(problems, read, jobRaw);
  return accepted(read, notices);
}
