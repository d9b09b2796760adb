// End to end under real-network trouble: transient faults, hints, deadlines, clock skew, proxies, hostile text, contention.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startConnectProxy } from '../emulator/connect-proxy.mjs';
import { AWS_JOB, LONG_TERM, TEMPORARY, defaultEmulatorOptions } from '../emulator/fixtures.mjs';
import { runStep, visibleText, type RunOutcome } from '../emulator/run-dist.mjs';
import { credentialEnv, usePartnerCentral } from './emulator.js';

const pc = usePartnerCentral();

const longTerm = credentialEnv(LONG_TERM);
const temporary = credentialEnv(TEMPORARY);
// Through the endpoint input (not AWS_ENDPOINT_URL_PARTNERCENTRAL_SELLING): the override these cases exercise.
const start = (
  inputs: Record<string, string> = {},
  env: Record<string, string | undefined> = longTerm,
) => runStep({ catalog: 'AWS', 'job-identifier': AWS_JOB, endpoint: pc().url, ...inputs }, env);

/**
 * Lines the runner would read as workflow commands that the action did not mean to write: anything at a
 * line start other than its own annotations, debug lines and the masks of its secrets.
 */
function foreignCommands(run: RunOutcome): string[] {
  return run.stdout
    .split(/\r?\n|\r/)
    .filter((l) => l.trimStart().startsWith('::'))
    .filter(
      (l) =>
        !/^::(error|warning|debug|add-mask)( title=[^:]*)?::/.test(l) || /^::add-mask::x/.test(l),
    );
}

describe('transient faults are retried', () => {
  const faults: [string, object][] = [
    [
      '503 with an HTML page',
      {
        status: 503,
        headers: { 'content-type': 'text/html' },
        body: '<html><h1>503 Service Temporarily Unavailable</h1></html>',
      },
    ],
    ['502 with an empty body', { status: 502, body: '' }],
    ['504', { status: 504, body: 'gateway timeout' }],
    ['InternalServerException', { error: 'InternalServerException', status: 500 }],
    ['InternalServerException sent as HTTP 400', { error: 'InternalServerException', status: 400 }],
    ['a connection reset before any reply', { reset: true }],
    [
      'a reset in the middle of the body',
      {
        status: 500,
        resetMidBody: true,
        body: '{"__type":"InternalFailure","message":"xxxxxxxxxxxxxxxx"}',
      },
    ],
    [
      'a 500 whose body is cut short',
      { status: 500, truncate: true, body: '{"a":"bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"}' },
    ],
    [
      'malformed JSON in a 500',
      {
        status: 500,
        headers: { 'content-type': 'application/json' },
        body: '{"__type": "Internal',
      },
    ],

    ['a very large 500 body', { status: 500, body: 'x'.repeat(5 * 1024 * 1024) }],
  ];
  it.each(faults)('%s, then success', async (_label, fault) => {
    pc().script(fault);
    const run = await start({ 'max-attempts': '3' });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.outputs.attempts).toBe('2');
    expect(pc().requests).toHaveLength(2);
    expect(run.stdout).toMatch(/attempt 1 of 3 failed with \w+/);
  });

  it('a slow body within the attempt timeout is simply read', async () => {
    pc().script({ status: 200, slowBodyMs: 50, body: '{ }' });
    const run = await start();
    expect(run.code).toBe(0);
    expect(run.outputs.attempts).toBe('1');
  });

  it('gives up after max-attempts on persistent 503s, saying what happened', async () => {
    pc().script(...Array.from({ length: 3 }, () => ({ status: 503, body: '' })));
    const run = await start({ 'max-attempts': '3' });
    expect(run.code).toBe(1);
    expect(pc().requests).toHaveLength(3);
    expect(run.errors).toHaveLength(1);
    expect(run.errors[0]?.title).toBe('ServiceUnavailable: gave up after 3 attempts');
    expect(run.errors[0]?.message).toContain('re-run the job');
  });

  it('with max-attempts auto, transient faults get five attempts', async () => {
    pc().script(...Array.from({ length: 6 }, () => ({ status: 500, body: '' })));
    const run = await start();
    expect(run.code).toBe(1);
    expect(pc().requests).toHaveLength(5);
    expect(run.outputs.attempts).toBe('5');
  });
});

