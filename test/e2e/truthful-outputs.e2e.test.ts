// End to end: outputs, exit codes and annotations stay true when something breaks (cut replies, reads, no
// credentials, unwritable runner files, duplicates), each held against what the emulator actually answered.
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AWS_JOB, LONG_TERM } from '../emulator/fixtures.mjs';
import { credentialEnv, stepAgainst, usePartnerCentral } from './emulator.js';

const pc = usePartnerCentral();
const results = (outputs: Record<string, string>) =>
  JSON.parse(outputs.results ?? '[]') as Record<string, string | number>[];
const start = (inputs: Record<string, string> = {}, env = credentialEnv(LONG_TERM)) =>
  stepAgainst(pc(), { catalog: 'AWS', 'job-identifier': AWS_JOB, ...inputs }, env);

describe('a job is started exactly when the service said so', () => {
  it('a 200 whose body breaks off is started at the first attempt, with its request id', async () => {
    pc().script({ status: 200, truncate: true, body: '{"message":"cut short"}' });
    const run = await start({ 'max-attempts': '3' });
    expect(pc().requests).toHaveLength(1);
    expect(run.code).toBe(0);
    expect(run.errors).toEqual([]);
    expect(results(run.outputs)[0]).toMatchObject({
      status: 'started',
      attempts: 1,
      'request-id': pc().requests[0]!.requestId,
    });
    expect(run.outputs).toMatchObject({
      'request-id': pc().requests[0]!.requestId,
      'started-count': '1',
      'failed-count': '0',
      'error-code': '',
    });
  });

  it('a request sent whole and reset on the last attempt is unknown, in neither count', async () => {
    pc().script({ error: 'InternalServerException', status: 500 }, { reset: true });
    const run = await start({ 'max-attempts': '2' });
    expect(pc().requests).toHaveLength(2);
    expect(run.code).toBe(1);
    expect(results(run.outputs)[0]).toMatchObject({ status: 'unknown', attempts: 2 });
    expect(run.outputs).toMatchObject({ 'started-count': '0', 'failed-count': '0' });
    expect(run.outputs['error-code']).toMatch(/^(ECONNRESET|NetworkError)$/);
    expect(run.summary).toContain('unknown: sent, no reply (may have started)');
  });

  it('a reset then a throttle on the last attempt is failed: the last answer was a no', async () => {
    pc().script({ reset: true }, { error: 'ThrottlingException', status: 429 });
    const run = await start({ 'max-attempts': '2' });
    expect(results(run.outputs)[0]).toMatchObject({
      status: 'failed',
      'error-code': 'ThrottlingException',
    });
    expect(run.outputs['failed-count']).toBe('1');
  });
});

describe('request-id is the start request id, whatever is read after it', () => {
  it('with describe-job the output and the results entry keep the start id', async () => {
    const run = await start({ 'describe-job': 'true' });
    expect(run.code).toBe(0);
    const [startReq, readReq] = pc().requests;
    expect(startReq?.operation).toBe('StartResourceSnapshotJob');
    expect(readReq?.operation).toBe('GetResourceSnapshotJob');
    expect(run.outputs['request-id']).toBe(startReq!.requestId);
    expect(results(run.outputs)[0]?.['request-id']).toBe(startReq!.requestId);
    expect(JSON.stringify(run.outputs)).not.toContain(readReq!.requestId);
    expect(run.log).toContain(`request id ${startReq!.requestId}`);
  });

  it('a dry run with describe-job: no start id in the outputs; the annotation names the read its id is of', async () => {
    pc().deny('GetResourceSnapshotJob');
    const run = await start({ 'dry-run': 'true', 'describe-job': 'true' });
    expect(run.code).toBe(1);
    const read = pc().requests.find((r) => r.operation === 'GetResourceSnapshotJob')!;
    expect(run.outputs['request-id']).toBe('');
    expect(results(run.outputs)[0]?.['request-id']).toBe('');
    expect(run.errors[0]?.title).toMatch(/^GetResourceSnapshotJob: /);
    expect(run.errors[0]?.message).toContain(`(request id ${read.requestId})`);
  });
});

