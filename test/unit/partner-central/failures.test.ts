import { describe, expect, it } from 'vitest';
import type { CallError } from '../../../src/http/call-error.js';
import {
  adviceFor,
  callFailure,
  jobArn,
  scopeComplaint,
  UNANSWERED_START,
  type JobContext,
} from '../../../src/partner-central/failures.js';
import { plainText } from '../../../src/http/failure-text.js';

const ctx: JobContext = {
  catalog: 'Sandbox',
  jobIdentifier: 'job-0123456789abc',
  region: 'us-east-1',
  partition: 'aws',
  endpoint: new URL('https://partnercentral-selling.us-east-1.api.aws'),
  timeoutMs: 300_000,
};
const err = (name: string, over: Partial<CallError> = {}): CallError => ({
  name,
  message: 'm',
  status: 400,
  retryClass: 'client',
  ...over,
});

describe('partner-central-failures', () => {
  it('builds the job ARN, with the account when known', () => {
    expect(jobArn(ctx)).toBe(
      'arn:aws:partnercentral:us-east-1:<account-id>:catalog/Sandbox/resource-snapshot-job/job-0123456789abc',
    );
    expect(jobArn({ ...ctx, accountId: '111122223333', partition: 'aws-us-gov' }, '*')).toBe(
      'arn:aws-us-gov:partnercentral:us-east-1:111122223333:catalog/Sandbox/resource-snapshot-job/*',
    );
  });
  it('AccessDeniedException: action, resource, catalog condition', () => {
    const text = adviceFor(err('AccessDeniedException'), ctx);
    expect(text).toContain('"Action":"partnercentral:StartResourceSnapshotJob"');
    expect(text).toContain('catalog/Sandbox/resource-snapshot-job/*');
    expect(text).toContain('"partnercentral:Catalog":"Sandbox"');
  });
  it('ValidationException without ErrorList still says what to check', () => {
    expect(
      adviceFor(err('ValidationException', { reason: 'REQUEST_VALIDATION_FAILED' }), ctx),
    ).toBe(
      'The service rejected the request (REQUEST_VALIDATION_FAILED). Check catalog and job-identifier.',
    );
  });
  it('a signature expired by the clock points at the clock', () => {
    expect(
      adviceFor(err('InvalidSignatureException', { message: 'Signature expired: 2026...' }), ctx),
    ).toMatch(/clock/);
  });
  describe('signature errors: a scope complaint is about the region and the endpoint, a mismatch about the key', () => {
    const emulator = new URL('http://127.0.0.1:4599');
    const eu: JobContext = {
      ...ctx,
      region: 'eu-west-1',
      endpoint: emulator,
      endpointSource: 'AWS_ENDPOINT_URL_PARTNERCENTRAL_SELLING',
    };
    const scoped =
      'Credential should be scoped to a valid region (us-east-1) and service (partnercentral-selling).';

    it('reads the region the service expects out of its message, when it says', () => {
      expect(scopeComplaint(scoped)).toEqual({ expectedRegion: 'us-east-1' });
      expect(
        scopeComplaint("Credential should be scoped to a valid region, not 'eu-west-1'."),
      ).toEqual({});
      expect(
        scopeComplaint(
          "The authorization header is malformed; the region 'eu-west-1' is wrong; expecting 'us-east-1'",
        ),
      ).toEqual({ expectedRegion: 'us-east-1' });
      expect(scopeComplaint("Credential should be scoped to correct service: 'sts'. ")).toEqual({
        otherService: 'sts',
      });
      expect(
        scopeComplaint(
          'The request signature we calculated does not match the signature you provided.',
        ),
      ).toBeUndefined();
      expect(scopeComplaint('m')).toBeUndefined();
    });

    it('InvalidSignatureException "should be scoped": names the region input, the expected region and the endpoint, not the secret', () => {
      const text = adviceFor(err('InvalidSignatureException', { message: scoped }), eu);
      expect(text).toContain('signs for region eu-west-1 (the region input)');
      expect(text).toContain('expects requests signed for region us-east-1');
      expect(text).toContain(
        'http://127.0.0.1:4599 (from AWS_ENDPOINT_URL_PARTNERCENTRAL_SELLING)',
      );
      expect(text).toContain('Set region: us-east-1');
      expect(text).not.toMatch(/secret/i);
    });

    it('a scope complaint that does not say the region, with the region endpoint: names both', () => {
      const own = {
        ...ctx,
        region: 'eu-west-1',
        endpoint: new URL('https://partnercentral-selling.eu-west-1.api.aws'),
      };
      const text = adviceFor(
        err('InvalidSignatureException', {
          message: 'Credential should be scoped to a valid region.',
        }),
        own,
      );
      expect(text).toContain(
        "https://partnercentral-selling.eu-west-1.api.aws (region eu-west-1's endpoint)",
      );
      expect(text).toContain('expects another signing region than eu-west-1 (it did not say which');
      expect(text).toContain('Set region: us-east-1');
      expect(text).not.toMatch(/secret/i);
    });

    it('an endpoint of another service is named as such', () => {
      const text = adviceFor(
        err('SignatureDoesNotMatch', {
          message: "Credential should be scoped to correct service: 'sts'.",
        }),
        { ...eu, endpointSource: 'endpoint' },
      );
      expect(text).toContain(
        'http://127.0.0.1:4599 (from endpoint) expects requests signed for the service sts',
      );
      expect(text).not.toMatch(/secret/i);
    });

    it('a signature mismatch still points at the secret key (and never at the region)', () => {
      const text = adviceFor(
        err('InvalidSignatureException', {
          message: 'The request signature we calculated does not match the signature you provided.',
        }),
        eu,
      );
      expect(text).toMatch(/^The secret access key does not match the access key ID/);
      expect(text).not.toContain('region');
    });
  });
  it('network faults point at proxies and CAs; unknown errors at the reference', () => {
    expect(adviceFor(err('CERT_HAS_EXPIRED', { status: undefined }), ctx)).toMatch(
      /HTTPS_PROXY.*NODE_EXTRA_CA_CERTS/,
    );
    expect(adviceFor(err('ConflictException', { status: 409 }), ctx)).toMatch(
      /API reference for ConflictException/,
    );
  });
  it('explains each way retrying can stop', () => {
    const throttle = err('ThrottlingException', {
      status: 429,
      retryClass: 'throttling',
      requestId: 'rid',
    });
    const attempts = callFailure(
      { ok: false, error: throttle, attempts: 3, elapsedMs: 4200, stop: 'attempts' },
      ctx,
    );
    expect(attempts.title).toBe('ThrottlingException: gave up after 3 attempts');
    expect(attempts.text).toContain(
      'Gave up after 3 attempts in 4.2 s; Partner Central answered the last with ThrottlingException (HTTP 429): m (request id rid)',
    );
    expect(attempts.text).toContain('one write request per second');
    const deadline = callFailure(
      { ok: false, error: throttle, attempts: 9, elapsedMs: 300_000, stop: 'deadline' },
      ctx,
    );
    expect(deadline.title).toBe('Timed out: ThrottlingException');
    expect(deadline.text).toMatch(/^timeout-seconds \(300\) ran out after 9 attempts in 300\.0 s/);
    const client = callFailure(
      {
        ok: false,
        error: err('ResourceNotFoundException', { status: 404 }),
        attempts: 1,
        elapsedMs: 10,
        stop: 'client',
      },
      ctx,
    );
    expect(client).toMatchObject({
      code: 'ResourceNotFoundException',
      message: 'm',
      title: 'ResourceNotFoundException',
    });
    expect(client.text).toContain('in the Sandbox catalog');
  });
  it('never says the service answered what it did not: an unanswered last start may have started', () => {
    const reset = err('ECONNRESET', {
      status: undefined,
      retryClass: 'transient',
      message: 'network error: socket hang up',
      unanswered: true,
    });
    const unknown = callFailure(
      { ok: false, error: reset, attempts: 2, elapsedMs: 600, stop: 'attempts', unanswered: true },
      ctx,
    );
    expect(plainText(unknown.text).startsWith(UNANSWERED_START)).toBe(true);
    expect(unknown.text).toContain(
      'Gave up after 2 attempts in 0.6 s; the last got no reply from Partner Central (ECONNRESET: network error: socket hang up).',
    );
    expect(unknown.text).not.toMatch(/answered/);
    const timedOut = callFailure(
      {
        ok: false,
        error: { ...reset, name: 'TimeoutError' },
        attempts: 3,
        elapsedMs: 6000,
        stop: 'deadline',
        unanswered: true,
      },
      ctx,
    );
    expect(plainText(timedOut.text).startsWith(UNANSWERED_START)).toBe(true);
    const refused = callFailure(
      {
        ok: false,
        error: err('CERT_HAS_EXPIRED', { status: undefined }),
        attempts: 1,
        elapsedMs: 5,
        stop: 'client',
      },
      ctx,
    );
    expect(refused.text).toMatch(/^Partner Central gave no answer: CERT_HAS_EXPIRED/);
    expect(refused.text).not.toContain(UNANSWERED_START);
  });
});
