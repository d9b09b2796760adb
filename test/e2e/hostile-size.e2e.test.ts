// End to end against replies of hostile size (issue 27): bodies and lists of every size up to the body cap and past
// it, on every parser that reads a reply (Partner Central errors, describe and snapshot replies, STS, the OIDC token
// endpoint), absurd dates and character references, a step of many jobs each answered ~1 MiB, and a cancel while a
// huge body is read. Each step must end within its deadline (timeout-seconds) + 1 s, peak under 150 MiB of resident
// memory, and write every report: the outputs, an error annotation, a job summary under GitHub's 1 MiB.
//
// The shapes are the ones that froze or exhausted the step at 19d4fb7: a regular expression that backtracks over a
// page of `<` (aws-json.ts bodyExcerpt) or an unclosed STS tag (sts.ts xmlText) ran for minutes where neither
// timeout-seconds nor a cancel could act, and every ErrorList entry was kept and joined into the annotation.
// A step still running HARD_STOP_MS past its deadline is killed, so a frozen case fails on its measurements rather
// than hanging the suite.
import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { MAX_BODY_BYTES } from '../../src/common/tunables.js';
import { LONG_TERM, TEMPORARY } from '../emulator/fixtures.mjs';
import {
  errorListBody,
  fill,
  flood,
  hugeMemberBody,
  inflatedObject,
  jwt,
  KiB,
  MiB,
  startSizedOidc,
  startSizedPartnerCentral,
  startSizedSts,
  stsErrorXml,
  stsSuccessXml,
  TOKEN_CLAIMS,
  watchPeakRss,
  type Reply,
} from '../emulator/hostile-size.mjs';
import { runStep, type RunOutcome } from '../emulator/run-dist.mjs';

/** Every size a reply can have: small, large, near and at the cap, and past it (the transport cuts at the cap). */
const SIZES = [KiB, 64 * KiB, 256 * KiB, MAX_BODY_BYTES, MAX_BODY_BYTES + 64 * KiB];
const sizeName = (bytes: number) =>
  bytes > MAX_BODY_BYTES
    ? `cap + ${(bytes - MAX_BODY_BYTES) / KiB} KiB`
    : bytes >= MiB
      ? `${bytes / MiB} MiB`
      : `${bytes / KiB} KiB`;
/** One job per size, so one step reads every size. */
const SIZE_JOBS = SIZES.map((_, i) => `job-size00000000${i}`);

/** What the issue allows: the deadline plus a second, and this much resident memory at the peak. */
const DEADLINE_SLACK_MS = 1000;
const PEAK_RSS_LIMIT = 150 * MiB;
/** GitHub refuses a job summary over 1 MiB; an output over 1 MB is refused too. */
const SUMMARY_LIMIT = MiB;
const OUTPUT_LIMIT = MiB;
/** A failure text is capped (issue 27: one 1 MiB reply once became a 7 MB annotation line). */
const ANNOTATION_LIMIT = 64 * KiB;
/** A step still running this long past its deadline is frozen: it is killed and the case fails on its wall time. */
const HARD_STOP_MS = 7000;
/** The vitest timeout of a case: its deadline plus this, past HARD_STOP_MS, so a red case fails rather than hangs. */
const CASE_MARGIN_MS = 10_000;
/**
 * A cancelled step exits within about 1-2 s of the signal (README.md, "Reliability", its "Cancellation"
 * paragraph); this leaves a busy machine room.
 */
const CANCEL_EXIT_MS = 3000;

const caseTimeout = (deadlineS: number) => deadlineS * 1000 + CASE_MARGIN_MS;
const mib = (bytes: number) => (bytes / MiB).toFixed(1);
const html = { 'content-type': 'text/html' };
/** AWS names the error in a header too, so a body cut at the cap still names it. */
const validationHeader = {
  'x-amzn-ErrorType':
    'ValidationException:http://internal.amazon.com/coral/com.amazonaws.partnercentralselling/',
};
/** An error name the service could have given: anything but the action's own crash (InternalError). */
const SERVICE_ERROR = /^(?!InternalError$)[A-Za-z][A-Za-z0-9.]*$/;
const ROLE = 'arn:aws:iam::111122223333:role/partner-release';

let pc: Awaited<ReturnType<typeof startSizedPartnerCentral>>;
let sts: Awaited<ReturnType<typeof startSizedSts>>;
let oidc: Awaited<ReturnType<typeof startSizedOidc>>;
beforeAll(async () => {
  [pc, sts, oidc] = await Promise.all([
    startSizedPartnerCentral(),
    startSizedSts(),
    startSizedOidc(),
  ]);
});
afterAll(async () => {
  await Promise.all([pc?.close(), sts?.close(), oidc?.close()]);
  if (process.env.HOSTILE_SIZE_REPORT) console.log(measured.join('\n'));
});
beforeEach(() => {
  pc.reset();
  sts.reset();
  oidc.reset();
});

