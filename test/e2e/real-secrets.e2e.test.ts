// End to end with secrets shaped as real runners and STS hand them out (test/fixtures/real-secrets.mjs): data the
// action signs with, hands to STS or writes is exactly what came; only what is shown is scrubbed.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AWS_JOB, defaultEmulatorOptions, TEMPORARY } from '../emulator/fixtures.mjs';
import {
  EARLIER_STEP,
  GITHUB_JWT_HEAD,
  PROXY_PASSWORD,
  earlierStepEnv,
  leakedRun,
  proxyWithoutScheme,
} from '../fixtures/real-secrets.mjs';
import { visibleText, type RunOutcome } from '../emulator/run-dist.mjs';
import { startOidc, startSts } from '../emulator/sts-oidc.mjs';
import { credentialEnv, stepAgainst, usePartnerCentral } from './emulator.js';

const ROLE = 'arn:aws:iam::111122223333:role/partner-release';
const SUB = 'repo:octo-org/partner-release:ref:refs/tags/v1.4.0';

const pc = usePartnerCentral({
  ...defaultEmulatorOptions(),
  credentials: [...defaultEmulatorOptions().credentials],
});
let oidc: Awaited<ReturnType<typeof startOidc>>;
let sts: Awaited<ReturnType<typeof startSts>>;
const dirs: string[] = [];

