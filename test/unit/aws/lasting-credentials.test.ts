// Credentials over a long step, on a virtual clock: when a renewal is due (the SDKs' 5-minute margin, half-life for
// short sessions), one renewal however many calls ask, credentials that cannot be renewed never used past their
// expiry; then a whole step (runAction) whose 900 s role session must last a 3,600 s wait for a snapshot.
import { beforeAll, describe, expect, it } from 'vitest';
import { CREDENTIAL_RENEWAL, SNAPSHOT_WAIT } from '../../../src/common/tunables.js';
import {
  lastingCredentials,
  renewalDue,
  type HeldCredentials,
  type Renewal,
} from '../../../src/aws/lasting-credentials.js';
import type { Credentials } from '../../../src/aws/credentials.js';
import { silentLog } from '../../../src/common/log.js';
import { createSecrets } from '../../../src/common/secrets.js';
import { annotationsOf } from '../../../src/github/annotations.js';
import { outputsOf } from '../../../src/github/outputs.js';
import { succeeded } from '../../../src/github/step-failure.js';
import { loadAwsCode, runAction, type ActionDeps } from '../../../src/run-action.js';
import { keepCredentials, resolveCredentials } from '../../../src/aws/resolve-credentials.js';
import type { Transport } from '../../../src/http/transport.js';
import { githubJwt, temporaryCredentials } from '../../fixtures/real-secrets.mjs';
import { fakePartnerCentral, type JobScript } from '../fake-partner-central.js';
import { fakeTiming } from '../fake-timing.js';
import { virtualClock } from '../virtual-clock.js';

const MARGIN = CREDENTIAL_RENEWAL.marginMs;
const MIN = 60_000;

describe('renewalDue', () => {
  const at = Date.UTC(2026, 10, 26, 12, 0, 0);
  it('renews a 900 s session within the SDKs’ 5-minute margin of its expiry, not before', () => {
    const expires = at + 900_000;
    expect(renewalDue(expires, at, expires - MARGIN - 1)).toBe(false);
    expect(renewalDue(expires, at, expires - MARGIN)).toBe(true);
    expect(renewalDue(expires, at, expires + 1)).toBe(true);
  });
  it('renews a session shorter than twice the margin halfway through its life', () => {
    const expires = at + MIN;
    expect(renewalDue(expires, at, at + MIN / 2 - 1)).toBe(false);
    expect(renewalDue(expires, at, at + MIN / 2)).toBe(true);
  });
  it('never renews credentials with no known expiry; at once credentials already past it', () => {
    expect(renewalDue(undefined, at, at + 10 * 365 * 86_400_000)).toBe(false);
    expect(renewalDue(at - 1, at, at)).toBe(true);
  });
});

/** A source that issues credentials lasting `lifetimeMs` from now, and records each renewal. */
function source(timing: { now(): number }, lifetimeMs: number) {
  const issued: (HeldCredentials & { at: number })[] = [];
  const issue = (): HeldCredentials => {
    const credentials: Credentials = temporaryCredentials(`lasting-${issued.length}`);
    const end = timing.now() + lifetimeMs;
    const held = { credentials, expiresAt: end, signsUntil: end };
    issued.push({ ...held, at: timing.now() });
    return held;
  };
  return { issued, issue };
}

/** Lets a renewal running beside the calls finish (each source here answers at once). */
const settle = () => new Promise((resolve) => setImmediate(resolve));

function lasting(
  lifetimeMs: number,
  renew?: (issue: () => HeldCredentials) => Promise<Renewal>,
  over: { cancel?: AbortSignal; deadlineAt?: number } = {},
) {
  const timing = fakeTiming();
  const src = source(timing, lifetimeMs);
  let renewCalls = 0;
  const lines: string[] = [];
  const creds = lastingCredentials({
    origin: renew ? 'role' : 'environment',
    describe: () =>
      renew ? 'the role session arn:aws:sts::1:assumed-role/r/s (role-to-assume)' : 'env',
    first: src.issue(),
    ...(renew
      ? {
          renew: () => {
            renewCalls += 1;
            return renew(src.issue);
          },
        }
      : {}),
    deadlineAt: over.deadlineAt ?? timing.now() + 3_600_000,
    cancel: over.cancel,
    timing,
    clock: { offsetMs: 0 },
    log: { ...silentLog, info: (l) => lines.push(l) },
  });
  /** How long the first credentials still sign. */
  const left = (ms: number) => timing.advance(lifetimeMs - ms - (timing.now() - src.issued[0]!.at));
  return { timing, creds, src, lines, left, renewCalls: () => renewCalls };
}

