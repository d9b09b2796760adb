// Acceptance: random fault schedules, cancels and unwritable runner files over multi-job steps, every output held to what the emulator recorded.
//
// The oracle never asks the action's code what should happen: it reads the emulator's record of each request
// (operation, job, the status line written and when, when the response finished, when and how the client closed
// the connection, the request id sent). First it classifies every request once (classify): answered, unanswered
// (no status, reset, hang, abandoned) or racing (its status line written within RACE_MS of the client's own
// give-up, which the emulator could not see). Under a reading (answered or not, per request) a job is `started`
// iff some StartResourceSnapshotJob for it was answered 2xx; else `unknown` when its last start was unanswered;
// else `failed` when it had starts; else `not-attempted` (`dry-run` in a dry run). Each job's readings are listed
// up front: one, or two when a request of it races; the one its status and error-code show is the one every
// other check (counts, request ids, attempts, exit code, annotations) follows. No check is retried.
// E2E_MULTI_SCHEDULES, E2E_MULTI_CANCELS and E2E_MULTI_SEED run more draws locally.
import type { ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LONG_TERM, TEMPORARY, defaultEmulatorOptions } from '../emulator/fixtures.mjs';
import { startPartnerCentral } from '../emulator/partner-central.mjs';
import { visibleText, type RunOutcome } from '../emulator/run-dist.mjs';
import { credentialEnv, stepAgainst, type Emulator } from './emulator.js';
import { prng } from '../emulator/prng.mjs';

const SEED = Number(process.env.E2E_MULTI_SEED ?? 0x3a11f00d);
const SCHEDULES = Number(process.env.E2E_MULTI_SCHEDULES ?? 40);
const CANCELS = Number(process.env.E2E_MULTI_CANCELS ?? 15);
/** A hang costs one attempt: timeout-seconds 6 gives 2 s attempts (a third of the step's time). */
const SHORT_TIMEOUT_SECONDS = 6;
const LONG_TIMEOUT_SECONDS = 20;
/** What a cancelled step may take after the signal: the 1 s grace for a request in flight, then the report. */
const CANCEL_EXIT_MS = 4000;
/** The action's grace for a request in flight when the step is cancelled (send-with-retry.ts). */
const CANCEL_GRACE_MS = 1000;
/** How near a client's own give-up moment an answer counts as racing it (timers slip on a busy machine). */
const RACE_MS = 700;
/** The step ends within about a second of timeout-seconds (README, Deadlines); the rest is a busy machine. */
const DEADLINE_SLACK_MS = 2500;

interface Kind {
  kind: string;
  step: Record<string, unknown>;
  weight: number;
  /** The error-code a job shows when this answered its last start (pass: the service's own answer). */
  code?: RegExp;
  /** As a GetResourceSnapshotJob reply: a whole 2xx JSON object, which the action can read. */
  readable?: boolean;
  /** Only where attempts are short (timeout-seconds 6): it costs a whole attempt. */
  slow?: boolean;
}

