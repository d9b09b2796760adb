import { describe, expect, it } from 'vitest';
import {
  endpointProblem,
  isLoopbackHost,
  partitionOf,
  partnerCentralEndpoint,
  REGION_PATTERN,
  stsEndpoint,
} from '../../src/endpoint.js';

describe('endpoint', () => {
  it('maps regions to partitions', () => {
    expect(partitionOf('us-east-1')).toBe('aws');
    expect(partitionOf('eu-central-2')).toBe('aws');
    expect(partitionOf('cn-northwest-1')).toBe('aws-cn');
    expect(partitionOf('us-gov-east-1')).toBe('aws-us-gov');
    expect(partitionOf('us-iso-east-1')).toBeUndefined();
    expect(partitionOf('us-isob-east-1')).toBeUndefined();
    expect(partitionOf('eu-isoe-west-1')).toBeUndefined();
    expect(partitionOf('us-isof-south-1')).toBeUndefined();
  });
  it('builds the model endpoints', () => {
    expect(partnerCentralEndpoint('us-east-1', 'aws').href).toBe(
      'https://partnercentral-selling.us-east-1.api.aws/',
    );
    expect(partnerCentralEndpoint('cn-north-1', 'aws-cn').href).toBe(
      'https://partnercentral-selling.cn-north-1.api.amazonwebservices.com.cn/',
    );
    expect(stsEndpoint('us-gov-west-1', 'aws-us-gov').href).toBe(
      'https://sts.us-gov-west-1.amazonaws.com/',
    );
  });
  it('recognises region names', () => {
    for (const r of ['us-east-1', 'ap-southeast-5', 'us-gov-west-1', 'il-central-1'])
      expect(REGION_PATTERN.test(r), r).toBe(true);
    for (const r of ['us-east', 'US-EAST-1', 'useast1', 'us-east-1 ', 'a-b-1'])
      expect(REGION_PATTERN.test(r), r).toBe(false);
  });
  it('knows loopback hosts', () => {
    for (const h of ['localhost', 'api.localhost', '127.0.0.1', '127.9.8.7', '[::1]', '::1'])
      expect(isLoopbackHost(h), h).toBe(true);
    for (const h of [
      'localhost.example.com',
      '128.0.0.1',
      '10.0.0.1',
      '0.0.0.0',
      '127.0.0.1.nip.io',
    ])
      expect(isLoopbackHost(h), h).toBe(false);
  });
  it('explains why an override cannot be used', () => {
    expect(endpointProblem('https://vpce.example.com:8443/base')).toBeUndefined();
    expect(endpointProblem('http://127.0.0.1:4599')).toBeUndefined();
    expect(endpointProblem('http://example.com')).toMatch(/plain http/);
    expect(endpointProblem('ws://127.0.0.1')).toMatch(/uses ws/);
    expect(endpointProblem('https://u:p@x.example')).toMatch(/user name or password/);
    expect(endpointProblem('/relative')).toMatch(/not an absolute URL/);
  });
});
