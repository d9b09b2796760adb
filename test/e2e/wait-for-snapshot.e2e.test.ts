// End to end: wait-for-snapshot (read the job and its latest snapshot, start, poll for a newer revision) as
// README.md's wait-for-snapshot section states it.
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LONG_TERM, PARTNER_DATA_MARKERS } from '../emulator/fixtures.mjs';
import { DEFAULT_TEMPLATE } from '../emulator/partner-central.mjs';
import { visibleText, type RunOutcome } from '../emulator/run-dist.mjs';
import { EXIT_AFTER_CANCEL_MS } from '../../src/common/tunables.js';
import { credentialEnv, ownPartnerCentral, stepAgainst, type Emulator } from './emulator.js';

/** While waiting, the latest snapshot is read every 3-5 s (SNAPSHOT_WAIT); the published read quota is 10/s. */
const POLL_MIN_MS = 3000;
const POLL_MAX_MS = 5000;
const READ_QUOTA_PER_SECOND = 10;
/** Allowance for arrival jitter on loopback when checking spacings the client keeps (never for the rule itself). */
const JITTER_MS = 150;
/**
 * How late a poll may arrive past the 5 s after the previous read's answer: the client's timer and send on a
 * busy machine. Counted from the answer, as the emulator wrote it, so the service's round trips are not in it.
 */
const LATE_MS = 1500;
/**
 * A run's wall time counts Node's start-up and exit, which a busy machine stretches by seconds, so it is held
 * only to what a regression would take (the whole wait it did not need, the waits one after another) or, where
 * the run must take its wait, to the wait plus this. What was read, and when, is the emulator's record.
 */
const HANG_MS = 8000;
const READS = new Set(['GetResourceSnapshotJob', 'GetResourceSnapshot', 'ListResourceSnapshots']);

type Entry = Record<string, string | number | boolean | null>;
type Recorded = Emulator['requests'][number];
const results = (run: RunOutcome) => JSON.parse(run.outputs.results ?? '[]') as Entry[];
/** An output or results value as text: the contract fixes the meaning, not whether JSON holds 3 or "3". */
const text = (v: unknown) => (v === undefined || v === null ? '' : String(v));
const notices = (run: RunOutcome) => run.annotations.filter((a) => a.level === 'notice');
const body = (r: Recorded) => JSON.parse(r.body) as Record<string, unknown>;
/** `job-` + 13 of [0-9a-z]: the tag, then the number zero-padded. */
const jobId = (tag: string, n = 1) => `job-${tag}${String(n).padStart(13 - tag.length, '0')}`;

/** The requests that concern one job: its start and job reads by identifier, its snapshot reads by resource. */
function requestsOf(pc: Emulator, id: string, catalog = 'AWS'): Recorded[] {
  const job = pc.job(catalog, id);
  return pc.requests.filter((r) => {
    const b = body(r);
    if (r.operation === 'GetResourceSnapshot')
      return b.EngagementIdentifier === job.EngagementId && b.ResourceIdentifier === job.ResourceId;
    return b.ResourceSnapshotJobIdentifier === id;
  });
}

/**
 * The read quota as the sends keep it: each read is sent at least 1/10 s after the one before (the reads'
 * ConcurrentPacer, src/http/pacer.ts), so consecutive reads arrive about that far apart. A stall of either
 * process bunches a few arrivals (timers that fire late together, a receiver that stamps them together); a
 * pace above the quota makes every gap shorter, and reads not paced at all make most of them a few ms.
 * Returns how many of the gaps between consecutive reads are shorter than 1/10 s less 10 ms, and how many
 * gaps there are.
 */
function shortReadGaps(requests: Recorded[]): { short: number; gaps: number } {
  const at = requests.filter((r) => READS.has(r.operation)).map((r) => r.at);
  const gaps = at.slice(1).map((t, i) => t - at[i]!);
  return {
    short: gaps.filter((g) => g < 1000 / READ_QUOTA_PER_SECOND - 10).length,
    gaps: gaps.length,
  };
}

/** At most a quarter of the reads' gaps short (see shortReadGaps): the quota kept but for a few bunched. */
function expectReadsWithinQuota(requests: Recorded[]) {
  const { short, gaps } = shortReadGaps(requests);
  expect(short, `${short} of ${gaps} gaps between reads under 90 ms`).toBeLessThanOrEqual(gaps / 4);
}

/**
 * The reads of the latest snapshot after a job's start (`mine`: that job's requests, in order) come every
 * 3-5 s (SNAPSHOT_WAIT in src/common/tunables.ts); the last may come sooner when the wait ends (a last
 * look at the end of the wait, not a faster cadence). Never sooner than 3 s after the previous arrival;
 * never later than 5 s (plus LATE_MS) after the job's previous read was answered (the start's answer, for
 * the first), which is when the action's timer starts: a busy machine's round trips and the reads'
 * ConcurrentPacer's queue are not the cadence.
 */
