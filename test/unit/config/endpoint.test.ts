// Endpoints: every region of every partition against the pinned SDK client's own endpoint rules, overrides, loopback.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { partition as sdkPartition } from '@aws-sdk/core/client';
import { PartnerCentralSellingClient } from '@aws-sdk/client-partnercentral-selling';
import { STSClient } from '@aws-sdk/nested-clients/sts';
import { describe, expect, it } from 'vitest';
import {
  endpointNamesRegion,
  endpointProblem,
  isIsolated,
  PARTITIONS,
  partnerCentralEndpoint,
  resolveRegion,
  stsEndpoint,
} from '../../../src/config/endpoint.js';

// The oracles: the pinned dev dependency's endpoint rules, and STS's (the SDK's nested STS client). Resolving an
// endpoint is a pure function of its parameters: nothing is sent. The clients' own region does not matter.
const partnerCentral = new PartnerCentralSellingClient({ region: 'us-east-1' });
const sts = new STSClient({ region: 'us-east-1' });

function sdkHost(region: string): string {
  return partnerCentral.config.endpointProvider({ Region: region, UseFIPS: false }).url.host;
}

function sdkStsHost(region: string): string {
  return sts.config.endpointProvider({
    Region: region,
    UseFIPS: false,
    UseDualStack: false,
    UseGlobalEndpoint: false,
  }).url.host;
}

interface Row {
  partition: string;
  region: string;
  action: string;
  sdk: string;
  actionSts: string;
  sdkSts: string;
  equal: boolean;
}

/** What the action does for a region, beside what the SDK's rules give. */
function row(partition: string, region: string): Row {
  const resolved = resolveRegion(region);
  const sdk = sdkHost(region);
  const sdkSts = sdkStsHost(region);
  if (!resolved.ok)
    return {
      partition,
      region,
      action: `refused (${resolved.refusal})`,
      sdk,
      actionSts: '-',
      sdkSts,
      equal: false,
    };
  const action = partnerCentralEndpoint(region, resolved.partition).host;
  const actionSts = stsEndpoint(region, resolved.partition).host;
  return {
    partition,
    region,
    action,
    sdk,
    actionSts,
    sdkSts,
    equal: action === sdk && actionSts === sdkSts,
  };
}

const ROWS = PARTITIONS.flatMap((p) => p.regions.map((r) => row(p.id, r)));

/** Kept in .cache/ and printed: the table README's region section is written from. */
function keepTable(rows: Row[]): string {
  const lines = [
    '| partition | region | host the action signs for | host the SDK rules give | STS (action) | STS (SDK) | equal |',
    '|---|---|---|---|---|---|---|',
    ...rows.map(
      (r) =>
        `| ${r.partition} | ${r.region} | ${r.action} | ${r.sdk} | ${r.actionSts} | ${r.sdkSts} | ${r.equal ? 'yes' : 'no'} |`,
    ),
  ];
  const text = lines.join('\n') + '\n';
  const dir = path.resolve(import.meta.dirname, '../../.cache');
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'endpoint-table.md'), text);
  return text;
}