describe('Retry-After hints', () => {
  it('waits as long as Retry-After says (seconds)', async () => {
    pc().script({ error: 'ThrottlingException', status: 429, headers: { 'Retry-After': '2' } });
    const run = await start();
    expect(run.code).toBe(0);
    const [a, b] = pc().requests;
    expect(b!.at - a!.at).toBeGreaterThanOrEqual(1950);
  });
  it('waits as long as x-amz-retry-after says (milliseconds)', async () => {
    pc().script({ status: 503, body: '', headers: { 'x-amz-retry-after': '1200' } });
    const run = await start();
    expect(run.code).toBe(0);
    const [a, b] = pc().requests;
    expect(b!.at - a!.at).toBeGreaterThanOrEqual(1150);
  });
});

describe('deadlines', () => {
  /**
   * A step that misses its deadline shows at the emulator: a request at or past timeout-seconds after the first
   * (the step's clock starts before it). The run's wall time, which counts Node's start-up on a busy machine,
   * is only held to catching a hang: timeout-seconds plus this.
   */
  const HANG_MS = 5000;
  function withinBudget(timeoutSeconds: number) {
    const first = pc().requests[0]!.at;
    return pc().requests.filter((r) => r.at - first >= timeoutSeconds * 1000);
  }

  it('a hung service: stops within a second of timeout-seconds and says what timed out', async () => {
    pc().script(...Array.from({ length: 10 }, () => ({ hang: true })));
    const run = await start({ 'timeout-seconds': '5' });
    expect(run.code).toBe(1);
    expect(pc().requests).toHaveLength(3);
    expect(withinBudget(5), 'requests past timeout-seconds').toEqual([]);
    expect(run.wallMs).toBeLessThan(5000 + HANG_MS);
    expect(run.errors).toHaveLength(1);
    expect(run.errors[0]?.title).toBe('Timed out: TimeoutError');
    expect(run.errors[0]?.message).toMatch(
      /timeout-seconds \(5\) ran out after 3 attempts in [45]\.\d s/,
    );
    expect(run.outputs['error-code']).toBe('TimeoutError');
  });

  it('one hung attempt costs a third of the budget, then the next attempt succeeds', async () => {
    pc().script({ hang: true });
    const run = await start({ 'timeout-seconds': '6' });
    expect(run.code).toBe(0);
    expect(run.outputs.attempts).toBe('2');
    // The hung attempt was given up after a third of the 6 s (not the 30 s attempt cap), then retried in time.
    const [a, b] = pc().requests;
    expect(b!.at - a!.at).toBeGreaterThanOrEqual(2000);
    expect(b!.at - a!.at).toBeLessThan(6000);
    expect(run.wallMs).toBeLessThan(6000 + HANG_MS);
  });

  it('throttled without end: auto retries until the deadline, then names the throttling', async () => {
    pc().setRate(0.0001, 0);
    // At 4 requests/s the periodic throttling retries come about every half second.
    const throttled = await start({ 'timeout-seconds': '5', 'requests-per-second': '4' });
    expect(throttled.code).toBe(1);
    expect(withinBudget(5), 'requests past timeout-seconds').toEqual([]);
    expect(throttled.wallMs).toBeLessThan(5000 + HANG_MS);
    expect(throttled.errors[0]?.title).toBe('Timed out: ThrottlingException');
    expect(throttled.errors[0]?.message).toMatch(
      /timeout-seconds \(5\) ran out after \d+ attempts/,
    );
    expect(throttled.errors[0]?.message).toContain('max-parallel');
    expect(Number(throttled.outputs.attempts)).toBeGreaterThan(2);
  });
});