function expectPollCadence(mine: Recorded[], waitMs: number) {
  const startIndex = mine.findIndex((r) => r.operation === 'StartResourceSnapshotJob');
  expect(startIndex).toBeGreaterThanOrEqual(0);
  const startedAt = mine[startIndex]!.at;
  const polls = mine
    .map((r, i) => ({ r, i }))
    .filter(({ r, i }) => i > startIndex && r.operation === 'GetResourceSnapshot');
  let previous = startedAt;
  for (const [n, { r: poll, i }] of polls.entries()) {
    const gap = poll.at - previous;
    const lastAtWaitEnd = n === polls.length - 1 && poll.at - startedAt >= waitMs - JITTER_MS;
    if (!lastAtWaitEnd) expect(gap).toBeGreaterThanOrEqual(POLL_MIN_MS - JITTER_MS);
    const answered = Math.max(...mine.slice(startIndex, i).map((r) => r.answeredAt ?? r.at));
    expect(poll.at - answered, `poll ${n + 1} after the last answer`).toBeLessThanOrEqual(
      POLL_MAX_MS + LATE_MS,
    );
    previous = poll.at;
  }
}

/** Text a person (or a later step) could see: log with debug lines, stderr, summary, outputs, and the raw stdout. */
const everythingVisible = (run: RunOutcome) => `${visibleText(run)}\n${run.stdout}`;

function expectNoPartnerData(run: RunOutcome) {
  const seen = everythingVisible(run);
  for (const marker of Object.values(PARTNER_DATA_MARKERS)) expect(seen).not.toContain(marker);
}

