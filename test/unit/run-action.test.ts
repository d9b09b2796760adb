import { createSecrets } from '../../src/common/secrets.js';
import { describe, expect, it } from 'vitest';
import { EARLIER_STEP, leakedRun, longTermCredentials } from '../fixtures/real-secrets.mjs';
import { runAction, type ActionDeps } from '../../src/run-action.js';
import { plainText } from '../../src/common/failure.js';
import { memoryFiles } from './memory-files.js';
import { fakeTiming } from './fake-timing.js';
import type { Timing } from '../../src/http/retry.js';
import type { HttpResponse, OutgoingRequest } from '../../src/http/transport.js';
import { delivered } from './delivered.js';
import type { TransportFault } from '../../src/http/transport.js';

const CHAIN = longTermCredentials('run-action.chain');

function deps(inputs: Record<string, string>, replies: (HttpResponse | TransportFault | Error)[]) {
  const sent: OutgoingRequest[] = [];
  const lines: string[] = [];
  const d: ActionDeps = {
    getInput: (n) => inputs[n] ?? '',
    run: { repository: 'o/r', runId: 1 },
    sources: {
      chain: () => Promise.resolve({ ...CHAIN }),
      chainSecrets: () => Promise.resolve([]),
      getIdToken: () => Promise.reject(new Error('unused')),
      idTokenAvailable: false,
      env: {},
    },
    secrets: createSecrets(),
    platform: 'linux',
    transport: (req) => {
      sent.push(req);
      const next = replies.shift();
      if (!next) return Promise.reject(new Error('no reply'));
      return next instanceof Error ? Promise.reject(next) : Promise.resolve(delivered(next));
    },
    timing: fakeTiming(),
    log: {
      info: (l) => lines.push(`info ${l}`),
      notice: (l) => lines.push(`notice ${l}`),
      warning: (l) => lines.push(`warning ${l}`),
      debug: (l) => lines.push(`debug ${l}`),
    },
  };
  return { d, sent, lines };
}
const base = { catalog: 'AWS', 'job-identifier': 'job-0123456789abc' };
const ok = { status: 200, headers: { 'x-amzn-requestid': 'rid-ok' }, body: '' };
const JOB_ROLE = 'arn:aws:iam::111122223333:role/PartnerCentralSnapshotJobs';
/** GetSellingSystemSettings' reply: the catalog's snapshot job role, or none. */
const settings = (role: string | undefined = JOB_ROLE) => ({
  status: 200,
  headers: { 'x-amzn-requestid': 'rid-settings' },
  body: JSON.stringify({ Catalog: 'AWS', ...(role ? { ResourceSnapshotJobRoleArn: role } : {}) }),
});