const renewed = (issue: () => HeldCredentials): Promise<Renewal> =>
  Promise.resolve({ ok: true, held: issue() });
const refusal = {
  code: 'AccessDenied',
  message: 'no',
  title: 'Could not assume the role: AccessDenied',
  text: 'STS refused.',
};

describe('lastingCredentials', () => {
  it('signs with the first credentials until the margin, then renews beside the calls and signs with the new', async () => {
    const l = lasting(900_000, renewed);
    expect(l.creds.renewIfDue()).toBeUndefined();
    l.left(MARGIN + 1);
    expect(l.creds.renewIfDue()).toBeUndefined();
    expect(l.renewCalls()).toBe(0);
    l.timing.advance(1);
    // Due, and the current credentials still sign: the call goes on at once, the renewal runs beside it.
    expect(l.creds.renewIfDue()).toBeUndefined();
    expect(l.renewCalls()).toBe(1);
    await settle();
    expect(l.creds.current()).toBe(l.src.issued[1]?.credentials);
    expect(l.creds.facts()).toMatchObject({ renewals: 1, expiresAt: l.src.issued[1]?.expiresAt });
    expect(l.lines).toEqual([
      expect.stringMatching(
        /^Renewing the role session .* it expires at 2026-11-26T12:15:00Z \(renewal 1\)$/,
      ),
      expect.stringMatching(/^Renewed the role session .*, valid until 2026-11-26T12:25:00Z$/),
    ]);
  });

  it('one renewal however many calls find it due; once the current ones would not sign, every call waits for it', async () => {
    let finish: (() => void) | undefined;
    const l = lasting(
      900_000,
      (issue) => new Promise((resolve) => (finish = () => resolve({ ok: true, held: issue() }))),
    );
    l.left(MARGIN);
    expect([l.creds.renewIfDue(), l.creds.renewIfDue()]).toEqual([undefined, undefined]);
    l.left(CREDENTIAL_RENEWAL.minUsableMs);
    const waits = [l.creds.renewIfDue(), l.creds.renewIfDue()];
    expect(waits.every((w) => w instanceof Promise)).toBe(true);
    finish?.();
    expect(await Promise.all(waits)).toEqual([undefined, undefined]);
    expect(l.renewCalls()).toBe(1);
    expect(l.creds.current()).toBe(l.src.issued[1]?.credentials);
    expect(l.creds.renewIfDue()).toBeUndefined();
  });

  it('a slow renewal holds nothing up while the current credentials sign', () => {
    const l = lasting(900_000, () => new Promise<Renewal>(() => {}));
    l.left(MARGIN);
    for (let i = 0; i < 5; i++) {
      expect(l.creds.renewIfDue()).toBeUndefined();
      l.timing.advance(10_000);
    }
    expect(l.renewCalls()).toBe(1);
    expect(l.creds.current()).toBe(l.src.issued[0]?.credentials);
  });

  it('a failed renewal: the current credentials sign while they can, the source is asked again, and the step ends once they would not', async () => {
    const l = lasting(900_000, () => Promise.resolve({ ok: false, failure: refusal }));
    l.timing.advance(650_000);
    expect(l.creds.renewIfDue()).toBeUndefined();
    await settle();
    expect(l.creds.current()).toBe(l.src.issued[0]?.credentials);
    expect(l.lines.at(-1)).toMatch(
      /^Renewing the role session .* failed \(Could not assume the role: AccessDenied\); it still signs until 2026-11-26T12:15:00Z: asking again in 30 s$/,
    );
    expect(l.creds.renewIfDue()).toBeUndefined();
    expect(l.renewCalls()).toBe(1);
    l.timing.advance(CREDENTIAL_RENEWAL.askAgainMs);
    expect(l.creds.renewIfDue()).toBeUndefined();
    await settle();
    expect(l.renewCalls()).toBe(2);
    // Once the session would not reach AWS in time, the call waits for the renewal, whose failure ends them.
    l.left(CREDENTIAL_RENEWAL.minUsableMs);
    const error = await l.creds.renewIfDue();
    expect(error).toMatchObject({ name: 'CredentialsNotRenewed', retryClass: 'client' });
    expect(error?.message).toContain('Could not assume the role: AccessDenied');
    expect(l.creds.lapse()?.failure).toBe(refusal);
    expect(await l.creds.renewIfDue()).toBe(error);
    expect(l.renewCalls()).toBe(3);
  });

  it('renewed credentials that have already expired by their issuer’s clock never sign', async () => {
    const l = lasting(900_000, () =>
      Promise.resolve({
        ok: true,
        // Newer than the old ones, yet with too little left to sign with.
        held: {
          credentials: temporaryCredentials('stale'),
          expiresAt: l.timing.now() + 1500,
          signsUntil: l.timing.now() + 1500,
        },
      }),
    );
    l.left(1000);
    const error = await l.creds.renewIfDue();
    expect(error).toMatchObject({ name: 'CredentialsNotRenewed' });
    expect(l.creds.lapse()?.failure.title).toBe('the new credentials had already expired');
  });

  it('a renewal the step’s cancel or deadline ends is no failure of the credentials', async () => {
    const controller = new AbortController();
    const late = lasting(
      900_000,
      () => {
        late.timing.advance(10_000);
        return Promise.resolve({ ok: false, failure: refusal });
      },
      { deadlineAt: Date.UTC(2026, 10, 26, 12, 0, 0) + 899_000 },
    );
    late.left(CREDENTIAL_RENEWAL.minUsableMs);
    expect(await late.creds.renewIfDue()).toMatchObject({ name: 'TimeoutError' });
    expect(late.creds.lapse()).toBeUndefined();
    const cancelled = lasting(
      900_000,
      () => {
        controller.abort();
        return Promise.resolve({ ok: false, failure: refusal });
      },
      { cancel: controller.signal },
    );
    cancelled.left(CREDENTIAL_RENEWAL.minUsableMs);
    expect(await cancelled.creds.renewIfDue()).toMatchObject({ name: 'Cancelled' });
    expect(cancelled.creds.lapse()).toBeUndefined();
  });

  it('a renewal that throws is a failed renewal, never a rejection', async () => {
    const l = lasting(900_000, () => Promise.reject(new Error('boom')));
    l.left(CREDENTIAL_RENEWAL.minUsableMs);
    expect(await l.creds.renewIfDue()).toMatchObject({ name: 'CredentialsNotRenewed' });
    expect(l.creds.lapse()?.failure.title).toBe('the renewal failed unexpectedly');
  });

  it('a source that hands back the same credentials is asked again later while they sign, and ends them once they would not', async () => {
    const l = lasting(900_000, () =>
      Promise.resolve({ ok: true, held: l.src.issued[0] as HeldCredentials }),
    );
    l.timing.advance(650_000);
    expect(l.creds.renewIfDue()).toBeUndefined();
    await settle();
    expect(l.creds.current()).toBe(l.src.issued[0]?.credentials);
    expect(l.renewCalls()).toBe(1);
    l.timing.advance(CREDENTIAL_RENEWAL.askAgainMs - 1);
    expect(l.creds.renewIfDue()).toBeUndefined();
    expect(l.renewCalls()).toBe(1);
    l.timing.advance(1);
    expect(l.creds.renewIfDue()).toBeUndefined();
    await settle();
    expect(l.renewCalls()).toBe(2);
    l.left(CREDENTIAL_RENEWAL.minUsableMs);
    expect(await l.creds.renewIfDue()).toMatchObject({ name: 'CredentialsNotRenewed' });
    expect(l.creds.lapse()?.failure.title).toBe('the source gave no newer credentials');
  });

  it('an expiry AWS states is read with the clock offset as learned by then: a runner found 10 minutes behind stops signing 10 minutes sooner', async () => {
    const timing = fakeTiming();
    const clock = { offsetMs: 0 };
    const creds = lastingCredentials({
      origin: 'environment',
      describe: () => 'env',
      first: { credentials: temporaryCredentials('env-skew'), expiresAt: timing.now() + 900_000 },
      deadlineAt: timing.now() + 3_600_000,
      timing,
      clock,
      log: silentLog,
    });
    timing.advance(300_000);
    expect(creds.renewIfDue()).toBeUndefined();
    // A Partner Central reply teaches the step that AWS's clock is 10 minutes ahead of the runner's.
    clock.offsetMs = 10 * MIN;
    expect(await creds.renewIfDue()).toMatchObject({ name: 'CredentialsExpired' });
  });

  it('a session signs until the earlier of its issuer’s measure and AWS’s clock: an STS dated an hour behind cannot stretch it', async () => {
    const timing = fakeTiming();
    const creds = lastingCredentials({
      origin: 'role',
      describe: () => 'the role session',
      // STS said 60 minutes of life, by a Date an hour behind: its Expiration is now, by AWS's clock.
      first: {
        credentials: temporaryCredentials('sts-skew'),
        expiresAt: timing.now(),
        signsUntil: timing.now() + 60 * MIN,
      },
      renew: () => new Promise<Renewal>(() => {}),
      deadlineAt: timing.now() + 3_600_000,
      timing,
      clock: { offsetMs: 0 },
      log: silentLog,
    });
    expect(creds.renewIfDue()).toBeInstanceOf(Promise);
  });

  it('credentials nobody can renew sign until just before their expiry, then never again', async () => {
    const l = lasting(900_000);
    l.left(CREDENTIAL_RENEWAL.minUsableMs + 1);
    expect(l.creds.renewIfDue()).toBeUndefined();
    l.timing.advance(1);
    const error = await l.creds.renewIfDue();
    expect(error).toMatchObject({
      name: 'CredentialsExpired',
      message: 'env expired at 2026-11-26T12:15:00Z',
    });
    expect(await l.creds.renewIfDue()).toBe(error);
  });

  it('credentials that live less than the margin never sign once too little is left, due or not', async () => {
    // A 3 s session is due halfway (1.5 s): with 1.9 s left it is due; with 1.9 s left of a fresh 2.5 s one it
    // would not be, yet it may not sign either.
    const l = lasting(2500, () => new Promise<Renewal>(() => {}));
    l.left(1900);
    expect(l.creds.renewIfDue()).toBeInstanceOf(Promise);
  });
});

