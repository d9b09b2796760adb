// End to end: role-to-assume through the GitHub OIDC token endpoint and STS emulators, and every credential failure.
import { beforeEach, describe, expect, it } from 'vitest';
import { AWS_JOB, defaultEmulatorOptions } from '../emulator/fixtures.mjs';
import { visibleText, type RunOutcome } from '../emulator/run-dist.mjs';
import { stepAgainst, usePartnerCentral, useRoleEmulators } from './emulator.js';

const ROLE = 'arn:aws:iam::111122223333:role/partner-release';
const SUB = 'repo:octo-org/partner-release:ref:refs/heads/main';

// Partner Central knows no credentials but those STS issues.
const pc = usePartnerCentral({ ...defaultEmulatorOptions(), credentials: [] });
const role = useRoleEmulators(pc, {
  sub: SUB,
  roles: {
    [ROLE]: {
      audience: 'sts.amazonaws.com',
      subPattern: /^repo:octo-org\/partner-release:/,
      maxSessionDuration: 3600,
    },
    'arn:aws:iam::111122223333:role/custom-audience': {
      audience: 'partner-central',
      subPattern: /.*/,
      maxSessionDuration: 7200,
    },
  },
});
let oidc: ReturnType<typeof role.oidc>;
let sts: ReturnType<typeof role.sts>;
beforeEach(() => {
  oidc = role.oidc();
  sts = role.sts();
  oidc.state.failStatus = 0;
  oidc.state.sub = SUB;
});

const oidcEnv = () => role.env();
const start = (
  inputs: Record<string, string> = {},
  env: Record<string, string | undefined> = oidcEnv(),
) =>
  // Only the required inputs and role-to-assume; the rest arrive as the runner sends them, with their defaults.
  stepAgainst(
    pc(),
    { catalog: 'AWS', 'job-identifier': AWS_JOB, 'role-to-assume': ROLE, ...inputs },
    env,
  );

/** Nothing visible may hold the OIDC token, the runtime token or any issued credential. */
function expectNothingSecret(run: RunOutcome) {
  const visible = visibleText(run);
  const tokens = sts.requests.map((r) => r.form.WebIdentityToken).filter(Boolean);
  const secrets = [
    ...tokens,
    oidc.runtimeToken,
    ...sts.issued.flatMap((c) => [c.secretAccessKey, c.sessionToken]),
  ];
  for (const s of secrets) expect(visible).not.toContain(s);
  // A JWT is recognisable even when cut: its header never shows either.
  expect(visible).not.toContain('eyJhbGciOi');
}

