// startJobs against the scripted Partner Central on the virtual clock: input order, pacing, when the step stops
// early and when it keeps going, dry runs, a cancelled step.
import { fixedCredentials } from '../fixed-credentials.js';
import { createSecrets } from '../../../src/common/secrets.js';
import { PACE_MARGIN_MS } from '../../../src/common/tunables.js';
import { describe, expect, it } from 'vitest';
import { readInputs, type Config } from '../../../src/config/inputs.js';
import { silentLog } from '../../../src/common/log.js';
import { startJobs } from '../../../src/partner-central/jobs.js';
import { callPolicies } from '../../../src/run-action.js';
import type { Transport } from '../../../src/http/transport.js';
import { fakePartnerCentral, ROUND_TRIP_MS, type JobScript } from '../fake-partner-central.js';
import { virtualClock } from '../virtual-clock.js';
import { leakedRun, longTermCredentials } from '../../fixtures/real-secrets.mjs';

const A = 'job-aaaaaaaaaaaaa';
const B = 'job-bbbbbbbbbbbbb';
const C = 'job-ccccccccccccc';
const START = 'StartResourceSnapshotJob';
const DESCRIBE = 'GetResourceSnapshotJob';
const SETTINGS = 'GetSellingSystemSettings';
const CREDENTIALS = longTermCredentials('jobs.test');

/** The step's Config as readInputs makes it from the action's inputs. */
function configOf(inputs: Record<string, string>): Config {
  const all: Record<string, string> = { catalog: 'AWS', ...inputs };
  const r = readInputs((name) => all[name] ?? '');
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.config;
}

/**
 * Runs startJobs for `jobs` (in that order) against the fake service; `answers` replaces the service's reply
 * to a job's start with an error reply of that status and type.
 */
async function run(
  jobs: string[],
  inputs: Record<string, string> = {},
  opts: {
    answers?: Record<string, { status: number; type: string }>;
    cancelled?: boolean;
  } = {},
) {
  const clock = virtualClock();
  const scripts = Object.fromEntries(jobs.map((j) => [j, { revision: 0 } satisfies JobScript]));
  const pc = fakePartnerCentral(clock.timing, scripts);
  const transport: Transport = async (req, timeoutMs, cancel) => {
    const job = (JSON.parse(req.body) as { ResourceSnapshotJobIdentifier?: string })
      .ResourceSnapshotJobIdentifier;
    const answer = job === undefined ? undefined : opts.answers?.[job];
    const operation = req.headers['x-amz-target']?.split('.')[1];
    if (!answer || operation !== START) return pc.transport(req, timeoutMs, cancel);
    pc.sent.push({ at: clock.timing.now(), operation, job: job! });
    await clock.timing.sleep(ROUND_TRIP_MS);
    return {
      ok: true,
      response: {
        status: answer.status,
        headers: { 'x-amzn-requestid': `rid-${job}`, 'x-amzn-errortype': answer.type },
        body: JSON.stringify({ __type: answer.type, message: `${answer.type} for ${job}` }),
      },
    };
  };
  const config = configOf({ 'job-identifier': jobs.join('\n'), ...inputs });
  const cancel = new AbortController();
  if (opts.cancelled) cancel.abort();
  const outcome = await clock.run(
    startJobs(
      {
        config,
        ...callPolicies(config, clock.start),
        credentials: fixedCredentials(CREDENTIALS),
        context: (jobIdentifier) => ({ ...config, jobIdentifier }),
      },
      {
        transport,
        timing: clock.timing,
        clock: { offsetMs: 0 },
        log: silentLog,
        secrets: createSecrets(),
        cancel: cancel.signal,
      },
    ),
  );
  return { outcome, sent: pc.sent, startedAt: pc.startedAt, start: clock.start };
}