/** One line per case (wall time, peak RSS), printed after the file with HOSTILE_SIZE_REPORT=1. */
const measured: string[] = [];

interface Outcome {
  run: RunOutcome;
  /** The child's peak resident memory in bytes; undefined where /proc is missing. */
  peakBytes: number | undefined;
  deadlineS: number;
}

interface StepOptions {
  /** The step's env besides the endpoint: credentials by default. */
  env?: Record<string, string | undefined>;
  onSpawn?: (child: ChildProcess, live: { stdout: string }) => void;
}

const longTermEnv = {
  AWS_ACCESS_KEY_ID: LONG_TERM.accessKeyId,
  AWS_SECRET_ACCESS_KEY: LONG_TERM.secretAccessKey,
};
/** role-to-assume through the OIDC and STS stand-ins; no credentials in the environment. */
const roleEnv = () => ({
  ACTIONS_ID_TOKEN_REQUEST_URL: oidc.requestUrl,
  ACTIONS_ID_TOKEN_REQUEST_TOKEN: oidc.runtimeToken,
  AWS_ENDPOINT_URL_STS: sts.url,
});

/**
 * Runs the step (its timeout-seconds is the deadline) against the stand-ins, measuring its peak RSS, and kills it
 * HARD_STOP_MS past the deadline.
 */
async function step(inputs: Record<string, string>, options: StepOptions = {}): Promise<Outcome> {
  const deadlineS = Number(inputs['timeout-seconds']);
  if (!Number.isFinite(deadlineS)) throw new Error('every case gives timeout-seconds');
  let watcher: ReturnType<typeof watchPeakRss> | undefined;
  const run = await runStep(
    inputs,
    { AWS_ENDPOINT_URL_PARTNERCENTRAL_SELLING: pc.url, ...(options.env ?? longTermEnv) },
    {
      onSpawn: (child, live) => {
        watcher = watchPeakRss(child.pid);
        const guard = setTimeout(() => child.kill('SIGKILL'), deadlineS * 1000 + HARD_STOP_MS);
        child.once('exit', () => clearTimeout(guard));
        options.onSpawn?.(child, live);
      },
    },
  );
  return { run, peakBytes: watcher?.stop(), deadlineS };
}

interface Want {
  code: 0 | 1;
  /** The error-code output ('' on success). */
  errorCode: string | RegExp;
  /** The first error annotation's title; by default it names errorCode. */
  title?: RegExp;
  jobs: number;
  /** Each job's error-code in `results`, in input order. */
  jobErrorCodes?: (string | RegExp)[];
}

const matches = (value: string, want: string | RegExp) =>
  typeof want === 'string' ? value === want : want.test(value);
const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Every way the step broke the bounds or left a report unwritten, as readable lines. */
function problems({ run, peakBytes, deadlineS }: Outcome, want: Want): string[] {
  const found: string[] = [];
  const limitMs = deadlineS * 1000 + DEADLINE_SLACK_MS;
  if (run.signal)
    found.push(`killed (${run.signal}) after ${run.wallMs} ms: still running past its deadline`);
  if (run.wallMs > limitMs)
    found.push(`ended after ${run.wallMs} ms, past its deadline + 1 s (${limitMs} ms)`);
  if (peakBytes !== undefined && peakBytes >= PEAK_RSS_LIMIT)
    found.push(`peak RSS ${mib(peakBytes)} MiB, not under ${mib(PEAK_RSS_LIMIT)} MiB`);
  if (run.code !== want.code) found.push(`exit code ${run.code}, expected ${want.code}`);
  const errorCode = run.outputs['error-code'];
  if (errorCode === undefined) found.push('no error-code output');
  else if (!matches(errorCode, want.errorCode))
    found.push(`error-code ${JSON.stringify(errorCode)}, expected ${String(want.errorCode)}`);
  let results: Record<string, unknown>[] | undefined;
  try {
    results = JSON.parse(run.outputs.results ?? '') as Record<string, unknown>[];
  } catch {
    found.push('no results output (or not JSON)');
  }
  if (results && results.length !== want.jobs)
    found.push(`results has ${results.length} entries, expected ${want.jobs}`);
  const wrongJobs = (want.jobErrorCodes ?? []).flatMap((code, i) => {
    const got = String(results?.[i]?.['error-code'] ?? '');
    return matches(got, code)
      ? []
      : [`job ${i + 1}'s error-code ${JSON.stringify(got)}, expected ${String(code)}`];
  });
  found.push(...wrongJobs.slice(0, 3));
  if (wrongJobs.length > 3) found.push(`and ${wrongJobs.length - 3} more jobs' error-code`);
  const started = Number(run.outputs['started-count']);
  const failed = Number(run.outputs['failed-count']);
  if (!Number.isInteger(started) || !Number.isInteger(failed))
    found.push('no started-count or failed-count output');
  else if (started + failed > want.jobs)
    found.push(`started-count ${started} + failed-count ${failed} > ${want.jobs} jobs`);
  if (want.code !== 0) {
    const title =
      want.title ??
      (typeof want.errorCode === 'string' ? new RegExp(escapeRegExp(want.errorCode)) : /./);
    if (run.errors.length === 0) found.push('no error annotation');
    else if (!title.test(run.errors[0]?.title ?? ''))
      found.push(`error annotation titled ${JSON.stringify(run.errors[0]?.title)}, not ${title}`);
  }
  const summaryBytes = Buffer.byteLength(run.summary);
  if (summaryBytes === 0) found.push('no job summary');
  if (summaryBytes >= SUMMARY_LIMIT) found.push(`job summary of ${summaryBytes} bytes`);
  for (const [name, value] of Object.entries(run.outputs))
    if (Buffer.byteLength(value) >= OUTPUT_LIMIT)
      found.push(`output ${name} of ${Buffer.byteLength(value)} bytes`);
  const long = run.annotations.filter((a) => a.message.length >= ANNOTATION_LIMIT);
  found.push(
    ...long
      .slice(0, 3)
      .map((a) => `an annotation of ${a.message.length} characters (${a.title ?? ''})`),
  );
  if (long.length > 3) found.push(`and ${long.length - 3} more annotations over the limit`);
  return found;
}