describe('wait-for-snapshot, one job', () => {
  it.concurrent(
    'a new revision appears after the start: its revision, ARN and date, snapshot-new=true, the description, one notice, the summary before and after',
    async ({ onTestFinished }) => {
      const pc = await ownPartnerCentral(onTestFinished);
      const id = jobId('new');
      pc.addJob('AWS', id, { snapshots: [7300, 7301], newSnapshotAfterMs: 1000 });
      const run = await stepAgainst(pc, {
        catalog: 'AWS',
        'job-identifier': id,
        'wait-for-snapshot': '20',
      });
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      const job = pc.job('AWS', id);
      const latest = pc.latestSnapshotResponse('AWS', id)!;
      expect(latest.Revision).toBe(7302);

      // Order: the catalog's snapshot job role, the job, the latest snapshot before the start, the start, then
      // snapshot reads (and job reads).
      const ops = pc.requests.map((r) => r.operation);
      expect(ops.slice(0, 4)).toEqual([
        'GetSellingSystemSettings',
        'GetResourceSnapshotJob',
        'GetResourceSnapshot',
        'StartResourceSnapshotJob',
      ]);
      expect(ops.filter((o) => o === 'StartResourceSnapshotJob')).toHaveLength(1);
      expect(ops.slice(4).every((o) => READS.has(o))).toBe(true);
      const snapshotReads = pc.requests.filter((r) => r.operation === 'GetResourceSnapshot');
      // The revision appears 1 s after the start, so the first poll (3-5 s after it) sees it.
      expect(snapshotReads.map((r) => r.outcome)).toEqual(['snapshot-7301', 'snapshot-7302']);
      expectPollCadence(pc.requests, 20_000);
      // The latest is asked for by leaving Revision out; the identifying members come from the job.
      for (const r of snapshotReads)
        expect(body(r)).toEqual({
          Catalog: 'AWS',
          EngagementIdentifier: job.EngagementId,
          ResourceType: 'Opportunity',
          ResourceIdentifier: job.ResourceId,
          ResourceSnapshotTemplateIdentifier: DEFAULT_TEMPLATE,
        });
      expect(pc.requests.every((r) => r.signatureValid)).toBe(true);
      // It stopped polling once the new revision was seen: that poll's job read is the last request, and the
      // run ended inside the 20 s wait it did not need.
      expect(ops.slice(5)).toEqual(['GetResourceSnapshotJob']);
      expect(run.wallMs).toBeLessThan(20_000);

      const start = pc.requests.find((r) => r.operation === 'StartResourceSnapshotJob')!;
      expect(run.outputs).toMatchObject({
        'snapshot-revision': '7302',
        'snapshot-arn': latest.Arn,
        'snapshot-new': 'true',
        'snapshot-file': '',
        'request-id': start.requestId,
        attempts: '1',
        'started-count': '1',
        'error-code': '',
        'job-arn': job.Arn,
        'job-status': 'Running',
        'engagement-id': job.EngagementId,
        'resource-type': 'Opportunity',
        'resource-id': job.ResourceId,
        'resource-arn': job.ResourceArn,
        'resource-snapshot-template-name': DEFAULT_TEMPLATE,
        'created-at': job.CreatedAt,
        'last-failure': '',
      });
      expect(new Date(run.outputs['snapshot-created-at']!).getTime()).toBe(
        new Date(latest.CreatedAt).getTime(),
      );
      expect(run.outputs['snapshot-created-at']).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d/);
      // request-id is the start's, never a read's.
      const readIds = pc.requests.filter((r) => READS.has(r.operation)).map((r) => r.requestId);
      expect(readIds).not.toContain(run.outputs['request-id']);

      const [entry] = results(run);
      expect(entry).toMatchObject({
        'job-identifier': id,
        status: 'started',
        'request-id': start.requestId,
        'snapshot-arn': latest.Arn,
        'engagement-id': job.EngagementId,
        'job-status': 'Running',
      });
      expect(text(entry!['snapshot-revision'])).toBe('7302');
      expect(text(entry!['snapshot-new'])).toBe('true');
      expect(text(entry!['snapshot-file'])).toBe('');
      // The keys README.md's Outputs gives `results`, no more: the base keys, the description keys, the
      // snapshot keys.
      expect(Object.keys(entry!).sort()).toEqual(
        [
          ...['job-identifier', 'catalog', 'status', 'request-id', 'attempts'],
          ...['error-code', 'error-message', 'job-arn', 'job-status', 'engagement-id'],
          ...['resource-type', 'resource-id', 'resource-arn', 'resource-snapshot-template-name'],
          ...['created-at', 'last-successful-execution-date', 'last-failure'],
          ...['snapshot-revision', 'snapshot-arn', 'snapshot-created-at', 'snapshot-new'],
          'snapshot-file',
        ].sort(),
      );

      expect(notices(run)).toHaveLength(1);
      expect(notices(run)[0]!.message).toContain(id);
      expect(notices(run)[0]!.message).toContain('7302');
      expect(notices(run)[0]!.message).not.toContain('\n');
      expect(run.errors).toHaveLength(0);
      expect(run.summary).toContain(id);
      // Revisions no timestamp or id would contain by chance: before and after, both shown.
      expect(run.summary).toContain('7301');
      expect(run.summary).toContain('7302');
      expectNoPartnerData(run);
    },
  );

  it.concurrent(
    'the resource never changes within the wait: green, snapshot-new=false, a notice naming the latest revision',
    async ({ onTestFinished }) => {
      const pc = await ownPartnerCentral(onTestFinished);
      const id = jobId('same');
      pc.addJob('AWS', id, { snapshots: [5517], resourceNeverChanges: true });
      const run = await stepAgainst(pc, {
        catalog: 'AWS',
        'job-identifier': id,
        'wait-for-snapshot': '8',
      });
      expect(run.code).toBe(0);
      // It waited the whole wait, and polled within it: every 3-5 s, never faster.
      expect(run.wallMs).toBeGreaterThanOrEqual(8000);
      const start = pc.requests.findIndex((r) => r.operation === 'StartResourceSnapshotJob');
      const polls = pc.requests
        .slice(start + 1)
        .filter((r) => r.operation === 'GetResourceSnapshot');
      expect(polls.length).toBeGreaterThanOrEqual(1);
      expect(polls.length).toBeLessThanOrEqual(Math.ceil(8000 / POLL_MIN_MS) + 1);
      expectPollCadence(pc.requests, 8000);
      // The last look falls on the end of the wait, as the emulator received it (counted from the start's
      // answer), and nothing came after it: no poll past the wait. The wall time only catches a hang.
      const startAnswered = pc.requests[start]!.answeredAt!;
      expect(polls.at(-1)!.at - startAnswered).toBeGreaterThanOrEqual(8000 - JITTER_MS);
      expect(polls.at(-1)!.at - startAnswered).toBeLessThanOrEqual(8000 + LATE_MS);
      expect(pc.requests.at(-1)!.operation).toBe('GetResourceSnapshotJob');
      expect(pc.requests.indexOf(polls.at(-1)!)).toBe(pc.requests.length - 2);
      expect(run.wallMs).toBeLessThan(8000 + HANG_MS);
      expect(run.outputs).toMatchObject({
        'snapshot-revision': '5517',
        'snapshot-new': 'false',
        'snapshot-arn': pc.latestSnapshotResponse('AWS', id)!.Arn,
        'error-code': '',
        'started-count': '1',
      });
      expect(text(results(run)[0]!['snapshot-new'])).toBe('false');
      expect(run.errors).toHaveLength(0);
      expect(notices(run)).toHaveLength(1);
      expect(notices(run)[0]!.message).toContain(id);
      expect(notices(run)[0]!.message).toMatch(/\b5517\b/);
      expect(run.summary).toContain('5517');
      expect(notices(run)[0]!.message).toMatch(/may not have changed/);
    },
  );

  it.concurrent(
    'no snapshot at all: green, snapshot-revision empty, and the notice says there is none',
    async ({ onTestFinished }) => {
      const pc = await ownPartnerCentral(onTestFinished);
      const id = jobId('none');
      pc.addJob('AWS', id, { resourceNeverChanges: true });
      const run = await stepAgainst(pc, {
        catalog: 'AWS',
        'job-identifier': id,
        'wait-for-snapshot': '5',
      });
      expect(run.code).toBe(0);
      expect(pc.requests.map((r) => r.operation).slice(0, 4)).toEqual([
        'GetSellingSystemSettings',
        'GetResourceSnapshotJob',
        'GetResourceSnapshot',
        'StartResourceSnapshotJob',
      ]);
      expect(pc.requests[2]!.outcome).toBe('ResourceNotFoundException');
      expect(run.outputs).toMatchObject({
        'snapshot-revision': '',
        'snapshot-arn': '',
        'snapshot-created-at': '',
        'snapshot-new': 'false',
        'error-code': '',
        'started-count': '1',
      });
      expect(run.errors).toHaveLength(0);
      expect(notices(run)).toHaveLength(1);
      expect(notices(run)[0]!.message).toContain(id);
      expect(notices(run)[0]!.message).toMatch(/\bno (resource )?snapshot/i);
    },
  );

  it.concurrent(
    'no snapshot before the start counts as revision 0: the first one to appear is new',
    async ({ onTestFinished }) => {
      const pc = await ownPartnerCentral(onTestFinished);
      const id = jobId('first');
      pc.addJob('AWS', id, { newSnapshotAfterMs: 500 });
      const run = await stepAgainst(pc, {
        catalog: 'AWS',
        'job-identifier': id,
        'wait-for-snapshot': '20',
      });
      expect(run.code).toBe(0);
      expect(run.outputs).toMatchObject({ 'snapshot-revision': '1', 'snapshot-new': 'true' });
      // Seen at the first poll (it appeared 0.5 s after the start), and no read after that poll's two; the
      // run ended inside the 20 s wait it did not need.
      const ops = pc.requests.map((r) => r.operation);
      expect(ops).toEqual([
        'GetSellingSystemSettings',
        'GetResourceSnapshotJob',
        'GetResourceSnapshot',
        'StartResourceSnapshotJob',
        'GetResourceSnapshot',
        'GetResourceSnapshotJob',
      ]);
      expect(pc.requests[4]!.outcome).toBe('snapshot-1');
      expect(run.wallMs).toBeLessThan(20_000);
    },
  );

  it.concurrent(
    'the job reports a new LastFailure while waited for: SnapshotJobFailed with its text, still started',
    async ({ onTestFinished }) => {
      const pc = await ownPartnerCentral(onTestFinished);
      const id = jobId('fails');
      const failure = 'Opportunity O1000001 could not be read: the engagement was archived';
      pc.addJob('AWS', id, { snapshots: [3], failsAfterMs: 500, failsWith: failure });
      const run = await stepAgainst(pc, {
        catalog: 'AWS',
        'job-identifier': id,
        'wait-for-snapshot': '30',
      });
      expect(run.code).toBe(1);
      // Seen at the first poll (the failure came 0.5 s after the start), not at the end of the 30 s wait: that
      // poll's job read is the last request. The wall time only catches a run that waited the wait out.
      expect(pc.requests.map((r) => r.operation).slice(4)).toEqual([
        'GetResourceSnapshot',
        'GetResourceSnapshotJob',
      ]);
      expectPollCadence(pc.requests, 30_000);
      expect(run.wallMs).toBeLessThan(30_000);
      expect(pc.running('AWS')).toEqual([id]);
      expect(run.outputs).toMatchObject({
        'error-code': 'SnapshotJobFailed',
        'started-count': '1',
        'failed-count': '0',
        'last-failure': failure,
        'snapshot-revision': '3',
      });
      expect(run.outputs['error-message']).toContain(failure);
      expect(results(run)[0]).toMatchObject({
        status: 'started',
        'error-code': 'SnapshotJobFailed',
      });
      expect(run.errors).toHaveLength(1);
      // The title names the error (in words, as the house's other titles do).
      expect(run.errors[0]!.title).toMatch(/SnapshotJobFailed|snapshot job failed/i);
      expect(run.errors[0]!.title).toContain(id);
      expect(run.errors[0]!.message).toContain(failure);
    },
  );

  it.concurrent(
    'the job stops while waited for: SnapshotJobFailed, still started',
    async ({ onTestFinished }) => {
      const pc = await ownPartnerCentral(onTestFinished);
      const id = jobId('stops');
      pc.addJob('AWS', id, { snapshots: [3], stopsAfterMs: 500 });
      const run = await stepAgainst(pc, {
        catalog: 'AWS',
        'job-identifier': id,
        'wait-for-snapshot': '30',
      });
      expect(run.code).toBe(1);
      // Seen at a poll, not at the end of the 30 s wait: one poll, or two when the first came inside the
      // start's 5 s grace (a job just started may not show Running yet), each a snapshot read then a job read,
      // the last request a job read. The wall time only catches a run that waited the wait out.
      const afterStart = pc.requests.map((r) => r.operation).slice(4);
      expect([2, 4]).toContain(afterStart.length);
      expect(afterStart).toEqual(
        afterStart.map((_, i) => (i % 2 ? 'GetResourceSnapshotJob' : 'GetResourceSnapshot')),
      );
      expectPollCadence(pc.requests, 30_000);
      expect(run.wallMs).toBeLessThan(30_000);
      expect(run.outputs).toMatchObject({
        'error-code': 'SnapshotJobFailed',
        'started-count': '1',
        'job-status': 'Stopped',
      });
      expect(results(run)[0]).toMatchObject({ status: 'started' });
    },
  );

  it.concurrent(
    'a LastFailure that was there before the start is not new: green',
    async ({ onTestFinished }) => {
      const pc = await ownPartnerCentral(onTestFinished);
      const id = jobId('oldfail');
      const old = 'Template AWSOpportunitySummary was unavailable on 2026-10-30';
      pc.addJob('AWS', id, {
        LastFailure: old,
        snapshots: [5],
        resourceNeverChanges: true,
      });
      const run = await stepAgainst(pc, {
        catalog: 'AWS',
        'job-identifier': id,
        'wait-for-snapshot': '5',
      });
      expect(run.code).toBe(0);
      // Polled at least once with the old failure in view.
      const start = pc.requests.findIndex((r) => r.operation === 'StartResourceSnapshotJob');
      expect(
        pc.requests.slice(start + 1).filter((r) => r.operation === 'GetResourceSnapshotJob').length,
      ).toBeGreaterThanOrEqual(1);
      expect(run.outputs).toMatchObject({
        'error-code': '',
        'snapshot-new': 'false',
        'snapshot-revision': '5',
        'last-failure': old,
      });
      expect(results(run)[0]).toMatchObject({ status: 'started', 'error-code': '' });
      expect(run.errors).toHaveLength(0);
    },
  );

  it.concurrent(
    'snapshot-directory: each latest snapshot as <dir>/<job>.json, mode 0600, directory created; the payload nowhere else, debug included',
    async ({ onTestFinished }) => {
      const pc = await ownPartnerCentral(onTestFinished);
      const root = mkdtempSync(path.join(tmpdir(), 'snapshot-dir-'));
      onTestFinished(() => rmSync(root, { recursive: true, force: true }));
      const dir = path.join(root, 'not', 'yet', 'there');
      const ids = [jobId('dir', 1), jobId('dir', 2)];
      pc.addJob('AWS', ids[0]!, { snapshots: [1], newSnapshotAfterMs: 300 });
      pc.addJob('AWS', ids[1]!, { snapshots: [9], newSnapshotAfterMs: 300 });
      const run = await stepAgainst(
        pc,
        {
          catalog: 'AWS',
          'job-identifier': ids.join(','),
          'wait-for-snapshot': '20',
          'snapshot-directory': dir,
          'requests-per-second': '5',
        },
        { ...credentialEnv(), RUNNER_DEBUG: '1' },
      );
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      expect(readdirSync(dir).sort()).toEqual(ids.map((id) => `${id}.json`).sort());
      for (const [i, id] of ids.entries()) {
        const file = path.join(dir, `${id}.json`);
        expect(statSync(file).mode & 0o777).toBe(0o600);
        const written = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
        expect(written).toEqual(pc.latestSnapshotResponse('AWS', id));
        expect(written.Revision).toBe([2, 10][i]);
        const entry = results(run)[i]!;
        expect(entry['job-identifier']).toBe(id);
        expect(path.resolve(text(entry['snapshot-file']))).toBe(file);
        expect(text(entry['snapshot-new'])).toBe('true');
      }
      expectNoPartnerData(run);
      expect(run.env.RUNNER_DEBUG).toBe('1');
      expect(run.stdout).toMatch(/^::debug::/m);
    },
  );

  it.concurrent('snapshot-file for one job is the path written', async ({ onTestFinished }) => {
    const pc = await ownPartnerCentral(onTestFinished);
    const root = mkdtempSync(path.join(tmpdir(), 'snapshot-dir-'));
    onTestFinished(() => rmSync(root, { recursive: true, force: true }));
    const id = jobId('onefile');
    pc.addJob('AWS', id, { snapshots: [2], resourceNeverChanges: true });
    const run = await stepAgainst(pc, {
      catalog: 'AWS',
      'job-identifier': id,
      'wait-for-snapshot': '4',
      'snapshot-directory': root,
    });
    expect(run.code).toBe(0);
    const file = path.join(root, `${id}.json`);
    expect(path.resolve(run.outputs['snapshot-file'] ?? '')).toBe(file);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(pc.latestSnapshotResponse('AWS', id));
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expectNoPartnerData(run);
  });

  it.concurrent(
    'dry run: reads the job and the latest snapshot, starts nothing, waits for nothing',
    async ({ onTestFinished }) => {
      const pc = await ownPartnerCentral(onTestFinished);
      const id = jobId('dry');
      pc.addJob('AWS', id, { snapshots: [11, 12], newSnapshotAfterMs: 0 });
      const run = await stepAgainst(pc, {
        catalog: 'AWS',
        'job-identifier': id,
        'wait-for-snapshot': '60',
        'dry-run': 'true',
      });
      expect(run.code).toBe(0);
      expect(pc.requests.map((r) => r.operation)).toEqual([
        'GetSellingSystemSettings',
        'GetResourceSnapshotJob',
        'GetResourceSnapshot',
      ]);
      expect(pc.running('AWS')).toEqual([]);
      // Nothing waited for: the two reads above are all the emulator saw, and the run did not sit out any of
      // the 60 s wait (the wall time, start-up included, only catches that).
      expect(run.wallMs).toBeLessThan(HANG_MS);
      const latest = pc.latestSnapshotResponse('AWS', id)!;
      expect(run.outputs).toMatchObject({
        'snapshot-revision': '12',
        'snapshot-arn': latest.Arn,
        'snapshot-new': '',
        'started-count': '0',
        'error-code': '',
      });
      expect(new Date(run.outputs['snapshot-created-at']!).getTime()).toBe(
        new Date(latest.CreatedAt).getTime(),
      );
      expect(results(run)[0]).toMatchObject({ status: 'dry-run' });
      expectNoPartnerData(run);
    },
  );

  it.concurrent(
    'GetResourceSnapshot denied: says first that the job was NOT started, then the IAM action; nothing started',
    async ({ onTestFinished }) => {
      const pc = await ownPartnerCentral(onTestFinished);
      const id = jobId('denied');
      pc.addJob('AWS', id, { snapshots: [1] });
      pc.deny('GetResourceSnapshot');
      const run = await stepAgainst(pc, {
        catalog: 'AWS',
        'job-identifier': id,
        'wait-for-snapshot': '20',
      });
      expect(run.code).toBe(1);
      expect(pc.requests.map((r) => r.operation)).not.toContain('StartResourceSnapshotJob');
      expect(pc.running('AWS')).toEqual([]);
      expect(run.outputs).toMatchObject({
        'error-code': 'AccessDeniedException',
        'started-count': '0',
      });
      expect(results(run)[0]?.status).not.toBe('started');
      expect(run.errors).toHaveLength(1);
      const message = run.errors[0]!.message;
      const firstSentence = message.split(/\.\s/)[0]!;
      expect(firstSentence).toMatch(/\bnot\b/i);
      expect(firstSentence).toMatch(/started/i);
      const notStartedAt = message.search(/not\b[^.]*started/i);
      expect(notStartedAt).toBeGreaterThanOrEqual(0);
      expect(message.indexOf('partnercentral:GetResourceSnapshot')).toBeGreaterThan(notStartedAt);
    },
  );

  it.concurrent(
    'GetResourceSnapshot denied while waiting: says first that the job WAS started, then the IAM action',
    async ({ onTestFinished }) => {
      const pc = await ownPartnerCentral(onTestFinished);
      const id = jobId('latedeny');
      pc.addJob('AWS', id, { snapshots: [6], resourceNeverChanges: true });
      const run = await stepAgainst(
        pc,
        { catalog: 'AWS', 'job-identifier': id, 'wait-for-snapshot': '20' },
        credentialEnv(),
        {
          onSpawn: (child) => {
            // The permission goes away once the job has started: the polls are denied.
            const timer = setInterval(() => {
              if (pc.requests.some((r) => r.operation === 'StartResourceSnapshotJob')) {
                pc.deny('GetResourceSnapshot');
                clearInterval(timer);
              }
            }, 5);
            child.on('close', () => clearInterval(timer));
          },
        },
      );
      expect(run.code).toBe(1);
      expect(pc.running('AWS')).toEqual([id]);
      expect(
        pc.requests.some(
          (r) => r.operation === 'GetResourceSnapshot' && r.outcome === 'AccessDeniedException',
        ),
      ).toBe(true);
      expect(run.outputs).toMatchObject({
        'error-code': 'AccessDeniedException',
        'started-count': '1',
      });
      expect(results(run)[0]).toMatchObject({ status: 'started' });
      expect(run.errors).toHaveLength(1);
      const message = run.errors[0]!.message;
      const firstSentence = message.split(/\.\s/)[0]!;
      expect(firstSentence).toContain(id);
      expect(firstSentence).toMatch(/\bwas\b[^.]*started/i);
      expect(firstSentence).not.toMatch(/\bnot\b[^.,;]*\bstarted\b/i);
      expect(message).toContain('partnercentral:GetResourceSnapshot');
    },
  );

  it.concurrent(
    'several jobs, one fails during the wait: only that job carries SnapshotJobFailed, the others are reported as seen',
    async ({ onTestFinished }) => {
      const pc = await ownPartnerCentral(onTestFinished);
      const ids = [1, 2, 3].map((n) => jobId('mixed', n));
      const failure = 'Resource snapshot template AWSOpportunitySummary was deleted';
      pc.addJob('AWS', ids[0]!, { snapshots: [1], newSnapshotAfterMs: 200 });
      pc.addJob('AWS', ids[1]!, { snapshots: [4], failsAfterMs: 200, failsWith: failure });
      pc.addJob('AWS', ids[2]!, { snapshots: [8], resourceNeverChanges: true });
      const run = await stepAgainst(pc, {
        catalog: 'AWS',
        'job-identifier': ids.join(','),
        'wait-for-snapshot': '6',
        'requests-per-second': '5',
      });
      expect(run.code).toBe(1);
      expect(run.outputs).toMatchObject({
        'error-code': 'SnapshotJobFailed',
        'started-count': '3',
        'failed-count': '0',
      });
      const entries = results(run);
      expect(entries.map((e) => [e.status, e['error-code']])).toEqual([
        ['started', ''],
        ['started', 'SnapshotJobFailed'],
        ['started', ''],
      ]);
      expect(entries.map((e) => [text(e['snapshot-revision']), text(e['snapshot-new'])])).toEqual([
        ['2', 'true'],
        ['4', 'false'],
        ['8', 'false'],
      ]);
      expect(entries[1]!['error-message']).toContain(failure);
      expect(run.errors).toHaveLength(1);
      expect(run.errors[0]!.message).toContain(failure);
      expect(notices(run).filter((n) => n.message.includes(ids[0]!))).toHaveLength(1);
      expect(notices(run).filter((n) => n.message.includes(ids[2]!))).toHaveLength(1);
    },
  );

  it.concurrent('throttled reads are retried: still green', async ({ onTestFinished }) => {
    const pc = await ownPartnerCentral(onTestFinished);
    const id = jobId('throttled');
    pc.addJob('AWS', id, { snapshots: [4], newSnapshotAfterMs: 500 });
    // The job read passes; the baseline snapshot read is throttled; then the service as usual, at 2 reads/s.
    pc.script(
      { pass: true },
      { error: 'ThrottlingException', status: 429, message: 'Rate exceeded' },
    );
    pc.setReadRate(2);
    const run = await stepAgainst(pc, {
      catalog: 'AWS',
      'job-identifier': id,
      'wait-for-snapshot': '20',
    });
    expect(run.code).toBe(0);
    const throttled = pc.requests.filter((r) => r.outcome === 'ThrottlingException');
    expect(throttled.length).toBeGreaterThanOrEqual(1);
    expect(throttled.every((r) => READS.has(r.operation))).toBe(true);
    expect(run.outputs).toMatchObject({
      'snapshot-revision': '5',
      'snapshot-new': 'true',
      'error-code': '',
      'started-count': '1',
    });
  });

  it.concurrent(
    'the wait does not fit timeout-seconds: refused before any request, naming both inputs and the seconds needed',
    async ({ onTestFinished }) => {
      const pc = await ownPartnerCentral(onTestFinished);
      const ids = [1, 2, 3, 4, 5].map((n) => jobId('fit', n));
      for (const id of ids) pc.addJob('AWS', id, { snapshots: [1] });
      const run = await stepAgainst(pc, {
        catalog: 'AWS',
        'job-identifier': ids.join(','),
        'wait-for-snapshot': '60',
        'timeout-seconds': '30',
      });
      expect(run.code).toBe(1);
      expect(pc.requests).toHaveLength(0);
      expect(run.errors).toHaveLength(1);
      const said = `${run.errors[0]!.title ?? ''}\n${run.errors[0]!.message}`;
      expect(said).toContain('wait-for-snapshot');
      expect(said).toContain('timeout-seconds');
      // 5 jobs at 1 request/s: 4 s of starts plus the 60 s wait, at least 64 s (a figure neither input holds).
      const figures = (said.match(/\d+(\.\d+)?/g) ?? []).map(Number);
      expect(figures.some((n) => n >= 64 && n <= 400)).toBe(true);
    },
  );

  it.concurrent(
    'bad wait-for-snapshot: refused before any request, naming the input',
    async ({ onTestFinished }) => {
      const pc = await ownPartnerCentral(onTestFinished);
      for (const bad of ['soon', '-5']) {
        const run = await stepAgainst(pc, {
          catalog: 'AWS',
          'job-identifier': jobId('bad'),
          'wait-for-snapshot': bad,
        });
        expect(run.code).toBe(1);
        expect(`${run.errors[0]?.title ?? ''} ${run.errors[0]?.message ?? ''}`).toContain(
          'wait-for-snapshot',
        );
      }
      expect(pc.requests).toHaveLength(0);
    },
  );

  it.concurrent(
    'wait-for-snapshot left at its default 0: nothing read, the start alone, no snapshot outputs',
    async ({ onTestFinished }) => {
      const pc = await ownPartnerCentral(onTestFinished);
      const id = jobId('nowait');
      pc.addJob('AWS', id, { snapshots: [1], newSnapshotAfterMs: 0 });
      const run = await stepAgainst(pc, { catalog: 'AWS', 'job-identifier': id });
      expect(run.code).toBe(0);
      expect(pc.requests.map((r) => r.operation)).toEqual(['StartResourceSnapshotJob']);
      expect(run.outputs['snapshot-revision'] ?? '').toBe('');
      expect(run.outputs['snapshot-new'] ?? '').toBe('');
      expect(notices(run)).toHaveLength(0);
    },
  );
});

