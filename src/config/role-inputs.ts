// The role inputs (role-to-assume, role-session-name, audience, role-duration-seconds): checked together into the
// role to assume, or refused when given without role-to-assume.
import { INPUT_DEFAULTS } from './action-contract.js';
import { PARTITION_IDS } from './endpoint.js';
import { quoted } from '../common/safe-text.js';
import { LIMITS, parseInteger, type InputProblem, type OptionalInput } from './input-values.js';
import type { RunContext } from './run-context.js';

// The partitions come from the AWS SDK's data (src/config/endpoint.ts): arn:aws-eusc:iam::... is a role ARN too.
const ROLE_ARN_PATTERN = new RegExp(
  `^arn:(${PARTITION_IDS.join('|')}):iam::\\d{12}:role\\/[\\w+=,.@/-]{1,512}$`,
);
const SESSION_NAME_PATTERN = /^[\w+=,.@-]{2,64}$/;

export interface RoleConfig {
  roleArn: string;
  sessionName: string;
  audience: string;
  durationSeconds: number;
}

/** STS session names allow 2-64 of [\w+=,.@-]; built from the repository and run so CloudTrail shows where a call came from. */
export function defaultSessionName(run: RunContext): string {
  const repo = (run.repository ?? '').split('/').pop() ?? '';
  const raw = ['GitHubActions', repo, String(run.runId ?? '')].filter(Boolean).join('-');
  const cleaned = raw.replace(/[^\w+=,.@-]/g, '-').slice(0, 64);
  return cleaned.length >= 2 ? cleaned : 'GitHubActions';
}

/** The role to assume when role-to-assume is set; every problem of the four inputs reported at once. */
export function parseRole(
  value: (name: OptionalInput) => string,
  run: RunContext,
  problems: InputProblem[],
): RoleConfig | undefined {
  const roleArn = value('role-to-assume');
  const sessionRaw = value('role-session-name');
  const audience = value('audience');
  const durationRaw = value('role-duration-seconds');
  if (!roleArn) {
    refuseStrayRoleOptions(value, problems);
    return undefined;
  }
  const before = problems.length;
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
 * The runner exports every input's default whenever the step does not give it: a value equal to the default is
 * "not given", so only a value the user chose can be out of place without role-to-assume.
 */
function refuseStrayRoleOptions(
  value: (name: OptionalInput) => string,
  problems: InputProblem[],
): void {
  for (const name of ['role-session-name', 'audience', 'role-duration-seconds'] as const) {
    const given = value(name);
    if (given !== INPUT_DEFAULTS[name])
      problems.push({
        input: name,
        message: `${name} is ${quoted(given)} but role-to-assume is not set; set role-to-assume too, or remove ${name}`,
      });
  }
}
