import { createSecrets } from '../../../src/common/secrets.js';
import { BACKOFF } from '../../../src/common/tunables.js';
import { describe, expect, it } from 'vitest';
import {
  resolveCredentials,
  resolveStsEndpoint,
  type CredentialSources,
} from '../../../src/aws/resolve-credentials.js';
import { fakeTiming } from '../fake-timing.js';
import {
  EARLIER_STEP,
  githubJwt,
  longTermCredentials,
  stsSessionToken,
  temporaryCredentials,
} from '../../fixtures/real-secrets.mjs';

// Credentials as the chain finds them, shaped as real ones (test/fixtures/real-secrets.mjs).
const CHAIN = longTermCredentials('resolve-credentials.test');
import type { RoleConfig } from '../../../src/config/inputs.js';
import { silentLog } from '../../../src/common/log.js';
import { plainText } from '../../../src/common/failure.js';
import type { CallDeps } from '../../../src/http/send-with-retry.js';
import type { HttpResponse, OutgoingRequest } from '../../../src/http/transport.js';

const role = {
  roleArn: 'arn:aws:iam::111122223333:role/release',
  sessionName: 'GitHubActions-r-1',
  audience: 'sts.amazonaws.com',
  durationSeconds: 900,
};
const TOKEN = githubJwt({ sub: 'repo:octo/r:ref:refs/heads/main', aud: 'sts.amazonaws.com' });
// What STS issues for the role; the secret key, derived from the fixture's, holds an '&' the reply escapes.
const ISSUED = temporaryCredentials('resolve-credentials.assumed');
const ASSUMED = {
  ...ISSUED,
  secretAccessKey: `${ISSUED.secretAccessKey.slice(0, 20)}&${ISSUED.secretAccessKey.slice(21)}`,
};
const stsOk = `<AssumeRoleWithWebIdentityResponse><AssumeRoleWithWebIdentityResult><Credentials>
<AccessKeyId>${ASSUMED.accessKeyId}</AccessKeyId><SecretAccessKey>${ASSUMED.secretAccessKey.replace('&', '&amp;')}</SecretAccessKey><SessionToken>${ASSUMED.sessionToken}</SessionToken><Expiration>2026-11-26T13:00:00Z</Expiration>
</Credentials><AssumedRoleUser><Arn>arn:aws:sts::111122223333:assumed-role/release/GitHubActions-r-1</Arn></AssumedRoleUser></AssumeRoleWithWebIdentityResult></AssumeRoleWithWebIdentityResponse>`;
const stsError = (code: string, message: string, status = 403) => ({
  status,
  headers: { 'x-amzn-requestid': 'sts-rid' },
  body: `<ErrorResponse><Error><Type>Sender</Type><Code>${code}</Code><Message>${message}</Message></Error><RequestId>sts-rid</RequestId></ErrorResponse>`,
});

function setup(replies: HttpResponse[], sourceOver: Partial<CredentialSources> = {}) {
  const masked: string[] = [];
  const sent: OutgoingRequest[] = [];
  const timing = fakeTiming();
  const deps: CallDeps = {
    transport: (req) => {
      sent.push(req);
      const next = replies.shift();
      return next
        ? Promise.resolve({ ok: true, response: next })
        : Promise.reject(new Error('no reply scripted'));
    },
    timing,
    clock: { offsetMs: 0 },
    log: silentLog,
    secrets: createSecrets((v) => masked.push(v)),
  };
  const sources: CredentialSources = {
    chain: () => Promise.resolve({ ...CHAIN }),
    chainSecrets: () => Promise.resolve([]),
    getIdToken: () => Promise.resolve(TOKEN),
    idTokenAvailable: true,
    env: {},
    ...sourceOver,
  };
  const policy = {
    maxAttempts: 3 as const,
    deadlineAt: timing.now() + 60_000,
    attemptTimeoutMs: 30_000,
  };
  /** The request every case makes: us-east-1, 60 s, with role-to-assume when given one. */
  const resolve = (withRole?: RoleConfig) =>
    resolveCredentials(
      { region: 'us-east-1', partition: 'aws', role: withRole, policy, timeoutMs: 60_000 },
      sources,
      deps,
    );
  return { masked, sent, deps, sources, policy, resolve };
}