describe('role-to-assume', () => {
  it('gets the OIDC token, assumes the role, and signs the Partner Central request with the role session', async () => {
    const run = await start({}, { ...oidcEnv(), RUNNER_DEBUG: '1' });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(oidc.requests).toEqual([
      {
        path: '/token',
        audience: 'sts.amazonaws.com',
        authorization: `Bearer ${oidc.runtimeToken}`,
      },
    ]);
    expect(sts.requests).toHaveLength(1);
    expect(sts.requests[0]!.form).toMatchObject({
      Action: 'AssumeRoleWithWebIdentity',
      RoleArn: ROLE,
      RoleSessionName: 'GitHubActions-partner-release-4242',
      DurationSeconds: '900',
    });
    const issued = sts.issued[0]!;
    expect(pc().requests).toHaveLength(1);
    expect(pc().requests[0]!.signatureValid).toBe(true);
    expect(pc().requests[0]!.headers['x-amz-security-token']).toBe(issued.sessionToken);
    expect(pc().requests[0]!.headers.authorization).toContain(`Credential=${issued.accessKeyId}/`);
    expect(run.outputs).toMatchObject({
      'aws-account-id': '111122223333',
      'assumed-role-arn':
        'arn:aws:sts::111122223333:assumed-role/partner-release/GitHubActions-partner-release-4242',
      'error-code': '',
    });
    for (const secret of [
      issued.secretAccessKey,
      issued.sessionToken,
      sts.requests[0]!.form.WebIdentityToken,
    ])
      expect(run.stdout).toContain(`::add-mask::${secret}`);
    expectNothingSecret(run);
    expect(run.summary).toContain('assumed-role/partner-release');
  });

  it('a dry run assumes the role (proving the trust policy) and reads the job, starting nothing', async () => {
    const run = await start({ 'dry-run': 'true', 'describe-job': 'true' });
    expect(run.code).toBe(0);
    expect(sts.requests).toHaveLength(1);
    expect(pc().requests.map((r) => r.operation)).toEqual([
      'GetSellingSystemSettings',
      'GetResourceSnapshotJob',
    ]);
    expect(pc().requests[0]!.signatureValid).toBe(true);
    expect(pc().requests[0]!.headers['x-amz-security-token']).toBe(sts.issued.at(-1)!.sessionToken);
    expect(run.outputs).toMatchObject({
      'aws-account-id': '111122223333',
      attempts: '0',
      'job-status': 'Stopped',
      'started-count': '0',
    });
    expect(JSON.parse(run.outputs.results!)[0]).toMatchObject({ status: 'dry-run' });
    // The preview shows the session token as *** like the signature.
    expect(run.summary).toContain('x-amz-security-token: ***');
    expect(run.summary).toContain('nothing was started');
    expectNothingSecret(run);
  });

  it('passes audience, role-session-name and role-duration-seconds through', async () => {
    const run = await start({
      'role-to-assume': 'arn:aws:iam::111122223333:role/custom-audience',
      audience: 'partner-central',
      'role-session-name': 'release-42',
      'role-duration-seconds': '7200',
    });
    expect(run.code).toBe(0);
    expect(oidc.requests[0]!.audience).toBe('partner-central');
    expect(sts.requests[0]!.form).toMatchObject({
      RoleSessionName: 'release-42',
      DurationSeconds: '7200',
    });
  });

  it('falls back to AWS_ENDPOINT_URL for STS', async () => {
    const run = await start(
      {},
      { ...oidcEnv(), AWS_ENDPOINT_URL_STS: undefined, AWS_ENDPOINT_URL: sts.url },
    );
    expect(run.code).toBe(0);
    expect(sts.requests).toHaveLength(1);
  });

  it('retries STS throttling and transient faults under the same policy', async () => {
    sts.script(
      { code: 'Throttling', status: 400, message: 'Rate exceeded' },
      { code: 'InternalFailure', status: 500 },
    );
    const run = await start();
    expect(run.code).toBe(0);
    expect(sts.requests).toHaveLength(3);
    expect(run.stdout).toMatch(/AssumeRoleWithWebIdentity: attempt 1 failed with Throttling/);
  });
});