const KINDS: Kind[] = [
  { kind: 'pass', step: { pass: true }, weight: 5 },
  { kind: 'slow-pass', step: { delayMs: 150, pass: true }, weight: 1 },
  {
    kind: 'throttle-429',
    step: { error: 'ThrottlingException', status: 429 },
    weight: 3,
    code: /^ThrottlingException$/,
  },
  {
    kind: 'throttle-400-header',
    step: { error: 'ThrottlingException', status: 400, headerOnly: true },
    weight: 1,
    code: /^ThrottlingException$/,
  },
  {
    kind: '500-ise',
    step: { error: 'InternalServerException', status: 500 },
    weight: 2,
    code: /^InternalServerException$/,
  },
  {
    kind: '503-html',
    step: { status: 503, headers: { 'content-type': 'text/html' }, body: '<html>busy</html>' },
    weight: 1,
    code: /^ServiceUnavailable$/,
  },
  { kind: 'reset', step: { reset: true }, weight: 2, code: /^(ECONNRESET|NetworkError)$/ },
  {
    kind: 'reset-mid-body-500',
    step: { status: 500, resetMidBody: true, body: '{"__type":"InternalFailure","message":"cut"}' },
    weight: 1,
    code: /^(ECONNRESET|ResponseTruncated|NetworkError)$/,
  },
  {
    kind: 'reset-mid-body-200',
    step: { status: 200, resetMidBody: true, body: '{"message":"cut after the status"}' },
    weight: 1,
    code: /^(ECONNRESET|ResponseTruncated|NetworkError)$/,
  },
  {
    kind: 'truncate-200',
    step: { status: 200, truncate: true, body: '{"message":"cut short"}' },
    weight: 1,
    code: /^(ECONNRESET|ResponseTruncated|NetworkError)$/,
  },
  {
    kind: 'truncate-500',
    step: { status: 500, truncate: true, body: '{"__type":"InternalFailure","message":"x"}' },
    weight: 1,
    code: /^(ECONNRESET|ResponseTruncated|NetworkError)$/,
  },
  { kind: 'hang', step: { hang: true }, weight: 2, code: /^TimeoutError$/, slow: true },
  {
    kind: 'slow-200',
    step: { status: 200, slowBodyMs: 20, body: '{}' },
    weight: 1,
    readable: true,
  },
  {
    kind: 'slow-200-past-attempt',
    step: { status: 200, slowBodyMs: 40, body: `{"pad":"${'x'.repeat(70)}"}` },
    weight: 1,
    code: /^TimeoutError$/,
    slow: true,
  },
  {
    kind: 'slow-500',
    step: {
      status: 500,
      slowBodyMs: 5,
      body: '{"__type":"InternalServerException","message":"slow"}',
    },
    weight: 1,
    // Its body trickles: on a busy machine it may outlast the attempt (TimeoutError after HTTP 500).
    code: /^(InternalServerException|TimeoutError)$/,
  },
  {
    kind: 'odd-200-html',
    step: { status: 200, headers: { 'content-type': 'text/html' }, body: '<html>portal</html>' },
    weight: 1,
    code: /^MalformedResponse$/,
  },
  {
    kind: 'odd-200-json',
    step: { status: 200, json: { Status: 'Mystery' } },
    weight: 1,
    readable: true,
  },
  { kind: 'empty-202', step: { status: 202, body: '' }, weight: 1, readable: true },
  {
    kind: 'access-denied',
    step: { error: 'AccessDeniedException', status: 403 },
    weight: 1,
    code: /^AccessDeniedException$/,
  },
  {
    kind: 'validation',
    step: { error: 'ValidationException', status: 400, extra: { ErrorList: [] } },
    weight: 1,
    code: /^ValidationException$/,
  },
  {
    kind: 'not-found',
    step: { error: 'ResourceNotFoundException', status: 404 },
    weight: 1,
    code: /^ResourceNotFoundException$/,
  },
];
const PASS = KINDS[0]!;

function pick(random: () => number, short: boolean): Kind {
  const kinds = KINDS.filter((k) => short || !k.slow);
  const total = kinds.reduce((n, k) => n + k.weight, 0);
  let r = random() * total;
  for (const k of kinds) if ((r -= k.weight) < 0) return k;
  return PASS;
}

interface Schedule {
  id: number;
  jobs: string[];
  /** Jobs the catalog does not hold: the service answers ResourceNotFoundException. */
  missing: Set<string>;
  maxAttempts: string;
  timeoutSeconds: number;
  rps: number;
  describeJob: boolean;
  dryRun: boolean;
  faults: Kind[];
  /** Cancels only: SIGINT this long after spawn, or after the k-th request arrives (plus delayMs). */
  cancel?: { afterRequest?: number; delayMs: number };
}

function draw(random: () => number, id: number, cancel: boolean): Schedule {
  const n = 2 + Math.floor(random() * 4);
  const jobs = Array.from(
    { length: n },
    (_, i) => `job-${id.toString(36).padStart(5, '0')}mjf${String(i).padStart(5, '0')}`,
  );
  const missing = new Set(jobs.filter(() => random() < 0.2));
  const a = Math.floor(random() * 6);
  const short = random() < 0.4;
  const dryRun = random() < 0.1;
  const describeJob = random() < (dryRun ? 0.6 : 0.25);
  const faults = Array.from({ length: Math.floor(random() * (2 * n + 4)) }, () =>
    pick(random, short),
  );
  const schedule: Schedule = {
    id,
    jobs,
    missing,
    maxAttempts: a === 5 ? 'auto' : String(a + 1),
    timeoutSeconds: short ? SHORT_TIMEOUT_SECONDS : LONG_TIMEOUT_SECONDS,
    rps: cancel && random() < 0.5 ? 3 : 10,
    describeJob,
    dryRun,
    faults,
  };
  if (cancel)
    schedule.cancel =
      random() < 0.4
        ? { delayMs: 100 + Math.floor(random() * 1400) }
        : {
            afterRequest: 1 + Math.floor(random() * Math.min(4, n + faults.length)),
            delayMs: Math.floor(random() * 250),
          };
  return schedule;
}