describe('resolveCredentials: the standard chain', () => {
  it('returns and masks the chain credentials', async () => {
    const s = setup([]);
    const out = await s.resolve();
    expect(out).toMatchObject({ ok: true, credentials: CHAIN });
    expect(s.masked).toEqual([CHAIN.accessKeyId, CHAIN.secretAccessKey]);
    expect(s.sent).toEqual([]);
  });
  it('refuses a plain-http STS for the chain too, before the chain runs', async () => {
    let ran = false;
    const s = setup([], {
      env: { AWS_ENDPOINT_URL_STS: 'http://sts.example.test' },
      chain: () => {
        ran = true;
        return Promise.resolve({ ...CHAIN });
      },
    });
    const out = await s.resolve();
    expect(ran).toBe(false);
    expect(out).toMatchObject({
      ok: false,
      failure: {
        code: 'InvalidInput',
        title: 'Invalid AWS_ENDPOINT_URL_STS',
        message: expect.stringMatching(
          /^AWS_ENDPOINT_URL_STS uses plain http to a host that is not a literal loopback address/,
        ) as string,
      },
    });
    const local = setup([], { env: { AWS_ENDPOINT_URL_STS: 'http://127.0.0.1:9' } });
    expect((await local.resolve()).ok).toBe(true);
  });
  it('refuses a plain-http SSO endpoint for the chain, naming the variable', async () => {
    const s = setup([], { env: { AWS_ENDPOINT_URL_SSO: 'http://portal.sso.example.test:8080' } });
    expect(await s.resolve()).toMatchObject({
      ok: false,
      failure: { title: 'Invalid AWS_ENDPOINT_URL_SSO' },
    });
  });
  it("knows the chain's own secrets before the chain runs: what quotes one is the service's text, which the sinks scrub", async () => {
    const sourceToken = stsSessionToken('source-profile').slice(0, 200);
    const s = setup([], {
      chainSecrets: () => Promise.resolve([sourceToken]),
      chain: () =>
        Promise.reject(new Error(`STS: User with session ${sourceToken} is not authorized`)),
    });
    const out = await s.resolve();
    expect(JSON.stringify(out)).toContain(`User with session ${sourceToken} is not authorized`);
    const shown = s.deps.secrets.scrub(JSON.stringify(out));
    expect(shown).not.toContain(sourceToken.slice(40, 52));
    expect(shown).toContain('User with session *** is not authorized');
  });
  it('masks chain credentials even when they share the STS prefix with an earlier step’s', async () => {
    const s = setup([], { chain: () => Promise.resolve({ ...EARLIER_STEP }) });
    const out = await s.resolve();
    expect(out).toMatchObject({ ok: true, credentials: EARLIER_STEP });
    expect(s.masked).toEqual([
      EARLIER_STEP.accessKeyId,
      EARLIER_STEP.secretAccessKey,
      EARLIER_STEP.sessionToken,
    ]);
  });
  it('explains an empty chain', async () => {
    const s = setup([], {
      chain: () =>
        Promise.reject(
          Object.assign(new Error('Could not load credentials from any providers'), {
            name: 'CredentialsProviderError',
          }),
        ),
    });
    const out = await s.resolve();
    expect(out.ok).toBe(false);
    if (out.ok) return;
    expect(out.failure.code).toBe('CredentialsProviderError');
    expect(plainText(out.failure.text)).toContain('AWS_ACCESS_KEY_ID');
    expect(plainText(out.failure.text)).toContain('aws-actions/configure-aws-credentials');
    expect(plainText(out.failure.text)).toContain('role-to-assume');
  });
});