describe('startJobs', () => {
  it('starts every job once, in input order, and reports them in that order', async () => {
    const { outcome, sent } = await run([C, A, B]);
    expect(sent.map((s) => [s.operation, s.job])).toEqual([
      [START, C],
      [START, A],
      [START, B],
    ]);
    expect(outcome.jobs.map((j) => [j.jobIdentifier, j.status, j.attempts])).toEqual([
      [C, 'started', 1],
      [A, 'started', 1],
      [B, 'started', 1],
    ]);
  });

  it('paces the starts at requests-per-second, each 1/R after the previous answer', async () => {
    const { sent, start } = await run([A, B, C], { 'requests-per-second': '2' });
    expect(sent[0]!.at - start).toBe(0);
    for (let i = 1; i < sent.length; i++)
      expect(sent[i]!.at - (sent[i - 1]!.at + ROUND_TRIP_MS)).toBe(500 + PACE_MARGIN_MS);
  });

  it("reports the last start's request id, not a read's", async () => {
    const { outcome, sent } = await run([A, B], { 'describe-job': 'true' });
    expect(sent.map((s) => s.operation)).toEqual([START, DESCRIBE, START, DESCRIBE]);
    expect(outcome.requestId).toBe('rid-3');
    expect(outcome.jobs.map((j) => [j.requestId, j.readRequestId])).toEqual([
      ['rid-1', 'rid-2'],
      ['rid-3', 'rid-4'],
    ]);
  });

  it('stops at rejected credentials: one request, the rest not attempted and told why', async () => {
    const { outcome, sent } = await run(
      [A, B, C],
      {},
      {
        answers: { [A]: { status: 400, type: 'UnrecognizedClientException' } },
      },
    );
    expect(sent).toHaveLength(1);
    expect(outcome.jobs.map((j) => [j.status, j.attempts])).toEqual([
      ['failed', 1],
      ['not-attempted', 0],
      ['not-attempted', 0],
    ]);
    expect(outcome.jobs[0]?.failure?.code).toBe('UnrecognizedClientException');
    for (const j of outcome.jobs.slice(1))
      expect(j.skipped).toMatch(/credentials were rejected \(UnrecognizedClientException\)/);
  });

  it('keeps going after a failure of one job: a missing job, a denied one', async () => {
    const { outcome, sent } = await run(
      [A, B, C],
      {},
      {
        answers: {
          [A]: { status: 404, type: 'ResourceNotFoundException' },
          [B]: { status: 403, type: 'AccessDeniedException' },
        },
      },
    );
    expect(sent.map((s) => s.job)).toEqual([A, B, C]);
    expect(outcome.jobs.map((j) => [j.status, j.failure?.code])).toEqual([
      ['failed', 'ResourceNotFoundException'],
      ['failed', 'AccessDeniedException'],
      ['started', undefined],
    ]);
  });

  it('a dry run sends no start: it signs each request and shows it with the secrets as ***', async () => {
    const { outcome, sent, startedAt } = await run([A, B], { 'dry-run': 'true' });
    // Only the catalog's settings are read (the snapshot job role): no job is sent anything.
    expect(sent.map((s) => s.operation)).toEqual([SETTINGS]);
    expect(outcome.failure).toBeUndefined();
    expect(startedAt).toEqual({});
    expect(outcome.jobs.map((j) => [j.jobIdentifier, j.status, j.attempts])).toEqual([
      [A, 'dry-run', 0],
      [B, 'dry-run', 0],
    ]);
    const preview = outcome.jobs[0]?.preview;
    expect(preview?.headers['x-amz-target']).toBe(`AWSPartnerCentralSelling.${START}`);
    expect(preview?.headers.authorization).toBe('***');
    expect(JSON.parse(preview?.body ?? '')).toEqual({
      Catalog: 'AWS',
      ResourceSnapshotJobIdentifier: A,
    });
    expect(leakedRun(JSON.stringify(outcome), [CREDENTIALS.secretAccessKey])).toBeUndefined();
    expect(outcome.requestId).toBeUndefined();
  });

  it('a dry run with describe-job only reads each job, in order', async () => {
    const { outcome, sent, startedAt } = await run([B, A], {
      'dry-run': 'true',
      'describe-job': 'true',
    });
    expect(sent.map((s) => [s.operation, s.job])).toEqual([
      [SETTINGS, undefined],
      [DESCRIBE, B],
      [DESCRIBE, A],
    ]);
    expect(startedAt).toEqual({});
    expect(outcome.jobs.map((j) => [j.status, j.description?.['job-status']])).toEqual([
      ['dry-run', 'Stopped'],
      ['dry-run', 'Stopped'],
    ]);
  });

  it('a step cancelled before the first job sends nothing and attempts no job, dry run or not', async () => {
    for (const inputs of [{}, { 'dry-run': 'true' }] as Record<string, string>[]) {
      const { outcome, sent } = await run([A, B], inputs, { cancelled: true });
      expect(sent, JSON.stringify(inputs)).toEqual([]);
      expect(outcome.jobs.map((j) => [j.status, j.skipped, j.preview])).toEqual([
        ['not-attempted', 'the step was cancelled', undefined],
        ['not-attempted', 'the step was cancelled', undefined],
      ]);
    }
  });
});
