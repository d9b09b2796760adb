// One call under the retry policy, through a fake transport on a fake clock: the WireFormat it is given decides
// errors, request ids and secrets; a cut 2xx, a malformed success, Retry-After and a cancelled step.
import { createSecrets } from '../../../src/common/secrets.js';
import { BACKOFF, CANCEL_GRACE_MS } from '../../../src/common/tunables.js';
import { describe, expect, it } from 'vitest';
import type { Log } from '../../../src/common/log.js';
import type { RetryPolicy, Timing } from '../../../src/http/retry.js';
import {
  sendWithRetry,
  type CallSpec,
  type WireFormat,
} from '../../../src/http/send-with-retry.js';
import type {
  HttpResponse,
  OutgoingRequest,
  Transport,
  TransportFault,
} from '../../../src/http/transport.js';
import { fakeTiming } from '../fake-timing.js';
import { stsSessionToken } from '../../fixtures/real-secrets.mjs';
import { virtualClock } from '../virtual-clock.js';

// A session token as STS shapes it (test/fixtures/real-secrets.mjs), sent in the test wire's secret header.
const SECRET = stsSessionToken('send-with-retry');
const SIGNATURE = 'Signature=abcdef0123456789';

/** A protocol unlike AWS's: its own error header, its own request id header, its own secret header. */
const wire: WireFormat = {
  parseError: (res) => ({
    name: res.headers['x-test-error'] ?? `Status${res.status}`,
    message: res.body,
    status: res.status,
    retryClass: res.status === 429 ? 'throttling' : res.status >= 500 ? 'transient' : 'client',
    ...(res.headers['x-test-id'] ? { requestId: res.headers['x-test-id'] } : {}),
  }),
  requestId: (headers) => headers['x-test-id'],
  secretHeaders: new Set(['x-test-token', 'authorization']),
  // The protocol says which errors a wrong clock may cause: then one retry follows the clock's correction.
  mayBeClockSkew: (error) => error.name === 'InvalidSignatureException',
};

const reply = (status: number, body = '', headers: Record<string, string> = {}): HttpResponse => ({
  status,
  headers: { 'x-test-id': `id-${status}`, ...headers },
  body,
});

function recordingLog() {
  const lines: { level: string; line: string }[] = [];
  const log: Log = {
    info: (line) => lines.push({ level: 'info', line }),
    notice: (line) => lines.push({ level: 'notice', line }),
    warning: (line) => lines.push({ level: 'warning', line }),
    debug: (line) => lines.push({ level: 'debug', line }),
  };
  return { log, lines, text: () => lines.map((l) => l.line).join('\n') };
}

/** A call that parses its success body as JSON, as the AWS JSON operations do. */
function spec(over: Partial<CallSpec<unknown>> = {}): CallSpec<unknown> {
  return {
    label: 'TestCall',
    build: (ctx) =>
      Promise.resolve<OutgoingRequest>({
        url: new URL('https://service.test/path'),
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-test-token': SECRET,
          authorization: `AWS4-HMAC-SHA256 Credential=AKIA/x, ${SIGNATURE}`,
          'x-attempt': String(ctx.attempt),
        },
        body: '{"Catalog":"AWS"}',
      }),
    parseSuccess: (res) => JSON.parse(res.body) as unknown,
    wire,
    ...over,
  };
}

/** A transport that answers from a script, in order: a reply, or a fault. */
function scripted(replies: (HttpResponse | TransportFault)[]) {
  const sent: OutgoingRequest[] = [];
  const transport: Transport = (req) => {
    sent.push(req);
    const next = replies.shift();
    if (!next) return Promise.reject(new Error('no reply scripted'));
    return Promise.resolve(
      'kind' in next ? { ok: false, fault: next } : { ok: true, response: next },
    );
  };
  return { transport, sent };
}

function fault(code: string, extra: Partial<TransportFault> = {}): TransportFault {
  return { kind: 'failed', code, message: `${code} on the wire`, requestSent: false, ...extra };
}

