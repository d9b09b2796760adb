// What each credential failure means and how to fix it: no credentials, no OIDC token, STS refusals.
import type { Failure, Snippet } from '../common/failure.js';
import type { FailedCall } from '../http/retry.js';
import { retryFailure } from '../http/retry-failure.js';
import type { RoleConfig } from '../config/inputs.js';
import { CREDENTIALS_EXPIRED, isTimedOut, TIMED_OUT } from '../http/error-kinds.js';
import { CREDENTIAL_RENEWAL } from '../common/tunables.js';
import type { CredentialFacts } from './credentials.js';
import { credentialWords, type Lapse } from './lasting-credentials.js';
import { safeLine } from '../common/safe-text.js';
import { subjectOf } from './token-claims.js';

const OIDC_HOST = 'token.actions.githubusercontent.com';

const PERMISSIONS_YAML = ['permissions:', '  id-token: write', '  contents: read'].join('\n');

const CONFIGURE_SNIPPET = [
  '- uses: aws-actions/configure-aws-credentials@v6',
  '  with:',
  '    role-to-assume: arn:aws:iam::111122223333:role/partner-release',
  '    aws-region: us-east-1',
].join('\n');

const CHAIN_SOURCES =
  'environment variables (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, as configure-aws-credentials exports them), ' +
  'a web identity token file (AWS_WEB_IDENTITY_TOKEN_FILE with AWS_ROLE_ARN), the shared config and credentials files ' +
  '(AWS_PROFILE, ~/.aws), SSO and credential_process profiles, container credentials (AWS_CONTAINER_CREDENTIALS_*) ' +
  'and EC2 instance metadata';

export function chainFailure(err: unknown): Failure {
  const e = err as { name?: string; message?: string };
  const timedOut = isTimedOut(e);
  const detail = safeLine(e?.message ?? String(err), 500);
  return {
    code: timedOut ? TIMED_OUT : 'CredentialsProviderError',
    message: detail,
    title: timedOut ? 'Timed out looking for AWS credentials' : 'No AWS credentials found',
    text: [
      `The action looked for credentials in ${CHAIN_SOURCES} and ${timedOut ? 'ran out of time' : 'found none'} (${detail}).\n` +
        `Fix it one of two ways.\n1. Give the job these permissions:`,
      { code: PERMISSIONS_YAML },
      'and add this step before this one:',
      { code: CONFIGURE_SNIPPET },
      `2. Or give this step role-to-assume (with the same permissions) and it assumes the role itself.`,
    ],
  };
}

export function idTokenUnavailable(role: RoleConfig): Failure {
  return {
    code: 'OIDCTokenUnavailable',
    message: 'ACTIONS_ID_TOKEN_REQUEST_URL is not set',
    title: 'This job may not request an OIDC token',
    text: [
      `role-to-assume (${role.roleArn}) needs the workflow's OIDC token, and GitHub gives one only to jobs with id-token: write. ` +
        `Add to the job (or the workflow):`,
      { code: PERMISSIONS_YAML },
      'Workflows triggered from a fork get no token at all: use pull_request_target with care, or skip this step for forks.',
    ],
  };
}

export function idTokenFailure(err: unknown, role: RoleConfig): Failure {
  const detail = safeLine((err as Error)?.message ?? String(err), 500);
  return {
    code: 'OIDCTokenError',
    message: detail,
    title: 'Could not get the OIDC token',
    text: [
      `GitHub did not hand out an OIDC token for audience ${role.audience}: ${detail}. Re-run the job; if it persists, check that the job has:`,
      { code: PERMISSIONS_YAML },
    ],
  };
}

/** An endpoint variable (AWS_ENDPOINT_URL_STS, _SSO, ...) set to a URL the action refuses. */
export function endpointVariableFailure(variable: string, problem: string): Failure {
  return {
    code: 'InvalidInput',
    message: `${variable} ${problem}`,
    title: `Invalid ${variable}`,
    text: `The environment variable ${variable} ${problem}. Fix or unset it.`,
  };
}

/** arn:PARTITION:iam::ACCOUNT:role/NAME */
function roleParts(role: RoleConfig): { partition: string; account: string } {
  const parts = role.roleArn.split(':');
  return { partition: parts[1] ?? 'aws', account: parts[4] ?? '<account-id>' };
}

function trustPolicy(role: RoleConfig, sub: string): string {
  const { partition, account } = roleParts(role);
  return JSON.stringify(
    {
      Effect: 'Allow',
      Principal: { Federated: `arn:${partition}:iam::${account}:oidc-provider/${OIDC_HOST}` },
      Action: 'sts:AssumeRoleWithWebIdentity',
      Condition: {
        StringEquals: { [`${OIDC_HOST}:aud`]: role.audience },
        StringLike: { [`${OIDC_HOST}:sub`]: sub },
      },
    },
    null,
    2,
  );
}

