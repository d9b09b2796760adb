import { fixedCredentials } from '../fixed-credentials.js';
// StartResourceSnapshotJob and GetResourceSnapshotJob: the signed request each sends, and how each reads its reply.
import { createSecrets } from '../../../src/common/secrets.js';
import { describe, expect, it } from 'vitest';
import {
  DESCRIBE_OPERATION,
  getResourceSnapshotJob,
  isRunning,
  readDescribeReply,
  signStartRequest,
  START_OPERATION,
  startResourceSnapshotJob,
  type JobTarget,
} from '../../../src/partner-central/operations.js';
import { silentLog } from '../../../src/common/log.js';
import type { CallDeps } from '../../../src/http/send-with-retry.js';
import type { HttpResponse, OutgoingRequest } from '../../../src/http/transport.js';
import { fakeTiming } from '../fake-timing.js';
import { delivered } from '../delivered.js';
import type { TransportFault } from '../../../src/http/transport.js';
import { leakedRun, secretAccessKey } from '../../fixtures/real-secrets.mjs';

const JOB = 'job-0123456789abc';
const target: JobTarget = {
  catalog: 'Sandbox',
  jobIdentifier: JOB,
  region: 'us-east-1',
  endpoint: new URL('https://partnercentral-selling.us-east-1.api.aws/'),
};
const credentials = {
  accessKeyId: 'AKIAEXAMPLE',
  secretAccessKey: secretAccessKey('operations.test'),
};

function deps(replies: (HttpResponse | TransportFault | Error)[]) {
  const timing = fakeTiming();
  const sent: OutgoingRequest[] = [];
  const callDeps: CallDeps = {
    transport: (req) => {
      sent.push(req);
      const next = replies.shift();
      if (!next) return Promise.reject(new Error('no reply scripted'));
      return next instanceof Error ? Promise.reject(next) : Promise.resolve(delivered(next));
    },
    timing,
    clock: { offsetMs: 0 },
    log: silentLog,
    secrets: createSecrets(),
  };
  const policy = { maxAttempts: 3, deadlineAt: timing.now() + 60_000, attemptTimeoutMs: 5000 };
  return { callDeps, policy, sent };
}

const ok = (body: string): HttpResponse => ({
  status: 200,
  headers: { 'x-amzn-requestid': 'rid-ok', 'content-type': 'application/x-amz-json-1.0' },
  body,
});
const awsError = (status: number, type: string): HttpResponse => ({
  status,
  headers: { 'x-amzn-requestid': `rid-${status}`, 'x-amzn-errortype': type },
  body: JSON.stringify({ __type: type, message: `${type} here` }),
});

describe('the start request', () => {
  it('is a signed awsJson1_0 POST naming the catalog and the job, and nothing else', async () => {
    const req = await signStartRequest(target, credentials, new Date(Date.UTC(2026, 10, 26)));
    expect(req.method).toBe('POST');
    expect(req.url.href).toBe(target.endpoint.href);
    expect(req.headers['x-amz-target']).toBe(`AWSPartnerCentralSelling.${START_OPERATION}`);
    expect(req.headers['content-type']).toBe('application/x-amz-json-1.0');
    expect(JSON.parse(req.body)).toEqual({
      Catalog: 'Sandbox',
      ResourceSnapshotJobIdentifier: JOB,
    });
    expect(req.headers.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIAEXAMPLE\/20261126\/us-east-1\/partnercentral-selling\/aws4_request, /,
    );
    expect(leakedRun(JSON.stringify(req), [credentials.secretAccessKey])).toBeUndefined();
  });

  it('the describe request names the same two members under its own target', async () => {
    const { callDeps, policy, sent } = deps([ok('{}')]);
    await getResourceSnapshotJob(target, fixedCredentials(credentials), policy, callDeps);
    expect(sent[0]?.headers['x-amz-target']).toBe(`AWSPartnerCentralSelling.${DESCRIBE_OPERATION}`);
    expect(JSON.parse(sent[0]?.body ?? '')).toEqual({
      Catalog: 'Sandbox',
      ResourceSnapshotJobIdentifier: JOB,
    });
  });
});