describe('wait-for-snapshot, several jobs (timing: one at a time)', () => {
  it('4 jobs at 2 requests/s with a 6 s wait: waited together, writes paced, reads in order and within the quota', async ({
    onTestFinished,
  }) => {
    const pc = await ownPartnerCentral(onTestFinished);
    const K = 4;
    const R = 2;
    const WAIT = 6;
    const ids = Array.from({ length: K }, (_, i) => jobId('many', i + 1));
    for (const id of ids) pc.addJob('AWS', id, { snapshots: [1], resourceNeverChanges: true });
    const run = await stepAgainst(pc, {
      catalog: 'AWS',
      'job-identifier': ids.join('\n'),
      'wait-for-snapshot': String(WAIT),
      'requests-per-second': String(R),
    });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);

    // About (K-1)/R + wait, far from K x wait (24 s): the emulator's record below shows the waits overlap and
    // each end on time; the wall time (start-up included) only catches waits one after another.
    expect(run.wallMs).toBeGreaterThanOrEqual(WAIT * 1000);
    expect(run.wallMs).toBeLessThan(K * WAIT * 1000);

    const starts = pc.requests.filter((r) => r.operation === 'StartResourceSnapshotJob');
    expect(starts.map((r) => body(r).ResourceSnapshotJobIdentifier)).toEqual(ids);
    for (let i = 1; i < starts.length; i++)
      expect(starts[i]!.at - starts[i - 1]!.at).toBeGreaterThanOrEqual(1000 / R);
    // Waited together: each job started while the one before it was still waited for (its last read came
    // after), where waits one after another would start it only after that read.
    for (let i = 1; i < K; i++)
      expect(starts[i]!.at).toBeLessThan(requestsOf(pc, ids[i - 1]!).at(-1)!.at);
    expectReadsWithinQuota(pc.requests);

    for (const id of ids) {
      const mine = requestsOf(pc, id);
      const ops = mine.map((r) => r.operation);
      expect(ops.slice(0, 3)).toEqual([
        'GetResourceSnapshotJob',
        'GetResourceSnapshot',
        'StartResourceSnapshotJob',
      ]);
      const polls = mine.slice(3).filter((r) => r.operation === 'GetResourceSnapshot');
      expect(polls.length).toBeGreaterThanOrEqual(1);
      expectPollCadence(mine, WAIT * 1000);
      // Its wait ended on time: the last look on the end of the wait, counted from the start's answer.
      const waited = polls.at(-1)!.at - mine[2]!.answeredAt!;
      expect(waited).toBeGreaterThanOrEqual(WAIT * 1000 - JITTER_MS);
      expect(waited).toBeLessThanOrEqual(WAIT * 1000 + LATE_MS);
      expect(mine.slice(3).some((r) => r.operation === 'GetResourceSnapshotJob')).toBe(true);
      expect(ops.filter((o) => o === 'StartResourceSnapshotJob')).toHaveLength(1);
    }

    expect(run.outputs).toMatchObject({
      'started-count': String(K),
      'failed-count': '0',
      'request-id': starts.at(-1)!.requestId,
      'error-code': '',
    });
    expect(run.outputs['snapshot-revision'] ?? '').toBe('');
    const entries = results(run);
    expect(entries.map((e) => e['job-identifier'])).toEqual(ids);
    for (const [i, e] of entries.entries()) {
      expect(e).toMatchObject({ status: 'started', 'request-id': starts[i]!.requestId });
      expect(text(e['snapshot-revision'])).toBe('1');
      expect(text(e['snapshot-new'])).toBe('false');
      expect(e['snapshot-arn']).toBe(pc.latestSnapshotResponse('AWS', ids[i]!)!.Arn);
    }
    const said = notices(run);
    expect(said).toHaveLength(K);
    for (const id of ids) expect(said.filter((n) => n.message.includes(id))).toHaveLength(1);
    for (const id of ids) expect(run.summary).toContain(id);
  });

  it('10 jobs at 10 requests/s: the reads stay within 10 per second', async ({
    onTestFinished,
  }) => {
    const pc = await ownPartnerCentral(onTestFinished);
    const ids = Array.from({ length: 10 }, (_, i) => jobId('quota', i + 1));
    for (const id of ids) pc.addJob('AWS', id, { snapshots: [1], newSnapshotAfterMs: 0 });
    const run = await stepAgainst(pc, {
      catalog: 'AWS',
      'job-identifier': ids.join(','),
      'wait-for-snapshot': '20',
      'requests-per-second': '10',
    });
    expect(run.code).toBe(0);
    expect(run.outputs['started-count']).toBe('10');
    const reads = pc.requests.filter((r) => READS.has(r.operation));
    // 10 job reads and 10 baseline snapshot reads at least: 20 reads cannot fit in one second.
    expect(reads.length).toBeGreaterThanOrEqual(30);
    expectReadsWithinQuota(pc.requests);
    expect(results(run).every((e) => text(e['snapshot-new']) === 'true')).toBe(true);
    // Waited together: each job started before the one before it had its new revision read (its last
    // request), not 10 waits later. Ten waits one after another take at least ten 3 s polls; the wall time
    // (start-up included) only catches that.
    const starts = pc.requests.filter((r) => r.operation === 'StartResourceSnapshotJob');
    expect(starts.map((r) => body(r).ResourceSnapshotJobIdentifier)).toEqual(ids);
    for (let i = 1; i < ids.length; i++)
      expect(starts[i]!.at).toBeLessThan(requestsOf(pc, ids[i - 1]!).at(-1)!.at);
    expect(run.wallMs).toBeLessThan(ids.length * POLL_MIN_MS);
  });

  it('SIGINT during the wait: stops at once, reports the job started and the revision seen', async ({
    onTestFinished,
  }) => {
    const pc = await ownPartnerCentral(onTestFinished);
    const id = jobId('cancel');
    pc.addJob('AWS', id, { snapshots: [3], resourceNeverChanges: true });
    let child: ChildProcess | undefined;
    let signalledAt = 0;
    const run = await stepAgainst(
      pc,
      { catalog: 'AWS', 'job-identifier': id, 'wait-for-snapshot': '60' },
      credentialEnv(LONG_TERM),
      {
        onSpawn: (c) => {
          child = c;
          const timer = setInterval(() => {
            const started = pc.requests.find(
              (r) => r.operation === 'StartResourceSnapshotJob' && r.outcome === 'ok',
            );
            if (!started || Date.now() - started.at < 300) return;
            clearInterval(timer);
            signalledAt = Date.now();
            child?.kill('SIGINT');
          }, 10);
          c.on('close', () => clearInterval(timer));
        },
      },
    );
    expect(signalledAt).toBeGreaterThan(0);
    // The signal ended the 60 s wait at once: no read came after it (the first poll was due about 3.7 s
    // after it), and the action's own account of its wait (whole seconds from the start's answer) is the time
    // to the signal, a second of a busy machine's signal handling allowed: a sleep the signal did not end
    // reports the 4 s to the poll. The wall time only catches a hang: a second under the action's exit timer,
    // which would have cut the step short of its report.
    expect(pc.requests.filter((r) => r.at >= signalledAt).map((r) => r.operation)).toEqual([]);
    const cancelNotice = notices(run).find((n) => /cancelled while waiting/.test(n.message));
    expect(cancelNotice?.message).toContain(id);
    const waitedS = Number(/ after (\d+) s/.exec(cancelNotice?.message ?? '')?.[1]);
    const startAnswered = pc.requests.find(
      (r) => r.operation === 'StartResourceSnapshotJob',
    )!.answeredAt!;
    expect(waitedS).toBeLessThanOrEqual(Math.round((signalledAt - startAnswered) / 1000) + 1);
    expect(Date.now() - signalledAt).toBeLessThan(EXIT_AFTER_CANCEL_MS - 1000);
    expect(run.code).toBe(1);
    expect(run.outputs).toMatchObject({ 'started-count': '1', 'snapshot-revision': '3' });
    expect(results(run)[0]).toMatchObject({ 'job-identifier': id, status: 'started' });
    expect(run.outputs['error-code']).toBe('Cancelled');
    // One annotation says so (main's rule: a warning when every job had started, else an error).
    const said = run.annotations.filter((a) => a.level !== 'notice');
    expect(said).toHaveLength(1);
    expect(`${said[0]!.title ?? ''} ${said[0]!.message}`).toMatch(/cancel/i);
    expect(run.summary).toContain(id);
    expect(visibleText(run)).not.toContain(LONG_TERM.secretAccessKey);
  });
});