describe('runAction', () => {
  it('starts the job and reports the request id', async () => {
    const { d, sent } = deps(base, [ok]);
    const r = await runAction(d);
    expect(r).toMatchObject({
      catalog: 'AWS',
      jobIdentifiers: ['job-0123456789abc'],
      attempts: 1,
      requestId: 'rid-ok',
      jobs: [
        { jobIdentifier: 'job-0123456789abc', status: 'started', attempts: 1, requestId: 'rid-ok' },
      ],
    });
    expect(r.failure).toBeUndefined();
    expect(r.jobs[0]?.failure).toBeUndefined();
    expect(sent[0]?.url.href).toBe('https://partnercentral-selling.us-east-1.api.aws/');
  });

  it('stops at invalid input with no request sent', async () => {
    const { d, sent } = deps({ catalog: 'aws', 'job-identifier': 'job-0123456789abc' }, [ok]);
    const r = await runAction(d);
    expect(r.inputProblems?.[0]?.input).toBe('catalog');
    expect(r.jobIdentifiers).toEqual(['job-0123456789abc']);
    expect(r.jobs).toEqual([
      {
        jobIdentifier: 'job-0123456789abc',
        catalog: '',
        status: 'not-attempted',
        attempts: 0,
        skipped: 'an input is invalid',
      },
    ]);
    expect(sent).toEqual([]);
  });

  it('retries transient faults and network errors, then succeeds', async () => {
    const { d, lines } = deps({ ...base, 'max-attempts': '4' }, [
      { status: 503, headers: {}, body: '<html>busy</html>' },
      Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }),
      ok,
    ]);
    const r = await runAction(d);
    expect(r).toMatchObject({ attempts: 3, requestId: 'rid-ok' });
    expect(lines.filter((l) => l.startsWith('info StartResourceSnapshotJob: attempt'))).toEqual([
      expect.stringMatching(
        /^info StartResourceSnapshotJob: attempt 1 of 4 failed with ServiceUnavailable \(HTTP 503\), request id none; retrying in/,
      ),
      expect.stringMatching(
        /^info StartResourceSnapshotJob: attempt 2 of 4 failed with ECONNRESET, request id none; retrying in/,
      ),
    ]);
  });

  it('takes any 2xx as started, whatever its body', async () => {
    const odd = { status: 200, headers: { 'x-amzn-requestid': 'rid-odd' }, body: '[1,2]' };
    const { d, sent } = deps({ ...base, 'max-attempts': '2' }, [odd]);
    const r = await runAction(d);
    expect(sent).toHaveLength(1);
    expect(r.jobs[0]).toMatchObject({ status: 'started', attempts: 1, requestId: 'rid-odd' });
    expect(r.jobs[0]?.failure).toBeUndefined();
  });

  it('takes a 200 whose body broke off as started: the status line is the answer', async () => {
    const cut: TransportFault = {
      kind: 'failed',
      code: 'ResponseTruncated',
      message: 'the connection closed',
      requestSent: true,
      partialResponse: { status: 200, headers: { 'x-amzn-requestid': 'rid-cut' } },
    };
    const { d, sent } = deps({ ...base, 'max-attempts': '3' }, [cut]);
    const r = await runAction(d);
    expect(sent).toHaveLength(1);
    expect(r.jobs[0]).toMatchObject({ status: 'started', attempts: 1, requestId: 'rid-cut' });
    expect(r.requestId).toBe('rid-cut');
  });

  it('a 500 whose body broke off is an answer: failed, not unknown', async () => {
    const cut: TransportFault = {
      kind: 'failed',
      code: 'ResponseTruncated',
      message: 'the connection closed',
      requestSent: true,
      partialResponse: { status: 500, headers: { 'x-amzn-requestid': 'rid-500' } },
    };
    const { d } = deps({ ...base, 'max-attempts': '1' }, [cut]);
    const r = await runAction(d);
    expect(r.jobs[0]).toMatchObject({ status: 'failed', requestId: 'rid-500' });
  });

  it('a request sent whole whose answer never came on the last attempt is unknown', async () => {
    const reset: TransportFault = {
      kind: 'failed',
      code: 'ECONNRESET',
      message: 'socket hang up',
      requestSent: true,
    };
    const { d } = deps({ ...base, 'max-attempts': '2' }, [
      { status: 503, headers: {}, body: '' },
      reset,
    ]);
    const r = await runAction(d);
    expect(r.jobs[0]).toMatchObject({ status: 'unknown', attempts: 2 });
  });

  it('a connection that never took the request is failed, not unknown', async () => {
    const refused: TransportFault = {
      kind: 'failed',
      code: 'ECONNREFUSED',
      message: 'connect ECONNREFUSED',
      requestSent: false,
    };
    const { d } = deps({ ...base, 'max-attempts': '1' }, [refused]);
    const r = await runAction(d);
    expect(r.jobs[0]).toMatchObject({ status: 'failed' });
  });

  it('keeps the last request id of a failure', async () => {
    const { d } = deps(base, [
      {
        status: 404,
        headers: { 'x-amzn-requestid': 'rid-404' },
        body: '{"__type":"ResourceNotFoundException","message":"nope"}',
      },
    ]);
    const r = await runAction(d);
    expect(r).toMatchObject({
      requestId: 'rid-404',
      attempts: 1,
      jobs: [{ status: 'failed', failure: { code: 'ResourceNotFoundException' } }],
    });
  });

  it('never logs the secret or the signature', async () => {
    const { d, lines } = deps(base, [{ status: 500, headers: {}, body: '{}' }, ok]);
    await runAction(d);
    const all = lines.join('\n');
    expect(leakedRun(all, [CHAIN.secretAccessKey])).toBeUndefined();
    expect(all).not.toMatch(/Signature=/);
    expect(all).toContain('authorization: ***');
  });
});