/** Asserts the bounds and the reports; records the case's measurements. */
function expectBounded(outcome: Outcome, want: Want) {
  const { run, peakBytes } = outcome;
  const found = problems(outcome, want);
  const name = expect.getState().currentTestName ?? '';
  measured.push(
    `${found.length ? 'RED  ' : 'green'} ${String(run.wallMs).padStart(6)} ms ${peakBytes === undefined ? '   ?' : mib(peakBytes).padStart(6)} MiB  ${name}`,
  );
  // On failure, what the step did say: its exit, its first annotation and stderr, cut.
  const context = `exit ${run.code} ${run.signal ?? ''}; first annotation ${JSON.stringify(run.annotations[0])?.slice(0, 400)}; stderr ${run.stderr.slice(0, 400)}`;
  expect(found, context).toEqual([]);
}

/** A reply of `bytes` for each of SIZE_JOBS' starts, by the job it starts. */
function startRepliesBySize(make: (bytes: number) => Reply) {
  const replies = new Map(SIZE_JOBS.map((id, i) => [id, make(SIZES[i]!)]));
  pc.replyWith((r) =>
    r.operation === 'StartResourceSnapshotJob'
      ? replies.get(String(r.input?.ResourceSnapshotJobIdentifier))
      : undefined,
  );
}

/** The steps of the size matrix: five jobs, one attempt each (every reply is read once), 10 a second. */
const sizeStep = {
  catalog: 'AWS',
  'job-identifier': SIZE_JOBS.join(','),
  'requests-per-second': '10',
  'max-attempts': '1',
  'timeout-seconds': '5',
};