describe('keepCredentials: how each source is renewed', () => {
  it('the standard chain is run again (forceRefresh), not asked for what its memo holds', async () => {
    const timing = fakeTiming();
    const asked: unknown[] = [];
    let n = 0;
    const sources = {
      chain: (options?: { forceRefresh?: boolean }) => {
        asked.push(options);
        n += 1;
        return Promise.resolve({
          ...temporaryCredentials(`chain-${n}`),
          expiration: new Date(timing.now() + 3_600_000),
        });
      },
      chainSecrets: () => Promise.resolve([]),
      getIdToken: () => Promise.reject(new Error('unused')),
      idTokenAvailable: false,
      env: {},
    };
    const deps = {
      transport: () => Promise.reject(new Error('unused')),
      timing,
      clock: { offsetMs: 0 },
      log: silentLog,
      secrets: createSecrets(),
    };
    const request = {
      region: 'us-east-1',
      partition: 'aws' as const,
      policy: { maxAttempts: 3, deadlineAt: timing.now() + 7_200_000, attemptTimeoutMs: 30_000 },
      timeoutMs: 7_200_000,
    };
    const first = await resolveCredentials(request, sources, deps);
    if (!first.ok) throw new Error('no credentials');
    const creds = keepCredentials(first, request, sources, deps);
    timing.advance(3_600_000 - MARGIN);
    expect(creds.renewIfDue()).toBeUndefined();
    await settle();
    expect(asked).toEqual([undefined, { forceRefresh: true }]);
    expect(creds.current().accessKeyId).toBe(temporaryCredentials('chain-2').accessKeyId);
    expect(creds.facts()).toMatchObject({ origin: 'chain', renewals: 1 });
    // The words name the key that signs now, not the first one.
    expect(creds.facts().described).toContain(
      `ending in ${temporaryCredentials('chain-2').accessKeyId.slice(-4)}`,
    );
  });
});