describe('regions and partitions (the AWS SDK partition data, checked against the SDK client)', () => {
  it('knows the partitions the action must serve', () => {
    const ids = PARTITIONS.map((p) => p.id);
    for (const id of ['aws', 'aws-cn', 'aws-us-gov', 'aws-eusc']) expect(ids).toContain(id);
  });

  it('resolves each region to the partition the public partition() of @aws-sdk/core gives', () => {
    for (const p of PARTITIONS)
      for (const region of p.regions) {
        const sdk = sdkPartition(region);
        expect(sdk.name, region).toBe(p.id);
        expect(sdk.dnsSuffix, region).toBe(p.dnsSuffix);
        expect(sdk.dualStackDnsSuffix, region).toBe(p.dualStackDnsSuffix);
      }
  });

  it('signs for the host the SDK rules give, in every region of every partition it serves', () => {
    console.log(`\n${keepTable(ROWS)}`);
    // What the data says a name is: a pseudo-region (its partition's pattern does not match it, e.g. aws-global),
    // a region of an isolated partition, or a region the action serves, whose hosts must equal the SDK's.
    const kind = (r: Row) => {
      const p = PARTITIONS.find((x) => x.id === r.partition)!;
      if (!p.regionRegex.test(r.region)) return 'refused (pseudo-region)';
      return isIsolated(p.id) ? 'refused (isolated)' : 'served';
    };
    const served = ROWS.filter((r) => kind(r) === 'served');
    expect(served.length).toBeGreaterThan(35);
    for (const r of served)
      expect(r, r.region).toMatchObject({ action: r.sdk, actionSts: r.sdkSts, equal: true });
    for (const r of ROWS.filter((x) => kind(x) !== 'served'))
      expect(r.action, r.region).toBe(kind(r));
    const partitions = new Set(served.map((r) => r.partition));
    expect([...partitions]).toEqual(
      expect.arrayContaining(['aws', 'aws-cn', 'aws-eusc', 'aws-us-gov']),
    );
  });

  it('gives a region newer than the data the host the SDK gives (from the partition pattern)', () => {
    for (const region of [
      'ap-southeast-9',
      'eu-south-3',
      'cn-south-1',
      'us-gov-central-1',
      'eusc-de-west-1',
    ]) {
      const r = row('?', region);
      expect(r, region).toMatchObject({ action: r.sdk, actionSts: r.sdkSts, equal: true });
    }
  });

  it('uses the partition dnsSuffix for STS: .com, .com.cn, .eu', () => {
    expect(stsEndpoint('us-east-1', 'aws').href).toBe('https://sts.us-east-1.amazonaws.com/');
    expect(stsEndpoint('cn-north-1', 'aws-cn').href).toBe(
      'https://sts.cn-north-1.amazonaws.com.cn/',
    );
    expect(stsEndpoint('us-gov-west-1', 'aws-us-gov').href).toBe(
      'https://sts.us-gov-west-1.amazonaws.com/',
    );
    expect(stsEndpoint('eusc-de-east-1', 'aws-eusc').href).toBe(
      'https://sts.eusc-de-east-1.amazonaws.eu/',
    );
    expect(partnerCentralEndpoint('eusc-de-east-1', 'aws-eusc').href).toBe(
      'https://partnercentral-selling.eusc-de-east-1.api.amazonwebservices.eu/',
    );
  });

  it('refuses the isolated partitions, naming the region, the partition and why', () => {
    for (const [region, partition] of [
      ['us-iso-east-1', 'aws-iso'],
      ['us-isob-east-1', 'aws-iso-b'],
      ['eu-isoe-west-1', 'aws-iso-e'],
      ['us-isof-south-1', 'aws-iso-f'],
    ] as const) {
      const r = resolveRegion(region);
      expect(r.ok, region).toBe(false);
      if (r.ok) continue;
      expect(r.refusal).toBe('isolated');
      expect(r.message).toContain(`region ${region} is in the isolated partition ${partition}`);
      expect(r.message).toMatch(/no endpoint/);
    }
  });

  it("refuses a partition's global pseudo-region, naming the region to use", () => {
    expect(resolveRegion('aws-global')).toMatchObject({ ok: false, refusal: 'pseudo-region' });
    const gov = resolveRegion('aws-us-gov-global');
    expect(!gov.ok && gov.message).toMatch(
      /aws-us-gov partition's global pseudo-region.*set region: us-gov-west-1/,
    );
  });

  it('refuses names no partition matches, naming the input', () => {
    for (const region of [
      'mars-1',
      'us-east1',
      'useast1',
      'us-east-1 ',
      'us_east_1',
      'a-b-1',
      'zz-north-1',
    ]) {
      const r = resolveRegion(region);
      expect(r.ok, region).toBe(false);
      expect(!r.ok && r.message, region).toMatch(
        /^region must be an AWS region name .*eusc-de-east-1.*, got /,
      );
    }
    const upper = resolveRegion('US-EAST-1');
    expect(!upper.ok && upper.message).toMatch(/region names are lowercase \(us-east-1\)/);
  });

  it('sees the region in a regional or VPC endpoint host', () => {
    const vpce = new URL('https://vpce-0abc.partnercentral-selling.eu-west-1.vpce.amazonaws.com');
    expect(endpointNamesRegion(vpce, 'eu-west-1')).toBe(true);
    expect(endpointNamesRegion(vpce, 'us-east-1')).toBe(false);
    expect(endpointNamesRegion(new URL('http://127.0.0.1:4599'), 'eu-west-1')).toBe(false);
    expect(endpointNamesRegion(new URL('https://proxy.example/eu-west-1'), 'eu-west-1')).toBe(
      false,
    );
  });
});

describe('endpoint overrides', () => {
  it('explains why an override cannot be used', () => {
    expect(endpointProblem('https://vpce.example.com:8443/base')).toBeUndefined();
    expect(endpointProblem('http://127.0.0.1:4599')).toBeUndefined();
    expect(endpointProblem('http://example.com')).toMatch(/plain http/);
    // A *.localhost name is a name like any other: a resolver may send it anywhere, a proxy does not bypass it.
    for (const url of [
      'http://api.localhost:4599',
      'http://127.0.0.1.nip.io',
      'http://[::ffff:7f00:1]',
    ])
      expect(endpointProblem(url), url).toMatch(
        /^uses plain http to a host that is not a literal loopback address: .*127\.0\.0\.1.*\[::1\].*localhost.*never through a proxy$/,
      );
    for (const url of [
      'http://localhost:9',
      'http://127.1:9',
      'http://[::1]:9',
      'http://2130706433',
    ])
      expect(endpointProblem(url), url).toBeUndefined();
    expect(endpointProblem('ws://127.0.0.1')).toMatch(/uses ws/);
    expect(endpointProblem('https://u:p@x.example')).toMatch(/user name or password/);
    expect(endpointProblem('/relative')).toMatch(/not an absolute URL/);
  });
});