describe('Partner Central error replies (aws-json.ts): one step reads every size, 1 KiB to past the cap', () => {
  const shapes: [string, (bytes: number) => Reply, string | RegExp][] = [
    [
      'a 503 page of `<` repeated',
      (n) => ({ status: 503, headers: html, body: flood(n, '<') }),
      'ServiceUnavailable',
    ],
    [
      'a 503 page of `<script` repeated, never closed',
      (n) => ({ status: 503, headers: html, body: flood(n, '<script') }),
      'ServiceUnavailable',
    ],
    [
      'a 503 page of `<script>` repeated, never closed',
      (n) => ({ status: 503, headers: html, body: flood(n, '<script>') }),
      'ServiceUnavailable',
    ],
    [
      'a ValidationException whose ErrorList repeats a realistic entry (25,000 at the cap)',
      (n) => ({ status: 400, headers: validationHeader, body: errorListBody(n) }),
      'ValidationException',
    ],
    [
      'a ValidationException whose ErrorList repeats `{}` (350,000 entries at the cap)',
      (n) => ({ status: 400, headers: validationHeader, body: errorListBody(n, {}) }),
      'ValidationException',
    ],
    [
      'a ValidationException whose entries are long, of `<` and workflow commands',
      (n) => ({
        status: 400,
        headers: validationHeader,
        body: errorListBody(n, {
          FieldName: 'f'.repeat(200),
          Code: '::error::'.repeat(10),
          Message: '<'.repeat(500),
        }),
      }),
      'ValidationException',
    ],
    [
      'a ValidationException whose message fills the body',
      (n) => ({
        status: 400,
        headers: validationHeader,
        body: hugeMemberBody(n, 'message', 'Validation failed. ', {
          __type: 'ValidationException',
        }),
      }),
      'ValidationException',
    ],
    [
      'a ValidationException whose Reason fills the body',
      (n) => ({
        status: 400,
        headers: validationHeader,
        body: hugeMemberBody(n, 'Reason', 'REQUEST_VALIDATION_FAILED ', {
          __type: 'ValidationException',
          message: 'Validation failed.',
        }),
      }),
      'ValidationException',
    ],
    [
      'a message of invisible characters and emoji',
      (n) => ({
        status: 400,
        headers: validationHeader,
        body: hugeMemberBody(n, 'message', '\u200b\u2060\u26a0\ufe0f\u200d#', {
          __type: 'ValidationException',
        }),
      }),
      'ValidationException',
    ],
  ];
  it.each(shapes)('%s', { timeout: caseTimeout(5) }, async (_name, make, errorCode) => {
    startRepliesBySize(make);
    const outcome = await step(sizeStep);
    expectBounded(outcome, {
      code: 1,
      errorCode,
      jobs: SIZES.length,
      jobErrorCodes: SIZES.map(() => errorCode),
    });
    expect(pc.requests.map((r) => r.bodyBytes)).toEqual(SIZES);
  });

  it(
    'an error named only in the body, by a `__type` that fills it',
    { timeout: caseTimeout(5) },
    async () => {
      startRepliesBySize((n) => ({
        status: 400,
        body: hugeMemberBody(n, '__type', 'com.amazonaws.partnercentralselling#Validation', {
          message: 'Validation failed.',
        }),
      }));
      const outcome = await step(sizeStep);
      expectBounded(outcome, {
        code: 1,
        errorCode: SERVICE_ERROR,
        title: /./,
        jobs: SIZES.length,
        jobErrorCodes: SIZES.map(() => SERVICE_ERROR),
      });
      // A name is held to a short alphabet, whatever the body says.
      for (const r of JSON.parse(outcome.run.outputs.results ?? '[]') as Record<string, string>[])
        expect(r['error-code']?.length).toBeLessThanOrEqual(200);
    },
  );

  it(
    'a 503 page of `<` at the cap, retried: each of three attempts reads it',
    { timeout: caseTimeout(5) },
    async () => {
      const body = flood(MAX_BODY_BYTES, '<');
      pc.replyWith(() => ({ status: 503, headers: html, body }));
      const outcome = await step({
        catalog: 'AWS',
        'job-identifier': SIZE_JOBS[0]!,
        'max-attempts': '3',
        'timeout-seconds': '5',
      });
      expectBounded(outcome, { code: 1, errorCode: 'ServiceUnavailable', jobs: 1 });
      expect(pc.requests).toHaveLength(3);
    },
  );

  it(
    'throttled with a Retry-After at the end of time and an x-amz-retry-after past any number',
    { timeout: caseTimeout(5) },
    async () => {
      pc.replyWith(() => ({
        status: 429,
        headers: {
          'x-amzn-ErrorType': 'ThrottlingException:http://internal.amazon.com/coral/',
          'retry-after': 'Sat, 13 Sep 275760 00:00:00 GMT',
          'x-amz-retry-after': '9'.repeat(400),
        },
        body: '{"__type":"ThrottlingException","message":"Rate exceeded"}',
      }));
      const outcome = await step({
        catalog: 'AWS',
        'job-identifier': SIZE_JOBS[0]!,
        'timeout-seconds': '5',
      });
      expectBounded(outcome, { code: 1, errorCode: 'ThrottlingException', jobs: 1 });
    },
  );
});

