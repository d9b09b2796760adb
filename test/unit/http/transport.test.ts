import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { startConnectProxy } from '../../emulator/connect-proxy.mjs';
import { MAX_BODY_BYTES, MAX_ERROR_BODY_BYTES } from '../../../src/common/tunables.js';
import {
  httpTransport,
  type Delivery,
  type HttpResponse,
  type TransportFault,
} from '../../../src/http/transport.js';

let server: http.Server;
let base: string;
const seen: { path?: string; headers: http.IncomingHttpHeaders; body: string }[] = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      seen.push({ path: req.url, headers: req.headers, body });
      if (req.url === '/redirect') {
        res.writeHead(307, { location: `${base}/target` });
        res.end();
      } else if (req.url === '/hang') {
        // never answers
      } else if (req.url === '/truncate') {
        res.writeHead(200, { 'content-length': '100' });
        res.write('partial');
        setTimeout(() => res.socket?.destroy(), 10);
      } else if (req.url === '/big' || req.url === '/big-ok') {
        res.writeHead(req.url === '/big' ? 500 : 200);
        res.end('x'.repeat(MAX_BODY_BYTES * 2));
      } else {
        res.writeHead(201, { 'X-Amzn-RequestId': 'abc', 'Set-Thing': 'v' });
        res.end('{"ok":true}');
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  server.closeAllConnections();
  server.close();
});

const send = (path: string, timeoutMs = 2000) =>
  httpTransport('ua-test/1')(
    {
      url: new URL(path, base),
      method: 'POST',
      headers: { 'content-type': 'text/plain', 'x-custom': 'v' },
      body: 'hello',
    },
    timeoutMs,
  );

/** The response of a request that got one (the test fails otherwise). */
function answered(delivery: Delivery): HttpResponse {
  if (!delivery.ok) throw new Error(`expected a response, got ${JSON.stringify(delivery.fault)}`);
  return delivery.response;
}

/** The fault of a request that got no whole response (the test fails otherwise). */
function faulted(delivery: Delivery): TransportFault {
  if (delivery.ok) throw new Error(`expected a fault, got HTTP ${delivery.response.status}`);
  return delivery.fault;
}

