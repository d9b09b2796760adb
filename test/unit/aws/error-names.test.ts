import { isClockSkewError as sdkIsClockSkewError } from '@smithy/core/retry';
import { describe, expect, it } from 'vitest';
import type { CallError } from '../../../src/http/call-error.js';
import { AWS_JSON } from '../../../src/aws/aws-json.js';
import {
  awsRetryClass,
  CLOCK_SKEW_ERROR_NAMES,
  credentialRejection,
  isAccessDenied,
  isClockSkewError,
  isCredentialsRejected,
  isNotFound,
} from '../../../src/aws/error-names.js';

const named = (name: string): CallError => ({ name, message: '', retryClass: 'client' });

describe('awsRetryClass', () => {
  it.each([
    'InternalServerException',
    'InternalFailure',
    'InternalServerError',
    'ServiceUnavailable',
    'ServiceUnavailableException',
  ])('%s is a server fault, retried even when it comes as HTTP 400', (name) => {
    expect(awsRetryClass(name, 400)).toBe('transient');
  });
  it("leaves every other name to the SDK's classes", () => {
    expect(awsRetryClass('ThrottlingException', 400)).toBe('throttling');
    expect(awsRetryClass('Whatever', 429)).toBe('throttling');
    expect(awsRetryClass('RequestTimeoutException', 400)).toBe('transient');
    expect(awsRetryClass('Whatever', 503)).toBe('transient');
    expect(awsRetryClass('AccessDeniedException', 403)).toBe('client');
    expect(awsRetryClass('ValidationException', 400, 'bad')).toBe('client');
  });
});

describe('isClockSkewError', () => {
  it("names the SDK's clock-skew errors, no more and no fewer", () => {
    const names = [
      ...CLOCK_SKEW_ERROR_NAMES,
      'ThrottlingException',
      'ValidationException',
      'ExpiredTokenException',
      'InvalidClientTokenId',
      'TimeoutError',
    ];
    for (const name of names) {
      const error: CallError = { name, message: '', retryClass: 'client' };
      expect(isClockSkewError(error), name).toBe(
        sdkIsClockSkewError({ name, message: '', $metadata: {} }),
      );
    }
    expect(CLOCK_SKEW_ERROR_NAMES.size).toBe(7);
  });
  it('is what the awsJson1_0 wire format hands the retry policy', () => {
    expect(AWS_JSON.mayBeClockSkew).toBe(isClockSkewError);
  });
});

describe('credentialRejection: the credentials themselves were rejected, and why', () => {
  it.each([
    ['UnrecognizedClientException', 'unknown-key'],
    ['InvalidClientTokenId', 'unknown-key'],
    ['InvalidSignatureException', 'bad-signature'],
    ['SignatureDoesNotMatch', 'bad-signature'],
    ['ExpiredTokenException', 'expired'],
    ['ExpiredToken', 'expired'],
    ['RequestExpired', 'expired'],
    ['IncompleteSignature', 'incomplete-signature'],
    ['MissingAuthenticationToken', 'incomplete-signature'],
  ])('%s: %s', (name, kind) => {
    expect(credentialRejection(named(name))).toBe(kind);
    expect(isCredentialsRejected(named(name))).toBe(true);
  });
  it.each([
    'AccessDeniedException',
    'ThrottlingException',
    'ResourceNotFoundException',
    'TimeoutError',
    'Cancelled',
    'ECONNRESET',
    'constructor',
    '',
  ])('%s is not a rejection of the credentials', (name) => {
    expect(credentialRejection(named(name))).toBeUndefined();
    expect(isCredentialsRejected(named(name))).toBe(false);
  });
});

describe('isAccessDenied, isNotFound', () => {
  it('match their one name exactly', () => {
    expect(isAccessDenied(named('AccessDeniedException'))).toBe(true);
    expect(isAccessDenied(named('AccessDenied'))).toBe(false);
    expect(isNotFound(named('ResourceNotFoundException'))).toBe(true);
    expect(isNotFound(named('NotFound'))).toBe(false);
  });
});