describe('read replies with huge fields: describe-job (GetResourceSnapshotJob) and wait-for-snapshot (GetResourceSnapshot)', () => {
  it(
    'describe replies of every size, their strings filling them',
    { timeout: caseTimeout(5) },
    async () => {
      for (const id of SIZE_JOBS) pc.inner.addJob('AWS', id);
      const bySize = new Map(SIZE_JOBS.map((id, i) => [id, SIZES[i]!]));
      pc.replyWith((r) => {
        if (r.operation !== 'GetResourceSnapshotJob') return undefined;
        const id = String(r.input?.ResourceSnapshotJobIdentifier);
        // As the real emulator describes the job now (Running, after its start), its strings made huge.
        const job = { ...pc.inner.job('AWS', id), LastFailure: '' };
        return {
          status: 200,
          body: inflatedObject(bySize.get(id) ?? KiB, job, [
            'LastFailure',
            'Arn',
            'ResourceArn',
            'ResourceSnapshotTemplateName',
            'UnknownMember',
          ]),
        };
      });
      const outcome = await step({ ...sizeStep, 'describe-job': 'true' });
      expectBounded(outcome, {
        code: 1,
        errorCode: SERVICE_ERROR,
        title: new RegExp(SIZE_JOBS.at(-1)!),
        jobs: SIZES.length,
        jobErrorCodes: SIZES.map((n) => (n > MAX_BODY_BYTES ? SERVICE_ERROR : '')),
      });
      // Every job started; the reply cut at the cap cannot be read, so that job's read-back fails.
      expect(pc.inner.running('AWS').sort()).toEqual([...SIZE_JOBS].sort());
      const results = JSON.parse(outcome.run.outputs.results ?? '[]') as Record<string, string>[];
      expect(results.map((r) => r.status)).toEqual(SIZES.map(() => 'started'));
      expect(results.slice(0, -1).map((r) => r['job-status'])).toEqual(
        SIZES.slice(0, -1).map(() => 'Running'),
      );
    },
  );

  it(
    'describe replies with dates out of any range (epoch numbers and RFC 3339 strings)',
    { timeout: caseTimeout(5) },
    async () => {
      const absurd = [
        { CreatedAt: 1e300, LastSuccessfulExecutionDate: -1e300 },
        { CreatedAt: 8.64e12 + 1, LastSuccessfulExecutionDate: '+275760-09-13T00:00:00.001Z' },
        {
          CreatedAt: '9'.repeat(400_000),
          LastSuccessfulExecutionDate: `${'9'.repeat(300)}-01-01T00:00:00Z`,
        },
      ];
      const ids = SIZE_JOBS.slice(0, absurd.length);
      for (const id of ids) pc.inner.addJob('AWS', id);
      pc.replyWith((r) => {
        if (r.operation !== 'GetResourceSnapshotJob') return undefined;
        const id = String(r.input?.ResourceSnapshotJobIdentifier);
        const job = pc.inner.job('AWS', id);
        return { status: 200, body: JSON.stringify({ ...job, ...absurd[ids.indexOf(id)] }) };
      });
      const outcome = await step({
        ...sizeStep,
        'job-identifier': ids.join(','),
        'describe-job': 'true',
      });
      // Whether a date that is no date fails the read-back or is left out, nothing crashes.
      expectBounded(outcome, {
        code: outcome.run.code === 0 ? 0 : 1,
        errorCode: /^(?!InternalError$)[A-Za-z0-9.]*$/,
        title: /./,
        jobs: ids.length,
      });
      expect(pc.inner.running('AWS').sort()).toEqual([...ids].sort());
    },
  );

  /** Five jobs, each with a snapshot before the start and a new one 100 ms after it; waited for 1 s. */
  const waitStep = {
    ...sizeStep,
    'max-attempts': 'auto',
    'wait-for-snapshot': '1',
    // The timeout-seconds check: 0.4 s of starts, 1 s of wait, 11.5 s for credentials and reads.
    'timeout-seconds': '13',
  };
  const addWaitedJobs = () => {
    for (const id of SIZE_JOBS)
      pc.inner.addJob('AWS', id, { snapshots: [1], newSnapshotAfterMs: 100 });
  };

  it(
    'snapshot replies of every size, the Payload and the other strings filling them',
    { timeout: caseTimeout(13) },
    async () => {
      addWaitedJobs();
      const bySize = new Map(SIZE_JOBS.map((id, i) => [id, SIZES[i]!]));
      const engagementOf = new Map(
        SIZE_JOBS.map((id) => [pc.inner.job('AWS', id)?.EngagementId, id]),
      );
      pc.replyWith((r) => {
        if (r.operation !== 'GetResourceSnapshot') return undefined;
        const id = engagementOf.get(String(r.input?.EngagementIdentifier)) ?? SIZE_JOBS[0]!;
        const latest = pc.inner.latestSnapshotResponse('AWS', id);
        const n = bySize.get(id)!;
        // Past the cap the body is cut and cannot be read: that size keeps to the cap, so every job can finish.
        return {
          status: 200,
          body: inflatedObject(Math.min(n, MAX_BODY_BYTES), { ...latest, Payload: '' }, [
            'Payload',
            'Arn',
            'ResourceSnapshotTemplateName',
            'Extra',
          ]),
        };
      });
      const outcome = await step(waitStep);
      expectBounded(outcome, { code: 0, errorCode: '', jobs: SIZES.length });
      const results = JSON.parse(outcome.run.outputs.results ?? '[]') as Record<string, string>[];
      expect(results.map((r) => [r.status, r['snapshot-revision'], r['snapshot-new']])).toEqual(
        SIZES.map(() => ['started', '2', 'true']),
      );
    },
  );

  it(
    'snapshot replies with a Revision of 400,000 digits, dates out of range, and cut past the cap',
    { timeout: caseTimeout(13) },
    async () => {
      addWaitedJobs();
      const hostile = [
        (s: object) =>
          JSON.stringify({ ...s, Revision: undefined }).replace(
            /}$/,
            `,"Revision":${'9'.repeat(400_000)}}`,
          ),
        (s: object) => JSON.stringify({ ...s, CreatedAt: 1e300 }),
        (s: object) =>
          JSON.stringify({ ...s, CreatedAt: '+275760-09-13T00:00:00.001Z', Revision: 2 ** 53 + 2 }),
        (s: object) => JSON.stringify({ ...s, CreatedAt: -8.64e12 - 1 }),
        (s: object) =>
          Buffer.concat([
            Buffer.from(JSON.stringify(s).slice(0, -1)),
            fill(MAX_BODY_BYTES + 64 * KiB, { head: ',"Extra":"', unit: 'x', tail: '"}' }),
          ]),
      ];
      const engagementOf = new Map(
        SIZE_JOBS.map((id, i) => [pc.inner.job('AWS', id)?.EngagementId, i]),
      );
      pc.replyWith((r) => {
        if (r.operation !== 'GetResourceSnapshot') return undefined;
        const i = engagementOf.get(String(r.input?.EngagementIdentifier)) ?? 0;
        const latest = pc.inner.latestSnapshotResponse('AWS', SIZE_JOBS[i]!) ?? {};
        return { status: 200, body: hostile[i]!(latest) };
      });
      const outcome = await step(waitStep);
      expectBounded(outcome, {
        code: outcome.run.code === 0 ? 0 : 1,
        errorCode: /^(?!InternalError$)[A-Za-z0-9.]*$/,
        title: /./,
        jobs: SIZES.length,
      });
    },
  );
});

