// End to end: regions of every partition the SDK knows (EU sovereign accepted, isolated refused) and region/endpoint advice.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startPartnerCentral } from '../emulator/partner-central.mjs';
import { AWS_JOB, defaultEmulatorOptions, LONG_TERM } from '../emulator/fixtures.mjs';
import { runStep, visibleText } from '../emulator/run-dist.mjs';
import { credentialEnv, stepAgainst, usePartnerCentral, type Emulator } from './emulator.js';

// The file's emulator answers as the service does in us-east-1; the EU sovereign one below signs-checks its own region.
const pc = usePartnerCentral();
const job = { catalog: 'AWS', 'job-identifier': AWS_JOB };

/** The Credential=.../DATE/REGION/SERVICE/aws4_request scope of a recorded request. */
function scopeRegion(req: { headers: Record<string, string | undefined> }): string | undefined {
  return /Credential=[^/]+\/\d{8}\/([^/]+)\//.exec(req.headers.authorization ?? '')?.[1];
}

describe('region eusc-de-east-1 (the aws-eusc partition)', () => {
  let eusc: Emulator;
  beforeAll(async () => {
    eusc = await startPartnerCentral({ ...defaultEmulatorOptions(), region: 'eusc-de-east-1' });
  });
  afterAll(() => eusc?.close());
  beforeEach(() => eusc?.reset());

  it('is accepted end to end: signed for eusc-de-east-1 and sent to the endpoint override', async () => {
    const run = await runStep(
      { ...job, region: 'eusc-de-east-1', endpoint: eusc.url },
      credentialEnv(LONG_TERM),
    );
    expect(run.stderr).toBe('');
    expect(run.errors).toEqual([]);
    expect(run.code).toBe(0);
    expect(run.outputs['started-count']).toBe('1');
    expect(eusc.requests).toHaveLength(1);
    expect(eusc.requests[0]!.signatureValid).toBe(true);
    expect(scopeRegion(eusc.requests[0]!)).toBe('eusc-de-east-1');
    // Not us-east-1, and the override (a loopback emulator) does not name the region: the documented warning.
    expect(run.warnings.map((w) => w.message).join('\n')).toMatch(
      /documented in us-east-1 only; region eusc-de-east-1 .*signed for region eusc-de-east-1/,
    );
  });

  it('takes a role ARN of the aws-eusc partition (refused only for want of an OIDC token, not as input)', async () => {
    const run = await runStep(
      {
        ...job,
        region: 'eusc-de-east-1',
        endpoint: eusc.url,
        'role-to-assume': 'arn:aws-eusc:iam::111122223333:role/partner-release',
      },
      {},
    );
    expect(run.code).toBe(1);
    expect(run.outputs['error-code']).toBe('OIDCTokenUnavailable');
    expect(eusc.requests).toHaveLength(0);
  });
});

describe('refused regions: the documented reason, before any request', () => {
  it.each([
    [
      'us-iso-east-1',
      /region us-iso-east-1 is in the isolated partition aws-iso, where Partner Central Selling has no endpoint/,
    ],
    ['us-isob-east-1', /region us-isob-east-1 is in the isolated partition aws-iso-b/],
    ['eu-isoe-west-1', /region eu-isoe-west-1 is in the isolated partition aws-iso-e/],
    ['us-isof-south-1', /region us-isof-south-1 is in the isolated partition aws-iso-f/],
    [
      'aws-global',
      /region aws-global is the aws partition's global pseudo-region.*set region: us-east-1/,
    ],
    ['us-east1', /region must be an AWS region name .*, got "us-east1"/],
  ])('%s', async (region, reason) => {
    const run = await stepAgainst(pc(), { ...job, region });
    expect(run.code).toBe(1);
    expect(run.outputs['error-code']).toBe('InvalidInput');
    expect(run.errors.map((e) => e.message).join('\n')).toMatch(reason);
    expect(pc().requests).toHaveLength(0);
  });
});

describe('region eu-west-1 against a service that expects us-east-1 (advice that points the right way)', () => {
  it.each([
    ['AWS_ENDPOINT_URL_PARTNERCENTRAL_SELLING', false],
    ['endpoint', true],
  ])(
    'endpoint from %s: the annotation names the region, the expected region and the endpoint, not the secret',
    async (source, asInput) => {
      const url = pc().url;
      const run = asInput
        ? await runStep({ ...job, region: 'eu-west-1', endpoint: url }, credentialEnv(LONG_TERM))
        : await stepAgainst(pc(), { ...job, region: 'eu-west-1' });
      expect(run.code).toBe(1);
      expect(pc().requests).toHaveLength(1);
      expect(scopeRegion(pc().requests[0]!)).toBe('eu-west-1');
      expect(run.outputs['error-code']).toBe('InvalidSignatureException');
      const error = run.errors[0]!;
      expect(error.title).toBe('InvalidSignatureException');
      expect(error.message).toContain('signs for region eu-west-1 (the region input)');
      expect(error.message).toContain('expects requests signed for region us-east-1');
      expect(error.message).toContain(`${url} (from ${source})`);
      expect(error.message).not.toMatch(/secret/i);
      // The warning came first, and said the same about this endpoint.
      const warning = run.warnings.map((w) => w.message).join('\n');
      expect(warning).toContain(
        `Requests to ${url} (from ${source}) are signed for region eu-west-1`,
      );
      expect(visibleText(run)).not.toContain(LONG_TERM.secretAccessKey);
    },
  );

  it('region us-east-1 with the same endpoint: no warning, and it starts', async () => {
    const run = await stepAgainst(pc(), job);
    expect(run.code).toBe(0);
    expect(run.warnings).toEqual([]);
  });

  it('an endpoint whose host names the region gets no warning (a regional or VPC endpoint chosen on purpose)', async () => {
    // A dry run sends nothing; the proxy (a closed loopback port) catches a request sent by mistake before any
    // name is looked up, so this host is never resolved or reached.
    const url = 'https://vpce-0abc.partnercentral-selling.eu-west-1.vpce.amazonaws.com';
    const run = await runStep(
      { ...job, region: 'eu-west-1', endpoint: url, 'dry-run': 'true' },
      { ...credentialEnv(LONG_TERM), HTTPS_PROXY: 'http://127.0.0.1:9' },
    );
    expect(run.warnings).toEqual([]);
    expect(run.code).toBe(0);
    expect(run.log).toContain(`Dry run: would send POST ${url}/`);
  });
});