function policy(timing: Timing, over: Partial<RetryPolicy> = {}): RetryPolicy {
  return { maxAttempts: 3, deadlineAt: timing.now() + 60_000, attemptTimeoutMs: 5000, ...over };
}

async function call(
  replies: (HttpResponse | TransportFault)[],
  over: { spec?: Partial<CallSpec<unknown>>; policy?: Partial<RetryPolicy> } = {},
) {
  const timing = fakeTiming();
  const { transport, sent } = scripted(replies);
  const { log, lines, text } = recordingLog();
  const clock = { offsetMs: 0 };
  const secrets = createSecrets();
  const outcome = await sendWithRetry(spec(over.spec), policy(timing, over.policy), {
    transport,
    timing,
    clock,
    log,
    secrets,
  });
  return { outcome, sent, lines, text, timing, clock, secrets };
}

describe('sendWithRetry: replies read exactly, secrets known to the sinks', () => {
  const LONG_SIGNATURE = 'Signature=0123456789abcdef0123456789abcdef';
  const signed = (): Partial<CallSpec<unknown>> => ({
    build: () =>
      Promise.resolve<OutgoingRequest>({
        url: new URL('https://service.test/path'),
        method: 'POST',
        headers: {
          'x-test-token': SECRET,
          authorization: `AWS4-HMAC-SHA256 Credential=AKIA/x, ${LONG_SIGNATURE}`,
        },
        body: '{}',
      }),
  });
  const runs = (secret: string) =>
    Array.from({ length: secret.length - 11 }, (_, i) => secret.slice(i, i + 12));

  it('a reply that quotes the request reaches the parser as it came; the secrets it quotes are the sinks’ to remove', async () => {
    const signature = LONG_SIGNATURE.slice('Signature='.length);
    const quote = `${'x'.repeat(90)} token ${SECRET} signature ${signature}`;
    const { outcome, text, secrets } = await call(
      [reply(403, quote, { 'x-test-error': 'Denied', 'x-test-id': 'rid-denied' })],
      { spec: signed() },
    );
    // Data exact: the parser read the service's own words.
    expect(!outcome.ok && outcome.error.message).toBe(quote);
    // What a sink would show of it and of the log lines holds no run of either secret.
    const shown = secrets.scrub(JSON.stringify(outcome) + text());
    for (const secret of [SECRET, signature])
      for (const run of runs(secret)) expect(shown).not.toContain(run);
    expect(secrets.scrub(quote)).toMatch(/token \*\*\* signature \*\*\*$/);
  });

  it('a network fault that quotes a secret keeps its words, name and code; the sinks know the secret', async () => {
    const reset = fault('ECONNRESET');
    reset.message = `reset while sending ${SECRET}`;
    const { outcome } = await call([reset], { spec: signed(), policy: { maxAttempts: 1 } });
    expect(outcome).toMatchObject({ ok: false, error: { name: 'ECONNRESET' } });
    // A message too long for a line is cut before the token, never inside it.
    expect(!outcome.ok && outcome.error.message).toBe('network error: reset while sending …');
    const short = fault('ECONNRESET');
    short.message = `reset while sending ${SECRET.slice(0, 300)}`;
    const again = await call([short], { spec: signed(), policy: { maxAttempts: 1 } });
    expect(!again.outcome.ok && again.outcome.error.message).toBe(
      `network error: ${short.message}`,
    );
    expect(again.secrets.scrub(JSON.stringify(again.outcome))).not.toContain(SECRET.slice(0, 12));
  });
});

