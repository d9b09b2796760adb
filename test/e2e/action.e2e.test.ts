// End to end: dist/index.js against the emulator, as the runner runs it, for success, each error and bad input.
import { describe, expect, it } from 'vitest';
import { visibleText, type RunOutcome } from '../emulator/run-dist.mjs';
import { AWS_JOB, LONG_TERM, SANDBOX_JOB, TEMPORARY } from '../emulator/fixtures.mjs';
import { secretAccessKey } from '../fixtures/real-secrets.mjs';
import { credentialEnv, stepAgainst, usePartnerCentral } from './emulator.js';

const pc = usePartnerCentral();

/**
 * A step that gives only the required inputs (plus what a case adds), under the runner model: every other
 * input arrives with its action.yml default. The emulator is reached the way the AWS SDKs allow, through
 * AWS_ENDPOINT_URL_PARTNERCENTRAL_SELLING, so no optional input has to be set.
 */
function start(
  inputs: Record<string, string> = {},
  env: Record<string, string | undefined> = credentialEnv(LONG_TERM),
) {
  return stepAgainst(pc(), { catalog: 'AWS', 'job-identifier': AWS_JOB, ...inputs }, env);
}

/** Nothing the action printed or wrote may hold a secret, except the runner's own ::add-mask:: lines. */
function expectNoSecrets(run: RunOutcome, secrets: string[]) {
  const visible = visibleText(run);
  for (const s of secrets) expect(visible).not.toContain(s);
  expect(visible).not.toMatch(/Signature=[0-9a-f]{64}/);
}

describe('success', () => {
  it('starts the job with long-term credentials, signed and framed as awsJson1_0', async () => {
    const run = await start();
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.errors).toEqual([]);
    expect(pc().requests).toHaveLength(1);
    const req = pc().requests[0]!;
    expect(req.signatureValid).toBe(true);
    expect(req.outcome).toBe('ok');
    expect(JSON.parse(req.body)).toEqual({
      Catalog: 'AWS',
      ResourceSnapshotJobIdentifier: AWS_JOB,
    });
    expect(req.headers['content-type']).toBe('application/x-amz-json-1.0');
    expect(req.headers['x-amz-target']).toBe('AWSPartnerCentralSelling.StartResourceSnapshotJob');
    expect(req.headers['x-amz-security-token']).toBeUndefined();
    expect(req.headers['user-agent']).toMatch(
      /^start-resource-snapshot-job-action\/\d+\.\d+\.\d+ .*md\/github-repository#octo-org\/partner-release md\/github-run-id#4242$/,
    );
    expect(run.outputs).toMatchObject({
      'job-identifier': AWS_JOB,
      catalog: 'AWS',
      attempts: '1',
      'error-code': '',
      'error-message': '',
    });
    expect(run.outputs['request-id']).toBe(req.requestId);
    expect(run.summary).toContain(AWS_JOB);
    expect(run.summary).toContain('✅');
    expect(run.summary).toContain(run.outputs['request-id']);
    expect(run.summary).toContain('https://github.com/octo-org/partner-release/actions/runs/4242');
    expectNoSecrets(run, [LONG_TERM.secretAccessKey]);
  });

  it('signs the session token of temporary credentials', async () => {
    const run = await start({}, credentialEnv(TEMPORARY));
    expect(run.code).toBe(0);
    expect(pc().requests[0]!.headers['x-amz-security-token']).toBe(TEMPORARY.sessionToken);
    expect(pc().requests[0]!.signatureValid).toBe(true);
    expect(run.stdout).toContain(`::add-mask::${TEMPORARY.sessionToken}`);
    expectNoSecrets(run, [TEMPORARY.secretAccessKey, TEMPORARY.sessionToken]);
  });

  it('normalises inputs: trims the job and starts a Sandbox job', async () => {
    const run = await start({ catalog: 'Sandbox', 'job-identifier': `  ${SANDBOX_JOB}\n` });
    expect(run.code).toBe(0);
    expect(run.outputs['job-identifier']).toBe(SANDBOX_JOB);
    expect(run.outputs.catalog).toBe('Sandbox');
  });

  it('accepts a 200 with {} as success', async () => {
    pc().script({ status: 200, body: '{}', headers: { 'x-amzn-RequestId': 'req-empty-object' } });
    const run = await start();
    expect(run.code).toBe(0);
    expect(run.outputs['request-id']).toBe('req-empty-object');
  });
});

