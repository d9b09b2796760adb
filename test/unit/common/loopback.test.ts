import { describe, expect, it } from 'vitest';
import { isLoopbackAddress, isLoopbackHost, LOOPBACK_RULE } from '../../../src/common/loopback.js';

describe('isLoopbackHost', () => {
  it('takes only literal loopback hosts', () => {
    for (const h of [
      'localhost',
      'LOCALHOST',
      '127.0.0.1',
      '127.9.8.7',
      '127.255.255.255',
      '[::1]',
      '::1',
    ])
      expect(isLoopbackHost(h), h).toBe(true);
  });
  it('refuses names that only look local', () => {
    for (const h of [
      'api.localhost',
      'localhost.',
      'localhost.example.com',
      '127.0.0.1.nip.io',
      '127.example.com',
      '128.0.0.1',
      '10.0.0.1',
      '0.0.0.0',
      '127.0.0.256',
      '[::ffff:7f00:1]',
      '[::2]',
      '',
    ])
      expect(isLoopbackHost(h), h).toBe(false);
  });
});

describe('isLoopbackAddress', () => {
  it('knows resolved loopback addresses, IPv4-mapped ones included', () => {
    for (const a of ['127.0.0.1', '127.1.2.3', '::1', '::ffff:127.0.0.1'])
      expect(isLoopbackAddress(a), a).toBe(true);
    for (const a of ['10.0.0.1', '::2', '::ffff:10.0.0.1', '1.127.0.0', 'localhost'])
      expect(isLoopbackAddress(a), a).toBe(false);
  });
});

describe('LOOPBACK_RULE', () => {
  it('names every allowed host and the proxy rule', () => {
    for (const part of ['127.0.0.1', '[::1]', 'localhost', 'never through a proxy'])
      expect(LOOPBACK_RULE).toContain(part);
  });
});