describe('STS replies (sts.ts): AssumeRoleWithWebIdentity answered hostile', () => {
  const role = (timeoutS = 5) => ({
    catalog: 'AWS',
    'job-identifier': SIZE_JOBS[0]!,
    'role-to-assume': ROLE,
    'max-attempts': '1',
    'timeout-seconds': String(timeoutS),
  });
  const roleStep = (inputs = role()) => step(inputs, { env: roleEnv() });
  const stsHead =
    '<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type>';

  it.each(SIZES.map((n) => [sizeName(n), n] as const))(
    'an error of `<Code>` repeated, never closed: %s',
    { timeout: caseTimeout(5) },
    async (_name, n) => {
      const body = fill(n, { head: stsHead, unit: '<Code>', pad: '<' });
      sts.replyWith(() => ({ status: 400, body }));
      const outcome = await roleStep();
      // No Code can be read: the error is named by its status.
      expectBounded(outcome, { code: 1, errorCode: 'BadRequest', jobs: 1 });
      expect(sts.requests[0]?.bodyBytes).toBe(n);
    },
  );

  const capShapes: [string, () => Reply, string | RegExp][] = [
    [
      'an error of `<Code ` with an attribute never closed, at the cap',
      () => ({ status: 400, body: fill(MAX_BODY_BYTES, { head: stsHead, unit: '<Code a="1" ' }) }),
      'BadRequest',
    ],
    [
      'an error with its Code, then `<Message>` repeated, never closed, at the cap',
      () => ({
        status: 403,
        body: fill(MAX_BODY_BYTES, {
          head: `${stsHead}<Code>AccessDenied</Code>`,
          unit: '<Message>',
        }),
      }),
      'AccessDenied',
    ],
    [
      'an error whose Message fills the cap, closed',
      () => ({
        status: 403,
        body: fill(MAX_BODY_BYTES, {
          head: `${stsHead}<Code>AccessDenied</Code><Message>`,
          unit: 'Not authorized &amp; &#x41;&#65; ',
          tail: '</Message></Error></ErrorResponse>',
        }),
      }),
      'AccessDenied',
    ],
    [
      'an error whose RequestId is `<RequestId>` repeated, never closed, at the cap (no request id header)',
      () => ({
        status: 400,
        headers: { 'x-amzn-RequestId': undefined },
        body: fill(MAX_BODY_BYTES, {
          head: `${stsHead}<Code>InvalidIdentityToken</Code><Message>no</Message></Error>`,
          unit: '<RequestId>',
        }),
      }),
      'InvalidIdentityToken',
    ],
    [
      'a success reply of `<AccessKeyId>` repeated, never closed, at the cap',
      () => ({
        status: 200,
        body: fill(MAX_BODY_BYTES, {
          head: '<AssumeRoleWithWebIdentityResponse><AssumeRoleWithWebIdentityResult><Credentials>',
          unit: '<AccessKeyId>',
        }),
      }),
      SERVICE_ERROR,
    ],
    [
      'an error Code that is a character reference past Unicode (&#x110000;)',
      () => ({ status: 400, body: stsErrorXml('&#x110000;', 'bad') }),
      SERVICE_ERROR,
    ],
    [
      'an error Message with character references past any range (&#99999999999; &#x110000;)',
      () => ({
        status: 403,
        body: stsErrorXml(
          'AccessDenied',
          'Not authorized &#99999999999; &#x110000; &#xFFFFFFFFFFFFFFFFFF;',
        ),
      }),
      'AccessDenied',
    ],
    [
      'a success reply whose AssumedRoleUser Arn holds a character reference past Unicode',
      () => ({
        status: 200,
        body: stsSuccessXml({
          arn: 'arn:aws:sts::111122223333:assumed-role/partner-release/&#x110000;',
        }),
      }),
      SERVICE_ERROR,
    ],
    [
      'a success reply whose session token is 900 KiB (every request would carry it)',
      () => ({
        status: 200,
        body: stsSuccessXml({ sessionToken: 'IQoJb3JpZ2luX2Vj'.repeat(57_600) }),
      }),
      SERVICE_ERROR,
    ],
  ];
  it.each(capShapes)('%s', { timeout: caseTimeout(5) }, async (_name, make, errorCode) => {
    const reply = make();
    sts.replyWith(() => reply);
    expectBounded(await roleStep(), {
      code: 1,
      errorCode,
      title: typeof errorCode === 'string' ? new RegExp(errorCode) : /./,
      jobs: 1,
    });
  });

  it(
    'a success reply dated at the end of time (Date: Sat, 13 Sep 275760): the job still starts',
    { timeout: caseTimeout(5) },
    async () => {
      pc.inner.addJob('AWS', SIZE_JOBS[0]!);
      sts.replyWith(() => ({
        status: 200,
        headers: { Date: 'Sat, 13 Sep 275760 00:00:00 GMT' },
        body: stsSuccessXml(),
      }));
      const outcome = await roleStep();
      expectBounded(outcome, { code: 0, errorCode: '', jobs: 1 });
      expect(outcome.run.outputs['assumed-role-arn']).toBe(
        'arn:aws:sts::111122223333:assumed-role/partner-release/GitHubActions',
      );
      // Partner Central took the credentials STS issued, with a signature dated now.
      expect(pc.inner.running('AWS')).toEqual([SIZE_JOBS[0]]);
      expect(String(pc.requests[0]?.headers.authorization).match(/Credential=([^/]+)/)?.[1]).toBe(
        TEMPORARY.accessKeyId,
      );
    },
  );
});