const describeSchedule = (s: Schedule) =>
  `#${s.id} ${s.jobs.length} jobs${s.missing.size ? ` (${s.missing.size} missing)` : ''}, max-attempts ${s.maxAttempts}, timeout ${s.timeoutSeconds}` +
  `${s.describeJob ? ', describe' : ''}${s.dryRun ? ', dry-run' : ''}${s.rps !== 10 ? `, ${s.rps} rps` : ''}` +
  `${s.cancel ? `, SIGINT ${s.cancel.afterRequest ? `after request ${s.cancel.afterRequest} +` : 'at'} ${s.cancel.delayMs} ms` : ''}: ` +
  `${s.faults.map((f) => f.kind).join(', ') || '(no faults)'}`;

type Recorded = Emulator['requests'][number];
const jobOf = (r: Recorded) =>
  (JSON.parse(r.body || '{}') as { ResourceSnapshotJobIdentifier?: string })
    .ResourceSnapshotJobIdentifier;
/** How the client read one request: it got the status line, or it did not. */
type Reading = Map<Recorded, boolean>;
/** A request as classified once, before any check. */
type Class = 'answered' | 'unanswered' | 'racing';

/**
 * Each request's class, from the emulator's record and the client's own give-up moments for it (the attempt's
 * timeout, the step's deadline, the end of the cancel grace):
 * - unanswered: no status line (reset, hang, abandoned), or one written after the client's close reached the
 *   emulator;
 * - answered: a status line the client had time to read: written RACE_MS before the client's close reached the
 *   emulator (its give-up, seen), or, when the emulator finished or cut the response first (the client's close is
 *   then not seen), RACE_MS before the client's earliest give-up moment by its timers;
 * - racing: none of these: the status line was written within RACE_MS of the client's give-up. (Whether the close
 *   was a FIN or a reset does not decide it: a FIN still in flight when the status was written reads as a FIN.)
 */
function classify(s: Schedule, requests: Recorded[], signalledAt = 0): Map<Recorded, Class> {
  const first = requests[0]?.at ?? 0;
  const budget = s.timeoutSeconds * 1000;
  const attemptMs = budget / 3;
  const classes = new Map<Recorded, Class>();
  for (const r of requests) {
    const giveUp = Math.min(
      r.at + attemptMs,
      first + budget,
      signalledAt > 0 && signalledAt < r.at + attemptMs
        ? Math.max(signalledAt, r.at) + CANCEL_GRACE_MS
        : Infinity,
    );
    classes.set(
      r,
      r.status === undefined || r.answeredAt === undefined || r.clientGone
        ? 'unanswered'
        : r.peerClosedAt !== undefined
          ? r.peerClosedAt < r.answeredAt
            ? 'unanswered'
            : r.peerClosedAt - r.answeredAt >= RACE_MS
              ? 'answered'
              : 'racing'
          : r.answeredAt <= giveUp - RACE_MS
            ? 'answered'
            : 'racing',
    );
  }
  return classes;
}

interface Expected {
  status: string;
  attempts: number;
  requestId: string;
  /** The job's own error-code: exactly this pattern; undefined means it must be ''. */
  code?: RegExp;
  /** A failure annotation for this job (failed, unknown, or a check that failed after the start). */
  annotated: boolean;
}

/** One job's truth under one reading of its requests, from the emulator's record alone. */
function expectFor(s: Schedule, requests: Recorded[], job: string, reading: Reading): Expected {
  const answered = (r: Recorded) => reading.get(r) === true;
  const is2xx = (r: Recorded) => answered(r) && r.status! >= 200 && r.status! < 300;
  const kindOf = (r: Recorded) => s.faults[requests.indexOf(r)] ?? PASS;
  const starts = requests.filter(
    (r) => r.operation === 'StartResourceSnapshotJob' && jobOf(r) === job,
  );
  const reads = requests.filter(
    (r) => r.operation === 'GetResourceSnapshotJob' && jobOf(r) === job,
  );
  const lastRead = reads.at(-1);
  const lastAnswered = starts.filter(answered).at(-1);
  const base = { attempts: starts.length, requestId: lastAnswered?.requestId ?? '' };
  // A read the action can use: the service's own description (the job is Running, see below), or a
  // scripted whole 2xx JSON object (which names no Running status).
  const readOk =
    lastRead !== undefined &&
    is2xx(lastRead) &&
    (kindOf(lastRead) === PASS || kindOf(lastRead).kind === 'slow-pass'
      ? lastRead.outcome === 'described'
      : Boolean(kindOf(lastRead).readable));
  const readRunning = readOk && lastRead!.outcome === 'described';
  if (s.dryRun) {
    if (!s.describeJob || readOk) return { ...base, status: 'dry-run', annotated: false };
    if (reads.length) return { ...base, status: 'failed', code: /./, annotated: true };
    return { ...base, status: 'not-attempted', annotated: false };
  }
  if (starts.some(is2xx)) {
    if (s.describeJob && !readRunning)
      return { ...base, status: 'started', code: /./, annotated: true };
    return { ...base, status: 'started', annotated: false };
  }
  const last = starts.at(-1);
  if (!last) return { ...base, status: 'not-attempted', annotated: false };
  const kind = kindOf(last);
  if (!answered(last)) {
    // A status line the client did not read reads, to it, as its own give-up; no status at all as the fault.
    const code = last.status !== undefined ? /^(TimeoutError|Cancelled)$/ : (kind.code ?? /./);
    return {
      ...base,
      status: 'unknown',
      code: s.cancel ? new RegExp(`${code.source}|^Cancelled$`) : code,
      annotated: true,
    };
  }
  const code =
    kind === PASS || kind.kind === 'slow-pass' ? /^ResourceNotFoundException$/ : (kind.code ?? /./);
  return { ...base, status: 'failed', code, annotated: true };
}

