// Fault injection: 200 random fault schedules (60 on the second Node) from a fixed seed, each run through dist/index.js against its own emulator.
import { describe, expect, it } from 'vitest';
import { AWS_JOB, TEMPORARY, defaultEmulatorOptions } from '../emulator/fixtures.mjs';
import { startPartnerCentral } from '../emulator/partner-central.mjs';
import { runStep, visibleText } from '../emulator/run-dist.mjs';
import { credentialEnv } from './emulator.js';
import { prng } from '../emulator/prng.mjs';

const SEED = 0x5eed2026;
// All 200 on the action's runtime (Node 24); the first 60 of the same sequence on the other Node, to keep the
// suite inside CI's budget (scripts/e2e.mjs sets E2E_FAULT_SCHEDULES).
const SCHEDULES = Number(process.env.E2E_FAULT_SCHEDULES ?? 200);
const TIMEOUT_SECONDS = 30;

interface Fault {
  kind: string;
  step: object;
  /** 'ok' ends the run in success; 'client' ends it at once; 'retry' is retried. */
  effect: 'ok' | 'client' | 'retry';
  /** The error-code output it leads to when it is the last attempt. */
  code?: RegExp;
  /** The request went out whole and no status came back: the job's status is then unknown, never failed. */
  unanswered?: boolean;
  weight: number;
}

const FAULTS: Fault[] = [
  { kind: 'ok', step: { pass: true }, effect: 'ok', weight: 3 },
  { kind: 'slow-ok', step: { delayMs: 150, pass: true }, effect: 'ok', weight: 1 },
  {
    kind: 'throttle-429',
    step: { error: 'ThrottlingException', status: 429 },
    effect: 'retry',
    code: /^ThrottlingException$/,
    weight: 4,
  },
  {
    kind: 'throttle-400-header',
    step: { error: 'ThrottlingException', status: 400, headerOnly: true },
    effect: 'retry',
    code: /^ThrottlingException$/,
    weight: 2,
  },
  {
    kind: '503-html',
    step: {
      status: 503,
      headers: { 'content-type': 'text/html' },
      body: '<html><h1>busy</h1></html>',
    },
    effect: 'retry',
    code: /^ServiceUnavailable$/,
    weight: 2,
  },
  {
    kind: '500-ise',
    step: { error: 'InternalServerException', status: 500 },
    effect: 'retry',
    code: /^InternalServerException$/,
    weight: 2,
  },
  {
    kind: 'reset',
    step: { reset: true },
    effect: 'retry',
    code: /^(ECONNRESET|NetworkError)$/,
    unanswered: true,
    weight: 2,
  },
  {
    kind: 'reset-mid-body',
    step: { status: 500, resetMidBody: true, body: '{"__type":"InternalFailure","message":"cut"}' },
    effect: 'retry',
    code: /^(ECONNRESET|ResponseTruncated)$/,
    weight: 1,
  },
  // Any 2xx status is the service's yes to StartResourceSnapshotJob, whatever became of the body.
  {
    kind: 'truncated-200',
    step: { status: 200, truncate: true, body: '{"message":"cut short"}' },
    effect: 'ok',
    weight: 1,
  },
  {
    kind: 'malformed-json',
    step: { status: 500, headers: { 'content-type': 'application/json' }, body: '{"__type":' },
    effect: 'retry',
    code: /^InternalServerError$/,
    weight: 1,
  },
  {
    kind: 'odd-200-body',
    step: { status: 200, headers: { 'content-type': 'text/html' }, body: '<html>portal</html>' },
    effect: 'ok',
    weight: 1,
  },
  {
    kind: 'large-body',
    step: { status: 502, body: 'x'.repeat(2 * 1024 * 1024) },
    effect: 'retry',
    code: /^BadGateway$/,
    weight: 1,
  },
  {
    kind: 'access-denied',
    step: { error: 'AccessDeniedException', status: 403 },
    effect: 'client',
    code: /^AccessDeniedException$/,
    weight: 1,
  },
  {
    kind: 'validation',
    step: { error: 'ValidationException', status: 400, extra: { ErrorList: [] } },
    effect: 'client',
    code: /^ValidationException$/,
    weight: 1,
  },
];
const OK = FAULTS[0]!;

function pick(random: () => number): Fault {
  const total = FAULTS.reduce((n, f) => n + f.weight, 0);
  let r = random() * total;
  for (const f of FAULTS) if ((r -= f.weight) < 0) return f;
  return OK;
}