describe('startResourceSnapshotJob', () => {
  it('takes any 2xx as started, whatever its body, with its request id', async () => {
    for (const body of ['', '{}', 'not json at all', '{"unexpected":true}']) {
      const { callDeps, policy, sent } = deps([ok(body)]);
      const out = await startResourceSnapshotJob(
        target,
        fixedCredentials(credentials),
        policy,
        callDeps,
      );
      expect(out, body).toMatchObject({ ok: true, attempts: 1, requestId: 'rid-ok' });
      expect(sent).toHaveLength(1);
    }
  });

  it('takes a 200 whose body broke off as started: the status line is the answer', async () => {
    const cut: TransportFault = {
      kind: 'failed',
      code: 'ECONNRESET',
      message: 'socket hang up',
      requestSent: true,
      partialResponse: { status: 200, headers: { 'x-amzn-requestid': 'rid-cut' } },
    };
    const { callDeps, policy, sent } = deps([cut]);
    const out = await startResourceSnapshotJob(
      target,
      fixedCredentials(credentials),
      policy,
      callDeps,
    );
    expect(out).toMatchObject({ ok: true, attempts: 1, requestId: 'rid-cut' });
    expect(sent).toHaveLength(1);
  });

  it('reads an AWS error reply by its type, without retrying a client error', async () => {
    const { callDeps, policy, sent } = deps([awsError(404, 'ResourceNotFoundException')]);
    const out = await startResourceSnapshotJob(
      target,
      fixedCredentials(credentials),
      policy,
      callDeps,
    );
    expect(out).toMatchObject({
      ok: false,
      stop: 'client',
      attempts: 1,
      error: { name: 'ResourceNotFoundException', status: 404, requestId: 'rid-404' },
    });
    expect(sent).toHaveLength(1);
  });
});

describe('getResourceSnapshotJob', () => {
  it('reads the members into the output keys, dates given as epoch seconds as RFC 3339', async () => {
    const { callDeps, policy } = deps([
      ok(
        JSON.stringify({
          Arn: 'arn:aws:partnercentral:us-east-1:111122223333:catalog/Sandbox/resource-snapshot-job/job-0123456789abc',
          Status: 'Running',
          EngagementId: 'eng-0123456789abcd',
          ResourceType: 'Opportunity',
          ResourceId: 'O1',
          ResourceArn: 'arn:o1',
          ResourceSnapshotTemplateName: 'T1',
          CreatedAt: 1_764_158_400,
          LastSuccessfulExecutionDate: '2026-11-26T12:00:00Z',
          LastFailure: 'none\nreally',
          Unknown: 'ignored',
        }),
      ),
    ]);
    const out = await getResourceSnapshotJob(
      target,
      fixedCredentials(credentials),
      policy,
      callDeps,
    );
    expect(out).toMatchObject({ ok: true, requestId: 'rid-ok' });
    expect(out.ok && out.value).toEqual({
      'job-arn':
        'arn:aws:partnercentral:us-east-1:111122223333:catalog/Sandbox/resource-snapshot-job/job-0123456789abc',
      'job-status': 'Running',
      'engagement-id': 'eng-0123456789abcd',
      'resource-type': 'Opportunity',
      'resource-id': 'O1',
      'resource-arn': 'arn:o1',
      'resource-snapshot-template-name': 'T1',
      'created-at': '2025-11-26T12:00:00.000Z',
      'last-successful-execution-date': '2026-11-26T12:00:00Z',
      'last-failure': 'none\nreally',
    });
  });

  it('retries a reply it cannot read, then reports it as MalformedResponse', async () => {
    const { callDeps, policy, sent } = deps([ok('[1,2]'), ok('{"Status":'), ok('null')]);
    const out = await getResourceSnapshotJob(
      target,
      fixedCredentials(credentials),
      policy,
      callDeps,
    );
    expect(sent).toHaveLength(3);
    expect(out).toMatchObject({
      ok: false,
      stop: 'attempts',
      attempts: 3,
      error: { name: 'MalformedResponse', status: 200, requestId: 'rid-ok' },
    });
  });
});

describe('readDescribeReply', () => {
  const read = (body: unknown) =>
    readDescribeReply({ status: 200, headers: {}, body: JSON.stringify(body) });

  it('reads an empty body as a job with nothing known', () => {
    expect(readDescribeReply({ status: 200, headers: {}, body: '  ' })).toEqual({});
  });

  it('keeps only text, and numbers only for dates', () => {
    expect(
      read({ Status: 7, ResourceId: { x: 1 }, CreatedAt: Number.NaN, EngagementId: null }),
    ).toEqual({});
    expect(read({ LastSuccessfulExecutionDate: 0 })).toEqual({
      'last-successful-execution-date': '1970-01-01T00:00:00.000Z',
    });
  });

  it('keeps every member exactly as the service wrote it (outputs and the summary make it safe to show)', () => {
    const long = 'x'.repeat(5000);
    const out = read({ LastFailure: long, ResourceId: ` ${long}`, Status: 'Run\r\nning' });
    expect(out['last-failure']).toBe(long);
    expect(out['resource-id']).toBe(` ${long}`);
    expect(out['job-status']).toBe('Run\r\nning');
  });

  it('refuses a reply that is not a JSON object', () => {
    for (const body of ['[]', '"Running"', 'null', '{'])
      expect(() => readDescribeReply({ status: 200, headers: {}, body }), body).toThrow();
  });
});

describe('isRunning', () => {
  it('is true for Running in any case, and false for any other status or none', () => {
    expect(isRunning({ 'job-status': 'Running' })).toBe(true);
    expect(isRunning({ 'job-status': 'RUNNING' })).toBe(true);
    expect(isRunning({ 'job-status': 'Stopped' })).toBe(false);
    expect(isRunning({})).toBe(false);
  });
});