const sameExpected = (a: Expected, b: Expected) =>
  a.status === b.status &&
  a.attempts === b.attempts &&
  a.requestId === b.requestId &&
  a.annotated === b.annotated &&
  String(a.code) === String(b.code);

/** Per job: every reading its racing requests allow (one when none races), each with what it expects. */
function readingsOf(s: Schedule, requests: Recorded[], classes: Map<Recorded, Class>) {
  return s.jobs.map((job) => {
    const mine = requests.filter((r) => jobOf(r) === job);
    const racing = mine.filter((r) => classes.get(r) === 'racing');
    const options: { reading: Reading; expected: Expected }[] = [];
    for (let bits = 0; bits < 1 << racing.length; bits++) {
      const reading: Reading = new Map(
        mine.map((r) => [r, classes.get(r) === 'answered'] as [Recorded, boolean]),
      );
      racing.forEach((r, i) => reading.set(r, ((bits >> i) & 1) === 1));
      options.push({ reading, expected: expectFor(s, requests, job, reading) });
    }
    return options;
  });
}

/** Racing tallies over the whole file, reported at its end. */
const tally = { requests: 0, clientCloses: 0, racing: 0, racingByTimersAlone: 0, twoStatuses: 0 };

/**
 * The oracle: every request classified once; each job's allowed readings listed up front (exactly one, or two
 * when a request of it races); the one its actual status and error-code show is taken, and every check
 * (counts, request ids, exit code, annotations, summary) follows from that reading. Nothing is retried.
 */
function oracle(s: Schedule, run: RunOutcome, requests: Recorded[], signalledAt = 0) {
  const classes = classify(s, requests, signalledAt);
  const timersAlone = classify(
    s,
    requests.map((r) => ({ ...r, peerClosedAt: undefined })),
    signalledAt,
  );
  tally.requests += requests.length;
  tally.clientCloses += requests.filter((r) => r.peerClosedAt !== undefined).length;
  tally.racing += [...classes.values()].filter((c) => c === 'racing').length;
  tally.racingByTimersAlone += [...timersAlone.values()].filter((c) => c === 'racing').length;
  const results = JSON.parse(run.outputs.results ?? 'null') as Record<string, string | number>[];
  expect(results.map((r) => r['job-identifier'])).toEqual(s.jobs);
  const perJob = readingsOf(s, requests, classes);
  const chosen = perJob.map((options, i) => {
    const statuses = [...new Set(options.map((o) => o.expected.status))];
    expect(statuses.length, `statuses ${s.jobs[i]} may have`).toBeLessThanOrEqual(2);
    if (statuses.length === 2) tally.twoStatuses++;
    const status = results[i]!.status;
    expect(statuses, `status of ${s.jobs[i]}: one its reading allows`).toContain(status);
    // The reading the job shows: its status, and whether it carries an error-code.
    const shown = options.filter(
      (o) =>
        o.expected.status === status &&
        (o.expected.code === undefined) === (results[i]!['error-code'] === ''),
    );
    expect(shown.length, `a reading of ${s.jobs[i]} with its error-code`).toBeGreaterThan(0);
    expect(
      shown.every((o) => sameExpected(o.expected, shown[0]!.expected)),
      `one truth for ${s.jobs[i]} as it shows`,
    ).toBe(true);
    return shown;
  });
  const expected = chosen.map((shown) => shown[0]!.expected);
  // The step's request-id: the last start answered under the readings the jobs show.
  let readings: Reading[] = [new Map()];
  for (const shown of chosen)
    readings = readings.flatMap((acc) =>
      shown.map((o) => new Map([...acc, ...o.reading]) as Reading),
    );
  const starts = requests.filter((r) => r.operation === 'StartResourceSnapshotJob');
  const requestIds = [
    ...new Set(readings.map((m) => starts.filter((r) => m.get(r)).at(-1)?.requestId ?? '')),
  ];
  return { expected, results, requestIds, reading: readings[0]! };
}

