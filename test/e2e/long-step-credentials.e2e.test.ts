// End to end: a step that outlives its credentials. STS issues sessions that expire seconds into a wait for a
// snapshot and the emulator refuses a session once it has expired; the step renews and finishes green, and the
// emulator's record shows no request carried expired credentials. Environment credentials that expire before the
// deadline are warned of before the first request, and never used once expired.
import { beforeEach, describe, expect, it } from 'vitest';
import { defaultEmulatorOptions, TEMPORARY } from '../emulator/fixtures.mjs';
import { visibleText } from '../emulator/run-dist.mjs';
import { credentialEnv, stepAgainst, usePartnerCentral, useRoleEmulators } from './emulator.js';

const ROLE = 'arn:aws:iam::111122223333:role/partner-release';
const JOB = 'job-longstep00001';
/**
 * How long each session STS issues really lasts: due for renewal halfway (3 s), so the wait's reads (every 4 s,
 * the snapshot at 7 s) renew it twice, each time before it expires.
 */
const SESSION_SECONDS = 6;

// Partner Central knows the environment's TEMPORARY pair and every session STS issues, each until it expires.
const pc = usePartnerCentral({ ...defaultEmulatorOptions(), credentials: [TEMPORARY] });
const role = useRoleEmulators(pc, {
  sub: 'repo:octo-org/partner-release:ref:refs/heads/main',
  roles: {
    [ROLE]: {
      audience: 'sts.amazonaws.com',
      subPattern: /^repo:octo-org\/partner-release:/,
      maxSessionDuration: 3600,
    },
  },
  sessionSeconds: SESSION_SECONDS,
});
let oidc: ReturnType<typeof role.oidc>;
let sts: ReturnType<typeof role.sts>;
beforeEach(() => {
  oidc = role.oidc();
  sts = role.sts();
  pc().addJob('AWS', JOB, { snapshots: [41], newSnapshotAfterMs: 7000 });
});

const roleEnv = () => role.env();
const wait = { catalog: 'AWS', 'job-identifier': JOB, 'wait-for-snapshot': '30' };

describe('a step that outlives its credentials', () => {
  it('renews a role session that expires seconds into the wait, and finishes green with no expired request', async () => {
    const run = await stepAgainst(pc(), { ...wait, 'role-to-assume': ROLE }, roleEnv());
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.outputs).toMatchObject({ 'snapshot-new': 'true', 'snapshot-revision': '42' });
    // The emulator refused nothing as expired, and every request was signed with a session STS issued.
    const requests = pc().requests;
    expect(requests.filter((r) => r.expiredCredentials)).toEqual([]);
    expect(requests.every((r) => r.signatureValid)).toBe(true);
    // The wait ran past the first session's life, so it was renewed: a new OIDC token and STS call each time,
    // each before the session it replaced had expired.
    expect(sts.issued.length).toBeGreaterThanOrEqual(3);
    for (let i = 1; i < sts.issued.length; i++)
      expect(sts.issued[i]!.expiresAt - SESSION_SECONDS * 1000).toBeLessThan(
        sts.issued[i - 1]!.expiresAt,
      );
    expect(oidc.requests).toHaveLength(sts.issued.length);
    const keys = new Set(
      requests.map((r) => /Credential=([^/]+)\//.exec(String(r.headers.authorization))?.[1]),
    );
    expect(keys.size).toBeGreaterThanOrEqual(2);
    for (const key of keys) expect(sts.issued.map((c) => c.accessKeyId)).toContain(key);
    const renewed = run.stdout.split('\n').filter((l) => l.startsWith('Renewed the role session'));
    expect(renewed).toHaveLength(sts.issued.length - 1);
    // Each renewed session is masked before use, like the first.
    for (const c of sts.issued) {
      expect(run.stdout).toContain(`::add-mask::${c.sessionToken}`);
      expect(visibleText(run)).not.toContain(c.secretAccessKey);
    }
  });

  it('a renewal STS refuses ends the step at once: the annotation says so and names the job started', async () => {
    // The first assume goes through; the renewal is refused.
    sts.state.refuseFrom = 2;
    const run = await stepAgainst(pc(), { ...wait, 'role-to-assume': ROLE }, roleEnv());
    expect(run.code).toBe(1);
    expect(pc().requests.filter((r) => r.expiredCredentials)).toEqual([]);
    expect(run.outputs).toMatchObject({ 'started-count': '1', 'error-code': 'AccessDenied' });
    expect(run.errors).toHaveLength(1);
    expect(run.errors[0]?.title).toBe(
      'Credentials not renewed: Could not assume the role: AccessDenied',
    );
    expect(run.errors[0]?.message).toContain(
      `Started before that: ${JOB} (they are running: do not start them again by hand).`,
    );
    expect(run.errors[0]?.message).toContain(
      'The renewal failed: STS refused AssumeRoleWithWebIdentity',
    );
  });

  it('environment credentials expiring before the deadline: a warning before the first request', async () => {
    const expiresAt = new Date(Date.now() + 20 * 60_000).toISOString();
    const run = await stepAgainst(
      pc(),
      { catalog: 'AWS', 'job-identifier': JOB, 'timeout-seconds': '3600' },
      { ...credentialEnv(TEMPORARY), AWS_CREDENTIAL_EXPIRATION: expiresAt, RUNNER_DEBUG: '1' },
    );
    expect(run.code).toBe(0);
    expect(run.warnings.map((w) => w.title)).toEqual(['Credentials expire before the step ends']);
    expect(run.warnings[0]?.message).toContain(
      `expire at ${expiresAt.replace(/\.\d{3}Z$/, 'Z')} (AWS_CREDENTIAL_EXPIRATION)`,
    );
    const lines = run.stdout.split('\n');
    const warning = lines.findIndex((l) => l.startsWith('::warning'));
    const firstSend = lines.findIndex((l) =>
      /^::debug::StartResourceSnapshotJob attempt 1:/.test(l),
    );
    expect(warning).toBeGreaterThanOrEqual(0);
    expect(warning).toBeLessThan(firstSend);
  });

  it('environment credentials already expired: nothing is sent, and the step says which and when', async () => {
    const run = await stepAgainst(
      pc(),
      { catalog: 'AWS', 'job-identifier': JOB },
      { ...credentialEnv(TEMPORARY), AWS_CREDENTIAL_EXPIRATION: '2026-01-01T00:00:00Z' },
    );
    expect(run.code).toBe(1);
    expect(pc().requests).toEqual([]);
    expect(run.outputs).toMatchObject({ 'error-code': 'CredentialsExpired', 'started-count': '0' });
    expect(run.errors[0]?.title).toBe('Credentials expired before the step began');
    expect(run.warnings).toEqual([]);
    expect(run.errors[0]?.message).toContain(
      'expiring at 2026-01-01T00:00:00Z (AWS_CREDENTIAL_EXPIRATION)',
    );
  });
});