describe('credential failures each get their own explanation', () => {
  it('no id-token permission: says so, with the YAML to add, and calls nothing', async () => {
    const run = await start({}, { AWS_ENDPOINT_URL_STS: sts.url });
    expect(run.code).toBe(1);
    expect(run.errors).toHaveLength(1);
    expect(run.errors[0]!.title).toBe('This job may not request an OIDC token');
    expect(run.errors[0]!.message).toContain(
      '\n    permissions:\n      id-token: write\n      contents: read\n',
    );
    expect(run.outputs['error-code']).toBe('OIDCTokenUnavailable');
    expect(sts.requests).toHaveLength(0);
    expect(pc().requests).toHaveLength(0);
  });

  it('the token endpoint failing', async () => {
    oidc.state.failStatus = 500;
    const run = await start();
    expect(run.code).toBe(1);
    expect(run.errors[0]!.title).toBe('Could not get the OIDC token');
    expect(run.outputs['error-code']).toBe('OIDCTokenError');
    expect(sts.requests).toHaveLength(0);
  });

  it('AccessDenied: the trust policy to write, with the actual sub of this token', async () => {
    oidc.state.sub = 'repo:octo-org/partner-release:pull_request';
    const run = await start({ 'role-to-assume': 'arn:aws:iam::111122223333:role/other-role' });
    expect(run.code).toBe(1);
    expect(run.errors).toHaveLength(1);
    const { title, message } = run.errors[0]!;
    expect(title).toBe('Could not assume the role: AccessDenied');
    expect(message).toContain('sub is repo:octo-org/partner-release:pull_request');
    // The statement is an indented code block that parses as the JSON to paste into the trust policy.
    const statement = message
      .split('\n')
      .filter((l) => l.startsWith('    '))
      .join('\n');
    expect(JSON.parse(statement)).toEqual({
      Effect: 'Allow',
      Principal: {
        Federated: 'arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com',
      },
      Action: 'sts:AssumeRoleWithWebIdentity',
      Condition: {
        StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' },
        StringLike: {
          'token.actions.githubusercontent.com:sub': 'repo:octo-org/partner-release:pull_request',
        },
      },
    });
    expect(run.summary).toContain('<pre><code>{\n  &quot;Effect&quot;: &quot;Allow&quot;,');
    expect(run.outputs['error-code']).toBe('AccessDenied');
    // request-id is StartResourceSnapshotJob's alone; STS's id is in the annotation.
    expect(run.outputs['request-id']).toBe('');
    expect(run.errors[0]?.message).toMatch(/request id [0-9a-f-]{36}/);
    expect(run.outputs.attempts).toBe('1');
    expect(pc().requests).toHaveLength(0);
    expectNothingSecret(run);
  });

  it.each([
    [
      'InvalidIdentityToken',
      /create-open-id-connect-provider --url https:\/\/token.actions.githubusercontent.com --client-id-list sts.amazonaws.com/,
    ],
    ['ExpiredTokenException', /expired before STS read it/],
    ['RegionDisabledException', /STS is not activated in us-east-1 for account 111122223333/],
  ])('%s', async (code, text) => {
    sts.script({ code, status: code === 'RegionDisabledException' ? 403 : 400 });
    const run = await start();
    expect(run.code).toBe(1);
    expect(run.errors).toHaveLength(1);
    expect(run.errors[0]!.title).toBe(`Could not assume the role: ${code}`);
    expect(run.errors[0]!.message).toMatch(text);
    expect(sts.requests).toHaveLength(1);
    expectNothingSecret(run);
  });

  it('a duration above the role maximum', async () => {
    const run = await start({ 'role-duration-seconds': '7200' });
    expect(run.code).toBe(1);
    expect(run.errors[0]!.message).toContain(
      "role-duration-seconds (7200) is more than the role's maximum session duration",
    );
  });

  it('the token endpoint refusing the runtime token', async () => {
    const run = await start(
      {},
      { ...oidcEnv(), ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'wrong-runtime-token' },
    );
    expect(run.code).toBe(1);
    expect(run.errors[0]!.title).toBe('Could not get the OIDC token');
  });

  it.each([
    ['UnrecognizedClientException', 'does not know the access key ID'],
    ['ExpiredTokenException', 'AWS refused them as expired: the role session'],
    ['InvalidSignatureException', 'secret access key does not match'],
  ])('Partner Central rejecting the assumed credentials: %s', async (code, text) => {
    pc().script({ error: code, status: 400, message: 'rejected' });
    const run = await start();
    expect(run.code).toBe(1);
    expect(run.errors[0]!.title).toBe(code);
    expect(run.errors[0]!.message).toContain(text);
    expect(run.outputs['aws-account-id']).toBe('111122223333');
    // Who signed: the session this step assumed.
    expect(run.errors[0]!.message).toContain(
      'arn:aws:sts::111122223333:assumed-role/partner-release/GitHubActions-partner-release-4242',
    );
  });
});
