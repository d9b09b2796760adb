// The kinds of a failed call (cancelled, timed out, redirected, unreachable) and how a thrown fault reads as one.
import { describe, expect, it } from 'vitest';
import {
  CANCELLED,
  errorOfKind,
  gotNoStatus,
  isCancelled,
  isRedirect,
  isTimedOut,
  isUnreachable,
  TIMED_OUT,
} from '../../../src/http/error-kinds.js';
import { faultOf } from '../../../src/http/transport.js';

describe('error kinds', () => {
  it('names a cancel and a timeout as the outputs show them', () => {
    expect(CANCELLED).toBe('Cancelled');
    expect(TIMED_OUT).toBe('TimeoutError');
  });
  it('builds a thrown fault of a kind that the predicates and networkError read back', () => {
    const cancelled = errorOfKind(CANCELLED, 'the step was cancelled');
    expect(cancelled).toBeInstanceOf(Error);
    expect(cancelled.message).toBe('the step was cancelled');
    expect(isCancelled(cancelled)).toBe(true);
    expect(isTimedOut(cancelled)).toBe(false);
    expect(faultOf(cancelled).kind).toBe('cancelled');
    const late = errorOfKind(TIMED_OUT, 'no credentials within 5 ms');
    expect(isTimedOut(late)).toBe(true);
    expect(isCancelled(late)).toBe(false);
    expect(faultOf(late)).toMatchObject({ kind: 'timed-out', requestSent: true });
  });
  it('reads anything thrown without failing', () => {
    expect(isCancelled(undefined)).toBe(false);
    expect(isTimedOut(null)).toBe(false);
    expect(isTimedOut({})).toBe(false);
    expect(isCancelled({ name: 'cancelled' })).toBe(false);
  });
  it('a redirect is a 3xx status, nothing else', () => {
    expect(isRedirect({ status: 301 })).toBe(true);
    expect(isRedirect({ status: 307 })).toBe(true);
    expect(isRedirect({ status: 300 })).toBe(true);
    expect(isRedirect({ status: 399 })).toBe(true);
    expect(isRedirect({ status: 400 })).toBe(false);
    expect(isRedirect({ status: 299 })).toBe(false);
    expect(isRedirect({})).toBe(false);
  });
  it('no status is no answer; unreachable is no answer that another attempt would not change', () => {
    expect(gotNoStatus({})).toBe(true);
    expect(gotNoStatus({ status: 0 })).toBe(true);
    expect(gotNoStatus({ status: 503 })).toBe(false);
    expect(isUnreachable({ name: 'CERT_HAS_EXPIRED', retryClass: 'client' })).toBe(true);
    expect(isUnreachable({ name: 'ECONNRESET', retryClass: 'transient' })).toBe(false);
    expect(isUnreachable({ name: 'TimeoutError', retryClass: 'transient' })).toBe(false);
    expect(
      isUnreachable({ name: 'AccessDeniedException', status: 403, retryClass: 'client' }),
    ).toBe(false);
  });
});
