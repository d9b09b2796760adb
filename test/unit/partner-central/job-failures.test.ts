import { describe, expect, it } from 'vitest';
import type { CallError } from '../../../src/http/call-error.js';
import type { FailedCall } from '../../../src/http/retry.js';
import {
  adviceFor,
  startFailure,
  describeFailure,
  jobArn,
  jobNotRunning,
  scopeComplaint,
  snapshotFileFailed,
  snapshotJobFailed,
  snapshotReadFailure,
  snapshotTargetUnknown,
  UNANSWERED_START,
  type JobContext,
} from '../../../src/partner-central/job-failures.js';
import { plainText } from '../../../src/common/failure.js';
import type { CredentialFacts } from '../../../src/aws/credentials.js';

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
    const attempts = startFailure(
      { ok: false, error: throttle, attempts: 3, elapsedMs: 4200, stop: 'attempts' },
      ctx,
    );
    expect(attempts.title).toBe('ThrottlingException: gave up after 3 attempts');
    expect(attempts.text).toContain(
      'Gave up after 3 attempts in 4.2 s; Partner Central answered the last with ThrottlingException (HTTP 429): m (request id rid)',
    );
    expect(attempts.text).toContain('one write request per second');
    // What no retry fixes: the quota is the partner account's, shared, and there is a daily one.
    expect(attempts.text).toContain(
      'These quotas are per partner account and shared by every tool the partner runs',
    );
    expect(attempts.text).toContain('10,000 writes and 100,000 reads in any rolling 24 hours');
    expect(attempts.text).toContain('Service Quotas console');
    const deadline = startFailure(
      { ok: false, error: throttle, attempts: 9, elapsedMs: 300_000, stop: 'deadline' },
      ctx,
    );
    expect(deadline.title).toBe('Timed out: ThrottlingException');
    expect(deadline.text).toMatch(/^timeout-seconds \(300\) ran out after 9 attempts in 300\.0 s/);
    const client = startFailure(
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
    const unknown = startFailure(
      { ok: false, error: reset, attempts: 2, elapsedMs: 600, stop: 'attempts', unanswered: true },
      ctx,
    );
    expect(plainText(unknown.text).startsWith(UNANSWERED_START)).toBe(true);
    expect(unknown.text).toContain(
      'Gave up after 2 attempts in 0.6 s; the last got no reply from Partner Central (ECONNRESET: network error: socket hang up).',
    );
    expect(unknown.text).not.toMatch(/answered/);
    const timedOut = startFailure(
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
    const refused = startFailure(
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

describe('adviceFor: every kind of refusal, in its own words', () => {
  const signed: JobContext = {
    ...ctx,
    accountId: '111122223333',
    signedAs: 'arn:aws:sts::111122223333:assumed-role/release/s',
  };
  const who = ' (signed as arn:aws:sts::111122223333:assumed-role/release/s)';

  it('AccessDeniedException: the IAM action on the job ARN with the account, the catalog condition, the account link', () => {
    expect(adviceFor(err('AccessDeniedException'), signed)).toBe(
      'The credentials may not call partnercentral:StartResourceSnapshotJob on ' +
        'arn:aws:partnercentral:us-east-1:111122223333:catalog/Sandbox/resource-snapshot-job/job-0123456789abc. ' +
        "Allow it in the role's permissions policy: " +
        '{"Effect":"Allow","Action":"partnercentral:StartResourceSnapshotJob","Resource":"arn:aws:partnercentral:us-east-1:111122223333:catalog/Sandbox/resource-snapshot-job/*"} ' +
        '(or "Resource":"*" with "Condition":{"StringEquals":{"partnercentral:Catalog":"Sandbox"}}), ' +
        'and check that the AWS account is linked to your Partner Central account.',
    );
  });
  it('AccessDeniedException with a Reason: says it; the partner-state reason is explained', () => {
    expect(adviceFor(err('AccessDeniedException', { reason: 'SOME_REASON' }), ctx)).toContain(
      '/job-0123456789abc. Reason SOME_REASON. Allow it',
    );
    expect(
      adviceFor(
        err('AccessDeniedException', { reason: 'INCOMPATIBLE_BENEFIT_AWS_PARTNER_STATE' }),
        ctx,
      ),
    ).toContain(
      'Reason INCOMPATIBLE_BENEFIT_AWS_PARTNER_STATE: the partner account is not in a state that allows this benefit; check its status in Partner Central.',
    );
  });
  it('ResourceNotFoundException: the catalog rule and the command that lists its jobs', () => {
    const text = adviceFor(err('ResourceNotFoundException', { status: 404 }), ctx);
    expect(text).toContain('Check that job-0123456789abc exists in the Sandbox catalog.');
    expect(text).toContain('one created in Sandbox does not exist in AWS, and the reverse');
    expect(text).toContain(
      '"aws partnercentral-selling list-resource-snapshot-jobs --catalog Sandbox --region us-east-1"',
    );
  });
  it('ValidationException: every field of its ErrorList, placeholders for what a field leaves out', () => {
    const text = adviceFor(
      err('ValidationException', {
        reason: 'REQUEST_VALIDATION_FAILED',
        fieldErrors: [
          { fieldName: 'Catalog', code: 'INVALID_ENUM_VALUE', message: 'must be AWS or Sandbox' },
          { fieldName: 'ResourceSnapshotJobIdentifier' },
          { code: 'TOO_LONG' },
        ],
      }),
      ctx,
    );
    expect(text).toBe(
      'The service rejected the request (REQUEST_VALIDATION_FAILED). ' +
        'Fields: Catalog: INVALID_ENUM_VALUE - must be AWS or Sandbox; ResourceSnapshotJobIdentifier: INVALID; (request): TOO_LONG. ' +
        'Check catalog and job-identifier.',
    );
  });
  it('ValidationException BUSINESS_VALIDATION_FAILED: well formed, but the job cannot start now', () => {
    expect(
      adviceFor(err('ValidationException', { reason: 'BUSINESS_VALIDATION_FAILED' }), ctx),
    ).toBe(
      'The service rejected the request (BUSINESS_VALIDATION_FAILED). The request is well formed but the job cannot start in its current state; check the job and its engagement in Partner Central.',
    );
    expect(adviceFor(err('ValidationException'), ctx)).toBe(
      'The service rejected the request. Check catalog and job-identifier.',
    );
  });
  it.each(['UnrecognizedClientException', 'InvalidClientTokenId'])(
    '%s: AWS does not know the key; who signed, the partition and region',
    (name) => {
      expect(adviceFor(err(name), { ...signed, partition: 'aws-cn', region: 'cn-north-1' })).toBe(
        `AWS does not know the access key ID${who}: the credentials are wrong, deleted, or belong to another partition than aws-cn (region cn-north-1). Check the step that provides the credentials.`,
      );
    },
  );
  it('a key that does not match its secret, with no signer known: no "signed as"', () => {
    expect(adviceFor(err('SignatureDoesNotMatch', { message: 'does not match' }), ctx)).toBe(
      'The secret access key does not match the access key ID, or something between the runner and AWS changed the request. Check AWS_SECRET_ACCESS_KEY, and that no proxy rewrites requests.',
    );
  });
  it.each(['ExpiredTokenException', 'ExpiredToken', 'RequestExpired'])(
    '%s: the session token expired; how to get fresher credentials',
    (name) => {
      const text = adviceFor(err(name), signed);
      expect(text).toMatch(
        new RegExp(`^The session token has expired${who.replace(/[()]/g, '\\$&')}\\. `),
      );
      expect(text).toContain('last role-duration-seconds (1 hour by default)');
      expect(text).toContain('let this action assume the role itself with role-to-assume');
    },
  );
  describe('expired credentials: which, since and until when, which jobs had started, the fix by origin', () => {
    const at = Date.UTC(2026, 10, 26, 12, 0, 0);
    const facts =
      (origin: CredentialFacts['origin'], over: Partial<CredentialFacts> = {}) =>
      (): CredentialFacts => ({
        origin,
        described:
          origin === 'role'
            ? 'the role session arn:aws:sts::111122223333:assumed-role/release/s (role-to-assume)'
            : origin === 'environment'
              ? "the environment's credentials (access key ID ending in 0002, as an earlier step such as configure-aws-credentials exported them)"
              : "the standard credential chain's credentials (access key ID ending in 0003)",
        obtainedAt: at,
        renewals: 0,
        at: at + 60_000,
        ...over,
      });
    it('from the environment, expiry unknown: says so, names no job started, and how to get longer ones', () => {
      const text = adviceFor(err('ExpiredTokenException'), {
        ...ctx,
        credentialFacts: facts('environment'),
        startedJobs: () => [],
      });
      expect(text).toBe(
        "AWS refused them as expired: the environment's credentials (access key ID ending in 0002, as an earlier step such as configure-aws-credentials exported them), read by this step at 2026-11-26T12:00:00Z, with no expiry given (AWS_CREDENTIAL_EXPIRATION is not set). No job had been started. " +
          'Credentials from aws-actions/configure-aws-credentials last role-duration-seconds (1 hour by default): run it closer to this step, raise its role-duration-seconds, or let this action assume the role itself with role-to-assume.',
      );
    });
    it('a role session, renewed and still refused: its expiry, the renewals, the jobs started, the clock', () => {
      const text = adviceFor(err('ExpiredToken'), {
        ...ctx,
        credentialFacts: facts('role', {
          expiresAt: at + 900_000,
          expirySource: 'STS',
          renewals: 2,
        }),
        startedJobs: () => ['job-a000000000001', 'job-a000000000002'],
      });
      expect(text).toMatch(
        /^AWS refused them as expired: the role session arn:aws:sts::111122223333:assumed-role\/release\/s \(role-to-assume\), obtained at 2026-11-26T12:00:00Z, renewed 2 times, expiring at 2026-11-26T12:15:00Z \(STS\)\. Started before this: job-a000000000001, job-a000000000002 \(they are running: do not start them again by hand\)\. /,
      );
      expect(text).toContain("the runner's clock is off");
    });
    it('refused well before the expiry it was told: revoked, or a stale AWS_CREDENTIAL_EXPIRATION; its own start not repeated', () => {
      const text = adviceFor(err('ExpiredTokenException'), {
        ...ctx,
        credentialFacts: facts('environment', {
          expiresAt: at + 50 * 60_000,
          expirySource: 'AWS_CREDENTIAL_EXPIRATION',
        }),
        startedJobs: () => [ctx.jobIdentifier, 'job-b000000000001'],
      });
      expect(text).toContain(
        'AWS refused them well before that expiry: the session was revoked, or AWS_CREDENTIAL_EXPIRATION is stale',
      );
      // Refused early: a longer session is no fix.
      expect(text).not.toContain('role-duration-seconds');
      expect(text).toContain('Other jobs started before this: job-b000000000001 (they are running');
      expect(text).not.toContain(`${ctx.jobIdentifier} (they are running`);
    });
    it("from the chain: renew the chain's source", () => {
      const text = adviceFor(err('RequestExpired'), { ...ctx, credentialFacts: facts('chain') });
      expect(text).toContain("The standard chain's source handed out credentials that had run out");
    });
  });
  it.each(['IncompleteSignature', 'MissingAuthenticationToken'])(
    '%s: something in between strips the signature',
    (name) => {
      expect(adviceFor(err(name), ctx)).toBe(
        'The request reached AWS without a complete signature: a proxy or endpoint in between may strip the Authorization or X-Amz-* headers.',
      );
    },
  );
  it('a redirect: never followed; set endpoint to the address that serves the API', () => {
    expect(adviceFor(err('MovedPermanently', { status: 301 }), ctx)).toBe(
      'The endpoint https://partnercentral-selling.us-east-1.api.aws answered with a redirect. A signed request is never sent on to a redirect target: set endpoint to the address that serves the API.',
    );
  });
  it('no answer at all: the proxy, the certificate authority, the VPC endpoint', () => {
    expect(adviceFor(err('ECONNREFUSED', { status: undefined }), ctx)).toBe(
      'Could not talk to https://partnercentral-selling.us-east-1.api.aws. Behind a proxy, set HTTPS_PROXY (and NO_PROXY); with a private certificate authority, set NODE_EXTRA_CA_CERTS; with a VPC endpoint, set endpoint.',
    );
  });
});

describe('the reads: describe-job and wait-for-snapshot', () => {
  const denied: FailedCall = {
    ok: false,
    error: err('AccessDeniedException', { status: 403 }),
    attempts: 1,
    elapsedMs: 30,
    stop: 'client',
  };
  const missing: FailedCall = {
    ...denied,
    error: err('ResourceNotFoundException', { status: 404 }),
  };

  it('describeFailure after a start: says it WAS started first; access advice for GetResourceSnapshotJob, or describe-job: false', () => {
    const f = describeFailure(denied, ctx, true);
    expect(f.title).toBe('GetResourceSnapshotJob: AccessDeniedException');
    expect(f.text).toMatch(
      /^The job job-0123456789abc was started \(StartResourceSnapshotJob succeeded\), but reading it back with GetResourceSnapshotJob failed\. /,
    );
    expect(f.text).toContain('"Action":"partnercentral:GetResourceSnapshotJob"');
    expect(f.text).not.toContain('partnercentral:StartResourceSnapshotJob');
    expect(f.text).toMatch(/ Or set describe-job: false\.$/);
  });
  it('describeFailure in a dry run: nothing was started; other errors get their own advice', () => {
    const f = describeFailure(missing, ctx, false);
    expect(f.text).toMatch(
      /^The dry run could not read job-0123456789abc with GetResourceSnapshotJob\. /,
    );
    expect(f.text).toContain('exists in the Sandbox catalog');
    expect(f.text).not.toContain('describe-job: false');
  });
  it('a read throttled past its retries names the read quota, shared by the partner account, and the daily one', () => {
    const throttle = err('ThrottlingException', { status: 429, retryClass: 'throttling' });
    const f = snapshotReadFailure(
      { ok: false, error: throttle, attempts: 9, elapsedMs: 60_000, stop: 'deadline' },
      ctx,
      'GetResourceSnapshot',
      'waiting',
    );
    expect(plainText(f.text)).toContain(
      'Partner Central allows about 10 read requests per second per partner account. These quotas are per partner account and shared by every tool the partner runs',
    );
    // A client error is the service's answer, with no quota story.
    const denied = snapshotReadFailure(
      { ok: false, error: err('AccessDeniedException'), attempts: 1, elapsedMs: 1, stop: 'client' },
      ctx,
      'GetResourceSnapshot',
      'waiting',
    );
    expect(plainText(denied.text)).not.toContain('quotas');
  });
  it('snapshotReadFailure of GetResourceSnapshot, denied: the snapshot action catalog-wide, both reads wait-for-snapshot needs', () => {
    const f = snapshotReadFailure(
      denied,
      { ...ctx, accountId: '111122223333' },
      'GetResourceSnapshot',
      'waiting',
    );
    expect(f.title).toBe('GetResourceSnapshot: AccessDeniedException');
    expect(f.text).toMatch(
      /^The job job-0123456789abc WAS started \(StartResourceSnapshotJob succeeded\), but reading its latest snapshot with GetResourceSnapshot while waiting for its snapshot failed; do not start it again by hand\. /,
    );
    expect(f.text).toContain(
      '{"Effect":"Allow","Action":"partnercentral:GetResourceSnapshot","Resource":"arn:aws:partnercentral:us-east-1:111122223333:catalog/Sandbox/*"}',
    );
    expect(f.text).toContain(
      'wait-for-snapshot needs partnercentral:GetResourceSnapshotJob and partnercentral:GetResourceSnapshot; or set wait-for-snapshot: 0.',
    );
  });
  it('snapshotReadFailure of GetResourceSnapshotJob before the start, denied: NOT started; the job read comes first', () => {
    const f = snapshotReadFailure(denied, ctx, 'GetResourceSnapshotJob', 'before-start');
    expect(f.text).toMatch(
      /^The job job-0123456789abc was NOT started: reading the job with GetResourceSnapshotJob before the start \(wait-for-snapshot\) failed, so StartResourceSnapshotJob was not sent\. /,
    );
    expect(f.text).toContain('"Action":"partnercentral:GetResourceSnapshotJob"');
    expect(f.text).toMatch(/wait-for-snapshot reads the job first; or set wait-for-snapshot: 0\.$/);
  });
  it("snapshotReadFailure in a dry run, not denied: the error's own advice", () => {
    const f = snapshotReadFailure(missing, ctx, 'GetResourceSnapshot', 'dry-run');
    expect(f.text).toMatch(
      /^The dry run could not read its latest snapshot of job-0123456789abc with GetResourceSnapshot\. /,
    );
    expect(f.text).toContain('exists in the Sandbox catalog');
    expect(f.text).not.toContain('wait-for-snapshot: 0');
  });
  it('snapshotTargetUnknown: what was missing, NOT started', () => {
    expect(snapshotTargetUnknown(ctx, ['EngagementId', 'ResourceId'])).toEqual({
      code: 'SnapshotTargetUnknown',
      message:
        'GetResourceSnapshotJob did not report EngagementId, ResourceId for job job-0123456789abc',
      title: 'SnapshotTargetUnknown: job-0123456789abc',
      text:
        'The job job-0123456789abc was NOT started: GetResourceSnapshotJob did not report its EngagementId, ResourceId, ' +
        'so its snapshot cannot be read and waited for. Check the job in Partner Central, or set wait-for-snapshot: 0.',
    });
  });
});

describe('after the start: a job that does not run, a snapshot that does not come, a file not written', () => {
  it('jobNotRunning: the status, its last failure (punctuated once), the reads and the time', () => {
    const f = jobNotRunning(ctx, 'Stopped', 'Template not found', 1, 2500);
    expect(f).toMatchObject({
      code: 'JobNotRunning',
      message: 'job job-0123456789abc is Stopped after it was started: Template not found',
      title: 'Job not running: job-0123456789abc is Stopped',
    });
    expect(f.text).toContain(
      'still shows it Stopped after 1 read over 2.5 s. Its last failure: Template not found. Check the job',
    );
    expect(jobNotRunning(ctx, 'Stopped', 'Denied!', 3, 1000).text).toContain(
      'after 3 reads over 1.0 s. Its last failure: Denied! Check',
    );
  });
  it('jobNotRunning without a status or a failure says so', () => {
    const f = jobNotRunning(ctx, undefined, undefined, 2, 0);
    expect(f.message).toBe('job job-0123456789abc is no status after it was started');
    expect(f.title).toBe('Job not running: job-0123456789abc is no status');
    expect(f.text).toContain('It reports no last failure.');
  });
  it('snapshotJobFailed with a new LastFailure: no new snapshot, the revision it stays at', () => {
    const f = snapshotJobFailed(
      ctx,
      { status: 'Running', lastFailure: 'Engagement closed' },
      4,
      90_000,
    );
    expect(f).toMatchObject({
      code: 'SnapshotJobFailed',
      message: 'Engagement closed',
      title: 'SnapshotJobFailed: job-0123456789abc reported a new LastFailure while waited for',
    });
    expect(f.text).toContain(
      'but 90.0 s later, while waiting for its snapshot, GetResourceSnapshotJob reported a new LastFailure: Engagement closed. No new snapshot was taken: its latest snapshot is still revision 4.',
    );
  });
  it('snapshotJobFailed when the job stopped: its status, or none; a job with no snapshot yet', () => {
    const stopped = snapshotJobFailed(ctx, { status: 'Stopped' }, undefined, 1000);
    expect(stopped.message).toBe('job-0123456789abc is Stopped while waited for');
    expect(stopped.title).toBe('SnapshotJobFailed: job-0123456789abc stopped while waited for');
    expect(stopped.text).toContain(
      'reported that it stopped running (status Stopped). No new snapshot was taken: it has no snapshot.',
    );
    const bare = snapshotJobFailed(ctx, {}, undefined, 1000);
    expect(bare.message).toBe('job-0123456789abc is without a status while waited for');
    expect(bare.text).toContain('(status none)');
  });
  it('snapshotFileFailed: where, why, and that a started job stands', () => {
    const started = snapshotFileFailed(ctx, 'out', 'out/job-0123456789abc.json', 'EACCES', true);
    expect(started).toEqual({
      code: 'SnapshotFileError',
      message: 'could not write out/job-0123456789abc.json: EACCES',
      title: 'SnapshotFileError: snapshot-directory: could not write job-0123456789abc.json',
      text:
        'snapshot-directory out: could not write out/job-0123456789abc.json (EACCES). ' +
        'The job job-0123456789abc WAS started; its results are as reported. ' +
        "Check that the runner's user may create and write files in snapshot-directory.",
    });
    expect(snapshotFileFailed(ctx, 'out', 'out/x.json', 'EACCES', false).text).not.toContain(
      'WAS started',
    );
  });
});
