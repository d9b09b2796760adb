// Sends one HTTP request with node:http/https under @actions/http-client's proxy rules, with no redirects and a hard
// timeout, and says what it came to (Delivery): the whole response, or the fault and how far the request got.
//
// Hand-written over node:http because the action needs what no client library reports: whether the request went
// out whole before the fault (a start that may have taken effect is `unknown`, not `failed`), and the status line of
// a reply whose body broke off (a 2xx start is started). The proxy rules (HTTPS_PROXY/https_proxy,
// HTTP_PROXY/http_proxy, NO_PROXY/no_proxy, loopback never proxied) are http-client's own getProxyUrl, and a proxy is
// reached through the tunnel agents http-client uses.
import { MAX_BODY_BYTES, MAX_ERROR_BODY_BYTES } from '../common/tunables.js';
import type { Agent, ClientRequest, IncomingMessage, RequestOptions } from 'node:http';
import type { LookupFunction } from 'node:net';
import { getProxyUrl } from '@actions/http-client/lib/proxy';
import { isLoopbackAddress, isLoopbackHost, LOOPBACK_RULE } from '../common/loopback.js';

export interface HttpResponse {
  status: number;
  /** Header names in lower case. */
  headers: Record<string, string | undefined>;
  /** The body decoded as UTF-8. */
  body: string;
  /** The body's bytes as they came (the real transport sets them): what a snapshot file holds. */
  bytes?: Uint8Array;
}

export interface OutgoingRequest {
  url: URL;
  method: string;
  headers: Record<string, string>;
  body: string;
}

/**
 * Sends a request and resolves with what it came to: the whole response, or the fault and what was known when it
 * came. It never rejects. When `cancel` aborts, the request is abandoned (a fault of kind cancelled).
 */
export type Transport = (
  request: OutgoingRequest,
  timeoutMs: number,
  cancel?: AbortSignal,
) => Promise<Delivery>;

export type Delivery = { ok: true; response: HttpResponse } | { ok: false; fault: TransportFault };

/** A status line and headers: all of a reply whose body broke off. */
export interface ResponseHead {
  status: number;
  headers: Record<string, string | undefined>;
}

/** Why a request got no whole response, and how far it got. */
export interface TransportFault {
  /** Abandoned on the step's cancel; out of the attempt's time; or failed below HTTP. */
  kind: 'cancelled' | 'timed-out' | 'failed';
  /** A failed one's code: Node's (ECONNRESET, ENOTFOUND, CERT_HAS_EXPIRED) or this file's (PlainHttpRefused, ResponseTruncated, ResponseTooLarge). */
  code?: string;
  /** May quote a server (a TLS alert, a proxy's words): the sinks scrub it where it is shown. */
  message: string;
  /** The whole request was written to the connection: the service may have acted on it. */
  requestSent: boolean;
  /** The status line and headers arrived, then the body broke off (or timed out). */
  partialResponse?: ResponseHead;
}