describe('runAction with several jobs, describe-job, dry-run and cancel', () => {
  const A = 'job-0123456789abc';
  const B = 'job-bbbbbbbbbbbbb';
  const C = 'job-ccccccccccccc';
  const err = (status: number, type: string, message = type) => ({
    status,
    headers: { 'x-amzn-requestid': `rid-${type}` },
    body: JSON.stringify({ __type: type, message }),
  });
  const described = (status: string, extra: Record<string, unknown> = {}) => ({
    status: 200,
    headers: { 'x-amzn-requestid': 'rid-get' },
    body: JSON.stringify({
      Id: A,
      Status: status,
      EngagementId: 'eng-1',
      CreatedAt: 1_700_000_000,
      ...extra,
    }),
  });
  const target = (req: OutgoingRequest) => req.headers['x-amz-target']?.split('.')[1];

  it('stops on rejected credentials and reports the rest as not attempted', async () => {
    const { d, sent } = deps({ ...base, 'job-identifier': `${A},${B},${C}` }, [
      ok,
      err(400, 'UnrecognizedClientException'),
    ]);
    const r = await runAction(d);
    expect(sent).toHaveLength(2);
    expect(r.jobs.map((j) => j.status)).toEqual(['started', 'failed', 'not-attempted']);
    expect(r.jobs[2]?.skipped).toMatch(/credentials were rejected \(UnrecognizedClientException\)/);
    expect(r.attempts).toBe(2);
  });

  it('keeps going after a job-specific failure', async () => {
    const { d } = deps({ ...base, 'job-identifier': `${A} ${B} ${C}` }, [
      err(404, 'ResourceNotFoundException'),
      err(403, 'AccessDeniedException'),
      ok,
    ]);
    const r = await runAction(d);
    expect(r.jobs.map((j) => [j.status, j.failure?.code])).toEqual([
      ['failed', 'ResourceNotFoundException'],
      ['failed', 'AccessDeniedException'],
      ['started', undefined],
    ]);
  });

  it('describes a started job; dates given as epoch seconds come out as RFC 3339', async () => {
    const { d, sent } = deps({ ...base, 'describe-job': 'true' }, [ok, described('Running')]);
    const r = await runAction(d);
    expect(sent.map(target)).toEqual(['StartResourceSnapshotJob', 'GetResourceSnapshotJob']);
    expect(r.jobs[0]?.description).toEqual({
      'job-status': 'Running',
      'engagement-id': 'eng-1',
      'created-at': '2023-11-14T22:13:20.000Z',
    });
    expect(r.jobs[0]?.failure).toBeUndefined();
  });

  it('re-reads a job that is not Running for about five seconds, then fails with JobNotRunning', async () => {
    const stopped = described('Stopped', { LastFailure: 'no template' });
    const { d, sent } = deps({ ...base, 'describe-job': 'true' }, [
      ok,
      stopped,
      stopped,
      stopped,
      stopped,
      stopped,
      stopped,
    ]);
    const r = await runAction(d);
    expect(sent.filter((q) => target(q) === 'GetResourceSnapshotJob')).toHaveLength(6);
    expect(r.jobs[0]).toMatchObject({
      status: 'started',
      failure: {
        code: 'JobNotRunning',
        message: `job ${A} is Stopped after it was started: no template`,
      },
    });
  });

  it('stops re-reading once the job is Running', async () => {
    const { d, sent } = deps({ ...base, 'describe-job': 'true' }, [
      ok,
      described('Stopped'),
      described('Running'),
    ]);
    const r = await runAction(d);
    expect(sent).toHaveLength(3);
    expect(r.jobs[0]?.failure).toBeUndefined();
  });

  it('a dry run signs but sends no start; with describe-job it only reads', async () => {
    const dry = deps({ ...base, 'dry-run': 'true' }, [settings()]);
    const r = await runAction(dry.d);
    // The catalog's snapshot job role is read; no job is sent anything.
    expect(dry.sent.map(target)).toEqual(['GetSellingSystemSettings']);
    expect(r.failure).toBeUndefined();
    expect(r.jobs[0]).toMatchObject({ status: 'dry-run', attempts: 0 });
    expect(r.jobs[0]?.preview?.headers.authorization).toBe('***');
    expect(r.jobs[0]?.preview?.body).toBe(
      `{"Catalog":"AWS","ResourceSnapshotJobIdentifier":"${A}"}`,
    );
    const read = deps({ ...base, 'dry-run': 'true', 'describe-job': 'yes' }, []);
    expect((await runAction(read.d)).inputProblems?.[0]?.input).toBe('describe-job');
    const both = deps({ ...base, 'dry-run': 'true', 'describe-job': 'true' }, [
      settings(),
      described('Stopped'),
    ]);
    const r2 = await runAction(both.d);
    expect(both.sent.map(target)).toEqual(['GetSellingSystemSettings', 'GetResourceSnapshotJob']);
    expect(r2.jobs[0]).toMatchObject({
      status: 'dry-run',
      description: { 'job-status': 'Stopped' },
    });
  });

  it('a dry run cancelled before a read went out: that job is not attempted, not failed', async () => {
    const controller = new AbortController();
    const { d, sent } = deps(
      { ...base, 'job-identifier': `${A},${B}`, 'dry-run': 'true', 'describe-job': 'true' },
      [settings(), described('Running')],
    );
    // The runner's signal lands while B's read waits for the read pace (the second wait: A's read waited first).
    const timing = fakeTiming();
    let waits = 0;
    const paced: Timing = {
      ...timing,
      sleep: (ms, signal) => {
        if (++waits === 2) controller.abort();
        return timing.sleep(ms, signal);
      },
    };
    const r = await runAction({ ...d, timing: paced, cancel: controller.signal });
    expect(sent.map(target)).toEqual(['GetSellingSystemSettings', 'GetResourceSnapshotJob']);
    expect(r.cancelled).toBe(true);
    expect(r.jobs.map((j) => [j.status, j.attempts, j.failure?.code])).toEqual([
      ['dry-run', 0, undefined],
      ['not-attempted', 0, undefined],
    ]);
    expect(r.jobs[1]?.skipped).toBe('the step was cancelled');
  });

  it('cancelled before the first job: nothing sent, every job not attempted', async () => {
    const controller = new AbortController();
    controller.abort();
    const { d, sent } = deps({ ...base, 'job-identifier': `${A},${B}` }, [ok]);
    const r = await runAction({ ...d, cancel: controller.signal });
    expect(sent).toEqual([]);
    expect(r.cancelled).toBe(true);
    expect(r.jobs.map((j) => j.status)).toEqual(['not-attempted', 'not-attempted']);
  });

  it('says out loud that TLS certificate checks are off', async () => {
    const { d, lines } = deps(base, [ok]);
    d.sources.env = { NODE_TLS_REJECT_UNAUTHORIZED: '0' };
    await runAction(d);
    expect(lines.filter((l) => l.startsWith('warning'))).toEqual([
      expect.stringMatching(
        /^warning NODE_TLS_REJECT_UNAUTHORIZED is 0: signed requests .* without certificate checks/,
      ) as string,
    ]);
    for (const value of ['1', '', 'false']) {
      const again = deps(base, [ok]);
      again.d.sources.env = { NODE_TLS_REJECT_UNAUTHORIZED: value };
      await runAction(again.d);
      expect(again.lines.filter((l) => l.startsWith('warning'))).toEqual([]);
    }
  });

  it('refuses a snapshot-directory that is a symbolic link before anything is sent', async () => {
    const inputs = { ...base, 'wait-for-snapshot': '30', 'snapshot-directory': 'snaps' };
    const { d, sent } = deps(inputs, [ok]);
    const { files, calls } = memoryFiles();
    d.files = {
      ...files,
      lstat: () =>
        Promise.resolve({ isSymbolicLink: () => true, isDirectory: () => false, mode: 0o120777 }),
    };
    d.sources.env = { GITHUB_WORKSPACE: '/w' };
    const r = await runAction(d);
    expect(sent).toEqual([]);
    // Looked at, never created through, never written.
    expect(calls.map((c) => c.op)).toEqual([]);
    expect(r.inputProblems).toEqual([
      {
        input: 'snapshot-directory',
        message: expect.stringMatching(
          /^snapshot-directory "\/w\/snaps" is a symbolic link; /,
        ) as string,
      },
    ]);
    expect(r.jobs).toMatchObject([{ status: 'not-attempted', attempts: 0 }]);
  });

  it('warns of a snapshot-directory others may write to, and goes on', async () => {
    const inputs = { ...base, 'wait-for-snapshot': '30', 'snapshot-directory': 'snaps' };
    const { d } = deps(inputs, []);
    const { files } = memoryFiles();
    const warnings: string[] = [];
    d.files = {
      ...files,
      lstat: () =>
        Promise.resolve({ isSymbolicLink: () => false, isDirectory: () => true, mode: 0o40777 }),
    };
    d.log = { ...d.log, warning: (l, t) => warnings.push(`[${t ?? ''}] ${l}`) };
    await runAction(d);
    expect(warnings).toEqual([
      expect.stringMatching(
        /^\[snapshot-directory\] snapshot-directory ".*snaps" is writable by other users \(mode 777\)/,
      ) as string,
    ]);
  });

  it('tells the sinks the secrets the environment holds, and keeps what the service says as it said it', async () => {
    const token = EARLIER_STEP.sessionToken.slice(0, 300);
    const { d } = deps(base, [
      {
        status: 400,
        headers: { 'x-amzn-errortype': 'ValidationException' },
        body: JSON.stringify({ message: `bad ${token}` }),
      },
    ]);
    d.sources.env = { AWS_SESSION_TOKEN: token };
    const r = await runAction(d);
    expect(r.jobs[0]?.failure?.message).toBe(`bad ${token}`);
    const shown = d.secrets.scrub(JSON.stringify(r));
    expect(shown).not.toContain(token.slice(10, 22));
    expect(d.secrets.scrub(r.jobs[0]?.failure?.message ?? '')).toBe('bad ***');
  });

  describe('credentials from the environment with a known expiry (AWS_CREDENTIAL_EXPIRATION)', () => {
    /** The environment's credentials, expiring `expiresInMs` from now, or at `expiration` as the SDK read it. */
    const fromEnv = (expiresInMs: number, d: ActionDeps, expiration?: Date) => ({
      ...d,
      sources: {
        ...d.sources,
        chain: () =>
          Promise.resolve({
            ...EARLIER_STEP,
            expiration: expiration ?? new Date(d.timing.now() + expiresInMs),
            fromEnvironment: true,
          }),
      },
    });
    it('ending before the deadline: a warning with both times and the fix, before anything is sent', async () => {
      const { d, sent, lines } = deps({ ...base, 'timeout-seconds': '3600' }, [ok]);
      const r = await runAction(fromEnv(600_000, d));
      expect(r.jobs[0]?.status).toBe('started');
      const warning = lines.findIndex((l) =>
        l.startsWith('warning The credentials in the environment expire'),
      );
      expect(lines[warning]).toBe(
        "warning The credentials in the environment expire at 2026-11-26T12:10:00Z (AWS_CREDENTIAL_EXPIRATION), before this step's deadline at 2026-11-26T13:00:00Z (timeout-seconds): " +
          'nothing here can renew them, so the step stops signing requests when they run out. ' +
          "Raise role-duration-seconds of the step that made them (configure-aws-credentials: 1 hour by default, up to the role's MaxSessionDuration), " +
          'or give this step role-to-assume: the action then renews its own role session for as long as the step runs.',
      );
      // Said before the first request went out (the start line comes right before it).
      expect(warning).toBeLessThan(lines.findIndex((l) => l.startsWith('info Starting ')));
      expect(sent).toHaveLength(1);
    });
    it('set but no date: a warning that no expiry is known, and an expired token later says so, not "not set"', async () => {
      const { d, lines } = deps({ ...base, 'job-identifier': `${A},${B}` }, [
        ok,
        err(400, 'ExpiredTokenException', 'The security token included in the request is expired'),
      ]);
      const r = await runAction(fromEnv(0, d, new Date('garbage')));
      expect(lines.filter((l) => l.startsWith('warning'))).toEqual([
        expect.stringMatching(/^warning AWS_CREDENTIAL_EXPIRATION is set but is no date/),
      ]);
      const text = plainText(r.jobs[1]?.failure?.text ?? '');
      expect(text).toContain(
        'with an AWS_CREDENTIAL_EXPIRATION that is no date, so no expiry known',
      );
      // Job A had started: B's failure names it.
      expect(text).toContain(`Started before this: ${A} (they are running`);
    });
    it('lasting past the deadline: no warning', async () => {
      const { d, lines } = deps({ ...base, 'timeout-seconds': '60' }, [ok]);
      await runAction(fromEnv(600_000, d));
      expect(lines.filter((l) => l.startsWith('warning'))).toEqual([]);
    });
    it('already expired: nothing is signed with them; the step says which, when, and what to do', async () => {
      const { d, sent, lines } = deps({ ...base, 'job-identifier': `${A},${B}` }, [ok, ok]);
      const r = await runAction(fromEnv(-1000, d));
      expect(sent).toEqual([]);
      expect(r.jobs.map((j) => [j.status, j.skipped])).toEqual([
        ['not-attempted', "the step's credentials expired"],
        ['not-attempted', "the step's credentials expired"],
      ]);
      expect(r.failure?.code).toBe('CredentialsExpired');
      expect(r.failure?.title).toBe('Credentials expired before the step began');
      const text = plainText(r.failure?.text ?? '');
      expect(text).toMatch(
        /^The step's credentials had already expired when it read them: the environment's credentials \(access key ID ending in .{4}, as an earlier step such as configure-aws-credentials exported them\), read by this step at 2026-11-26T12:00:00Z, expiring at 2026-11-26T11:59:59Z \(AWS_CREDENTIAL_EXPIRATION\)\. Nothing was signed with them\. No job had been started\. Not started: /,
      );
      expect(text).toContain('Re-run the whole job, so the step that makes them runs again');
      // Already expired: no warning that they will expire, only the failure.
      expect(lines.filter((l) => l.startsWith('warning'))).toEqual([]);
    });
  });

  it('says that NODE_DEBUG prints every request, secrets included, to stderr', async () => {
    for (const [value, named] of [
      ['net', 'net'],
      ['fs,HTTP', 'http'],
      ['http*', 'http, https, http2'],
      ['*', 'http, https, http2, net, tls'],
    ] as const) {
      const { d, lines } = deps(base, [ok]);
      d.sources.env = { NODE_DEBUG: value };
      await runAction(d);
      expect(
        lines.filter((l) => l.startsWith('warning')),
        value,
      ).toEqual([
        `warning NODE_DEBUG includes ${named}: Node prints each request's headers, the session token and the request signature included, to stderr, outside the action's filters. Unset NODE_DEBUG; the step's debug logging (ACTIONS_STEP_DEBUG) shows each request with its secrets as ***.`,
      ]);
    }
    for (const value of ['fs', 'module,timer', '']) {
      const { d, lines } = deps(base, [ok]);
      d.sources.env = { NODE_DEBUG: value };
      await runAction(d);
      expect(
        lines.filter((l) => l.startsWith('warning')),
        value,
      ).toEqual([]);
    }
  });
});