const secrets = [LONG_TERM.secretAccessKey, TEMPORARY.secretAccessKey, TEMPORARY.sessionToken];

/** What a failure report needs to replay the case: the requests as the emulator saw them, and the log. */
function diagnosis(
  s: Schedule,
  run: RunOutcome,
  requests: Recorded[],
  t0: number,
  signalledAt = 0,
): string {
  const ms = (at: number | undefined) => (at === undefined ? '-' : `+${at - t0} ms`);
  const classes = classify(s, requests, signalledAt);
  const lines = requests.map(
    (r, i) =>
      `  +${r.at - t0} ms ${r.operation} ${jobOf(r)} <- ${(s.faults[i] ?? PASS).kind}: outcome ${r.outcome}, status ${r.status ?? '-'}${r.clientGone ? ' (client gone)' : ''} at ${ms(r.answeredAt)}, ` +
      `finished ${ms(r.finishedAt)}, cut ${ms(r.cutAt)}, client closed ${ms(r.peerClosedAt)}${r.peerReset ? ' (reset)' : ''}, closed ${ms(r.closedAt)}: ${classes.get(r)}, id ${r.requestId}`,
  );
  return [
    describeSchedule(s),
    `exit ${run.code} signal ${run.signal} wall ${run.wallMs} ms`,
    ...lines,
    'outputs: ' + JSON.stringify(run.outputs),
    'log:',
    run.log,
  ].join('\n');
}

/**
 * timeout-seconds bounds the whole step, and its clock starts before the first request: no request arrives
 * later than that after the first, and the step ends soon after (start-up on a busy machine is not counted).
 */
function deadlineKept(s: Schedule, requests: Recorded[], exitedAt: number) {
  const first = requests[0]?.at;
  if (first === undefined) return;
  const budget = s.timeoutSeconds * 1000;
  expect(
    requests.filter((r) => r.at - first >= budget),
    'requests past the deadline',
  ).toEqual([]);
  expect(exitedAt - first, 'the step ends soon after timeout-seconds').toBeLessThan(
    budget + DEADLINE_SLACK_MS,
  );
}

/** Runs the assertions with the case's record added to the message when one fails. */
function verify(
  s: Schedule,
  run: RunOutcome,
  requests: Recorded[],
  t0: number,
  body: () => void,
  signalledAt = 0,
) {
  try {
    body();
  } catch (err) {
    (err as Error).message += `\n${diagnosis(s, run, requests, t0, signalledAt)}`;
    throw err;
  }
}