describe('clock skew', () => {
  it.each([
    ['behind', 10 * 60_000],
    ['ahead', -10 * 60_000],
  ])(
    'a runner clock 10 minutes %s: adopts the service time, warns, and succeeds',
    async (word, offset) => {
      pc().setClockOffset(offset);
      const run = await start();
      expect(run.code).toBe(0);
      expect(run.outputs.attempts).toBe('2');
      expect(pc().requests[0]!.outcome).toBe('InvalidSignatureException');
      expect(pc().requests[1]!.signatureValid).toBe(true);
      expect(run.warnings).toHaveLength(1);
      expect(run.warnings[0]?.title).toBe('Runner clock is off');
      expect(run.warnings[0]?.message).toMatch(
        new RegExp(`off by (599|600|601) seconds against AWS \\(${word}\\)`),
      );
    },
  );
});

describe('proxies', () => {
  const tls = path.resolve(import.meta.dirname, '../fixtures/tls');
  const ca = path.join(tls, 'ca.pem');
  const secure = usePartnerCentral({
    ...defaultEmulatorOptions(),
    tls: {
      key: readFileSync(path.join(tls, 'server-key.pem')),
      cert: readFileSync(path.join(tls, 'server.pem')),
    },
  });
  let proxy: Awaited<ReturnType<typeof startConnectProxy>>;
  beforeAll(async () => {
    proxy = await startConnectProxy(secure().port);
  });
  afterAll(() => proxy.close());
  beforeEach(() => {
    proxy.connects.length = 0;
  });
  const run = (inputs: Record<string, string>, env: Record<string, string>) =>
    runStep(
      { catalog: 'AWS', 'job-identifier': AWS_JOB, ...inputs },
      { ...longTerm, NODE_EXTRA_CA_CERTS: ca, ...env },
    );

  it.each(['HTTPS_PROXY', 'https_proxy'])(
    'reaches the default endpoint through %s (CONNECT, TLS verified)',
    async (variable) => {
      const out = await run({}, { [variable]: proxy.url });
      expect(out.stderr).toBe('');
      expect(out.code).toBe(0);
      expect(proxy.connects).toEqual([
        {
          method: 'CONNECT',
          target: 'partnercentral-selling.us-east-1.api.aws:443',
          auth: undefined,
        },
      ]);
      expect(secure().requests).toHaveLength(1);
      expect(secure().requests[0]!.headers.host).toBe('partnercentral-selling.us-east-1.api.aws');
      expect(secure().requests[0]!.signatureValid).toBe(true);
    },
  );

  it('goes through the proxy to an endpoint override too', async () => {
    const out = await run(
      { endpoint: `https://0.0.0.0:${secure().port}` },
      { HTTPS_PROXY: proxy.url },
    );
    expect(out.code).toBe(0);
    expect(proxy.connects.map((c) => c.target)).toEqual([`0.0.0.0:${secure().port}`]);
  });

  it.each(['NO_PROXY', 'no_proxy'])('%s bypasses the proxy', async (variable) => {
    const out = await run(
      { endpoint: `https://0.0.0.0:${secure().port}` },
      { HTTPS_PROXY: proxy.url, [variable]: 'example.com,0.0.0.0' },
    );
    expect(out.code).toBe(0);
    expect(proxy.connects).toEqual([]);
    expect(secure().requests).toHaveLength(1);
  });

  it('refuses a server whose certificate is not trusted, without retrying', async () => {
    const out = await runStep(
      { catalog: 'AWS', 'job-identifier': AWS_JOB, endpoint: `https://127.0.0.1:${secure().port}` },
      { ...longTerm },
    );
    expect(out.code).toBe(1);
    expect(secure().requests).toHaveLength(0);
    expect(out.errors[0]?.message).toContain('NODE_EXTRA_CA_CERTS');
    expect(out.outputs.attempts).toBe('1');
  });
});