// ---- a whole step: runAction, role-to-assume with a 900 s session, a 3,600 s wait, on a virtual clock ----

const ROLE = 'arn:aws:iam::111122223333:role/release';
const A = 'job-0000000000000';
const STS_HOST = 'sts.us-east-1.amazonaws.com';

interface Issued {
  accessKeyId: string;
  at: number;
  expiresAt: number;
}

/** STS on the virtual clock: each AssumeRoleWithWebIdentity issues a session of DurationSeconds (or is refused). */
function fakeSts(now: () => number, refuseFrom = Infinity) {
  const issued: Issued[] = [];
  let calls = 0;
  const answer = (body: string) => {
    calls += 1;
    if (calls >= refuseFrom)
      return {
        status: 403,
        headers: { 'x-amzn-requestid': `sts-${calls}` },
        body: '<ErrorResponse><Error><Code>AccessDenied</Code><Message>Not authorized to perform sts:AssumeRoleWithWebIdentity</Message></Error></ErrorResponse>',
      };
    const duration = Number(new URLSearchParams(body).get('DurationSeconds'));
    const c = temporaryCredentials(`long-step-${calls}`);
    const expiresAt = now() + duration * 1000;
    issued.push({ accessKeyId: c.accessKeyId, at: now(), expiresAt });
    return {
      status: 200,
      headers: { 'x-amzn-requestid': `sts-${calls}` },
      body:
        `<AssumeRoleWithWebIdentityResponse><AssumeRoleWithWebIdentityResult><Credentials><AccessKeyId>${c.accessKeyId}</AccessKeyId>` +
        `<SecretAccessKey>${c.secretAccessKey}</SecretAccessKey><SessionToken>${c.sessionToken}</SessionToken>` +
        `<Expiration>${new Date(expiresAt).toISOString()}</Expiration></Credentials>` +
        `<AssumedRoleUser><Arn>arn:aws:sts::111122223333:assumed-role/release/GitHubActions</Arn></AssumedRoleUser></AssumeRoleWithWebIdentityResult></AssumeRoleWithWebIdentityResponse>`,
    };
  };
  return { issued, answer };
}