/** Every output, the exit code and the annotations, against the oracle. */
function check(
  s: Schedule,
  run: RunOutcome,
  requests: Recorded[],
  cancelled: boolean,
  signalledAt = 0,
) {
  expect(run.stderr).toBe('');
  expect(
    requests.every((r) => r.signatureValid),
    'every request correctly signed',
  ).toBe(true);
  const { expected, results, requestIds, reading } = oracle(s, run, requests, signalledAt);
  const answered = (r: Recorded) => reading.get(r) === true;
  expect(
    results.map((r) => r.status),
    'statuses',
  ).toEqual(expected.map((e) => e.status));
  expect(
    results.map((r) => r.attempts),
    'attempts per job',
  ).toEqual(expected.map((e) => e.attempts));
  expect(
    results.map((r) => r['request-id']),
    'request-id per job',
  ).toEqual(expected.map((e) => e.requestId));
  for (const [i, e] of expected.entries()) {
    const code = String(results[i]!['error-code']);
    if (e.code) expect(code, `error-code of ${s.jobs[i]}`).toMatch(e.code);
    else expect(code, `error-code of ${s.jobs[i]}`).toBe('');
  }
  const count = (status: string) => expected.filter((e) => e.status === status).length;
  expect(run.outputs['started-count']).toBe(String(count('started')));
  expect(run.outputs['failed-count']).toBe(String(count('failed') + count('not-attempted')));
  expect(run.outputs['job-identifier']).toBe(s.jobs.join(','));
  const starts = requests.filter((r) => r.operation === 'StartResourceSnapshotJob');
  expect(run.outputs.attempts, 'attempts: every start request').toBe(String(starts.length));
  expect(requestIds, 'request-id: the last answered start').toContain(run.outputs['request-id']);
  const green =
    !cancelled &&
    expected.every((e) => (e.status === 'started' || e.status === 'dry-run') && !e.annotated);
  expect(run.code, 'exit code').toBe(green ? 0 : 1);
  expect(run.outputs['error-code'] !== '', 'error-code set iff red').toBe(!green);
  // The job summary's table says the same, row by row, and its headline counts the same.
  for (const [i, e] of expected.entries()) {
    const result =
      e.status === 'not-attempted'
        ? 'not attempted: '
        : e.status === 'unknown'
          ? 'unknown: sent, no reply (may have started)'
          : e.status === 'failed'
            ? `failed: ${String(results[i]!['error-code'])}`
            : e.annotated
              ? `${e.status}; `
              : `${e.status}</td>`;
    expect(run.summary, `summary row of ${s.jobs[i]}`).toContain(
      `<tr><td>${s.jobs[i]}</td><td>AWS</td><td>${result}`,
    );
  }
  const started = expected.filter((e) => e.status === 'started').length;
  expect(run.summary).toContain(
    cancelled
      ? `Cancelled: ${started} of ${s.jobs.length} started`
      : s.dryRun
        ? green
          ? `Dry run: ${s.jobs.length} jobs checked, nothing was started`
          : 'Dry run failed: nothing was started'
        : green
          ? `Started ${s.jobs.length} resource snapshot jobs`
          : `${started} of ${s.jobs.length} started`,
  );
  const visible = visibleText(run);
  for (const secret of secrets) expect(visible).not.toContain(secret);
  expect(visible).not.toMatch(/Signature=[0-9a-f]{64}/);
  if (cancelled) {
    expect(run.outputs['error-code']).toBe('Cancelled');
    expect(run.annotations, 'one annotation for the cancel').toHaveLength(1);
    const started = count('started');
    if (started === s.jobs.length)
      expect(run.warnings[0]?.title).toBe(
        `Cancelled after every job started (${started} of ${started})`,
      );
    else
      expect(run.errors[0]?.title).toBe(
        `Cancelled: ${started} of ${s.jobs.length} job${s.jobs.length === 1 ? '' : 's'} started`,
      );
    return;
  }
  // The step's error-code is the first job's that carries one, else NotAttempted.
  const firstCode = results.find((r) => r['error-code'])?.['error-code'];
  expect(run.outputs['error-code']).toBe(
    firstCode ?? (count('not-attempted') ? 'NotAttempted' : ''),
  );
  const annotated = s.jobs.filter((_, i) => expected[i]!.annotated);
  const skipped = count('not-attempted') > 0 ? 1 : 0;
  expect(run.warnings, 'no warnings').toEqual([]);
  expect(
    run.errors.map((e) => e.title),
    'one error per failed job, one for those not attempted',
  ).toHaveLength(annotated.length + skipped);
  for (const [i, job] of s.jobs.entries()) {
    if (!expected[i]!.annotated) continue;
    const note = run.errors.find((e) => e.title?.startsWith(`${job}: `));
    expect(note, `an annotation for ${job}`).toBeDefined();
    // The annotation's words hold too: no answer claimed that did not come, and an unknown job may have started.
    const lastStart = requests
      .filter((r) => r.operation === 'StartResourceSnapshotJob' && jobOf(r) === job)
      .at(-1);
    if (expected[i]!.status === 'unknown')
      expect(note!.message, `${job} is unknown`).toContain('may have started');
    if (expected[i]!.status === 'failed' && !s.dryRun)
      expect(note!.message, `${job} got an answer`).not.toContain('may have started');
    const startFailed = ['failed', 'unknown'].includes(expected[i]!.status) && !s.dryRun;
    if (startFailed && /answered the last with/.test(note!.message) && lastStart)
      expect(answered(lastStart), `${job}: "answered" is true`).toBe(true);
    if (startFailed && /got no reply/.test(note!.message) && lastStart)
      expect(answered(lastStart), `${job}: "no reply" is true`).toBe(false);
  }
}

async function emulatorFor(s: Schedule) {
  const pc = await startPartnerCentral(defaultEmulatorOptions());
  // With describe-job the catalog's jobs are Running already: a read of the service's own description then
  // always passes the Running check, whatever scripted 2xx answered the start.
  for (const job of s.jobs)
    if (!s.missing.has(job)) pc.addJob('AWS', job, s.describeJob ? { Status: 'Running' } : {});
  // A dry run reads the catalog's settings first (the snapshot job role): the service answers that itself, and
  // the schedule's faults meet the jobs' requests, as the oracle reads them.
  pc.script(...(s.dryRun ? [{ pass: true }] : []), ...s.faults.map((f) => f.step));
  return pc;
}

/** The requests about the schedule's jobs: all but the dry run's one read of the catalog's settings. */
function jobRequests(pc: Emulator) {
  return pc.requests.filter((r) => r.operation !== 'GetSellingSystemSettings');
}