describe('failed-count and error-code on every red step', () => {
  it('no credentials: every job not attempted counts as failed', async () => {
    const run = await start({ 'job-identifier': `${AWS_JOB},job-second0000001` }, {});
    expect(run.code).toBe(1);
    expect(pc().requests).toHaveLength(0);
    expect(run.outputs).toMatchObject({ 'started-count': '0', 'failed-count': '2' });
    expect(run.outputs['error-code']).not.toBe('');
    expect(results(run.outputs).map((r) => r.status)).toEqual(['not-attempted', 'not-attempted']);
  });

  it('invalid input: failed-count 1 even with no identifier, a summary that does not read 0 of 0', async () => {
    const run = await start({ 'job-identifier': 'not-a-job' });
    expect(run.code).toBe(1);
    expect(run.outputs).toMatchObject({
      'failed-count': '1',
      'started-count': '0',
      'error-code': 'InvalidInput',
    });
    expect(run.summary).toContain('Invalid input: nothing was started');
    expect(run.summary).not.toContain('0 of 0');
  });
});

describe('an unwritable runner file loses nothing else', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'runner-files-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const readOnly = path.join(dir, 'read-only');
  writeFileSync(readOnly, '');
  chmodSync(readOnly, 0o444);
  const asDirectory = path.join(dir, 'a-directory');
  mkdirSync(asDirectory);
  // Root writes through a 0444 mode, so the read-only case is only one where the process is not root.
  const cases: [string, string][] = [
    ['missing', path.join(dir, 'missing', 'output')],
    ['a directory', asDirectory],
    ['a full disk', '/dev/full'],
    ...(process.getuid?.() === 0 ? [] : [['read-only', readOnly] as [string, string]]),
  ];

  it.each(cases)(
    'GITHUB_OUTPUT %s, every job started: green, one warning naming the file',
    async (_label, file) => {
      const run = await start({}, { ...credentialEnv(LONG_TERM), GITHUB_OUTPUT: file });
      expect(pc().running('AWS')).toEqual([AWS_JOB]);
      expect(run.code).toBe(0);
      expect(run.errors).toEqual([]);
      expect(run.warnings).toHaveLength(1);
      expect(run.warnings[0]?.title).toBe('Step outputs not written');
      expect(run.warnings[0]?.message).toContain(`GITHUB_OUTPUT (${file}) could not be written`);
      expect(run.warnings[0]?.message).toContain(
        'The log and the job summary still say what happened',
      );
      expect(run.summary).toContain('Started resource snapshot job');
    },
  );

  it('GITHUB_OUTPUT on a full disk and a job denied: its annotation and the summary still come, exit 1', async () => {
    pc().script({ error: 'AccessDeniedException', status: 403, message: 'not authorized' });
    const run = await start({}, { ...credentialEnv(LONG_TERM), GITHUB_OUTPUT: '/dev/full' });
    expect(run.code).toBe(1);
    expect(run.errors.map((e) => e.title)).toEqual(['AccessDeniedException']);
    expect(run.warnings[0]?.message).toMatch(
      /GITHUB_OUTPUT \(\/dev\/full\) could not be written: .*ENOSPC/,
    );
    expect(run.summary).toContain('AccessDeniedException');
  });

  it('both runner files unwritable: the outputs warning does not claim the summary was written', async () => {
    const run = await start(
      {},
      { ...credentialEnv(LONG_TERM), GITHUB_OUTPUT: '/dev/full', GITHUB_STEP_SUMMARY: '/dev/full' },
    );
    expect(run.code).toBe(0);
    expect(run.warnings.map((w) => w.title)).toEqual([
      'Step outputs not written',
      'Job summary not written',
    ]);
    expect(run.warnings[0]?.message).toContain('The log still says what happened');
    expect(run.warnings[0]?.message).not.toContain('job summary');
  });

  it('GITHUB_STEP_SUMMARY unwritable: outputs and exit code unchanged, one warning naming it', async () => {
    const run = await start({}, { ...credentialEnv(LONG_TERM), GITHUB_STEP_SUMMARY: '/dev/full' });
    expect(run.code).toBe(0);
    expect(run.outputs['started-count']).toBe('1');
    expect(run.warnings.map((w) => w.title)).toEqual(['Job summary not written']);
    expect(run.warnings[0]?.message).toContain(
      'GITHUB_STEP_SUMMARY (/dev/full) could not be written',
    );
  });
});

describe('what a first-time user sees', () => {
  it('duplicates are started once and one notice says so', async () => {
    const run = await start({ 'job-identifier': `${AWS_JOB}\n${AWS_JOB}, ${AWS_JOB}` });
    expect(run.code).toBe(0);
    expect(pc().requests).toHaveLength(1);
    expect(run.notices.map((n) => n.message)).toEqual([
      `job-identifier lists ${AWS_JOB} more than once; each job is started once (1 jobs)`,
    ]);
    expect(run.outputs['job-identifier']).toBe(AWS_JOB);
  });
});
