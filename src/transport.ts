// Sends one HTTP request through @actions/http-client (proxy variables honoured), with no redirects and a hard timeout.
import type { IncomingMessage, RequestOptions } from 'node:http';
import { HttpClient } from '@actions/http-client';
import type { HttpResponse } from './errors.js';

export interface OutgoingRequest {
  url: URL;
  method: string;
  headers: Record<string, string>;
  body: string;
}

/**
 * Sends a request and resolves with the whole response, or rejects with the network fault. When `cancel`
 * aborts, the request is abandoned and the promise rejects with an error named Cancelled.
 */
export type Transport = (
  request: OutgoingRequest,
  timeoutMs: number,
  cancel?: AbortSignal,
) => Promise<HttpResponse>;

/** Larger replies are cut (an error page is never this large; a body past it is not the service's). */
export const MAX_BODY_BYTES = 1024 * 1024;

function timeoutError(ms: number): Error {
  const err = new Error(`no complete response within ${ms} ms`);
  err.name = 'TimeoutError';
  return err;
}

function readBody(message: IncomingMessage, signal: AbortSignal): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const fail = (err: Error) => {
      message.destroy();
      reject(err);
    };
    signal.addEventListener('abort', () => fail(timeoutError(0)), { once: true });
    message.on('data', (chunk: Buffer) => {
      const room = MAX_BODY_BYTES - size;
      chunks.push(chunk.length > room ? chunk.subarray(0, room) : chunk);
      size += Math.min(chunk.length, room);
      if (size >= MAX_BODY_BYTES) {
        // Enough to name the error: stop reading rather than download an endless body.
        message.removeAllListeners('aborted');
        message.destroy();
        resolve(Buffer.concat(chunks).toString('utf8'));
      }
    });
    message.on('aborted', () => {
      const err = Object.assign(
        new Error('the connection closed before the response body was complete'),
        {
          code: 'ResponseTruncated',
        },
      );
      fail(err);
    });
    message.on('error', (err) => fail(err));
    message.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
  });
}

function lowerCaseHeaders(message: IncomingMessage): Record<string, string | undefined> {
  const headers: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(message.headers)) {
    headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return headers;
}

/** The real transport. A new client per request, so its abort signal and timeout are this request's alone. */
export function httpTransport(userAgent: string): Transport {
  return async (request, timeoutMs, cancel) => {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(timeoutError(timeoutMs)), timeoutMs);
    let cancelled = false;
    const onCancel = () => {
      cancelled = true;
      controller.abort();
    };
    if (cancel?.aborted) onCancel();
    else cancel?.addEventListener('abort', onCancel, { once: true });
    const client = new HttpClient(
      userAgent,
      [
        {
          // The only hook http-client offers into the Node request: attach the abort signal.
          prepareRequest: (options: RequestOptions) => {
            options.signal = controller.signal;
          },
          canHandleAuthentication: () => false,
          handleAuthentication: () => Promise.reject(new Error('not supported')),
        },
      ],
      {
        allowRedirects: false,
        allowRetries: false,
        keepAlive: false,
        socketTimeout: timeoutMs + 1000,
      },
    );
    // A signed request is never re-sent to a redirect target: allowRedirects is false, so a 3xx
    // comes back as a response and is reported as an error.
    const pending = (async () => {
      const response = await client.request(
        request.method,
        request.url.href,
        request.body,
        request.headers,
      );
      const body = await readBody(response.message, controller.signal);
      return {
        status: response.message.statusCode ?? 0,
        headers: lowerCaseHeaders(response.message),
        body,
      };
    })();
    const aborted = new Promise<never>((_, reject) => {
      controller.signal.addEventListener('abort', () => reject(timeoutError(timeoutMs)), {
        once: true,
      });
    });
    try {
      return await Promise.race([pending, aborted]);
    } catch (err) {
      if (cancelled)
        throw Object.assign(new Error('abandoned: the step was cancelled'), { name: 'Cancelled' });
      if (controller.signal.aborted) throw timeoutError(timeoutMs);
      throw err;
    } finally {
      cancel?.removeEventListener('abort', onCancel);
      clearTimeout(timer);
      pending.catch(() => undefined);
      client.dispose();
    }
  };
}