describe('hostile text never becomes a workflow command, and secrets never show', () => {
  const hostile = 'bad\n::add-mask::x\r\n::stop-commands::tok%0A::error::pwned\u2028::error::pwned';
  it('in a service error message and its fields, in debug mode', async () => {
    pc().script({
      error: 'ValidationException',
      status: 400,
      message: hostile,
      extra: {
        Reason: hostile,
        ErrorList: [{ FieldName: hostile, Code: hostile, Message: hostile }],
      },
    });
    const run = await start({}, { ...temporary, RUNNER_DEBUG: '1' });
    expect(run.code).toBe(1);
    expect(foreignCommands(run)).toEqual([]);
    expect(run.stdout).not.toMatch(/^::stop-commands::/m);
    expect(run.stdout).not.toMatch(/^::add-mask::x/m);
    expect(run.summary).not.toMatch(/\n::/);
    expect(run.outputs['error-message']).not.toMatch(/[\r\n]/);
  });

  it('in an HTML error page and a retried fault, in debug mode', async () => {
    pc().script(
      { status: 503, body: `<html>${hostile}</html>` },
      { error: 'ThrottlingException', status: 429, message: hostile },
    );
    const run = await start({}, { ...temporary, RUNNER_DEBUG: '1' });
    expect(run.code).toBe(0);
    expect(foreignCommands(run)).toEqual([]);
  });

  it('in inputs echoed back', async () => {
    const run = await start({
      catalog: hostile,
      'job-identifier': hostile,
      region: hostile,
      endpoint: hostile,
    });
    expect(run.code).toBe(1);
    expect(pc().requests).toHaveLength(0);
    expect(foreignCommands(run)).toEqual([]);
    // One annotation per problem (a hostile job-identifier splits into several candidates), each naming its input.
    expect(new Set(run.errors.map((e) => e.title))).toEqual(
      new Set(
        ['catalog', 'job-identifier', 'region', 'endpoint'].map((i) => `Invalid input: ${i}`),
      ),
    );
  });

  it('debug mode shows the request but never the secret key, session token or signature', async () => {
    pc().script({ status: 500, body: '' });
    const run = await start({}, { ...temporary, RUNNER_DEBUG: '1' });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('::debug::StartResourceSnapshotJob attempt 1: POST');
    const visible = visibleText(run);
    for (const secret of [TEMPORARY.secretAccessKey, TEMPORARY.sessionToken])
      expect(visible).not.toContain(secret);
    expect(visible).not.toMatch(/Signature=[0-9a-f]{64}/);
    const signatures = pc().requests.map(
      (r) => /Signature=([0-9a-f]{64})/.exec(r.headers.authorization ?? '')?.[1],
    );
    for (const sig of signatures) expect(visible).not.toContain(sig);
  });
});

describe('parallel runs', () => {
  /** K runs with default inputs, started together against an endpoint that allows 1 request/s. */
  async function contend(k: number, maxThrottledPerSuccess: number, maxWallMs: number) {
    pc().setRate(1);
    const runs = await Promise.all(Array.from({ length: k }, () => start()));
    expect(runs.map((r) => r.code)).toEqual(Array(k).fill(0));
    // Few throttled requests per success: the backoff spreads the runs out instead of hammering. One draw of a
    // random process, so the bound sits well above the median (npm run bench measures the medians against
    // issue 17's targets: K = 8 3.25, K = 32 9.66 throttled per run); retries without backoff throttle hundreds.
    const throttled = pc().requests.filter((r) => r.outcome === 'ThrottlingException').length;
    expect(throttled / k).toBeLessThan(maxThrottledPerSuccess);
    expect(Math.max(...runs.map((r) => r.wallMs))).toBeLessThan(maxWallMs);
  }

  it(
    '8 runs started together against 1 request/s all succeed',
    () => contend(8, 6, 60_000),
    120_000,
  );

  // About a minute: scripts/e2e.mjs turns it on for one runtime only (Node 24 where available).
  it.runIf(process.env.E2E_CONTENTION_32 === '1')(
    '32 runs started together against 1 request/s all succeed within the default deadline',
    () => contend(32, 14, 300_000),
    330_000,
  );
});
