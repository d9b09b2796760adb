// wait-for-snapshot end to end: runAction against a fake Partner Central (fake-partner-central.ts) on a virtual
// clock. The reads before each start, the waits run together while later jobs start (the read and write paces),
// failures before and during the wait, a cancel, the timeout-seconds check, snapshot-directory and the dry run,
// as the outputs, annotations, summary and log lines show them. snapshot-wait.ts's own cases: snapshot-wait.test.ts.
import {
  CONCURRENT_SEND_MARGIN_MS,
  READ_REQUESTS_PER_SECOND,
  SETTINGS_READ,
  SNAPSHOT_WAIT,
} from '../../../src/common/tunables.js';
import { setMaxListeners } from 'node:events';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadAwsCode, runAction, type ActionDeps } from '../../../src/run-action.js';
import { annotationsOf } from '../../../src/github/annotations.js';
import { outputsOf } from '../../../src/github/outputs.js';
import { succeeded } from '../../../src/github/step-failure.js';
import { summaryOf } from '../../../src/github/summary.js';
import {
  SNAPSHOT_FILE_MODE,
  type SnapshotFiles,
} from '../../../src/partner-central/snapshot-files.js';
import { waitStepSpanMs } from '../../../src/config/step-budget.js';
import {
  fakePartnerCentral,
  JOB_ROLE,
  PAYLOAD_MARKER,
  ROUND_TRIP_MS,
  type JobScript,
} from '../fake-partner-central.js';
import { virtualClock } from '../virtual-clock.js';
import { memoryFiles } from '../memory-files.js';
import { createSecrets } from '../../../src/common/secrets.js';
import { longTermCredentials } from '../../fixtures/real-secrets.mjs';

const ids = (n: number) =>
  Array.from({ length: n }, (_, i) => `job-${String(i).padStart(13, '0')}`);
const A = ids(1)[0] as string;
const READS = ['GetResourceSnapshotJob', 'GetResourceSnapshot'];

function step(
  inputs: Record<string, string>,
  scripts: Record<string, JobScript>,
  opts: Parameters<typeof fakePartnerCentral>[2] = {},
  files?: SnapshotFiles,
) {
  const clock = virtualClock();
  const pc = fakePartnerCentral(clock.timing, scripts, opts);
  const lines: string[] = [];
  const controller = new AbortController();
  setMaxListeners(0, controller.signal);
  const deps: ActionDeps = {
    getInput: (n) =>
      ({ catalog: 'AWS', 'job-identifier': Object.keys(scripts).join('\n'), ...inputs })[n] ?? '',
    run: { repository: 'o/r', runId: 1 },
    sources: {
      chain: () => Promise.resolve(longTermCredentials('wait-for-snapshot-run')),
      chainSecrets: () => Promise.resolve([]),
      getIdToken: () => Promise.reject(new Error('unused')),
      idTokenAvailable: false,
      env: { GITHUB_WORKSPACE: '/work/space' },
    },
    secrets: createSecrets(),
    platform: 'linux',
    transport: pc.transport,
    timing: clock.timing,
    log: {
      info: (l) => lines.push(`info ${l}`),
      notice: (l, t) => lines.push(`notice [${t ?? ''}] ${l}`),
      warning: (l) => lines.push(`warning ${l}`),
      debug: (l) => lines.push(`debug ${l}`),
    },
    cancel: controller.signal,
    ...(files ? { files } : {}),
  };
  const cancelAt = (ms: number) => void clock.timing.sleep(ms).then(() => controller.abort());
  return {
    ...pc,
    lines,
    clock,
    cancelAt,
    run: async () => {
      const result = await clock.run(runAction(deps));
      return { result, elapsedMs: clock.now() - clock.start, outputs: outputsOf(result, (t) => t) };
    },
  };
}

// runAction loads its AWS half with import(): a real module load, which the virtual clock cannot see, happens first.
beforeAll(() => loadAwsCode());

