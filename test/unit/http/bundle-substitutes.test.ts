import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpClient } from '../../../src/http/lazy-http-client.js';
import { ProxyAgent } from '../../../src/http/no-undici.js';

let server: http.Server;
let base: string;
const seen: http.IncomingHttpHeaders[] = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    seen.push(req.headers);
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{"value":"token"}');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  server.closeAllConnections();
  server.close();
});

describe('lazy-http-client (what @actions/core gets for getIDToken)', () => {
  it('builds the real client with the constructor arguments on getJson', async () => {
    const handler = {
      prepareRequest: (options: http.RequestOptions) => {
        options.headers = { ...options.headers, authorization: 'Bearer request-token' };
      },
      canHandleAuthentication: () => false,
      handleAuthentication: () => Promise.reject(new Error('no')),
    };
    const client = new HttpClient('actions/oidc-client', [handler], { allowRetries: false });
    const res = await client.getJson<{ value: string }>(`${base}/token`);
    expect(res).toMatchObject({ statusCode: 200, result: { value: 'token' } });
    expect(seen.at(-1)?.['user-agent']).toBe('actions/oidc-client');
    expect(seen.at(-1)?.authorization).toBe('Bearer request-token');
  });
});

describe('no-undici', () => {
  it('refuses to build the ProxyAgent nothing here uses', () => {
    expect(() => new ProxyAgent()).toThrow(/undici is not bundled/);
  });
});