beforeAll(async () => {
  oidc = await startOidc({ sub: SUB });
  sts = await startSts({
    oidc,
    roles: {
      [ROLE]: {
        audience: 'sts.amazonaws.com',
        subPattern: /^repo:octo-org\//,
        maxSessionDuration: 3600,
      },
    },
    onIssue: (c: { accessKeyId: string; secretAccessKey: string; sessionToken: string }) =>
      pc().addCredentials(c),
  });
});
afterAll(async () => {
  await Promise.all([oidc.close(), sts.close()]);
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
beforeEach(() => {
  sts.reset();
  sts.issued.length = 0;
  oidc.requests.length = 0;
  oidc.issued.length = 0;
});

/** The runner's OIDC variables: ACTIONS_ID_TOKEN_REQUEST_TOKEN is ACTIONS_RUNTIME_TOKEN, a JWT with GitHub's header. */
const runnerOidcEnv = () => ({
  ACTIONS_ID_TOKEN_REQUEST_URL: oidc.requestUrl,
  ACTIONS_ID_TOKEN_REQUEST_TOKEN: oidc.runtimeToken,
  ACTIONS_RUNTIME_TOKEN: oidc.runtimeToken,
  AWS_ENDPOINT_URL_STS: sts.url,
});

const roleStep = (env: Record<string, string>, inputs: Record<string, string> = {}) =>
  stepAgainst(
    pc(),
    { catalog: 'AWS', 'job-identifier': AWS_JOB, 'role-to-assume': ROLE, ...inputs },
    env,
  );

/** Every secret of the step: none may show, whole or as any 12-character run. */
function expectNoRunOf(run: RunOutcome, secrets: string[]) {
  const visible = visibleText(run);
  expect(leakedRun(visible, secrets)).toBeUndefined();
}

describe('role-to-assume with the tokens a real runner holds', () => {
  it('the request token and the ID token share GitHub’s JWT header: STS gets exactly the token issued', async () => {
    expect(oidc.runtimeToken.startsWith(`${GITHUB_JWT_HEAD}.`)).toBe(true);
    const run = await roleStep(runnerOidcEnv());
    expect(run.errors).toEqual([]);
    expect(run.code).toBe(0);
    expect(oidc.issued).toHaveLength(1);
    const idToken = oidc.issued[0]!;
    // The whole JOSE header (~140 characters) in common with the runner's token: what an inlet gate corrupts.
    const shared = GITHUB_JWT_HEAD.length + 1;
    expect(shared).toBeGreaterThan(120);
    expect(idToken.slice(0, shared)).toBe(oidc.runtimeToken.slice(0, shared));
    expect(sts.requests[0]!.form.WebIdentityToken).toBe(idToken);
    const issued = sts.issued[0]!;
    expect(pc().requests[0]!.headers['x-amz-security-token']).toBe(issued.sessionToken);
    expect(pc().requests[0]!.signatureValid).toBe(true);
    expect(run.outputs['started-count']).toBe('1');
    expectNoRunOf(run, [idToken, oidc.runtimeToken, issued.secretAccessKey, issued.sessionToken]);
  });

  it('after configure-aws-credentials left a session token: signs with exactly the credentials STS returned', async () => {
    const run = await roleStep({ ...runnerOidcEnv(), ...earlierStepEnv() });
    expect(run.errors).toEqual([]);
    expect(run.code).toBe(0);
    const issued = sts.issued[0]!;
    // Both tokens start with the prefix every STS session token has.
    expect(issued.sessionToken.slice(0, 40)).toBe(EARLIER_STEP.sessionToken.slice(0, 40));
    const sent = pc().requests[0]!;
    expect(sent.headers['x-amz-security-token']).toBe(issued.sessionToken);
    expect(sent.headers.authorization).toContain(`Credential=${issued.accessKeyId}/`);
    expect(sent.signatureValid).toBe(true);
    expectNoRunOf(run, [
      issued.secretAccessKey,
      issued.sessionToken,
      EARLIER_STEP.secretAccessKey,
      EARLIER_STEP.sessionToken,
    ]);
  });
});

/** A GetResourceSnapshot reply as text, with what a parse and re-serialise would change. */
function hostileSnapshotReply(): string {
  return (
    '{"Catalog":"AWS","Arn":"arn:aws:partnercentral:us-east-1:123456789012:catalog/AWS/engagement/eng-0123456789abcd/resource-snapshot/Opportunity/O1234567/Template1/7",' +
    '"CreatedBy":"arn:aws:iam::123456789012:root", "CreatedAt":"2026-11-30T09:15:00Z",\n' +
    '  "EngagementId":"eng-0123456789abcd","ResourceType":"Opportunity","ResourceId":"O1234567","ResourceSnapshotTemplateName":"Template1",\n' +
    '  "Revision":7,"Payload":{"OpportunitySummary":{"Project":{"ExpectedCustomerSpend":[{"Amount":"18500","BigCount":12345678901234567890123,' +
    '"Ratio":0.1000000000000000055511151231257827,"Huge":1e400}],' +
    '"CustomerUseCase":"Rotate keys: signature=0123456789abcdef0123456789abcdef, see ?credential=AKIAEXAMPLE/20261130 and x-amz-security-token: none",' +
    '"Escapes":"caf\\u00e9 \\u2028 line\\/slash \\"quoted\\"","Dup":"first","Dup":"second"}}},\n' +
    '  "TargetMemberAccounts":["111122223333"]}\n'
  );
}

describe('the snapshot file is the reply', () => {
  it('a dry run with wait-for-snapshot and snapshot-directory writes the GetResourceSnapshot reply byte for byte', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'snap-exact-'));
    dirs.push(dir);
    pc().addJob('AWS', AWS_JOB, { snapshots: [7] });
    const raw = hostileSnapshotReply();
    // The catalog's settings and the job are the service's own answers; the snapshot is the hostile reply.
    pc().script(
      { pass: true },
      { pass: true },
      { body: raw, headers: { 'content-type': 'application/x-amz-json-1.0' } },
    );
    const run = await stepAgainst(
      pc(),
      {
        catalog: 'AWS',
        'job-identifier': AWS_JOB,
        'dry-run': 'true',
        'wait-for-snapshot': '60',
        'snapshot-directory': dir,
      },
      credentialEnv(),
    );
    expect(run.errors).toEqual([]);
    expect(run.code).toBe(0);
    expect(pc().requests.map((r) => r.operation)).toEqual([
      'GetSellingSystemSettings',
      'GetResourceSnapshotJob',
      'GetResourceSnapshot',
    ]);
    const written = readFileSync(path.join(dir, `${AWS_JOB}.json`));
    expect(written.equals(Buffer.from(raw, 'utf8'))).toBe(true);
    expect(run.outputs['snapshot-revision']).toBe('7');
  });
});