describe('service errors', () => {
  it('AccessDeniedException names the IAM action, the resource ARN and the Reason', async () => {
    pc().script({
      error: 'AccessDeniedException',
      status: 403,
      message: 'User is not authorized to perform partnercentral:StartResourceSnapshotJob',
      extra: { Reason: 'INCOMPATIBLE_BENEFIT_AWS_PARTNER_STATE' },
      headers: {},
    });
    const run = await start();
    expect(run.code).toBe(1);
    expect(run.errors).toHaveLength(1);
    const [err] = run.errors;
    expect(err?.title).toBe('AccessDeniedException');
    expect(err?.message).toContain('partnercentral:StartResourceSnapshotJob');
    expect(err?.message).toContain(
      `arn:aws:partnercentral:us-east-1:<account-id>:catalog/AWS/resource-snapshot-job/${AWS_JOB}`,
    );
    expect(err?.message).toContain('INCOMPATIBLE_BENEFIT_AWS_PARTNER_STATE');
    expect(run.outputs['error-code']).toBe('AccessDeniedException');
    expect(run.outputs['error-message']).toContain('not authorized');
    expect(run.outputs['request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(run.outputs.attempts).toBe('1');
    expect(pc().requests).toHaveLength(1);
    expect(run.summary).toContain('❌');
    expect(run.summary).toContain('AccessDeniedException');
  });

  it('ResourceNotFoundException explains catalogs and how to list jobs', async () => {
    const run = await start({ 'job-identifier': SANDBOX_JOB });
    expect(run.code).toBe(1);
    expect(run.errors).toHaveLength(1);
    expect(run.errors[0]?.title).toBe('ResourceNotFoundException');
    expect(run.errors[0]?.message).toContain(`Check that ${SANDBOX_JOB} exists in the AWS catalog`);
    expect(run.errors[0]?.message).toContain('one created in Sandbox does not exist in AWS');
    // The service's own words say "not found"; the advice does not say it again.
    expect(run.errors[0]?.message.match(/not found/g)).toHaveLength(1);
    expect(run.errors[0]?.message).toContain('list-resource-snapshot-jobs --catalog AWS');
    expect(run.outputs['error-code']).toBe('ResourceNotFoundException');
  });

  it('ValidationException lists every entry of ErrorList', async () => {
    pc().script({
      error: 'ValidationException',
      status: 400,
      message: 'Invalid request',
      extra: {
        Reason: 'BUSINESS_VALIDATION_FAILED',
        ErrorList: [
          {
            FieldName: 'ResourceSnapshotJobIdentifier',
            Code: 'INVALID_RESOURCE_STATE',
            Message: 'Job is already running',
          },
          { FieldName: 'Catalog', Code: 'ACTION_NOT_PERMITTED', Message: 'Not allowed here' },
        ],
      },
    });
    const run = await start();
    expect(run.code).toBe(1);
    const text = run.errors[0]?.message ?? '';
    expect(run.errors[0]?.title).toBe('ValidationException');
    expect(text).toContain('BUSINESS_VALIDATION_FAILED');
    expect(text).toContain(
      'ResourceSnapshotJobIdentifier: INVALID_RESOURCE_STATE - Job is already running',
    );
    expect(text).toContain('Catalog: ACTION_NOT_PERMITTED - Not allowed here');
  });

  it('reads an error named only by the x-amzn-ErrorType header', async () => {
    pc().script({
      error: 'ConflictException',
      status: 409,
      headerOnly: true,
      message: 'conflict from header',
    });
    const run = await start();
    expect(run.code).toBe(1);
    expect(run.outputs['error-code']).toBe('ConflictException');
    expect(run.errors[0]?.title).toBe('ConflictException');
    expect(run.errors[0]?.message).toContain('conflict from header');
  });

  it('UnrecognizedClientException for an unknown access key', async () => {
    const run = await start(
      {},
      credentialEnv({
        accessKeyId: 'AKIAUNKNOWN000000000',
        secretAccessKey: secretAccessKey('unknown-key'),
      }),
    );
    expect(run.code).toBe(1);
    expect(run.errors[0]?.title).toBe('UnrecognizedClientException');
    expect(run.errors[0]?.message).toContain(
      'does not know the access key ID (signed as access key ID ending in 0000 from the standard credential chain)',
    );
  });

  it('InvalidSignatureException for a wrong secret key', async () => {
    const run = await start(
      {},
      credentialEnv({
        accessKeyId: LONG_TERM.accessKeyId,
        secretAccessKey: secretAccessKey('wrong-key'),
      }),
    );
    expect(run.code).toBe(1);
    expect(pc().requests[0]!.signatureValid).toBe(false);
    expect(run.errors[0]?.title).toBe('InvalidSignatureException');
    expect(run.errors[0]?.message).toContain('secret access key does not match');
    expectNoSecrets(run, ['wrong'.repeat(8)]);
  });

  it('an HTML page from a load balancer still gives a useful error', async () => {
    pc().script({
      status: 403,
      headers: { 'content-type': 'text/html' },
      body: '<html><body><h1>403 Forbidden</h1><p>Request blocked by WAF</p></body></html>',
    });
    const run = await start();
    expect(run.code).toBe(1);
    expect(run.outputs['error-code']).toBe('Forbidden');
    expect(run.errors[0]?.message).toContain('403 Forbidden');
    expect(run.errors[0]?.message).toContain('Request blocked by WAF');
    expect(run.errors[0]?.message).not.toContain('<h1>');
  });

  it('does not follow a redirect with a signed request', async () => {
    pc().script({ status: 307, headers: { location: 'https://elsewhere.invalid/' }, body: '' });
    const run = await start();
    expect(run.code).toBe(1);
    expect(pc().requests).toHaveLength(1);
    expect(run.errors[0]?.message).toContain('redirect');
  });
});

describe('throttling', () => {
  it('retries ThrottlingException and succeeds on the third attempt', async () => {
    pc().script(
      { error: 'ThrottlingException', status: 429 },
      { error: 'ThrottlingException', status: 400 },
    );
    const run = await start({ 'max-attempts': '5' });
    expect(run.code).toBe(0);
    expect(run.outputs.attempts).toBe('3');
    expect(pc().requests).toHaveLength(3);
    expect(run.stdout).toMatch(
      /attempt 1 of 5 failed with ThrottlingException \(HTTP 429\), request id [0-9a-f-]{36}; retrying in \d+\.\d\d s \(300 s left of timeout-seconds\)/,
    );
    expect(run.stdout).toMatch(/attempt 2 of 5 failed with ThrottlingException \(HTTP 400\)/);
    expect(run.outputs['request-id']).toBe(pc().requests[2]!.requestId);
  });

  it('gives up after max-attempts with the attempts and time spent', async () => {
    pc().script(
      ...Array.from({ length: 3 }, () => ({
        error: 'ThrottlingException',
        status: 429,
        message: 'Rate exceeded',
      })),
    );
    const run = await start({ 'max-attempts': '3' });
    expect(run.code).toBe(1);
    expect(pc().requests).toHaveLength(3);
    expect(run.outputs.attempts).toBe('3');
    expect(run.outputs['error-code']).toBe('ThrottlingException');
    expect(run.errors).toHaveLength(1);
    expect(run.errors[0]?.title).toBe('ThrottlingException: gave up after 3 attempts');
    expect(run.errors[0]?.message).toMatch(
      /Gave up after 3 attempts in \d+\.\d s; Partner Central answered the last/,
    );
  });

  it('max-attempts 1 means no retry', async () => {
    pc().script({ error: 'ThrottlingException', status: 429 });
    const run = await start({ 'max-attempts': '1' });
    expect(run.code).toBe(1);
    expect(pc().requests).toHaveLength(1);
  });
});

describe('invalid input fails before any request', () => {
  const cases: [string, Record<string, string>, string, RegExp][] = [
    ['catalog case slip', { catalog: 'aws' }, 'catalog', /did you mean AWS\?/],
    [
      'unknown catalog',
      { catalog: 'Production' },
      'catalog',
      /catalog must be AWS \(production\) or Sandbox/,
    ],
    ['missing catalog', { catalog: '' }, 'catalog', /catalog is required/],
    ['malformed job', { 'job-identifier': 'job-123' }, 'job-identifier', /"job-" followed by 13/],
    [
      'upper-case job',
      { 'job-identifier': 'JOB-0123456789ABC' },
      'job-identifier',
      /lowercase: job-0123456789abc/,
    ],
    [
      'a list with one bad identifier',
      { 'job-identifier': `${AWS_JOB}\njob-short` },
      'job-identifier',
      /"job-short" is not a job identifier/,
    ],
    ['region', { region: 'mars-1' }, 'region', /region must be an AWS region name/],
    [
      'plain http to a remote host',
      { endpoint: 'http://partnercentral.example.com' },
      'endpoint',
      /plain http to a host that is not a literal loopback address: a signed request is sent over https/,
    ],
    ['not a URL', { endpoint: 'partnercentral-selling' }, 'endpoint', /not an absolute URL/],
    [
      'max-attempts not a number',
      { 'max-attempts': 'three' },
      'max-attempts',
      /^max-attempts must be auto or a whole number from 1 to 50, got "three"$/,
    ],
    ['max-attempts out of range', { 'max-attempts': '0' }, 'max-attempts', /from 1 to 50/],
    [
      'timeout-seconds out of range',
      { 'timeout-seconds': '1' },
      'timeout-seconds',
      /from 5 to 21600/,
    ],
  ];
  it.each(cases)('%s', async (_label, inputs, input, message) => {
    const run = await start(inputs);
    expect(run.code).toBe(1);
    expect(pc().requests).toHaveLength(0);
    expect(run.errors).toHaveLength(1);
    expect(run.errors[0]?.title).toBe(`Invalid input: ${input}`);
    expect(run.errors[0]?.message).toMatch(message);
    expect(run.outputs['error-code']).toBe('InvalidInput');
  });

  it('reports every problem at once', async () => {
    const run = await start({
      catalog: 'sandbox',
      'job-identifier': 'nope',
      region: 'x',
      'max-attempts': '-1',
    });
    expect(run.code).toBe(1);
    expect(pc().requests).toHaveLength(0);
    expect(run.errors.map((e) => e.title)).toEqual([
      'Invalid input: catalog',
      'Invalid input: job-identifier',
      'Invalid input: region',
      'Invalid input: max-attempts',
    ]);
  });
});

describe('credentials', () => {
  it('no credentials: says what was tried and both ways to fix it, and sends nothing', async () => {
    const run = await start({}, {});
    expect(run.code).toBe(1);
    expect(pc().requests).toHaveLength(0);
    expect(run.errors).toHaveLength(1);
    expect(run.errors[0]?.title).toBe('No AWS credentials found');
    expect(run.errors[0]?.message).toContain('aws-actions/configure-aws-credentials@v6');
    expect(run.errors[0]?.message).toContain('id-token: write');
    expect(run.errors[0]?.message).toContain('role-to-assume');
    expect(run.outputs['error-code']).toBe('CredentialsProviderError');
    // What a user copies from the summary keeps its indentation, so it is valid YAML.
    expect(run.summary).toContain(
      '<pre><code>permissions:\n  id-token: write\n  contents: read</code></pre>',
    );
    expect(run.errors[0]?.message).toContain('\n    permissions:\n      id-token: write\n');
  });
});
