import { describe, expect, it } from 'vitest';
import {
  chainFailure,
  idTokenFailure,
  idTokenUnavailable,
  stsCallFailure,
  endpointVariableFailure,
} from '../../../src/aws/credential-failures.js';
import type { RoleConfig } from '../../../src/config/inputs.js';
import type { CallError } from '../../../src/http/call-error.js';
import { plainText, type Failure } from '../../../src/common/failure.js';
import type { FailedCall } from '../../../src/http/retry.js';

const role: RoleConfig = {
  roleArn: 'arn:aws-us-gov:iam::111122223333:role/partner-release',
  sessionName: 'GitHubActions-1',
  audience: 'sts.amazonaws.com',
  durationSeconds: 3600,
};
const claims = { sub: 'repo:octo/app:ref:refs/heads/main', aud: 'sts.amazonaws.com' };

/** Every word a failure shows, its snippets' code included. */
function words(failure: Failure): string {
  const out: string[] = [];
  const walk = (v: unknown): void => {
    if (typeof v === 'string') out.push(v);
    else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') Object.values(v).forEach(walk);
  };
  walk(failure);
  return out.join('\n');
}

/** The text as the annotation shows it, snippets in their places. */
const text = (failure: Failure): string => plainText(failure.text);

const refused = (name: string, over: Partial<CallError> = {}): FailedCall => ({
  ok: false,
  error: { name, message: 'no', status: 400, retryClass: 'client', requestId: 'sts-rid', ...over },
  attempts: 1,
  elapsedMs: 20,
  stop: 'client',
});

const sts = (outcome: FailedCall) => stsCallFailure(outcome, role, claims, 'us-gov-west-1', 60_000);

describe('chainFailure', () => {
  it('no credentials: names every source looked in, and both fixes (permissions + configure step, or role-to-assume)', () => {
    const f = chainFailure(new Error('Could not load credentials from any providers'));
    expect(f).toMatchObject({
      code: 'CredentialsProviderError',
      message: 'Could not load credentials from any providers',
      title: 'No AWS credentials found',
    });
    expect(text(f)).toContain('found none (Could not load credentials from any providers)');
    for (const source of [
      'AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY',
      'AWS_WEB_IDENTITY_TOKEN_FILE with AWS_ROLE_ARN',
      'AWS_PROFILE, ~/.aws',
      'AWS_CONTAINER_CREDENTIALS_*',
      'EC2 instance metadata',
    ])
      expect(text(f)).toContain(source);
    const all = words(f);
    expect(all).toContain('id-token: write');
    expect(all).toContain('aws-actions/configure-aws-credentials@v6');
    expect(all).toContain('role-to-assume: arn:aws:iam::111122223333:role/partner-release');
    expect(text(f)).toContain('give this step role-to-assume');
  });
  it('a lookup that ran out of time is a TimeoutError, told as such', () => {
    const late = Object.assign(new Error('no credentials within 5000 ms'), {
      name: 'TimeoutError',
    });
    const f = chainFailure(late);
    expect(f).toMatchObject({
      code: 'TimeoutError',
      message: 'no credentials within 5000 ms',
      title: 'Timed out looking for AWS credentials',
    });
    expect(text(f)).toContain('ran out of time (no credentials within 5000 ms)');
    expect(text(f)).not.toContain('found none');
  });
  it('reads anything thrown, made safe for one line', () => {
    expect(chainFailure('plain text\nsecond line').message).toBe('plain text second line');
    expect(chainFailure(undefined)).toMatchObject({
      code: 'CredentialsProviderError',
      message: 'undefined',
    });
  });
});

describe('the OIDC token', () => {
  it('unavailable: the job lacks id-token: write (and a fork gets none)', () => {
    const f = idTokenUnavailable(role);
    expect(f).toMatchObject({
      code: 'OIDCTokenUnavailable',
      message: 'ACTIONS_ID_TOKEN_REQUEST_URL is not set',
      title: 'This job may not request an OIDC token',
    });
    expect(text(f)).toContain(`role-to-assume (${role.roleArn}) needs the workflow's OIDC token`);
    expect(words(f)).toContain('id-token: write');
    expect(text(f)).toContain('triggered from a fork get no token');
  });
  it("refused: names the audience and GitHub's reason; anything thrown is read", () => {
    const f = idTokenFailure(new Error('HTTP 500 from the token service'), role);
    expect(f).toMatchObject({
      code: 'OIDCTokenError',
      message: 'HTTP 500 from the token service',
      title: 'Could not get the OIDC token',
    });
    expect(text(f)).toContain(
      'GitHub did not hand out an OIDC token for audience sts.amazonaws.com: HTTP 500 from the token service. Re-run the job',
    );
    expect(words(f)).toContain('id-token: write');
    expect(idTokenFailure('gone', role).message).toBe('gone');
  });
});

describe('endpointVariableFailure', () => {
  it('names the variable and what is wrong with it', () => {
    expect(endpointVariableFailure('AWS_ENDPOINT_URL_STS', 'is not an http(s) URL')).toEqual({
      code: 'InvalidInput',
      message: 'AWS_ENDPOINT_URL_STS is not an http(s) URL',
      title: 'Invalid AWS_ENDPOINT_URL_STS',
      text: 'The environment variable AWS_ENDPOINT_URL_STS is not an http(s) URL. Fix or unset it.',
    });
  });
});