describe('sendWithRetry: the WireFormat decides', () => {
  it('reads an error reply with the wire parseError and keeps its request id', async () => {
    const { outcome, sent } = await call([
      reply(409, 'taken', { 'x-test-error': 'ConflictLike', 'x-test-id': 'rid-409' }),
    ]);
    expect(sent).toHaveLength(1);
    expect(outcome).toMatchObject({
      ok: false,
      stop: 'client',
      attempts: 1,
      error: { name: 'ConflictLike', message: 'taken', status: 409, requestId: 'rid-409' },
    });
  });

  it("takes a success's request id from the wire's own header, and only from it", async () => {
    const { outcome, text } = await call([
      reply(200, '{"a":1}', { 'x-test-id': 'rid-ok', 'x-amzn-requestid': 'not-this-one' }),
    ]);
    expect(outcome).toMatchObject({ ok: true, value: { a: 1 }, requestId: 'rid-ok', attempts: 1 });
    expect(text()).toContain('request id rid-ok');
    expect(text()).not.toContain('not-this-one');
  });

  it('shows the secret headers as *** in debug lines, the others as they are', async () => {
    const { text, lines } = await call([reply(503, 'busy'), reply(200, '{}')]);
    const requests = lines.filter((l) => l.level === 'debug' && l.line.includes('POST '));
    expect(requests).toHaveLength(2);
    for (const { line } of requests) {
      expect(line).toContain('x-test-token: ***');
      expect(line).toContain('authorization: ***');
      expect(line).toContain('content-type: application/json');
      // The path may hold a credential (a gateway's key): only the origin is shown.
      expect(line).toContain('POST https://service.test/… [');
      expect(line).not.toContain('/path');
    }
    expect(requests[1]!.line).toMatch(/^TestCall attempt 2: .*x-attempt: 2/);
    expect(text()).not.toContain(SECRET);
    expect(text()).not.toContain(SIGNATURE);
  });

  it('logs an error body but never a success body, which may hold credentials', async () => {
    const { text } = await call([reply(500, 'the error page'), reply(200, `{"Key":"${SECRET}"}`)]);
    expect(text()).toContain('body the error page');
    expect(text()).toContain(`${`{"Key":"${SECRET}"}`.length} body characters`);
    expect(text()).not.toContain(SECRET);
  });

  it('announces each retry once, at info, with the error, status, request id and wait', async () => {
    const { lines, timing } = await call([
      reply(503, 'busy', { 'x-test-id': 'rid-1' }),
      reply(200, '{}'),
    ]);
    const info = lines.filter((l) => l.level === 'info').map((l) => l.line);
    expect(info).toEqual([
      `TestCall: attempt 1 of 3 failed with Status503 (HTTP 503), request id rid-1; retrying in ${(timing.sleeps[0]! / 1000).toFixed(2)} s (60 s left of timeout-seconds)`,
    ]);
  });
});

describe('sendWithRetry: what counts as an answer', () => {
  const cut200 = () =>
    fault('ECONNRESET', {
      requestSent: true,
      partialResponse: { status: 200, headers: { 'x-test-id': 'rid-cut' } },
    });

  it('takes a 2xx whose body broke off as success when the status is the whole answer', async () => {
    const { outcome, sent } = await call([cut200()], {
      spec: { statusIsAnswer: true, parseSuccess: (res) => `parsed "${res.body}"` },
    });
    expect(sent).toHaveLength(1);
    expect(outcome).toMatchObject({
      ok: true,
      value: 'parsed ""',
      attempts: 1,
      requestId: 'rid-cut',
    });
  });

  it('retries a cut 2xx when the body is the answer', async () => {
    // This call would read an empty body as well: only statusIsAnswer may turn the cut reply into a success.
    const { outcome, sent, lines } = await call([cut200(), reply(200, 'whole')], {
      spec: { parseSuccess: (res) => `parsed "${res.body}"` },
    });
    expect(sent).toHaveLength(2);
    expect(outcome).toMatchObject({ ok: true, value: 'parsed "whole"', attempts: 2 });
    expect(lines.find((l) => l.level === 'info')?.line).toMatch(
      /^TestCall: attempt 1 of 3 failed with ECONNRESET \(HTTP 200\), request id rid-cut;/,
    );
  });

  it('never takes a cut error status as success, even when the status is the answer', async () => {
    const { outcome } = await call(
      [fault('ECONNRESET', { requestSent: true, partialResponse: { status: 500, headers: {} } })],
      { spec: { statusIsAnswer: true }, policy: { maxAttempts: 1 } },
    );
    expect(outcome).toMatchObject({ ok: false, error: { name: 'ECONNRESET', status: 500 } });
  });

  it('reads a success body that will not parse as MalformedResponse, transient, and retries it', async () => {
    const { outcome, sent } = await call([reply(200, '{not json'), reply(200, '{"c":3}')]);
    expect(sent).toHaveLength(2);
    expect(outcome).toMatchObject({ ok: true, value: { c: 3 }, attempts: 2 });

    const once = await call([reply(200, '{not json', { 'x-test-id': 'rid-bad' })], {
      policy: { maxAttempts: 1 },
    });
    expect(once.outcome).toMatchObject({
      ok: false,
      stop: 'attempts',
      error: {
        name: 'MalformedResponse',
        status: 200,
        requestId: 'rid-bad',
        retryClass: 'transient',
      },
    });
    expect(!once.outcome.ok && once.outcome.error.message).toMatch(
      /^HTTP 200 but the reply could not be read: /,
    );
  });
});