describe('resolveCredentials: role-to-assume', () => {
  it('assumes the role with the OIDC token and masks everything first', async () => {
    const s = setup([{ status: 200, headers: { 'x-amzn-requestid': 'r' }, body: stsOk }]);
    const out = await s.resolve(role);
    expect(out).toMatchObject({
      ok: true,
      credentials: ASSUMED,
      assumed: {
        accountId: '111122223333',
        assumedRoleArn: 'arn:aws:sts::111122223333:assumed-role/release/GitHubActions-r-1',
      },
    });
    expect(s.masked).toEqual([
      TOKEN,
      ASSUMED.accessKeyId,
      ASSUMED.secretAccessKey,
      ASSUMED.sessionToken,
    ]);
    expect(s.sent[0]?.url.href).toBe('https://sts.us-east-1.amazonaws.com/');
    const form = new URLSearchParams(s.sent[0]?.body);
    expect(Object.fromEntries(form)).toEqual({
      Action: 'AssumeRoleWithWebIdentity',
      Version: '2011-06-15',
      RoleArn: role.roleArn,
      RoleSessionName: role.sessionName,
      DurationSeconds: '900',
      WebIdentityToken: TOKEN,
    });
  });

  it('requests the OIDC token for the role audience under the step policy and call deps', async () => {
    const calls: unknown[][] = [];
    const s = setup([{ status: 200, headers: {}, body: stsOk }], {
      getIdToken: (...args) => {
        calls.push(args);
        return Promise.resolve(TOKEN);
      },
    });
    await s.resolve(role);
    expect(calls).toEqual([[role.audience, s.policy, s.deps]]);
  });

  it('retries STS throttling under the same policy', async () => {
    const s = setup([
      stsError('Throttling', 'Rate exceeded', 400),
      { status: 200, headers: {}, body: stsOk },
    ]);
    const out = await s.resolve(role);
    expect(out).toMatchObject({ ok: true, attempts: 2 });
  });

  it('says how to grant id-token: write when the job cannot get a token', async () => {
    const s = setup([], { idTokenAvailable: false });
    const out = await s.resolve(role);
    expect(!out.ok && plainText(out.failure.text)).toContain('id-token: write');
    expect(!out.ok && out.failure.code).toBe('OIDCTokenUnavailable');
  });

  it('explains AccessDenied with the trust policy and the token sub, never the token', async () => {
    const s = setup([
      stsError('AccessDenied', 'Not authorized to perform sts:AssumeRoleWithWebIdentity'),
    ]);
    const out = await s.resolve(role);
    expect(out.ok).toBe(false);
    if (out.ok) return;
    expect(out.failure.title).toBe('Could not assume the role: AccessDenied');
    expect(plainText(out.failure.text)).toContain('repo:octo/r:ref:refs/heads/main');
    // The statement is a code block (four-space indent) that parses as the JSON a user pastes.
    const block = plainText(out.failure.text)
      .split('\n')
      .filter((l) => l.startsWith('    '))
      .map((l) => l.slice(4))
      .join('\n');
    expect(JSON.parse(block)).toMatchObject({
      Action: 'sts:AssumeRoleWithWebIdentity',
      Condition: {
        StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' },
        StringLike: {
          'token.actions.githubusercontent.com:sub': 'repo:octo/r:ref:refs/heads/main',
        },
      },
    });
    expect(plainText(out.failure.text)).toContain(
      'arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com',
    );
    expect(plainText(out.failure.text)).not.toContain(TOKEN);
    expect(out.requestId).toBe('sts-rid');
  });

  it.each([
    ['InvalidIdentityToken', /create-open-id-connect-provider/],
    ['ExpiredTokenException', /expired/],
    ['RegionDisabledException', /not activated in us-east-1/],
  ])('explains %s', async (code, text) => {
    const s = setup([stsError(code, 'nope', 400)]);
    const out = await s.resolve(role);
    expect(!out.ok && out.failure.code).toBe(code);
    expect(!out.ok && out.failure.text).toMatch(text);
  });

  it('honours AWS_ENDPOINT_URL_STS, then AWS_ENDPOINT_URL, and refuses plain http to a remote host', () => {
    expect(
      resolveStsEndpoint(
        { AWS_ENDPOINT_URL_STS: 'http://127.0.0.1:9/', AWS_ENDPOINT_URL: 'https://x' },
        'us-east-1',
        'aws',
      ).url?.href,
    ).toBe('http://127.0.0.1:9/');
    expect(
      resolveStsEndpoint({ AWS_ENDPOINT_URL: 'https://gw.example/' }, 'us-east-1', 'aws').url?.href,
    ).toBe('https://gw.example/');
    expect(resolveStsEndpoint({}, 'cn-north-1', 'aws-cn').url?.href).toBe(
      'https://sts.cn-north-1.amazonaws.com.cn/',
    );
    expect(
      resolveStsEndpoint({ AWS_ENDPOINT_URL_STS: 'http://sts.example' }, 'us-east-1', 'aws')
        .problem,
    ).toMatch(/https/);
  });
});

describe('resolveCredentials: STS retries exhausted', () => {
  it('says STS gave up after the attempts, and on a deadline names timeout-seconds', async () => {
    const s = setup([
      stsError('Throttling', 'Rate exceeded', 400),
      stsError('Throttling', 'Rate exceeded', 400),
    ]);
    const out = await resolveCredentials(
      {
        region: 'us-east-1',
        partition: 'aws',
        role,
        policy: { ...s.policy, maxAttempts: 2 },
        timeoutMs: 60_000,
      },
      s.sources,
      s.deps,
    );
    expect(!out.ok && out.failure.title).toBe('Throttling: gave up after 2 attempts');
    expect(!out.ok && out.failure.text).toMatch(
      /^Gave up after 2 attempts in \d+\.\d s; STS answered the last with Throttling/,
    );
    // Only BACKOFF.minAttemptMs left: the retry is the last attempt that fits, sent at once.
    const late = setup([
      stsError('Throttling', 'Rate exceeded', 400),
      stsError('Throttling', 'Rate exceeded', 400),
    ]);
    const timedOut = await resolveCredentials(
      {
        region: 'us-east-1',
        partition: 'aws',
        role,
        policy: {
          ...late.policy,
          maxAttempts: 5,
          deadlineAt: late.deps.timing.now() + BACKOFF.minAttemptMs,
        },
        timeoutMs: 42_000,
      },
      late.sources,
      late.deps,
    );
    expect(!timedOut.ok && timedOut.failure.title).toBe('Timed out: Throttling');
    expect(!timedOut.ok && timedOut.failure.text).toContain(
      'timeout-seconds (42) ran out after 2 attempts',
    );
  });
});