interface Schedule {
  id: number;
  maxAttempts: number;
  faults: Fault[];
  expected: {
    ok: boolean;
    attempts: number;
    status: 'started' | 'failed' | 'unknown';
    code?: RegExp;
    title?: RegExp;
  };
}

/** What the retry policy promises for this schedule: the oracle the run is held to. */
function expectation(faults: Fault[], maxAttempts: number): Schedule['expected'] {
  for (let i = 0; i < maxAttempts; i++) {
    const f = faults[i] ?? OK;
    if (f.effect === 'ok') return { ok: true, attempts: i + 1, status: 'started' };
    if (f.effect === 'client')
      return {
        ok: false,
        attempts: i + 1,
        status: 'failed',
        code: f.code!,
        title: new RegExp(`^${f.code!.source.slice(1, -1)}$`),
      };
    if (i + 1 === maxAttempts)
      return {
        ok: false,
        attempts: i + 1,
        status: f.unanswered ? 'unknown' : 'failed',
        code: f.code!,
        title: new RegExp(`: gave up after ${i + 1} attempts?$`),
      };
  }
  throw new Error('unreachable');
}

const random = prng(SEED);
const schedules: Schedule[] = Array.from({ length: SCHEDULES }, (_, id) => {
  const maxAttempts = 1 + Math.floor(random() * 5);
  const faults = Array.from({ length: Math.floor(random() * 6) }, () => pick(random));
  return { id, maxAttempts, faults, expected: expectation(faults, maxAttempts) };
});

const secrets = [TEMPORARY.secretAccessKey, TEMPORARY.sessionToken];

describe.concurrent(`${SCHEDULES} random fault schedules (seed 0x${SEED.toString(16)})`, () => {
  it('the schedules cover every fault and both outcomes', () => {
    const kinds = new Set(schedules.flatMap((s) => s.faults.map((f) => f.kind)));
    expect([...kinds].sort()).toEqual(FAULTS.map((f) => f.kind).sort());
    expect(schedules.filter((s) => s.expected.ok).length).toBeGreaterThan(SCHEDULES / 5);
    expect(schedules.filter((s) => !s.expected.ok).length).toBeGreaterThan(SCHEDULES / 5);
  });

  it.each(
    schedules.map(
      (s) =>
        [
          `#${s.id} max-attempts ${s.maxAttempts}: ${s.faults.map((f) => f.kind).join(', ') || '(none)'}`,
          s,
        ] as const,
    ),
  )('%s', async (_name, schedule) => {
    const pc = await startPartnerCentral(defaultEmulatorOptions());
    try {
      pc.script(...schedule.faults.map((f) => f.step));
      const run = await runStep(
        {
          catalog: 'AWS',
          'job-identifier': AWS_JOB,
          endpoint: pc.url,
          'max-attempts': String(schedule.maxAttempts),
          'timeout-seconds': String(TIMEOUT_SECONDS),
        },
        { ...credentialEnv(TEMPORARY), RUNNER_DEBUG: '1' },
      );
      const { expected } = schedule;
      expect(run.stderr).toBe('');
      expect(run.code).toBe(expected.ok ? 0 : 1);
      expect(run.outputs.attempts).toBe(String(expected.attempts));
      // The job's status is what the service last answered: a 2xx started it; no answer is unknown.
      expect(JSON.parse(run.outputs.results!)[0].status).toBe(expected.status);
      expect(run.outputs['started-count']).toBe(expected.status === 'started' ? '1' : '0');
      expect(run.outputs['failed-count']).toBe(expected.status === 'failed' ? '1' : '0');
      expect(pc.requests).toHaveLength(expected.attempts);
      expect(pc.requests.every((r) => r.signatureValid)).toBe(true);
      // Every attempt inside timeout-seconds as the emulator received them; the wall time (Node's start-up
      // included) only catches a hang.
      const first = pc.requests[0]!.at;
      expect(pc.requests.filter((r) => r.at - first >= TIMEOUT_SECONDS * 1000)).toEqual([]);
      expect(run.wallMs).toBeLessThan((TIMEOUT_SECONDS + 5) * 1000);
      if (expected.ok) {
        expect(run.errors).toEqual([]);
        expect(run.outputs['error-code']).toBe('');
      } else {
        expect(run.errors).toHaveLength(1);
        expect(run.outputs['error-code']).toMatch(expected.code!);
        expect(run.errors[0]?.title).toMatch(expected.title!);
      }
      const visible = visibleText(run);
      for (const s of secrets) expect(visible).not.toContain(s);
      expect(visible).not.toMatch(/Signature=[0-9a-f]{64}/);
    } finally {
      await pc.close();
    }
  });
});