describe('wait-for-snapshot', () => {
  it('reads the job and its latest snapshot before the start, then finds the new revision', async () => {
    const s = step({ 'wait-for-snapshot': '60' }, { [A]: { revision: 3, newAfterMs: 10_000 } });
    const { result, outputs, elapsedMs } = await s.run();
    expect(s.sent.slice(0, 4).map((r) => r.operation)).toEqual([
      'GetSellingSystemSettings',
      'GetResourceSnapshotJob',
      'GetResourceSnapshot',
      'StartResourceSnapshotJob',
    ]);
    expect(succeeded(result)).toBe(true);
    expect(outputs).toMatchObject({
      'snapshot-revision': '4',
      'snapshot-new': 'true',
      'snapshot-created-at': '2026-11-26T12:00:04Z',
      'job-status': 'Running',
      'engagement-id': 'eng-0123456789abcd',
      'snapshot-file': '',
    });
    expect(outputs['snapshot-arn']).toMatch(/resource-snapshot\/4$/);
    // Polls every 4 s: the revision taken at 10 s is seen at the third poll, long before 60 s.
    const polls = s.sent.filter((r) => r.operation === 'GetResourceSnapshot').length - 1;
    expect(polls).toBe(Math.ceil(10_000 / SNAPSHOT_WAIT.pollEveryMs));
    expect(elapsedMs).toBeLessThan(3 * SNAPSHOT_WAIT.pollEveryMs + 1000);
    expect(s.lines).toContainEqual(
      expect.stringMatching(
        new RegExp(`^notice \\[wait-for-snapshot\\] ${A}: new snapshot, revision 3 -> revision 4`),
      ),
    );
    expect(summaryOf(result, {})).toMatch(
      /<td>job-0000000000000<\/td><td>3<\/td><td>4<\/td><td>yes<\/td>/,
    );
  });

  it("keeps request-id the start's; the last read's id goes to the summary only", async () => {
    const s = step({ 'wait-for-snapshot': '10' }, { [A]: { revision: 1 } });
    const { result, outputs } = await s.run();
    const startIndex = s.sent.findIndex((r) => r.operation === 'StartResourceSnapshotJob');
    expect(outputs['request-id']).toBe(`rid-${startIndex + 1}`);
    const entry = (JSON.parse(outputs.results) as Record<string, string>[])[0];
    expect(entry?.['request-id']).toBe(outputs['request-id']);
    expect(entry && 'read-request-id' in entry).toBe(false);
    expect(JSON.stringify(outputs)).not.toContain(`rid-${s.sent.length}"`);
    expect(summaryOf(result, {})).toContain(`<td>rid-${s.sent.length}</td></tr>`);
  });

  it('no new revision within the wait is a notice naming the latest revision, not a failure', async () => {
    const s = step({ 'wait-for-snapshot': '30' }, { [A]: { revision: 7 } });
    const { result, outputs, elapsedMs } = await s.run();
    expect(succeeded(result)).toBe(true);
    expect(outputs).toMatchObject({
      'snapshot-revision': '7',
      'snapshot-new': 'false',
      'error-code': '',
    });
    expect(s.lines).toContainEqual(
      expect.stringMatching(
        /^notice .*no new snapshot within 30 s; the latest is revision 7: the resource may not have changed since revision 7/,
      ),
    );
    // The wait runs its full length and its last read is at the end of it, not later.
    expect(elapsedMs).toBeGreaterThanOrEqual(30_000);
    expect(elapsedMs).toBeLessThan(31_000);
    const polls = s.sent.filter((r) => r.operation === 'GetResourceSnapshot').slice(1);
    for (let i = 1; i < polls.length; i++)
      expect((polls[i]?.at ?? 0) - (polls[i - 1]?.at ?? 0)).toBeGreaterThanOrEqual(
        SNAPSHOT_WAIT.minGapMs,
      );
  });

  it('a resource with no snapshot at all: revision empty, and the notice says so', async () => {
    const s = step({ 'wait-for-snapshot': '12' }, { [A]: { revision: 0 } });
    const { result, outputs } = await s.run();
    expect(succeeded(result)).toBe(true);
    expect(outputs).toMatchObject({ 'snapshot-revision': '', 'snapshot-new': 'false' });
    expect(s.lines).toContainEqual(
      expect.stringMatching(/^notice .*no snapshot within 12 s, and none before/),
    );
  });

  it('no snapshot before the start (ResourceNotFoundException is revision 0), then revision 1 is new', async () => {
    const s = step({ 'wait-for-snapshot': '60' }, { [A]: { revision: 0, newAfterMs: 5000 } });
    const { result, outputs } = await s.run();
    expect(succeeded(result)).toBe(true);
    expect(outputs).toMatchObject({ 'snapshot-revision': '1', 'snapshot-new': 'true' });
    expect(result.jobs[0]?.snapshot?.revisionBefore).toBe(0);
    expect(s.lines).toContainEqual(expect.stringMatching(/no snapshot -> revision 1/));
  });

  it('a new LastFailure while waited for fails the job with SnapshotJobFailed; it still counts as started', async () => {
    const s = step({ 'wait-for-snapshot': '60' }, { [A]: { revision: 2, failAfterMs: 6000 } });
    const { result, outputs, elapsedMs } = await s.run();
    expect(succeeded(result)).toBe(false);
    expect(outputs).toMatchObject({
      'error-code': 'SnapshotJobFailed',
      'error-message': 'Template TEMPLATE1 no longer matches the opportunity',
      'started-count': '1',
      'snapshot-revision': '2',
      'snapshot-new': 'false',
    });
    expect(result.jobs[0]?.status).toBe('started');
    expect(elapsedMs).toBeLessThan(10_000);
    expect(annotationsOf(result)[0]?.text).toMatch(
      /reported a new LastFailure: Template TEMPLATE1/,
    );
  });

  it('a LastFailure already there before the start is not new', async () => {
    const s = step(
      { 'wait-for-snapshot': '10' },
      { [A]: { revision: 2, lastFailureBefore: 'an old failure' } },
    );
    const { result, outputs } = await s.run();
    expect(succeeded(result)).toBe(true);
    expect(outputs['snapshot-new']).toBe('false');
  });

  it('a job that stops while waited for fails with SnapshotJobFailed', async () => {
    const s = step({ 'wait-for-snapshot': '60' }, { [A]: { revision: 2, stopAfterMs: 6000 } });
    const { result, outputs } = await s.run();
    expect(outputs['error-code']).toBe('SnapshotJobFailed');
    expect(outputs['error-message']).toMatch(/is Stopped while waited for/);
    expect(result.jobs[0]?.status).toBe('started');
  });

  it('a denied snapshot read before the start: nothing started, and the text says so first, then the statement', async () => {
    const s = step(
      { 'wait-for-snapshot': '60' },
      { [A]: { revision: 2 } },
      { deny: { operation: 'GetResourceSnapshot' } },
    );
    const { result, outputs } = await s.run();
    expect(s.sent.map((r) => r.operation)).not.toContain('StartResourceSnapshotJob');
    expect(outputs).toMatchObject({
      'error-code': 'AccessDeniedException',
      'started-count': '0',
      'failed-count': '1',
    });
    const text = annotationsOf(result)[0]?.text ?? '';
    expect(text).toMatch(/^The job job-0000000000000 was NOT started/);
    expect(text).toContain('"Action":"partnercentral:GetResourceSnapshot"');
    expect(text).toContain('"partnercentral:Catalog":"AWS"');
  });

  it('a denied job read before the start names partnercentral:GetResourceSnapshotJob', async () => {
    const s = step(
      { 'wait-for-snapshot': '60' },
      { [A]: { revision: 2 } },
      { deny: { operation: 'GetResourceSnapshotJob' } },
    );
    const { result } = await s.run();
    expect(s.sent.map((r) => r.operation)).toEqual([
      'GetSellingSystemSettings',
      'GetResourceSnapshotJob',
    ]);
    expect(annotationsOf(result)[0]?.text).toMatch(
      /^The job .* was NOT started.*partnercentral:GetResourceSnapshotJob/,
    );
  });

  it('a denied read during the wait says the job WAS started', async () => {
    const s = step(
      { 'wait-for-snapshot': '60' },
      { [A]: { revision: 2 } },
      { deny: { operation: 'GetResourceSnapshot', afterStart: true } },
    );
    const { result, outputs } = await s.run();
    expect(result.jobs[0]?.status).toBe('started');
    expect(outputs).toMatchObject({ 'error-code': 'AccessDeniedException', 'started-count': '1' });
    expect(annotationsOf(result)[0]?.text).toMatch(/^The job job-0000000000000 WAS started/);
  });

  it('retries a throttled read', async () => {
    const s = step(
      { 'wait-for-snapshot': '60' },
      { [A]: { revision: 2, newAfterMs: 1000 } },
      { throttleSnapshotReads: 2 },
    );
    const { result, outputs } = await s.run();
    expect(succeeded(result)).toBe(true);
    expect(outputs['snapshot-new']).toBe('true');
    expect(s.lines).toContainEqual(
      expect.stringMatching(/^info GetResourceSnapshot: attempt 1 failed with ThrottlingException/),
    );
  });

  it('a cancel during the wait stops waiting at once and reports what started and what was seen', async () => {
    const s = step({ 'wait-for-snapshot': '120' }, { [A]: { revision: 5 } });
    s.cancelAt(10_000);
    const { result, outputs, elapsedMs } = await s.run();
    expect(elapsedMs).toBeLessThan(10_000 + 1000);
    expect(result.cancelled).toBe(true);
    expect(result.jobs[0]?.status).toBe('started');
    expect(outputs).toMatchObject({
      'error-code': 'Cancelled',
      'snapshot-revision': '5',
      'snapshot-new': '',
      'started-count': '1',
    });
  });

  it('waits for several jobs together while later ones are still being started', async () => {
    const k = 10;
    const scripts = Object.fromEntries(ids(k).map((id) => [id, { revision: 1 }]));
    const s = step({ 'wait-for-snapshot': '60', 'timeout-seconds': '300' }, scripts);
    const { result, outputs, elapsedMs } = await s.run();
    expect(succeeded(result)).toBe(true);
    expect(outputs['started-count']).toBe(String(k));
    const span = waitStepSpanMs(k, 1, 60);
    // About (K-1)/R + the wait, far from K x the wait.
    expect(elapsedMs).toBeGreaterThanOrEqual(span.startsMs + span.waitMs);
    expect(elapsedMs).toBeLessThan(span.totalMs);
    expect(elapsedMs).toBeLessThan(2 * 60_000);
    // Starts keep the write pace: 1/R after the previous start's answer.
    const starts = s.sent
      .filter((r) => r.operation === 'StartResourceSnapshotJob')
      .map((r) => r.at);
    for (let i = 1; i < starts.length; i++)
      expect((starts[i] as number) - (starts[i - 1] as number)).toBeGreaterThanOrEqual(1000);
    // Every read of the step, concurrent ones included, at most 10 a second.
    const reads = s.sent.filter((r) => READS.includes(r.operation)).map((r) => r.at);
    const gap = 1000 / READ_REQUESTS_PER_SECOND;
    for (let i = 1; i < reads.length; i++)
      expect((reads[i] as number) - (reads[i - 1] as number)).toBeGreaterThanOrEqual(gap);
    for (let i = 10; i < reads.length; i++)
      expect((reads[i] as number) - (reads[i - 10] as number)).toBeGreaterThanOrEqual(1000);
    expect(CONCURRENT_SEND_MARGIN_MS).toBeGreaterThan(ROUND_TRIP_MS / 10);
  });

  it('refuses a step whose starts and wait cannot fit in timeout-seconds, before anything is sent', async () => {
    const s = step(
      { 'wait-for-snapshot': '300', 'timeout-seconds': '300' },
      Object.fromEntries(ids(3).map((id) => [id, { revision: 1 }])),
    );
    const { result } = await s.run();
    expect(s.sent).toEqual([]);
    const need = Math.ceil(waitStepSpanMs(3, 1, 300).totalMs / 1000);
    expect(result.inputProblems).toEqual([
      {
        input: 'timeout-seconds',
        message: expect.stringMatching(
          new RegExp(
            `timeout-seconds \\(300\\) is too short for wait-for-snapshot 300: 3 jobs .* need at least ${need} s`,
          ),
        ) as unknown as string,
      },
    ]);
  });

  it('writes the latest snapshot to snapshot-directory with mode 0600; the payload appears nowhere else', async () => {
    const { files, calls, contents } = memoryFiles();
    const s = step(
      { 'wait-for-snapshot': '60', 'snapshot-directory': 'snapshots' },
      { [A]: { revision: 3, newAfterMs: 4000 } },
      {},
      files,
    );
    const { result, outputs } = await s.run();
    const path = `/work/space/snapshots/${A}.json`;
    expect(outputs['snapshot-file']).toBe(path);
    // The directory is checked before the start; the file is a new temporary one renamed over the name.
    const temporary = calls.find((c) => c.op === 'open')?.path ?? '';
    expect(temporary).toMatch(
      new RegExp(`^/work/space/snapshots/\\.${A}\\.json\\.[0-9a-f]{16}\\.tmp$`),
    );
    expect(
      calls.map((c) => [c.op, c.path === temporary ? 'temporary' : c.path, c.mode ?? c.to]),
    ).toEqual([
      ['lstat', '/work/space/snapshots', undefined],
      ['mkdir', '/work/space/snapshots', 0o700],
      ['lstat', '/work/space/snapshots', undefined],
      ['lstat', '/work/space/snapshots', undefined],
      ['open', 'temporary', SNAPSHOT_FILE_MODE],
      ['chmod', 'temporary', SNAPSHOT_FILE_MODE],
      ['write', 'temporary', undefined],
      ['sync', 'temporary', undefined],
      ['close', 'temporary', undefined],
      ['rename', 'temporary', path],
    ]);
    const file = contents.get(path);
    expect(file?.mode).toBe(SNAPSHOT_FILE_MODE);
    const written = JSON.parse(file?.data ?? '') as { Revision: number };
    expect(written.Revision).toBe(4);
    expect(file?.data).toContain(PAYLOAD_MARKER);
    const everywhere = [
      ...s.lines,
      JSON.stringify(outputs),
      summaryOf(result, {}),
      JSON.stringify(annotationsOf(result)),
    ].join('\n');
    expect(everywhere).not.toContain(PAYLOAD_MARKER);
    expect(everywhere).not.toContain('OpportunitySummary');
  });

  it('a file that cannot be written is a failure naming snapshot-directory and the path; the results stand', async () => {
    const { files } = memoryFiles({ op: 'open', message: 'EACCES: permission denied' });
    const s = step(
      { 'wait-for-snapshot': '60', 'snapshot-directory': '/ro' },
      { [A]: { revision: 3, newAfterMs: 4000 } },
      {},
      files,
    );
    const { result, outputs } = await s.run();
    expect(outputs).toMatchObject({
      'error-code': 'SnapshotFileError',
      'snapshot-revision': '4',
      'snapshot-new': 'true',
      'snapshot-file': '',
      'started-count': '1',
    });
    expect(result.jobs[0]?.status).toBe('started');
    expect(annotationsOf(result)[0]?.text).toMatch(
      /^snapshot-directory \/ro: could not write \/ro\/job-0000000000000\.json \(EACCES/,
    );
  });

  it('a dry run reads the job and the latest snapshot, starts nothing and waits for nothing', async () => {
    const s = step({ 'wait-for-snapshot': '120', 'dry-run': 'true' }, { [A]: { revision: 9 } });
    const { result, outputs, elapsedMs } = await s.run();
    expect(s.sent.map((r) => r.operation)).toEqual(['GetSellingSystemSettings', ...READS]);
    expect(succeeded(result)).toBe(true);
    expect(outputs).toMatchObject({
      'snapshot-revision': '9',
      'snapshot-new': '',
      'request-id': '',
    });
    expect(outputs['snapshot-arn']).toMatch(/resource-snapshot\/9$/);
    expect(elapsedMs).toBeLessThan(1000);
  });

  describe("the catalog's snapshot job role (GetSellingSystemSettings)", () => {
    it('a dry run in a catalog with no role fails, naming PutSellingSystemSettings; its reads still ran', async () => {
      const s = step(
        { 'wait-for-snapshot': '120', 'dry-run': 'true' },
        { [A]: { revision: 9 } },
        { jobRole: null },
      );
      const { result, outputs } = await s.run();
      expect(s.sent.map((r) => r.operation)).toEqual(['GetSellingSystemSettings', ...READS]);
      expect(succeeded(result)).toBe(false);
      expect(result.jobs[0]?.status).toBe('dry-run');
      expect(outputs['error-code']).toBe('NoSnapshotJobRole');
      expect(outputs['snapshot-revision']).toBe('9');
      const [note, ...more] = annotationsOf(result);
      expect(more).toEqual([]);
      expect(note?.title).toBe('No snapshot job role in the AWS catalog');
      expect(note?.text).toContain('PutSellingSystemSettings');
      expect(note?.text).toContain(
        'AWSPartnerCentralSellingResourceSnapshotJobExecutionRolePolicy',
      );
      expect(summaryOf(result, {})).toContain('Dry run failed');
    });

    it('a dry run whose settings read is denied passes, with a notice naming the IAM action', async () => {
      const s = step(
        { 'dry-run': 'true' },
        { [A]: { revision: 9 } },
        { deny: { operation: 'GetSellingSystemSettings' } },
      );
      const { result } = await s.run();
      expect(succeeded(result)).toBe(true);
      expect(annotationsOf(result)).toEqual([]);
      expect(s.lines).toContainEqual(
        expect.stringMatching(
          /^notice \[Snapshot job role not checked\] The AWS catalog's snapshot job role was not checked: the credentials may not call partnercentral:GetSellingSystemSettings\./,
        ),
      );
    });

    it('a dry run in a catalog with the role passes and says which role its jobs run as', async () => {
      const s = step({ 'dry-run': 'true' }, { [A]: { revision: 9 } });
      const { result } = await s.run();
      expect(succeeded(result)).toBe(true);
      expect(s.lines).toContainEqual(
        `info The AWS catalog's snapshot jobs run as ${JOB_ROLE} (GetSellingSystemSettings)`,
      );
    });

    it('a wait in a catalog with no role warns before anything starts and says so when no snapshot came', async () => {
      const s = step({ 'wait-for-snapshot': '20' }, { [A]: { revision: 4 } }, { jobRole: null });
      const { result } = await s.run();
      // Not a failure of the release: the job started; the wait found nothing new.
      expect(succeeded(result)).toBe(true);
      const warning = s.lines.findIndex((l) =>
        l.startsWith('warning The AWS catalog has no snapshot job role'),
      );
      const started = s.lines.findIndex((l) => l.startsWith('info Started '));
      expect(warning).toBeGreaterThanOrEqual(0);
      expect(warning).toBeLessThan(started);
      expect(s.lines).toContainEqual(
        expect.stringMatching(
          new RegExp(
            `^notice \\[wait-for-snapshot\\] ${A}: no new snapshot within .*; the latest is revision 4\\. The catalog has no snapshot job role`,
          ),
        ),
      );
    });

    it('a settings read throttled without end costs at most its few attempts and seconds, never the start', async () => {
      const s = step(
        { 'wait-for-snapshot': '10', 'timeout-seconds': '21' },
        { [A]: { revision: 4, newAfterMs: 2000 } },
        { throttleSettings: true },
      );
      const { result } = await s.run();
      expect(succeeded(result)).toBe(true);
      const settings = s.sent.filter((r) => r.operation === 'GetSellingSystemSettings');
      expect(settings.length).toBeLessThanOrEqual(SETTINGS_READ.maxAttempts);
      const start = s.sent.find((r) => r.operation === 'StartResourceSnapshotJob');
      expect((start?.at ?? Infinity) - s.clock.start).toBeLessThan(SETTINGS_READ.budgetMs + 1000);
      expect(s.lines).toContainEqual(
        expect.stringMatching(
          /^notice \[Snapshot job role not checked\] .*GetSellingSystemSettings failed with ThrottlingException \(HTTP 429\)/,
        ),
      );
    });

    it('a wait whose settings read is denied still waits and finds the snapshot, with one notice', async () => {
      const s = step(
        { 'wait-for-snapshot': '20', 'max-attempts': '1' },
        { [A]: { revision: 4, newAfterMs: 5000 } },
        { deny: { operation: 'GetSellingSystemSettings' } },
      );
      const { result } = await s.run();
      expect(succeeded(result)).toBe(true);
      expect(
        s.lines.filter((l) => l.startsWith('notice [Snapshot job role not checked]')),
      ).toHaveLength(1);
    });
  });

  it('with several jobs the snapshot scalars stay empty and each results entry has them', async () => {
    const [B, C] = ids(2) as [string, string];
    const s = step(
      { 'wait-for-snapshot': '20' },
      { [B]: { revision: 1, newAfterMs: 3000 }, [C]: { revision: 2 } },
    );
    const { outputs } = await s.run();
    expect(outputs['snapshot-revision']).toBe('');
    const entries = JSON.parse(outputs.results) as Record<string, string>[];
    expect(entries.map((e) => [e['snapshot-revision'], e['snapshot-new']])).toEqual([
      ['2', 'true'],
      ['2', 'false'],
    ]);
  });
});