/** The real transport. A new agent per request, so its abort signal and timeout are this request's alone. */
export function httpTransport(userAgent: string): Transport {
  return async (request, timeoutMs, cancel) => {
    const controller = new AbortController();
    // The reason ends a body still being read; the fault's wording is built below, from what was aborted.
    const timer = setTimeout(() => controller.abort(new TimedOut()), timeoutMs);
    let cancelled = false;
    let requestSent = false;
    let head: ResponseHead | undefined;
    const onCancel = () => {
      cancelled = true;
      controller.abort();
    };
    if (cancel?.aborted) onCancel();
    else cancel?.addEventListener('abort', onCancel, { once: true });
    const url = request.url;
    let own: Agent | undefined;
    // A signed request is never re-sent to a redirect target: nothing here follows a 3xx, it comes back as a
    // response and is reported as an error.
    const pending = (async () => {
      const refusal = plainHttpRefusal(url);
      if (refusal) throw refusal;
      const usingSsl = url.protocol === 'https:';
      const module: HttpModule = usingSsl ? await import('node:https') : await import('node:http');
      const { agent, own: isOwn } = await agentFor(url, module);
      if (isOwn) own = agent;
      const headers: Record<string, string | number> = {};
      for (const [name, value] of Object.entries(request.headers))
        headers[name.toLowerCase()] = value;
      headers['user-agent'] = userAgent;
      headers['Content-Length'] = Buffer.byteLength(request.body, 'utf8');
      const options: RequestOptions = {
        // An IPv6 literal without its brackets ([::1] is a host name to the resolver, ::1 an address).
        host: url.hostname.replace(/^\[(.*)\]$/, '$1'),
        port: url.port ? parseInt(url.port) : usingSsl ? 443 : 80,
        path: url.pathname + url.search,
        method: request.method,
        headers,
        agent,
        signal: controller.signal,
        ...(usingSsl ? {} : { lookup: loopbackOnlyLookup }),
      };
      const message = await send(module, options, request.body, timeoutMs + 1000, () => {
        requestSent = true;
      }).response;
      head = { status: message.statusCode ?? 0, headers: lowerCaseHeaders(message) };
      const bytes = await readBody(message, controller.signal);
      return { ...head, body: bytes.toString('utf8'), bytes };
    })();
    const aborted = new Promise<never>((_, reject) => {
      controller.signal.addEventListener('abort', () => reject(new TimedOut()), { once: true });
    });
    try {
      return { ok: true, response: await Promise.race([pending, aborted]) };
    } catch (err) {
      const fault = cancelled
        ? { kind: 'cancelled' as const, message: 'abandoned: the step was cancelled' }
        : controller.signal.aborted
          ? { kind: 'timed-out' as const, message: `no complete response within ${timeoutMs} ms` }
          : faultOf(err);
      return {
        ok: false,
        fault: { ...fault, requestSent, ...(head ? { partialResponse: head } : {}) },
      };
    } finally {
      cancel?.removeEventListener('abort', onCancel);
      clearTimeout(timer);
      pending.catch(() => undefined);
      own?.destroy();
    }
  };
}

/**
 * A thrown value as a fault: an abort or ETIMEDOUT is a timeout; Node's errors name themselves by a code. A
 * transport that threw (it should not) is taken at its fault's word on whether the request went out: a timeout or
 * a cancel may have reached the service, a refused or reset connection did not.
 */
export function faultOf(thrown: unknown): TransportFault {
  const e = (thrown ?? {}) as { name?: unknown; code?: unknown; message?: unknown };
  const code =
    typeof e.code === 'string' && /^[A-Za-z][A-Za-z0-9_]{1,63}$/.test(e.code) ? e.code : undefined;
  const kind =
    e.name === 'Cancelled'
      ? 'cancelled'
      : e.name === 'TimeoutError' || e.name === 'AbortError' || code === 'ETIMEDOUT'
        ? 'timed-out'
        : 'failed';
  return {
    kind,
    ...(kind === 'failed' && code ? { code } : {}),
    message: typeof e.message === 'string' ? e.message : String(thrown),
    requestSent: kind !== 'failed',
  };
}

/** A fault this file raises itself (a body cut short, a refused plain-http host): a code and a message. */
class FaultError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
  }
}

/** The attempt's own timer ran out: the abort reason that ends a body still being read. */
class TimedOut extends Error {
  override name = 'TimeoutError';
}

function readBody(message: IncomingMessage, signal: AbortSignal): Promise<Buffer> {
  const status = message.statusCode ?? 0;
  const success = status >= 200 && status < 300;
  const limit = success ? MAX_BODY_BYTES : MAX_ERROR_BODY_BYTES;
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    // The first cause wins: destroying the message may itself report it aborted.
    const fail = (err: Error) => {
      reject(err);
      message.destroy();
    };
    // The abort's reason is the fault itself: the attempt's TimeoutError, or the step's cancellation.
    signal.addEventListener('abort', () => fail(signal.reason as Error), { once: true });
    message.on('data', (chunk: Buffer) => {
      const room = limit - size;
      // A success is read whole or not at all: a snapshot file is the reply byte for byte, never its first MiB.
      if (success && chunk.length > room)
        return fail(new FaultError(`the response body is over ${limit} bytes`, 'ResponseTooLarge'));
      chunks.push(chunk.length > room ? chunk.subarray(0, room) : chunk);
      size += Math.min(chunk.length, room);
      if (!success && size >= limit) {
        // Enough to name the error: stop reading rather than download an endless body.
        message.removeAllListeners('aborted');
        message.destroy();
        resolve(Buffer.concat(chunks));
      }
    });
    message.on('aborted', () => {
      fail(
        new FaultError(
          'the connection closed before the response body was complete',
          'ResponseTruncated',
        ),
      );
    });
    message.on('error', (err) => fail(err));
    message.on('end', () => resolve(Buffer.concat(chunks)));
  });
}