describe('httpTransport', () => {
  it('sends the body and headers with the User-Agent, and returns status, lower-case headers and body', async () => {
    const res = answered(await send('/ok'));
    expect(res).toMatchObject({ status: 201, body: '{"ok":true}' });
    expect(res.headers['x-amzn-requestid']).toBe('abc');
    const req = seen.at(-1);
    expect(req?.body).toBe('hello');
    expect(req?.headers['user-agent']).toBe('ua-test/1');
    expect(req?.headers['x-custom']).toBe('v');
    expect(req?.headers['content-length']).toBe('5');
  });

  it('does not follow a redirect', async () => {
    const before = seen.length;
    const res = answered(await send('/redirect'));
    expect(res.status).toBe(307);
    expect(seen.length).toBe(before + 1);
    expect(seen.at(-1)?.path).toBe('/redirect');
  });

  it('gives up on a hung request after the timeout with a TimeoutError', async () => {
    const started = Date.now();
    expect(faulted(await send('/hang', 300))).toMatchObject({ kind: 'timed-out' });
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('reports a body cut short', async () => {
    expect(faulted(await send('/truncate'))).toMatchObject({
      code: expect.stringMatching(/ResponseTruncated|ECONNRESET/),
    });
  });

  it('reads a success whole or not at all (past MAX_BODY_BYTES: ResponseTooLarge); an error only its head', async () => {
    const tooLarge = await send('/big-ok', 10_000);
    expect(tooLarge).toMatchObject({
      ok: false,
      fault: { kind: 'failed', code: 'ResponseTooLarge', partialResponse: { status: 200 } },
    });
    const error = answered(await send('/big', 10_000));
    expect(error.status).toBe(500);
    expect(error.body.length).toBe(MAX_ERROR_BODY_BYTES);
  });

  it('reaches an IPv6 loopback literal ([::1]) where the machine has one', async () => {
    const v6 = http.createServer((_req, res) => res.writeHead(204).end());
    const listening = await new Promise<boolean>((resolve) => {
      v6.once('error', () => resolve(false));
      v6.listen(0, '::1', () => resolve(true));
    });
    if (!listening) return;
    const port = (v6.address() as AddressInfo).port;
    try {
      const res = answered(
        await httpTransport('x')(
          { url: new URL(`http://[::1]:${port}/`), method: 'POST', headers: {}, body: '' },
          2000,
        ),
      );
      expect(res.status).toBe(204);
    } finally {
      v6.close();
    }
  });

  it('rejects with the network code when nothing listens', async () => {
    const closed = http.createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    expect(
      faulted(
        await httpTransport('x')(
          { url: new URL(`http://127.0.0.1:${port}/`), method: 'POST', headers: {}, body: '' },
          2000,
        ),
      ),
    ).toMatchObject({ code: 'ECONNREFUSED' });
  });
});

describe('httpTransport through a proxy (http-client rules, tunnel agents)', () => {
  let proxy: Awaited<ReturnType<typeof startConnectProxy>>;
  beforeAll(async () => {
    proxy = await startConnectProxy(Number(new URL(base).port));
  });
  afterAll(() => proxy.close());
  afterEach(() => {
    vi.unstubAllEnvs();
    proxy.connects.length = 0;
  });
  // The proxy sends every tunnel to the local server (plain http), so the named host is never resolved or
  // reached; an https request through it gets as far as the CONNECT, which is what these tests read.
  it.each(['HTTPS_PROXY', 'https_proxy'])(
    'tunnels an https request through %s, with its credentials',
    async (variable) => {
      const url = new URL(proxy.url);
      url.username = 'user';
      url.password = 'p@ss';
      vi.stubEnv('NO_PROXY', undefined);
      vi.stubEnv('no_proxy', undefined);
      vi.stubEnv(variable, url.href);
      expect(
        faulted(
          await httpTransport('ua-proxy/1')(
            {
              url: new URL('https://api.example.test:8443/ok'),
              method: 'POST',
              headers: {},
              body: 'x',
            },
            2000,
          ),
        ),
      ).toMatchObject({ kind: 'failed' });
      expect(proxy.connects).toEqual([
        {
          method: 'CONNECT',
          target: 'api.example.test:8443',
          auth: `Basic ${Buffer.from('user:p@ss').toString('base64')}`,
        },
      ]);
    },
  );

  it.each(['HTTP_PROXY', 'http_proxy'])(
    'refuses plain http to a host that is not loopback, before any socket, with %s set or not',
    async (variable) => {
      vi.stubEnv(variable, proxy.url);
      for (const host of ['api.example.test:8080', 'pc.localhost:8080', '10.0.0.1:8080']) {
        expect(
          faulted(
            await httpTransport('x')(
              { url: new URL(`http://${host}/ok`), method: 'POST', headers: {}, body: 'x' },
              2000,
            ),
          ),
        ).toMatchObject({
          code: 'PlainHttpRefused',
          message: expect.stringContaining('never through a proxy') as string,
        });
      }
      expect(proxy.connects).toEqual([]);
    },
  );

  it('sends plain http to loopback directly, never through the proxy', async () => {
    vi.stubEnv('HTTP_PROXY', proxy.url);
    vi.stubEnv('NO_PROXY', undefined);
    vi.stubEnv('no_proxy', undefined);
    expect(answered(await send('/ok')).status).toBe(201);
    const local = new URL(base);
    local.hostname = 'localhost';
    const res = answered(
      await httpTransport('x')(
        { url: new URL('/ok', local), method: 'POST', headers: {}, body: '' },
        2000,
      ),
    );
    expect(res.status).toBe(201);
    expect(proxy.connects).toEqual([]);
  });

  it('bypasses the proxy for NO_PROXY hosts', async () => {
    vi.stubEnv('HTTPS_PROXY', proxy.url);
    vi.stubEnv('NO_PROXY', 'example.com,0.0.0.0');
    // 0.0.0.0 is this machine but not loopback to http-client: only NO_PROXY sends it direct (refused on port 1).
    expect(
      faulted(
        await httpTransport('x')(
          { url: new URL('https://0.0.0.0:1/ok'), method: 'POST', headers: {}, body: '' },
          2000,
        ),
      ),
    ).toMatchObject({ code: 'ECONNREFUSED' });
    expect(proxy.connects).toEqual([]);
    vi.stubEnv('NO_PROXY', 'example.com');
    expect(
      faulted(
        await httpTransport('x')(
          { url: new URL('https://0.0.0.0:1/ok'), method: 'POST', headers: {}, body: '' },
          2000,
        ),
      ),
    ).toMatchObject({ kind: 'failed' });
    expect(proxy.connects.map((c) => c.target)).toEqual(['0.0.0.0:1']);
  });
});