/** One step that assumes ROLE for 900 s and waits up to 3,600 s for job A's snapshot. */
function longStep(
  script: JobScript,
  opts: { refuseStsFrom?: number; failIdTokenFrom?: number } = {},
) {
  const clock = virtualClock();
  const pc = fakePartnerCentral(clock.timing, { [A]: script });
  const sts = fakeSts(clock.timing.now, opts.refuseStsFrom);
  /** Each Partner Central request: when it was sent, with which key, and whether that key had expired. */
  const signed: { at: number; operation: string; key: string; expired: boolean }[] = [];
  const transport: Transport = async (req, timeoutMs, cancel) => {
    if (req.url.host === STS_HOST) return { ok: true, response: sts.answer(req.body) };
    const key = /Credential=([^/]+)\//.exec(req.headers.authorization ?? '')?.[1] ?? '';
    const session = sts.issued.find((s) => s.accessKeyId === key);
    signed.push({
      at: clock.timing.now(),
      operation: req.headers['x-amz-target']?.split('.')[1] ?? '',
      key,
      expired: !session || clock.timing.now() >= session.expiresAt,
    });
    return pc.transport(req, timeoutMs, cancel);
  };
  let tokens = 0;
  const lines: string[] = [];
  const deps: ActionDeps = {
    getInput: (n) =>
      ({
        catalog: 'AWS',
        'job-identifier': A,
        'role-to-assume': ROLE,
        'role-duration-seconds': '900',
        'wait-for-snapshot': '3600',
        'timeout-seconds': '3700',
      })[n] ?? '',
    run: { repository: 'o/r', runId: 1 },
    sources: {
      chain: () => Promise.reject(new Error('unused')),
      chainSecrets: () => Promise.resolve([]),
      getIdToken: () => {
        tokens += 1;
        if (tokens >= (opts.failIdTokenFrom ?? Infinity))
          return Promise.reject(new Error('GitHub answered HTTP 500'));
        return Promise.resolve(githubJwt({ sub: 'repo:o/r:ref:refs/heads/main', n: tokens }));
      },
      idTokenAvailable: true,
      env: {},
    },
    secrets: createSecrets(),
    platform: 'linux',
    transport,
    timing: clock.timing,
    log: {
      info: (l) => lines.push(`info ${l}`),
      notice: (l) => lines.push(`notice ${l}`),
      warning: (l) => lines.push(`warning ${l}`),
      debug: () => {},
    },
  };
  return {
    sts,
    signed,
    lines,
    tokens: () => tokens,
    run: async () => {
      const result = await clock.run(runAction(deps));
      return { result, elapsedMs: clock.now() - clock.start, outputs: outputsOf(result, (t) => t) };
    },
  };
}

// runAction loads its AWS half, and the role's STS code, with import(): real module loads, which the virtual clock
// cannot see, happen first.
beforeAll(async () => {
  await loadAwsCode();
  await import('../../../src/aws/sts.js');
});