export function stsCallFailure(
  outcome: FailedCall,
  role: RoleConfig,
  claims: Record<string, unknown> | undefined,
  region: string,
  timeoutMs: number,
): Failure {
  // Retries that ran out are told the same way as for Partner Central; a refusal gets STS's own advice.
  if (outcome.stop !== 'client') return retryFailure(outcome, 'STS', timeoutMs, () => '');
  const { error } = outcome;
  const sub = safeLine(subjectOf(claims) ?? 'repo:OWNER/REPO:*', 300);
  const { account } = roleParts(role);
  const said = `STS refused AssumeRoleWithWebIdentity for ${role.roleArn}: ${error.name}: ${error.message}${error.requestId ? ` (request id ${error.requestId})` : ''}.`;
  let advice: string;
  let statement: Snippet | undefined;
  switch (error.name) {
    case 'AccessDenied':
      advice =
        `The role's trust policy does not trust this workflow. It must trust the OIDC provider ${OIDC_HOST} with audience ${role.audience}, ` +
        `and its sub condition must match this workflow's token, whose sub is ${sub}. A statement that does:`;
      statement = { code: trustPolicy(role, sub) };
      break;
    case 'InvalidIdentityToken':
      advice =
        `STS could not validate the token: account ${account} needs an IAM OIDC identity provider for https://${OIDC_HOST} whose audiences include ${role.audience} ` +
        `(aws iam create-open-id-connect-provider --url https://${OIDC_HOST} --client-id-list ${role.audience}), and audience must match it.`;
      break;
    case 'ExpiredTokenException':
    case 'ExpiredToken':
      advice =
        'The OIDC token expired before STS read it (GitHub tokens are short-lived). Re-run the job; a runner whose clock is far off causes this too.';
      break;
    case 'RegionDisabledException':
      advice = `STS is not activated in ${region} for account ${account}: activate the region in IAM account settings, or set AWS_ENDPOINT_URL_STS to an STS endpoint of an active region.`;
      break;
    case 'ValidationError':
      advice = /DurationSeconds|MaxSessionDuration/i.test(error.message)
        ? `role-duration-seconds (${role.durationSeconds}) is more than the role's maximum session duration: lower it, or raise the role's MaxSessionDuration.`
        : 'Check role-to-assume and role-session-name.';
      break;
    default:
      advice = "Check role-to-assume, audience and the role's trust policy.";
  }
  return {
    code: error.name,
    message: error.message,
    title: `Could not assume the role: ${error.name}`,
    text: statement ? [`${said} ${advice}`, statement] : `${said} ${advice}`,
  };
}

/** Credentials the step read already expired (AWS_CREDENTIAL_EXPIRATION in the past): dead on arrival. */
function expiredWhenRead(facts: CredentialFacts): boolean {
  return (
    facts.expiresAt !== undefined &&
    facts.expiresAt <= facts.obtainedAt + CREDENTIAL_RENEWAL.minUsableMs
  );
}

/** Which jobs a step had started, may have started, and had not, when something ended it. */
function jobsSoFar(jobs: readonly { jobIdentifier: string; status: string }[]): string {
  const named = (status: string) =>
    jobs.filter((j) => j.status === status).map((j) => j.jobIdentifier);
  const started = named('started');
  const unknown = named('unknown');
  const rest = jobs
    .filter((j) => j.status === 'not-attempted' || j.status === 'failed')
    .map((j) => j.jobIdentifier);
  return (
    (started.length
      ? `Started before that: ${started.join(', ')} (they are running: do not start them again by hand).`
      : 'No job had been started.') +
    (unknown.length ? ` Sent but unanswered (they may have started): ${unknown.join(', ')}.` : '') +
    (rest.length ? ` Not started: ${rest.join(', ')}.` : '')
  );
}

/** What to do when the step's credentials ran out, by where they came from. */
function lapseAdvice(facts: CredentialFacts, code: string): string {
  if (code === CREDENTIALS_EXPIRED && expiredWhenRead(facts))
    return (
      'Re-run the whole job, so the step that makes them runs again; if they are in fact still valid, fix or unset ' +
      'a stale AWS_CREDENTIAL_EXPIRATION in the step that sets it.'
    );
  if (code === CREDENTIALS_EXPIRED)
    return (
      "Nothing here can renew credentials an earlier step exported: raise that step's role-duration-seconds " +
      "(configure-aws-credentials: 1 hour by default, up to the role's MaxSessionDuration), or give this step role-to-assume: " +
      'the action then renews its own role session for as long as the step runs. Re-running the step is safe: starting a job that is already running changes nothing.'
    );
  return facts.origin === 'role'
    ? 'The same workflow token assumed the role when the step began: a refusal now means the role, its trust policy or the OIDC provider changed during the step, or STS or GitHub failed past the retries. ' +
        'Fix what the renewal says, then re-run the step: starting a job that is already running changes nothing.'
    : "Renew the chain's source (aws sso login for an SSO profile, the web identity token file, the container's credentials), or give this step role-to-assume; then re-run the step: starting a job that is already running changes nothing.";
}

/**
 * The step's credentials ran out before it was done (a renewal failed, or the environment's expired): says so
 * first, with which credentials and when, names the jobs already started, then the cause and the fix.
 */
export function lapsedFailure(
  lapse: Lapse,
  facts: CredentialFacts,
  jobs: readonly { jobIdentifier: string; status: string }[],
): Failure {
  const { error, failure } = lapse;
  const expired = error.name === CREDENTIALS_EXPIRED;
  const lead = !expired
    ? `The step's credentials could not be renewed before they expired: ${credentialWords(facts)}. No request was signed after that. `
    : expiredWhenRead(facts)
      ? `The step's credentials had already expired when it read them: ${credentialWords(facts)}. Nothing was signed with them. `
      : `The step's credentials ran out before it was done: ${credentialWords(facts)}. No request was signed with them after that. `;
  const cause = typeof failure.text === 'string' ? [failure.text] : failure.text;
  const because = expired ? [] : ['The renewal failed: ', ...cause, ' '];
  return {
    code: expired ? CREDENTIALS_EXPIRED : failure.code,
    message: error.message,
    title: !expired
      ? `Credentials not renewed: ${failure.title}`
      : expiredWhenRead(facts)
        ? 'Credentials expired before the step began'
        : 'Credentials expired before the step was done',
    text: [lead + jobsSoFar(jobs) + ' ', ...because, lapseAdvice(facts, error.name)],
  };
}
