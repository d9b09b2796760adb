import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runAction, type ActionDeps } from '../../src/action.js';
import type { HttpResponse } from '../../src/errors.js';
import type { OutgoingRequest } from '../../src/transport.js';
import { userAgent } from '../../src/user-agent.js';
import { ACTION_VERSION } from '../../src/version.js';
import { fakeTiming } from './fake-timing.js';

function deps(inputs: Record<string, string>, replies: (HttpResponse | Error)[]) {
  const sent: OutgoingRequest[] = [];
  const lines: string[] = [];
  const d: ActionDeps = {
    getInput: (n) => inputs[n] ?? '',
    run: { repository: 'o/r', runId: 1 },
    sources: {
      chain: () => Promise.resolve({ accessKeyId: 'AKIA1', secretAccessKey: 's3cr3t' }),
      getIdToken: () => Promise.reject(new Error('unused')),
      idTokenAvailable: false,
      mask: () => {},
      env: {},
    },
    transport: (req) => {
      sent.push(req);
      const next = replies.shift();
      if (!next) return Promise.reject(new Error('no reply'));
      return next instanceof Error ? Promise.reject(next) : Promise.resolve(next);
    },
    timing: fakeTiming(),
    log: {
      info: (l) => lines.push(`info ${l}`),
      warning: (l) => lines.push(`warning ${l}`),
      debug: (l) => lines.push(`debug ${l}`),
    },
  };
  return { d, sent, lines };
}
const base = { catalog: 'AWS', 'job-identifier': 'job-0123456789abc' };
const ok = { status: 200, headers: { 'x-amzn-requestid': 'rid-ok' }, body: '' };

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
    expect(r.jobs).toEqual([]);
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

  it('reports a malformed 200 reply as a failure after retries', async () => {
    const bad = { status: 200, headers: {}, body: '[1,2]' };
    const { d } = deps({ ...base, 'max-attempts': '2' }, [bad, bad]);
    const r = await runAction(d);
    expect(r.jobs[0]).toMatchObject({
      status: 'failed',
      failure: { code: 'MalformedResponse', title: 'MalformedResponse: gave up after 2 attempts' },
    });
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
    expect(all).not.toContain('s3cr3t');
    expect(all).not.toMatch(/Signature=/);
    expect(all).toContain('authorization: ***');
  });
});

describe('identity', () => {
  it('version.ts matches package.json', () => {
    const pkg = JSON.parse(
      readFileSync(new URL('../../package.json', import.meta.url), 'utf8'),
    ) as { version: string };
    expect(ACTION_VERSION).toBe(pkg.version);
  });
  it('the User-Agent names the action, repository and run, in header-safe tokens', () => {
    expect(userAgent({ repository: 'o/r', runId: 5 }, 'v24.1.0')).toBe(
      `start-resource-snapshot-job-action/${ACTION_VERSION} lang/js md/nodejs#24.1.0 md/github-repository#o/r md/github-run-id#5`,
    );
    expect(userAgent({ repository: 'o/r\r\nX-Evil: 1' }, 'v20')).not.toMatch(/[\r\n ]X-Evil/);
  });
});