describe('a 900 s role session over a 3,600 s step', () => {
  const SESSION_MS = 900_000;
  const RENEW_EVERY_MS = SESSION_MS - MARGIN;

  it('renews before each session expires, and no request is ever signed with an expired one', async () => {
    const s = longStep({ revision: 3, newAfterMs: 3_500_000 });
    const { result, outputs, elapsedMs } = await s.run();
    expect(succeeded(result)).toBe(true);
    expect(outputs['snapshot-new']).toBe('true');
    expect(elapsedMs).toBeGreaterThan(3_500_000);
    // Every request was signed with a session STS issued and that had not expired when it was sent.
    expect(s.signed.length).toBeGreaterThan(1000);
    expect(s.signed.filter((r) => r.expired)).toEqual([]);
    // One session at first, then one renewal each RENEW_EVERY_MS (at the first request after it is due).
    const renewals = s.sts.issued.length - 1;
    expect(renewals).toBe(Math.floor(elapsedMs / RENEW_EVERY_MS));
    expect(s.tokens()).toBe(s.sts.issued.length);
    for (let i = 1; i < s.sts.issued.length; i++) {
      const before = s.sts.issued[i - 1] as Issued;
      const renewal = s.sts.issued[i] as Issued;
      expect(renewal.at).toBeGreaterThanOrEqual(before.expiresAt - MARGIN);
      expect(renewal.at).toBeLessThan(before.expiresAt);
    }
    expect(s.lines.filter((l) => l.startsWith('info Renewed the role session'))).toHaveLength(
      renewals,
    );
    // Every session signed requests: each renewal was used.
    expect(new Set(s.signed.map((r) => r.key)).size).toBe(s.sts.issued.length);
  });

  it('a renewal STS keeps refusing ends the step once the session would not sign: it says so, names the job started, and sends nothing more', async () => {
    const s = longStep({ revision: 3, newAfterMs: 3_500_000 }, { refuseStsFrom: 2 });
    const { result, outputs } = await s.run();
    expect(succeeded(result)).toBe(false);
    expect(s.signed.filter((r) => r.expired)).toEqual([]);
    // Refused at its first chance, RENEW_EVERY_MS in, and asked again every askAgainMs while the session signed;
    // nothing went out once too little of it was left.
    const refusals = s.lines.filter((l) =>
      / failed \(Could not assume the role: AccessDenied\)/.test(l),
    );
    // (each at the first read after askAgainMs: the reads come every pollEveryMs)
    const window = MARGIN - CREDENTIAL_RENEWAL.minUsableMs;
    expect(refusals.length).toBeGreaterThanOrEqual(
      Math.floor(window / (CREDENTIAL_RENEWAL.askAgainMs + SNAPSHOT_WAIT.pollEveryMs)),
    );
    expect(refusals.length).toBeLessThanOrEqual(Math.ceil(window / CREDENTIAL_RENEWAL.askAgainMs));
    const last = s.signed.at(-1)?.at ?? 0;
    expect(last).toBeGreaterThan(Date.UTC(2026, 10, 26, 12, 0, 0) + RENEW_EVERY_MS);
    expect(last).toBeLessThan(
      Date.UTC(2026, 10, 26, 12, 0, 0) + SESSION_MS - CREDENTIAL_RENEWAL.minUsableMs,
    );
    expect(result.jobs[0]?.status).toBe('started');
    expect(outputs['started-count']).toBe('1');
    expect(outputs['error-code']).toBe('AccessDenied');
    const [annotation, ...more] = annotationsOf(result);
    expect(more).toEqual([]);
    expect(annotation?.title).toBe(
      'Credentials not renewed: Could not assume the role: AccessDenied',
    );
    expect(annotation?.text).toMatch(
      /^The step's credentials could not be renewed before they expired: the role session arn:aws:sts::111122223333:assumed-role\/release\/GitHubActions \(role-to-assume\), obtained at 2026-11-26T12:00:00Z, expiring at 2026-11-26T12:15:00Z \(STS\)\. No request was signed after that\. Started before that: job-0000000000000 \(they are running: do not start them again by hand\)\. The renewal failed: STS refused AssumeRoleWithWebIdentity/,
    );
  });

  it('a renewal with no OIDC token ends the step the same way, naming the token failure', async () => {
    const s = longStep({ revision: 3, newAfterMs: 3_500_000 }, { failIdTokenFrom: 2 });
    const { result } = await s.run();
    expect(succeeded(result)).toBe(false);
    expect(s.sts.issued).toHaveLength(1);
    expect(result.failure?.code).toBe('OIDCTokenError');
    expect(result.failure?.title).toBe('Credentials not renewed: Could not get the OIDC token');
    expect(s.signed.filter((r) => r.expired)).toEqual([]);
  });
});
