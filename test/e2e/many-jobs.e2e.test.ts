// End to end: several jobs in one step, paced at requests-per-second; stops that spare the rest; contention.
import { BACKOFF } from '../../src/common/tunables.js';
import { describe, expect, it } from 'vitest';
import { LONG_TERM, TEMPORARY } from '../emulator/fixtures.mjs';
import { credentialEnv, stepAgainst, usePartnerCentral } from './emulator.js';

const pc = usePartnerCentral();
const jobs = (n: number, prefix = 'r') =>
  Array.from(
    { length: n },
    (_, i) => `job-${prefix}${String(i).padStart(12 - prefix.length + 1, '0')}`,
  );
const results = (outputs: Record<string, string>) =>
  JSON.parse(outputs.results ?? '[]') as Record<string, string | number>[];
/**
 * How late a paced request may arrive past its interval, counted from the previous request's answer as the
 * emulator wrote it (the pacer's own starting point, so the service's round trip is not in it): the client's
 * timer, signing and send on a busy machine. Under half an interval at 1/s, so a pacer that waited 1.5
 * intervals, or doubled its interval (MAX_SLOWDOWN's first step, as after throttling), still shows.
 */
const PACE_LATE_MS = 450;

describe('several jobs in one step', () => {
  it('starts every job once, in order, paced at 1 request/s, with zero throttled', async () => {
    const ids = jobs(4);
    for (const id of ids) pc().addJob('AWS', id);
    pc().setRate(1, 1);
    // A YAML block with a duplicate and mixed separators.
    const list = `${ids[0]}\n${ids[1]}, ${ids[2]}\n${ids[0]}\n${ids[3]}\n`;
    const run = await stepAgainst(pc(), { catalog: 'AWS', 'job-identifier': list });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const sent = pc().requests;
    expect(sent.map((r) => JSON.parse(r.body).ResourceSnapshotJobIdentifier)).toEqual(ids);
    expect(sent.every((r) => r.outcome === 'ok' && r.signatureValid)).toBe(true);
    // As the service sees arrivals: never faster than 1 a second.
    for (let i = 1; i < sent.length; i++)
      expect(sent[i]!.at - sent[i - 1]!.at).toBeGreaterThanOrEqual(1000);
    expect(pc().running('AWS').sort()).toEqual([...ids].sort());
    expect(run.outputs).toMatchObject({
      'job-identifier': ids.join(','),
      attempts: '4',
      'started-count': '4',
      'failed-count': '0',
      'error-code': '',
      'request-id': sent.at(-1)!.requestId,
    });
    expect(results(run.outputs)).toEqual(
      ids.map((id, i) => ({
        'job-identifier': id,
        catalog: 'AWS',
        status: 'started',
        'request-id': sent[i]!.requestId,
        attempts: 1,
        'error-code': '',
        'error-message': '',
      })),
    );
    expect(run.summary.match(/<td>started<\/td>/g)).toHaveLength(4);
    expect(run.log).toContain('Starting 4 resource snapshot jobs in the AWS catalog');
  });

  it('paces every request, failed ones too: 6 jobs with 2 missing at 1/s against a 1/s quota, 0 throttled', async () => {
    const ids = jobs(6, 'g');
    const missing = new Set([ids[1], ids[3]]);
    for (const id of ids) if (!missing.has(id)) pc().addJob('AWS', id);
    pc().setRate(1, 1);
    const run = await stepAgainst(pc(), { catalog: 'AWS', 'job-identifier': ids.join('\n') });
    expect(run.code).toBe(1);
    const sent = pc().requests;
    // A 404 takes a token as a success does: the job after it still waits 1/R, so nothing is throttled.
    expect(sent.map((r) => r.outcome)).toEqual(
      ids.map((id) => (missing.has(id) ? 'ResourceNotFoundException' : 'ok')),
    );
    for (let i = 1; i < sent.length; i++)
      expect(sent[i]!.at - sent[i - 1]!.at).toBeGreaterThanOrEqual(1000);
    // No needless delay, the 404s included (not taken for throttling): each request went 1 s (the quota's
    // interval, not the pacer's own figure) after the previous one's answer, give or take a busy machine.
    for (let i = 1; i < sent.length; i++)
      expect(sent[i]!.at - sent[i - 1]!.answeredAt!, `request ${i + 1}`).toBeLessThanOrEqual(
        1000 + PACE_LATE_MS,
      );
    expect(results(run.outputs).map((r) => r.status)).toEqual(
      ids.map((id) => (missing.has(id) ? 'failed' : 'started')),
    );
    expect(run.outputs).toMatchObject({ 'started-count': '4', 'failed-count': '2' });
  });

  it('tries every job when some are not found: one annotation per failed job, the step red', async () => {
    const ids = jobs(4, 'm');
    pc().addJob('AWS', ids[0]!);
    pc().addJob('AWS', ids[2]!);
    const run = await stepAgainst(pc(), {
      catalog: 'AWS',
      'job-identifier': ids.join(' '),
      'requests-per-second': '10',
    });
    expect(run.code).toBe(1);
    expect(pc().requests).toHaveLength(4);
    expect(results(run.outputs).map((r) => r.status)).toEqual([
      'started',
      'failed',
      'started',
      'failed',
    ]);
    expect(run.outputs).toMatchObject({
      'started-count': '2',
      'failed-count': '2',
      'error-code': 'ResourceNotFoundException',
    });
    expect(run.errors.map((e) => e.title)).toEqual([
      `${ids[1]}: ResourceNotFoundException`,
      `${ids[3]}: ResourceNotFoundException`,
    ]);
    expect(run.errors[0]?.message).toContain(`Check that ${ids[1]} exists in the AWS catalog`);
  });

  it('past 10 failed jobs, the last annotation counts the rest and points to the summary', async () => {
    const ids = jobs(12, 'x');
    const run = await stepAgainst(pc(), {
      catalog: 'AWS',
      'job-identifier': ids.join(','),
      'requests-per-second': '10',
    });
    expect(run.code).toBe(1);
    expect(run.errors).toHaveLength(10);
    expect(run.errors.at(-1)).toMatchObject({ title: '3 more jobs failed' });
    expect(run.summary.match(/failed: ResourceNotFoundException/g)).toHaveLength(12);
  });

  it('credentials rejected mid-way: stops, the rest not attempted, with why', async () => {
    const ids = jobs(4, 'c');
    for (const id of ids) pc().addJob('AWS', id);
    pc().script(
      { pass: true },
      {
        error: 'ExpiredTokenException',
        message: 'The security token included in the request is expired',
        status: 400,
      },
    );
    const run = await stepAgainst(
      pc(),
      { catalog: 'AWS', 'job-identifier': ids.join(','), 'requests-per-second': '10' },
      credentialEnv(TEMPORARY),
    );
    expect(run.code).toBe(1);
    expect(pc().requests).toHaveLength(2);
    const entries = results(run.outputs);
    expect(entries.map((r) => r.status)).toEqual([
      'started',
      'failed',
      'not-attempted',
      'not-attempted',
    ]);
    expect(entries[2]?.['error-message']).toMatch(
      /^not attempted: the credentials were rejected \(ExpiredTokenException\), so every other job would be too$/,
    );
    expect(run.errors.map((e) => e.title)).toEqual([
      `${ids[1]}: ExpiredTokenException`,
      '2 jobs not attempted',
    ]);
    expect(run.outputs['error-code']).toBe('ExpiredTokenException');
  });

  it('the deadline cuts the list: the job in hand fails with the time spent, the rest are not attempted', async () => {
    const ids = jobs(3, 'd');
    for (const id of ids) pc().addJob('AWS', id);
    pc().setRate(0.0001, 1); // one token, then throttled for good
    const run = await stepAgainst(pc(), {
      catalog: 'AWS',
      'job-identifier': ids.join(','),
      'timeout-seconds': '5',
      'requests-per-second': '4',
    });
    expect(run.code).toBe(1);
    // No request at or past timeout-seconds after the first, as the emulator saw them; the wall time (Node's
    // start-up included) only catches a hang.
    const first = pc().requests[0]!.at;
    expect(pc().requests.filter((r) => r.at - first >= 5000)).toEqual([]);
    expect(run.wallMs).toBeLessThan(5000 + 5000);
    expect(results(run.outputs).map((r) => r.status)).toEqual([
      'started',
      'failed',
      'not-attempted',
    ]);
    expect(run.errors[0]?.title).toBe(`${ids[1]}: Timed out: ThrottlingException`);
    expect(run.errors[1]).toMatchObject({
      title: '1 job not attempted',
      message: expect.stringContaining('timeout-seconds ran out'),
    });
  });

  it('makes one last attempt before the deadline when the drawn wait would cross it, timed to finish in time', async () => {
    const [id] = jobs(1, 'l');
    pc().addJob('AWS', id!);
    // A Retry-After far past timeout-seconds: before, the step gave up at once, with 4 of its 5 seconds left.
    pc().script({ error: 'ThrottlingException', status: 429, headers: { 'Retry-After': '30' } });
    const timeoutMs = 5000;
    const run = await stepAgainst(pc(), {
      catalog: 'AWS',
      'job-identifier': id!,
      'timeout-seconds': String(timeoutMs / 1000),
    });
    expect(run.code).toBe(0);
    const sent = pc().requests;
    expect(sent.map((r) => r.outcome)).toEqual(['ThrottlingException', 'ok']);
    // The retry goes minAttemptMs before the deadline (the first request leaves within a second of the start).
    const gap = sent[1]!.at - sent[0]!.at;
    expect(gap).toBeLessThanOrEqual(timeoutMs - BACKOFF.minAttemptMs);
    expect(gap).toBeGreaterThanOrEqual(timeoutMs - BACKOFF.minAttemptMs - 1000);
    expect(run.log).toMatch(
      /retrying in \d+\.\d\d s \(\d+ s left of timeout-seconds, the last attempt that fits\)/,
    );
    expect(run.outputs).toMatchObject({ 'started-count': '1', attempts: '2', 'error-code': '' });
  });

  it('says before sending anything when the jobs cannot fit in timeout-seconds at the pace', async () => {
    const run = await stepAgainst(pc(), {
      catalog: 'AWS',
      'job-identifier': jobs(20, 't').join(','),
      'timeout-seconds': '10',
    });
    expect(run.code).toBe(1);
    expect(pc().requests).toHaveLength(0);
    expect(run.errors[0]?.title).toBe('Invalid input: timeout-seconds');
    expect(run.errors[0]?.message).toMatch(/too short for 20 jobs at requests-per-second 1/);
  });

  it('shares the quota with a single-job run started alongside: every job of both starts', async () => {
    const ids = jobs(5, 's');
    for (const id of ids) pc().addJob('AWS', id);
    pc().setRate(1, 1);
    const [many, one] = await Promise.all([
      stepAgainst(pc(), { catalog: 'AWS', 'job-identifier': ids.join('\n') }),
      stepAgainst(
        pc(),
        { catalog: 'AWS', 'job-identifier': 'job-0123456789abc' },
        credentialEnv(LONG_TERM),
      ),
    ]);
    expect([many.code, one.code]).toEqual([0, 0]);
    expect(many.outputs['started-count']).toBe('5');
    expect(pc().running('AWS').sort()).toEqual([...ids, 'job-0123456789abc'].sort());
  });
});
