import { describe, expect, it } from 'vitest';
import { networkError, sdkRetryClass } from '../../../src/http/call-error.js';
import type { TransportFault } from '../../../src/http/transport.js';

describe('sdkRetryClass', () => {
  it("classifies by the SDK's names first, status second", () => {
    expect(sdkRetryClass('ThrottlingException', 400)).toBe('throttling');
    expect(sdkRetryClass('SlowDown', 503)).toBe('throttling');
    expect(sdkRetryClass('Whatever', 429)).toBe('throttling');
    expect(sdkRetryClass('RequestTimeoutException', 400)).toBe('transient');
    expect(sdkRetryClass('Whatever', 504)).toBe('transient');
    expect(sdkRetryClass('AccessDeniedException', 403)).toBe('client');
    expect(sdkRetryClass('ResourceNotFoundException', 404)).toBe('client');
    expect(sdkRetryClass('NotImplemented', 501)).toBe('client');
  });
  it("knows no service's own server-fault names: those are the protocol's (aws/error-names.ts)", () => {
    expect(sdkRetryClass('InternalServerException', 400)).toBe('client');
  });
});

describe('networkError', () => {
  const failed = (
    code: string | undefined,
    extra: Partial<TransportFault> = {},
  ): TransportFault => ({
    kind: 'failed',
    ...(code ? { code } : {}),
    message: 'x',
    requestSent: false,
    ...extra,
  });

  it('retries connection faults, not TLS failures', () => {
    expect(networkError(failed('ECONNRESET'), 1000)).toMatchObject({
      name: 'ECONNRESET',
      message: 'network error: x',
      retryClass: 'transient',
    });
    expect(networkError(failed('EAI_AGAIN'), 1000).retryClass).toBe('transient');
    expect(networkError(failed('ResponseTruncated'), 1000).retryClass).toBe('transient');
    expect(networkError(failed('CERT_HAS_EXPIRED'), 1000).retryClass).toBe('client');
    expect(networkError(failed('PlainHttpRefused'), 1000).retryClass).toBe('client');
    expect(networkError(failed(undefined), 1000)).toMatchObject({
      name: 'NetworkError',
      retryClass: 'transient',
    });
  });

  it('names timeouts TimeoutError with the attempt timeout', () => {
    const slow: TransportFault = { kind: 'timed-out', message: 'slow', requestSent: true };
    expect(networkError(slow, 2500)).toEqual({
      name: 'TimeoutError',
      message: 'no complete response within 2.5 s',
      retryClass: 'transient',
      unanswered: true,
    });
  });

  it('names a cancel Cancelled, not retried, and unanswered only when the request went out', () => {
    const cancel: TransportFault = { kind: 'cancelled', message: 'abandoned', requestSent: true };
    expect(networkError(cancel, 1000)).toEqual({
      name: 'Cancelled',
      message: 'the step was cancelled before the reply came',
      retryClass: 'client',
      unanswered: true,
    });
    expect(networkError({ ...cancel, requestSent: false }, 1000).unanswered).toBe(false);
  });

  it('says a fault is unanswered only when the request went out whole and no status came', () => {
    const fault = (extra: Partial<TransportFault>) =>
      networkError(failed('ECONNRESET', extra), 1000, (headers) => headers['x-request-id']);
    expect(fault({ requestSent: true }).unanswered).toBe(true);
    expect(fault({ requestSent: false }).unanswered).toBe(false);
    const cut = fault({
      requestSent: true,
      partialResponse: { status: 503, headers: { 'x-request-id': 'rid-1' } },
    });
    // The request id is read where the call's protocol says it is.
    expect(cut).toMatchObject({ unanswered: false, status: 503, requestId: 'rid-1' });
    expect(
      networkError(
        failed('ECONNRESET', {
          partialResponse: { status: 503, headers: { 'x-request-id': 'rid-1' } },
        }),
        1000,
      ).requestId,
    ).toBeUndefined();
  });
});