describe('stsCallFailure', () => {
  it("AccessDenied: the trust policy, with the role's partition and account, the audience and this token's sub", () => {
    const f = sts(
      refused('AccessDenied', {
        message: 'Not authorized to perform sts:AssumeRoleWithWebIdentity',
      }),
    );
    expect(f).toMatchObject({
      code: 'AccessDenied',
      message: 'Not authorized to perform sts:AssumeRoleWithWebIdentity',
      title: 'Could not assume the role: AccessDenied',
    });
    expect(text(f)).toMatch(
      /^STS refused AssumeRoleWithWebIdentity for arn:aws-us-gov:iam::111122223333:role\/partner-release: AccessDenied: Not authorized to perform sts:AssumeRoleWithWebIdentity \(request id sts-rid\)\. The role's trust policy does not trust this workflow\./,
    );
    expect(text(f)).toContain('whose sub is repo:octo/app:ref:refs/heads/main');
    const all = words(f);
    expect(all).toContain(
      '"Federated": "arn:aws-us-gov:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"',
    );
    expect(all).toContain('"Action": "sts:AssumeRoleWithWebIdentity"');
    const snippets = Array.isArray(f.text) ? f.text.filter((p) => typeof p !== 'string') : [];
    expect(snippets).toHaveLength(1);
    expect(JSON.parse((snippets[0] as { code: string }).code)).toEqual({
      Effect: 'Allow',
      Principal: {
        Federated:
          'arn:aws-us-gov:iam::111122223333:oidc-provider/token.actions.githubusercontent.com',
      },
      Action: 'sts:AssumeRoleWithWebIdentity',
      Condition: {
        StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' },
        StringLike: {
          'token.actions.githubusercontent.com:sub': 'repo:octo/app:ref:refs/heads/main',
        },
      },
    });
    expect(all).toContain('"token.actions.githubusercontent.com:aud": "sts.amazonaws.com"');
    expect(all).toContain(
      '"token.actions.githubusercontent.com:sub": "repo:octo/app:ref:refs/heads/main"',
    );
  });
  it('AccessDenied without a readable token or a full role ARN: placeholders, never undefined', () => {
    const short = { ...role, roleArn: 'partner-release' };
    const all = words(
      stsCallFailure(refused('AccessDenied'), short, undefined, 'us-east-1', 60_000),
    );
    expect(all).toContain(
      '"Federated": "arn:aws:iam::<account-id>:oidc-provider/token.actions.githubusercontent.com"',
    );
    expect(all).toContain('"token.actions.githubusercontent.com:sub": "repo:OWNER/REPO:*"');
    expect(all).not.toContain('undefined');
  });
  it('InvalidIdentityToken: the account needs the OIDC provider with this audience, and the command that creates it', () => {
    const f = sts(refused('InvalidIdentityToken'));
    expect(text(f)).toContain(
      'account 111122223333 needs an IAM OIDC identity provider for https://token.actions.githubusercontent.com whose audiences include sts.amazonaws.com',
    );
    expect(text(f)).toContain(
      'aws iam create-open-id-connect-provider --url https://token.actions.githubusercontent.com --client-id-list sts.amazonaws.com',
    );
  });
  it.each(['ExpiredTokenException', 'ExpiredToken'])(
    '%s: the OIDC token expired; re-run, check the clock',
    (name) => {
      const f = sts(refused(name));
      expect(f.title).toBe(`Could not assume the role: ${name}`);
      expect(text(f)).toContain('The OIDC token expired before STS read it');
      expect(text(f)).toContain('a runner whose clock is far off causes this too');
    },
  );
  it('RegionDisabledException: the region and account, and the two ways out', () => {
    const f = sts(refused('RegionDisabledException'));
    expect(text(f)).toContain('STS is not activated in us-gov-west-1 for account 111122223333');
    expect(text(f)).toContain('activate the region in IAM account settings');
    expect(text(f)).toContain('set AWS_ENDPOINT_URL_STS to an STS endpoint of an active region');
  });
  it('ValidationError about the duration: role-duration-seconds against MaxSessionDuration', () => {
    const f = sts(
      refused('ValidationError', {
        message: 'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.',
      }),
    );
    expect(text(f)).toContain(
      "role-duration-seconds (3600) is more than the role's maximum session duration: lower it, or raise the role's MaxSessionDuration.",
    );
  });
  it('any other ValidationError: check role-to-assume and role-session-name', () => {
    const f = sts(refused('ValidationError', { message: 'RoleSessionName is invalid' }));
    expect(text(f)).toMatch(/Check role-to-assume and role-session-name\.$/);
    expect(text(f)).not.toContain('role-duration-seconds');
  });
  it('an unknown refusal, without a request id: the general advice', () => {
    const f = sts(refused('PackedPolicyTooLarge', { requestId: undefined }));
    expect(text(f)).toBe(
      "STS refused AssumeRoleWithWebIdentity for arn:aws-us-gov:iam::111122223333:role/partner-release: PackedPolicyTooLarge: no. Check role-to-assume, audience and the role's trust policy.",
    );
  });
  it('retries that ran out are told as for any service, naming STS, with no advice of its own', () => {
    const throttled: FailedCall = {
      ok: false,
      error: {
        name: 'Throttling',
        message: 'Rate exceeded',
        status: 400,
        retryClass: 'throttling',
      },
      attempts: 4,
      elapsedMs: 60_000,
      stop: 'deadline',
    };
    const f = sts(throttled);
    expect(f.title).toBe('Timed out: Throttling');
    expect(text(f)).toMatch(/^timeout-seconds \(60\) ran out after 4 attempts in 60\.0 s/);
    expect(text(f)).toContain('STS throttled every attempt');
    expect(text(f)).not.toContain('trust policy');
  });
});