describe('the OIDC token endpoint (github/oidc-token.ts) answered hostile', () => {
  const tokenStep = (attempts = '1') =>
    step(
      {
        catalog: 'AWS',
        'job-identifier': SIZE_JOBS[0]!,
        'role-to-assume': ROLE,
        'max-attempts': attempts,
        'timeout-seconds': '5',
      },
      { env: roleEnv() },
    );

  it.each(SIZES.map((n) => [sizeName(n), n] as const))(
    'an error page of `<` repeated: %s',
    { timeout: caseTimeout(5) },
    async (_name, n) => {
      const body = flood(n, '<');
      oidc.replyWith(() => ({ status: 400, headers: html, body }));
      const outcome = await tokenStep();
      expectBounded(outcome, { code: 1, errorCode: SERVICE_ERROR, title: /OIDC token/, jobs: 1 });
      expect(sts.requests).toHaveLength(0);
    },
  );

  it('a 500 whose JSON message fills the cap, retried', { timeout: caseTimeout(5) }, async () => {
    const body = hugeMemberBody(
      MAX_BODY_BYTES,
      'message',
      'token service unavailable <::error::> ',
    );
    oidc.replyWith(() => ({ status: 500, body }));
    const outcome = await tokenStep('auto');
    expectBounded(outcome, { code: 1, errorCode: SERVICE_ERROR, title: /OIDC token/, jobs: 1 });
    expect(oidc.requests.length).toBeGreaterThan(1);
  });

  it(
    'a token of 700 KiB whose sub claim fills it, refused by STS: its claims are read to explain',
    { timeout: caseTimeout(5) },
    async () => {
      const token = jwt({
        ...TOKEN_CLAIMS,
        sub: `repo:octo-org/partner-release:${'<x>'.repeat(170_000)}`,
      });
      oidc.replyWith(() => ({ status: 200, body: JSON.stringify({ value: token }) }));
      sts.replyWith(() => ({
        status: 403,
        body: stsErrorXml(
          'AccessDenied',
          'Not authorized to perform sts:AssumeRoleWithWebIdentity',
        ),
      }));
      const outcome = await tokenStep();
      expectBounded(outcome, { code: 1, errorCode: 'AccessDenied', jobs: 1 });
      expect(sts.requests).toHaveLength(1);
    },
  );
});

describe('Date headers at the ends of time on every Partner Central reply', () => {
  it.each([
    ['Sat, 13 Sep 275760 00:00:00 GMT'],
    ['-271821-04-20T00:00:00Z'],
    ['Sat, 01 Jan 275760 00:00:00 GMT'],
  ])('Date: %s: the jobs start and are read back', { timeout: caseTimeout(5) }, async (date) => {
    const ids = SIZE_JOBS.slice(0, 2);
    for (const id of ids) pc.inner.addJob('AWS', id);
    pc.overrideHeaders({ Date: date });
    const outcome = await step({
      ...sizeStep,
      'job-identifier': ids.join(','),
      'describe-job': 'true',
    });
    expectBounded(outcome, { code: 0, errorCode: '', jobs: 2 });
    expect(pc.inner.running('AWS').sort()).toEqual(ids);
  });
});