const inputsOf = (s: Schedule) => ({
  catalog: 'AWS',
  'job-identifier': s.jobs.join('\n'),
  'max-attempts': s.maxAttempts,
  'timeout-seconds': String(s.timeoutSeconds),
  'requests-per-second': String(s.rps),
  ...(s.describeJob ? { 'describe-job': 'true' } : {}),
  ...(s.dryRun ? { 'dry-run': 'true' } : {}),
});

afterAll(() => {
  console.log(
    `multi-job-faults racing: ${tally.racing} of ${tally.requests} requests racing ` +
      `(the client's close seen for ${tally.clientCloses}) ` +
      `(${tally.racingByTimersAlone} by the give-up timers alone), ${tally.twoStatuses} jobs with two statuses`,
  );
});

const random = prng(SEED);
const schedules = Array.from({ length: SCHEDULES }, (_, id) => draw(random, id, false));
const cancels = Array.from({ length: CANCELS }, (_, i) => draw(random, 1000 + i, true));

describe.concurrent(
  `${SCHEDULES} random multi-job fault schedules (seed 0x${SEED.toString(16)})`,
  () => {
    it.each(schedules.map((s) => [describeSchedule(s), s] as const))('%s', async (_name, s) => {
      const pc = await emulatorFor(s);
      try {
        const t0 = Date.now();
        const run = await stepAgainst(pc, inputsOf(s), {
          ...credentialEnv(TEMPORARY),
          RUNNER_DEBUG: '1',
        });
        const exitedAt = Date.now();
        const requests = jobRequests(pc);
        verify(s, run, requests, t0, () => {
          deadlineKept(s, requests, exitedAt);
          check(s, run, requests, false);
        });
      } finally {
        await pc.close();
      }
    });
  },
);

async function until(cond: () => boolean, timeoutMs: number): Promise<boolean> {
  const end = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > end) return false;
    await new Promise((r) => setTimeout(r, 5));
  }
  return true;
}

describe.concurrent(`${CANCELS} cancels at random moments (seed 0x${SEED.toString(16)})`, () => {
  it.each(cancels.map((s) => [describeSchedule(s), s] as const))('%s', async (_name, s) => {
    const pc = await emulatorFor(s);
    try {
      let signalledAt = 0;
      let child: ChildProcess | undefined;
      const { afterRequest, delayMs } = s.cancel!;
      const t0 = Date.now();
      const env = { ...credentialEnv(LONG_TERM), RUNNER_DEBUG: '1' };
      const run = await stepAgainst(pc, inputsOf(s), env, {
        onSpawn: (c) => {
          child = c;
          void (async () => {
            const exited = () => !child || child.exitCode !== null || child.signalCode !== null;
            if (afterRequest)
              await until(() => jobRequests(pc).length >= afterRequest || exited(), 30_000);
            await new Promise((r) => setTimeout(r, delayMs));
            if (!child || exited()) return;
            signalledAt = Date.now();
            child.kill('SIGINT');
          })();
        },
      });
      const exitedAt = Date.now();
      const requests = jobRequests(pc);
      verify(
        s,
        run,
        requests,
        t0,
        () => {
          const lines = run.log.split('\n');
          const received = lines.findIndex((l) => l.startsWith('Received SIGINT'));
          // The last line of the work itself: a request about to go, a start, a retry, a read.
          const lastWork = lines.findLastIndex((l) =>
            /^(::debug::)?(StartResourceSnapshotJob|GetResourceSnapshotJob)|^Started |^Dry run: would send/.test(
              l,
            ),
          );
          if (run.signal === 'SIGINT') {
            // Killed before the action listens for the signal (it does before anything is sent), or after it
            // reported, while Node exits (its signal handlers are gone by then): then it wrote a plain run's report.
            if (requests.length === 0) return;
            expect(run.outputs.results, 'killed by the signal only after the report').toBeDefined();
            check(s, { ...run, code: run.outputs['error-code'] ? 1 : 0 }, requests, false);
            return;
          }
          const cancelled = run.outputs['error-code'] === 'Cancelled';
          if (!signalledAt) {
            // The step ended before its moment came: a plain run, held to the plain oracle.
            expect(cancelled).toBe(false);
            check(s, run, requests, false);
            return;
          }
          expect(exitedAt - signalledAt, 'exit soon after the signal').toBeLessThan(CANCEL_EXIT_MS);
          if (!cancelled) {
            // Only a signal that came after the work (while reporting or exiting) may leave a plain result.
            expect(
              received === -1 || received > lastWork,
              'a signal during the work is a cancel',
            ).toBe(true);
            check(s, run, requests, false);
            return;
          }
          // Nothing is sent once the signal is in: no request line after it.
          expect(received, 'the signal is acknowledged').toBeGreaterThanOrEqual(0);
          expect(
            lines.slice(received).filter((l) => /^::debug::\w+ attempt \d+: POST /.test(l)),
            'requests sent after the signal',
          ).toEqual([]);
          check(s, run, requests, true, signalledAt);
        },
        signalledAt,
      );
    } finally {
      await pc.close();
    }
  });
});