describe('a snapshot that holds a secret of the step', () => {
  it('is not written: that job fails SnapshotHoldsSecret, the other job’s file and the outputs stand', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'snap-secret-'));
    dirs.push(dir);
    const quoting = 'job-quotes0token1';
    const clean = 'job-clean00000001';
    // The partner's data quotes the session token this step signs with (an earlier step's).
    pc().addJob('AWS', quoting, {
      ResourceId: 'O2000001',
      snapshots: [
        { revision: 3, payload: { Notes: `rotated ${TEMPORARY.sessionToken.slice(100, 140)}` } },
      ],
    });
    pc().addJob('AWS', clean, { ResourceId: 'O2000002', snapshots: [5] });
    const run = await stepAgainst(
      pc(),
      {
        catalog: 'AWS',
        'job-identifier': `${quoting},${clean}`,
        'dry-run': 'true',
        'wait-for-snapshot': '30',
        'snapshot-directory': dir,
      },
      credentialEnv(TEMPORARY),
    );
    expect(run.code).toBe(1);
    const results = JSON.parse(run.outputs.results!) as Record<string, string>[];
    expect(
      results.map((r) => [r['job-identifier'], r['error-code'], r['snapshot-revision']]),
    ).toEqual([
      [quoting, 'SnapshotHoldsSecret', '3'],
      [clean, '', '5'],
    ]);
    expect(readdirSync(dir)).toEqual([`${clean}.json`]);
    expect(run.errors[0]?.message).toContain('still readable through the API');
    expectNoRunOf(run, [TEMPORARY.sessionToken, TEMPORARY.secretAccessKey]);
  });
});

describe('egress hygiene', () => {
  it('a proxy password given without a scheme is never shown, though a reply quotes it', async () => {
    pc().script({
      error: 'AccessDeniedException',
      message: `proxy said: Proxy-Authorization for release-bot:${PROXY_PASSWORD} refused`,
      status: 403,
    });
    const run = await stepAgainst(
      pc(),
      { catalog: 'AWS', 'job-identifier': AWS_JOB, 'max-attempts': '1' },
      // The endpoint is loopback http, never proxied; the password is the step's secret all the same.
      { ...credentialEnv(), HTTPS_PROXY: proxyWithoutScheme() },
    );
    expect(run.code).toBe(1);
    expect(run.outputs['error-code']).toBe('AccessDeniedException');
    expect(visibleText(run)).not.toContain(PROXY_PASSWORD);
    expectNoRunOf(run, [PROXY_PASSWORD]);
  });

  it('an endpoint path is never printed: the dry-run line, the debug attempt line and the summary show the origin', async () => {
    const hidden = 'k3y-in-the-path-0f-a-proxy';
    const run = await stepAgainst(
      pc(),
      {
        catalog: 'AWS',
        'job-identifier': AWS_JOB,
        'dry-run': 'true',
        endpoint: `${pc().url}/${hidden}/`,
      },
      { ...credentialEnv(), RUNNER_DEBUG: '1' },
    );
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Dry run: would send POST');
    expect(run.stdout).not.toContain(hidden);
    expect(run.summary).not.toContain(hidden);
    expect(JSON.stringify(run.outputs)).not.toContain(hidden);
  });

  it('chain credentials too short to be credentials are not registered with the runner’s mask', async () => {
    const run = await stepAgainst(
      pc(),
      { catalog: 'AWS', 'job-identifier': AWS_JOB, 'max-attempts': '1' },
      { AWS_ACCESS_KEY_ID: 'e', AWS_SECRET_ACCESS_KEY: 'x' },
    );
    expect(run.code).toBe(1);
    expect(run.masks).not.toContain('e');
    expect(run.masks).not.toContain('x');
  });

  it.each([
    [
      'both Content-Length and Transfer-Encoding',
      'Content-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n',
    ],
    ['two Content-Lengths', 'Content-Length: 2\r\nContent-Length: 3\r\n\r\n{}'],
    [
      'a header block over 16 KiB',
      `X-Padding: ${'p'.repeat(17 * 1024)}\r\nContent-Length: 2\r\n\r\n{}`,
    ],
  ])(
    'a reply Node cannot parse (%s) after the request went out whole leaves the job unknown, not failed',
    async (_, rest) => {
      const server = net.createServer((socket) => {
        socket.once('data', () => socket.end(`HTTP/1.1 200 OK\r\n${rest}`));
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const port = (server.address() as net.AddressInfo).port;
      try {
        const run = await stepAgainst(
          pc(),
          {
            catalog: 'AWS',
            'job-identifier': AWS_JOB,
            'max-attempts': '1',
            endpoint: `http://127.0.0.1:${port}`,
          },
          credentialEnv(),
        );
        expect(run.code).toBe(1);
        const [entry] = JSON.parse(run.outputs.results!) as { status: string }[];
        expect(entry!.status).toBe('unknown');
        expect(run.outputs['started-count']).toBe('0');
        expect(run.outputs['failed-count']).toBe('0');
      } finally {
        server.close();
      }
    },
  );
});
