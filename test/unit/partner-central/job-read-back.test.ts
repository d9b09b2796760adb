import { fixedCredentials } from '../fixed-credentials.js';
import { createSecrets } from '../../../src/common/secrets.js';
import { describe, expect, it } from 'vitest';
import { describeStarted } from '../../../src/partner-central/job-read-back.js';
import type { JobContext } from '../../../src/partner-central/job-failures.js';
import type { HttpResponse } from '../../../src/http/transport.js';
import type { CallDeps } from '../../../src/http/send-with-retry.js';
import { fakeTiming } from '../fake-timing.js';
import { delivered } from '../delivered.js';
import { longTermCredentials } from '../../fixtures/real-secrets.mjs';

const JOB = 'job-0123456789abc';
const endpoint = new URL('https://partnercentral-selling.us-east-1.api.aws/');
const target = { catalog: 'AWS', jobIdentifier: JOB, region: 'us-east-1', endpoint };
const ctx: JobContext = { ...target, partition: 'aws', timeoutMs: 300_000 };
const credentials = fixedCredentials(longTermCredentials('job-read-back.test'));

const described = (status: string, requestId = 'rid-get'): HttpResponse => ({
  status: 200,
  headers: { 'x-amzn-requestid': requestId },
  body: JSON.stringify({ Id: JOB, Status: status, CreatedAt: 1_700_000_000 }),
});

/** Replies in order; the reads sent and the lines logged, for the assertions. */
function setup(
  replies: HttpResponse[],
  deadlineInMs = 300_000,
  cancel?: AbortSignal,
  onRead?: () => void,
) {
  const timing = fakeTiming();
  const lines: string[] = [];
  let reads = 0;
  const deps: CallDeps = {
    transport: () => {
      reads += 1;
      const next = replies.shift();
      onRead?.();
      return next ? Promise.resolve(delivered(next)) : Promise.reject(new Error('no reply'));
    },
    timing,
    clock: { offsetMs: 0 },
    log: { info: (l) => lines.push(l), notice: () => {}, warning: () => {}, debug: () => {} },
    secrets: createSecrets(),
    ...(cancel ? { cancel } : {}),
  };
  const policy = {
    maxAttempts: 1,
    deadlineAt: timing.now() + deadlineInMs,
    attemptTimeoutMs: 10_000,
  };
  const read = () => describeStarted(target, credentials, policy, ctx, deps);
  return { read, lines, reads: () => reads };
}

describe('describeStarted', () => {
  it('returns a failed read as it is, with its request id, for the step to judge', async () => {
    const { read, reads } = setup([
      {
        status: 403,
        headers: { 'x-amzn-requestid': 'rid-denied' },
        body: JSON.stringify({ __type: 'UnrecognizedClientException', message: 'bad token' }),
      },
    ]);
    const back = await read();
    expect(reads()).toBe(1);
    expect(back.description).toBeUndefined();
    expect(back.requestId).toBe('rid-denied');
    expect(back.failedCall).toMatchObject({
      ok: false,
      error: { name: 'UnrecognizedClientException' },
    });
    expect(back.failure).toMatchObject({
      code: 'UnrecognizedClientException',
      message: 'bad token',
    });
  });

  it('keeps the request id of the last read that had one', async () => {
    const { read } = setup([described('Queued', 'rid-1'), described('Running', 'rid-2')]);
    const back = await read();
    expect(back).toMatchObject({ requestId: 'rid-2', description: { 'job-status': 'Running' } });
    expect(back.failure).toBeUndefined();
  });

  it('makes no read that would start at the deadline itself', async () => {
    // 2 s left: a read now, one a second later; the next would start at the deadline.
    const { read, reads, lines } = setup(
      [described('Queued'), described('Queued'), described('Queued')],
      2_000,
    );
    const back = await read();
    expect(reads()).toBe(2);
    expect(lines).toEqual([`${JOB} is Queued just after the start; reading it again in 1 s`]);
    expect(back.failure?.code).toBe('JobNotRunning');
    expect(back.failedCall).toBeUndefined();
  });

  it('reads no more once the step is cancelled', async () => {
    const cancel = new AbortController();
    const { read, reads } = setup(
      [described('Queued'), described('Queued')],
      300_000,
      cancel.signal,
      () => cancel.abort(),
    );
    const back = await read();
    expect(reads()).toBe(1);
    expect(back).toMatchObject({
      description: { 'job-status': 'Queued' },
      failure: { code: 'JobNotRunning' },
    });
  });
});