function lowerCaseHeaders(message: IncomingMessage): Record<string, string | undefined> {
  const headers: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(message.headers)) {
    headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return headers;
}

type HttpModule = typeof import('node:http') | typeof import('node:https');

/**
 * The agent http-client's _getAgent would pick (keepAlive off): a tunnel agent when getProxyUrl names a proxy
 * (https or http over an http or https proxy, its credentials as proxyAuth), else a fresh agent of its own.
 */
async function agentFor(url: URL, module: HttpModule): Promise<{ agent: Agent; own: boolean }> {
  // Plain http goes only to loopback, and never through a proxy: the proxy would read every header in clear.
  const proxyUrl = url.protocol === 'http:' ? undefined : getProxyUrl(url);
  if (proxyUrl?.hostname) {
    const tunnel = await import(/* webpackMode: "eager" */ 'tunnel');
    const overHttps = proxyUrl.protocol === 'https:';
    const make =
      url.protocol === 'https:'
        ? overHttps
          ? tunnel.httpsOverHttps
          : tunnel.httpsOverHttp
        : overHttps
          ? tunnel.httpOverHttps
          : tunnel.httpOverHttp;
    const agent = make({
      maxSockets: module.globalAgent.maxSockets,
      proxy: {
        ...(proxyUrl.username || proxyUrl.password
          ? { proxyAuth: `${proxyUrl.username}:${proxyUrl.password}` }
          : {}),
        host: proxyUrl.hostname,
        // The port string as http-client passes it: '' (no port in the proxy URL) means http's default.
        port: proxyUrl.port as unknown as number,
      },
    });
    return { agent, own: false };
  }
  return { agent: new module.Agent({ keepAlive: false }), own: true };
}

/**
 * The transport's own check of the loopback rule, whatever the caller validated: a plain-http request to any
 * other host is refused before a socket opens (it carries a signature, a session token or a bearer token).
 */
function plainHttpRefusal(url: URL): Error | undefined {
  if (url.protocol !== 'http:' || isLoopbackHost(url.hostname)) return undefined;
  return plainHttpRefused(`refused to send to ${url.origin}`);
}

/** The fault of a plain-http request the loopback rule refuses: never sent, not worth another attempt. */
function plainHttpRefused(what: string): Error {
  return new FaultError(`${what}: ${LOOPBACK_RULE}`, 'PlainHttpRefused');
}

/**
 * `localhost` is a name: resolved here, the connection goes only to a loopback address it resolves to, so a
 * hosts file or resolver that maps it elsewhere gets nothing over plain http.
 */
const loopbackOnlyLookup: LookupFunction = (hostname, options, callback) => {
  void import('node:dns').then((dns) =>
    dns.lookup(hostname, { ...options, all: true }, (err, addresses) => {
      const local = err ? [] : addresses.filter((a) => isLoopbackAddress(a.address));
      if (err || local.length === 0) {
        const refusal = plainHttpRefused(`${hostname} does not resolve to a loopback address`);
        return (callback as (e: Error) => void)(err ?? refusal);
      }
      if (options.all) (callback as (e: null, a: typeof local) => void)(null, local);
      else callback(null, local[0]!.address, local[0]!.family);
    }),
  );
};

/** One request as http-client's requestRaw sends it: lower-case headers, User-Agent, Content-Length, socket timeout. */
function send(
  module: HttpModule,
  options: RequestOptions,
  body: string,
  socketTimeoutMs: number,
  onSent: () => void,
): { req: ClientRequest; response: Promise<IncomingMessage> } {
  let req!: ClientRequest;
  const response = new Promise<IncomingMessage>((resolve, reject) => {
    req = module.request(options, resolve);
    req.on('finish', onSent);
    req.setTimeout(socketTimeoutMs, () => {
      req.socket?.end();
      reject(new Error(`Request timeout: ${options.path}`));
    });
    req.on('error', reject);
    req.end(body, 'utf8');
  });
  return { req, response };
}