describe('sendWithRetry: a transport that breaks its contract', () => {
  it('reads a transport that throws, at once or later, as a network fault, and retries it', async () => {
    for (const throws of [true, false]) {
      const timing = fakeTiming();
      let calls = 0;
      const transport: Transport = () => {
        calls += 1;
        if (calls === 1) {
          if (throws) throw new Error('thrown at once');
          return Promise.reject(new Error('rejected'));
        }
        return Promise.resolve({ ok: true, response: reply(200, '{"fine":true}') });
      };
      const outcome = await sendWithRetry(spec(), policy(timing), {
        transport,
        timing,
        clock: { offsetMs: 0 },
        log: recordingLog().log,
        secrets: createSecrets(),
      });
      expect(outcome, `throws at once: ${throws}`).toMatchObject({
        ok: true,
        value: { fine: true },
        attempts: 2,
      });
    }
  });
});

describe('sendWithRetry: Retry-After and the server clock', () => {
  it('waits at least a Retry-After hint in seconds before the retry', async () => {
    const { timing, outcome } = await call([
      reply(503, '', { 'retry-after': '3' }),
      reply(200, '{}'),
    ]);
    expect(outcome.ok).toBe(true);
    expect(timing.sleeps).toHaveLength(1);
    expect(timing.sleeps[0]).toBe(3000);
  });

  it('reads x-amz-retry-after in milliseconds', async () => {
    const { timing } = await call([
      reply(429, '', { 'x-amz-retry-after': '1500' }),
      reply(200, '{}'),
    ]);
    expect(timing.sleeps).toEqual([1500]);
  });

  it('without a hint waits only the backoff, far shorter', async () => {
    const { timing } = await call([reply(503, ''), reply(200, '{}')]);
    expect(timing.sleeps).toHaveLength(1);
    expect(timing.sleeps[0]).toBeLessThanOrEqual(BACKOFF.transientBaseMs);
  });

  it("learns the service's clock from a Date header and warns that the runner's is off", async () => {
    const runnerNow = fakeTiming().now(); // the start of every call's fake clock
    const { lines, clock, outcome } = await call([
      reply(403, 'Signature expired', {
        'x-test-error': 'InvalidSignatureException',
        date: new Date(runnerNow + 10 * 60_000).toUTCString(),
      }),
      reply(200, '{}'),
    ]);
    expect(outcome).toMatchObject({ ok: true, attempts: 2 });
    expect(clock.offsetMs).toBeGreaterThan(9 * 60_000);
    expect(lines.filter((l) => l.level === 'warning').map((l) => l.line)).toEqual([
      expect.stringMatching(/^The runner's clock is off by 600 seconds against AWS \(behind\)/),
    ]);
  });
});

describe('sendWithRetry: a cancelled step', () => {
  /**
   * A transport whose reply takes `replyAfterMs` on the virtual clock unless the request is abandoned first;
   * records when it was abandoned.
   */
  function slowTransport(timing: Timing, replyAfterMs: number) {
    const seen: { sentAt: number; abandonedAt?: number }[] = [];
    const transport: Transport = (_req, _timeoutMs, late) =>
      new Promise((resolve) => {
        const entry: { sentAt: number; abandonedAt?: number } = { sentAt: timing.now() };
        seen.push(entry);
        const done = new AbortController();
        late?.addEventListener('abort', () => {
          entry.abandonedAt = timing.now();
          done.abort();
          resolve({
            ok: false,
            fault: { kind: 'cancelled', message: 'abandoned', requestSent: true },
          });
        });
        void timing.sleep(replyAfterMs, done.signal).then(() => {
          if (!done.signal.aborted) resolve({ ok: true, response: reply(200, '{"late":true}') });
        });
      });
    return { transport, seen };
  }

  async function cancelledAfter(cancelAtMs: number, replyAfterMs: number) {
    const clock = virtualClock();
    // Every wait the sender starts, with the signal that may end it early.
    const waits: { ms: number; signal?: AbortSignal }[] = [];
    const timing: Timing = {
      ...clock.timing,
      sleep: (ms, signal) => {
        waits.push({ ms, ...(signal ? { signal } : {}) });
        return clock.timing.sleep(ms, signal);
      },
    };
    const { transport, seen } = slowTransport(clock.timing, replyAfterMs);
    const cancel = new AbortController();
    void clock.timing.sleep(cancelAtMs).then(() => cancel.abort());
    const outcome = await clock.run(
      sendWithRetry(spec(), policy(timing, { attemptTimeoutMs: 60_000 }), {
        transport,
        timing,
        clock: { offsetMs: 0 },
        log: recordingLog().log,
        secrets: createSecrets(),
        cancel: cancel.signal,
      }),
    );
    return { outcome, seen, waits, start: clock.start, endedAt: clock.now() };
  }

  it('abandons a request in flight CANCEL_GRACE_MS after the cancel, and starts no other', async () => {
    const { outcome, seen, start } = await cancelledAfter(100, 30_000);
    expect(seen).toHaveLength(1);
    expect(seen[0]!.abandonedAt! - start).toBe(100 + CANCEL_GRACE_MS);
    expect(outcome).toMatchObject({
      ok: false,
      stop: 'cancelled',
      attempts: 1,
      unanswered: true,
      error: { name: 'Cancelled' },
    });
  });

  it('keeps a reply that comes within the grace, and ends the grace wait at once so it holds nothing open', async () => {
    const { outcome, seen, waits, start, endedAt } = await cancelledAfter(
      100,
      100 + CANCEL_GRACE_MS - 1,
    );
    expect(seen[0]!.abandonedAt).toBeUndefined();
    expect(outcome).toMatchObject({ ok: true, value: { late: true }, attempts: 1 });
    expect(endedAt - start).toBe(100 + CANCEL_GRACE_MS - 1);
    const grace = waits.filter((w) => w.ms === CANCEL_GRACE_MS);
    expect(grace).toHaveLength(1);
    expect(grace[0]!.signal?.aborted).toBe(true);
  });

  it('a step cancelled before the call sends nothing', async () => {
    const timing = fakeTiming();
    const { transport, sent } = scripted([reply(200, '{}')]);
    const cancel = new AbortController();
    cancel.abort();
    const outcome = await sendWithRetry(spec(), policy(timing), {
      transport,
      timing,
      clock: { offsetMs: 0 },
      log: recordingLog().log,
      secrets: createSecrets(),
      cancel: cancel.signal,
    });
    expect(sent).toHaveLength(0);
    expect(outcome).toMatchObject({ ok: false, stop: 'cancelled', attempts: 0 });
  });
});
