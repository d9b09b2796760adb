import { describe, expect, it } from 'vitest';
import { networkError, sdkRetryClass } from '../../../src/http/call-error.js';

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
  it('retries connection faults, not TLS failures', () => {
    expect(networkError(Object.assign(new Error('x'), { code: 'ECONNRESET' }), 1000)).toMatchObject(
      { name: 'ECONNRESET', retryClass: 'transient' },
    );
    expect(
      networkError(Object.assign(new Error('x'), { code: 'EAI_AGAIN' }), 1000).retryClass,
    ).toBe('transient');
    expect(
      networkError(Object.assign(new Error('cut'), { code: 'ResponseTruncated' }), 1000).retryClass,
    ).toBe('transient');
    expect(
      networkError(Object.assign(new Error('x'), { code: 'CERT_HAS_EXPIRED' }), 1000).retryClass,
    ).toBe('client');
    expect(networkError('weird', 1000)).toMatchObject({
      name: 'NetworkError',
      retryClass: 'transient',
    });
  });
  it('names timeouts TimeoutError with the attempt timeout', () => {
    const err = Object.assign(new Error('slow'), { name: 'TimeoutError' });
    expect(networkError(err, 2500)).toEqual({
      name: 'TimeoutError',
      message: 'no complete response within 2.5 s',
      retryClass: 'transient',
      unanswered: true,
    });
  });

  it('names a cancel Cancelled, not retried, and unanswered unless the transport says it was not sent', () => {
    const cancel = Object.assign(new Error('abandoned'), { name: 'Cancelled' });
    expect(networkError(cancel, 1000)).toEqual({
      name: 'Cancelled',
      message: 'the step was cancelled before the reply came',
      retryClass: 'client',
      unanswered: true,
    });
    expect(
      networkError({ ...cancel, name: 'Cancelled', requestSent: false }, 1000).unanswered,
    ).toBe(false);
  });

  it('says a fault is unanswered only when the request went out whole and no status came', () => {
    const fault = (props: object) =>
      networkError(
        Object.assign(new Error('x'), { code: 'ECONNRESET' }, props),
        1000,
        (headers) => headers['x-request-id'],
      );
    expect(fault({ requestSent: true }).unanswered).toBe(true);
    expect(fault({ requestSent: false }).unanswered).toBe(false);
    // A transport that does not say: a reset is taken as not sent, a timeout as maybe received.
    expect(fault({}).unanswered).toBe(false);
    const cut = fault({
      requestSent: true,
      partialResponse: { status: 503, headers: { 'x-request-id': 'rid-1' } },
    });
    // The request id is read where the call's protocol says it is.
    expect(cut).toMatchObject({ unanswered: false, status: 503, requestId: 'rid-1' });
    expect(
      networkError(
        Object.assign(new Error('x'), {
          partialResponse: { status: 503, headers: { 'x-request-id': 'rid-1' } },
        }),
        1000,
      ).requestId,
    ).toBeUndefined();
  });
});