describe('many jobs, every start answered ~1 MiB', () => {
  /**
   * At 10 a second, 120 starts take 12 s of pacing, plus reading each reply: the step is given 30 s, so every job
   * is attempted while a reply takes under about 150 ms to read.
   */
  const MANY = 120;
  const DEADLINE_S = 30;
  it(
    `${MANY} jobs in one step, each refused with a ValidationException of 350,000 entries`,
    { timeout: caseTimeout(DEADLINE_S) },
    async () => {
      const ids = Array.from({ length: MANY }, (_, i) => `job-m${String(i).padStart(12, '0')}`);
      const body = errorListBody(MAX_BODY_BYTES - KiB, {});
      pc.replyWith(() => ({ status: 400, headers: validationHeader, body }));
      const outcome = await step({
        catalog: 'AWS',
        'job-identifier': ids.join(','),
        'requests-per-second': '10',
        'timeout-seconds': String(DEADLINE_S),
      });
      expectBounded(outcome, {
        code: 1,
        errorCode: 'ValidationException',
        jobs: MANY,
        jobErrorCodes: ids.map(() => 'ValidationException'),
      });
      expect(pc.requests).toHaveLength(MANY);
      expect(outcome.run.outputs['failed-count']).toBe(String(MANY));
    },
  );
});

describe('a cancel while a huge reply is read', () => {
  /**
   * Runs the step and sends SIGINT once the stand-in has written the first big reply whole; returns the outcome
   * and the time from the signal to the exit.
   */
  async function cancelMidParse(
    inputs: Record<string, string>,
    answered: () => boolean,
    env?: Record<string, string | undefined>,
  ) {
    let signalledAt = 0;
    let exitedAt = 0;
    const outcome = await step(inputs, {
      ...(env ? { env } : {}),
      onSpawn: (child) => {
        child.once('exit', () => (exitedAt = Date.now()));
        const poll = setInterval(() => {
          if (child.exitCode !== null || child.signalCode !== null) return clearInterval(poll);
          if (!answered()) return;
          clearInterval(poll);
          signalledAt = Date.now();
          child.kill('SIGINT');
        }, 5);
      },
    });
    return { outcome, signalledAt, afterSignalMs: exitedAt - signalledAt };
  }

  const expectCancelled = (c: Awaited<ReturnType<typeof cancelMidParse>>) => {
    expect(c.signalledAt, 'the big reply was never answered').toBeGreaterThan(0);
    expectBounded(c.outcome, {
      code: 1,
      errorCode: 'Cancelled',
      title: /^Cancelled: 0 of 1 job started/,
      jobs: 1,
    });
    expect(c.afterSignalMs).toBeLessThan(CANCEL_EXIT_MS);
    expect(c.outcome.run.log).toContain('Received SIGINT');
  };

  it(
    'SIGINT while a 503 page of 1 MiB of `<` is read: the cancel report comes within seconds',
    { timeout: caseTimeout(10) },
    async () => {
      const body = flood(MAX_BODY_BYTES, '<');
      pc.replyWith(() => ({ status: 503, headers: html, body }));
      const c = await cancelMidParse(
        // Fifty attempts within 10 s: only the signal ends this step early.
        {
          catalog: 'AWS',
          'job-identifier': SIZE_JOBS[0]!,
          'max-attempts': '50',
          'timeout-seconds': '10',
        },
        () => pc.requests.some((r) => r.answeredAt !== undefined),
      );
      expectCancelled(c);
      const [result] = JSON.parse(c.outcome.run.outputs.results ?? '[]') as Record<
        string,
        string
      >[];
      expect(['failed', 'unknown']).toContain(result?.status);
    },
  );

  it(
    'SIGINT while an STS error of 1 MiB of `<Code>` is read',
    { timeout: caseTimeout(10) },
    async () => {
      const body = fill(MAX_BODY_BYTES, {
        head: '<ErrorResponse><Error><Type>Receiver</Type>',
        unit: '<Code>',
      });
      sts.replyWith(() => ({ status: 503, body }));
      const c = await cancelMidParse(
        {
          catalog: 'AWS',
          'job-identifier': SIZE_JOBS[0]!,
          'role-to-assume': ROLE,
          'max-attempts': '50',
          'timeout-seconds': '10',
        },
        () => sts.requests.some((r) => r.answeredAt !== undefined),
        roleEnv(),
      );
      expectCancelled(c);
      expect(pc.requests).toHaveLength(0);
    },
  );
});