describe('unwritable runner files, with jobs started and failed', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'multi-job-runner-files-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const asDirectory = path.join(dir, 'a-directory');
  mkdirSync(asDirectory);
  const bad: [string, string][] = [
    ['a full disk', '/dev/full'],
    ['a directory', asDirectory],
    ['missing', path.join(dir, 'missing', 'file')],
  ];
  const variables = [
    ['GITHUB_OUTPUT'],
    ['GITHUB_STEP_SUMMARY'],
    ['GITHUB_OUTPUT', 'GITHUB_STEP_SUMMARY'],
  ];
  const titles: Record<string, string> = {
    GITHUB_OUTPUT: 'Step outputs not written',
    GITHUB_STEP_SUMMARY: 'Job summary not written',
  };
  const cases = variables.flatMap((vars) =>
    bad.flatMap(([label, file]) =>
      [false, true].map(
        (allStart) =>
          [
            `${vars.join(' and ')} ${label}, ${allStart ? 'all started' : 'one job missing'}`,
            vars,
            file,
            allStart,
          ] as const,
      ),
    ),
  );

  it.concurrent.each(cases)('%s', async (_name, vars, file, allStart) => {
    const jobs = ['job-runnerfiles01', 'job-runnerfiles02', 'job-runnerfiles03'];
    const s: Schedule = {
      id: 0,
      jobs,
      missing: new Set(allStart ? [] : [jobs[1]!]),
      maxAttempts: '2',
      timeoutSeconds: LONG_TIMEOUT_SECONDS,
      rps: 10,
      describeJob: false,
      dryRun: false,
      faults: [],
    };
    const pc = await emulatorFor(s);
    try {
      const env: Record<string, string> = { ...credentialEnv(LONG_TERM) };
      for (const v of vars) env[v] = file;
      const run = await stepAgainst(pc, inputsOf(s), env);
      expect(run.code).toBe(allStart ? 0 : 1);
      expect(run.stderr).toBe('');
      expect(pc.running('AWS').sort()).toEqual(jobs.filter((j) => !s.missing.has(j)).sort());
      expect(run.errors.map((e) => e.title)).toEqual(
        allStart ? [] : [`${jobs[1]}: ResourceNotFoundException`],
      );
      expect(run.warnings.map((w) => w.title)).toEqual(vars.map((v) => titles[v]));
      for (const [i, v] of vars.entries())
        expect(run.warnings[i]?.message).toContain(`${v} (${file}) could not be written`);
      if (!vars.includes('GITHUB_OUTPUT'))
        expect(run.outputs).toMatchObject({
          'started-count': allStart ? '3' : '2',
          'failed-count': allStart ? '0' : '1',
          'error-code': allStart ? '' : 'ResourceNotFoundException',
        });
      if (!vars.includes('GITHUB_STEP_SUMMARY'))
        expect(run.summary).toContain(
          allStart ? 'Started 3 resource snapshot jobs' : '2 of 3 started',
        );
    } finally {
      await pc.close();
    }
  });

  it('a cancel with GITHUB_OUTPUT unwritable: the cancel annotation and one warning naming the file', async () => {
    const jobs = ['job-runnerfiles11', 'job-runnerfiles12'];
    const pc = await startPartnerCentral(defaultEmulatorOptions());
    try {
      for (const j of jobs) pc.addJob('AWS', j);
      pc.script({ pass: true }, { hang: true });
      let signalledAt = 0;
      const run = await stepAgainst(
        pc,
        { catalog: 'AWS', 'job-identifier': jobs.join(','), 'requests-per-second': '10' },
        { ...credentialEnv(LONG_TERM), GITHUB_OUTPUT: '/dev/full' },
        {
          onSpawn: (c) =>
            void until(() => pc.requests.length === 2, 15_000).then(() => {
              signalledAt = Date.now();
              c.kill('SIGINT');
            }),
        },
      );
      expect(Date.now() - signalledAt).toBeLessThan(CANCEL_EXIT_MS);
      expect(run.code).toBe(1);
      expect(run.errors.map((e) => e.title)).toEqual(['Cancelled: 1 of 2 jobs started']);
      expect(run.errors[0]?.message).toContain(
        `Sent but unanswered (they may have started): ${jobs[1]}.`,
      );
      expect(run.warnings.map((w) => w.title)).toEqual(['Step outputs not written']);
      expect(run.summary).toContain('Cancelled: 1 of 2 started');
    } finally {
      await pc.close();
    }
  });
});
