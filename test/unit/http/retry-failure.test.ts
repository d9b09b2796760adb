// retry-failure: seconds as the texts write them, and retryFailure's wording for each way a retried call stops.
import { BACKOFF } from '../../../src/common/tunables.js';
import { describe, expect, it } from 'vitest';
import type { CallError } from '../../../src/http/call-error.js';
import { seconds } from '../../../src/common/failure.js';
import type { FailedCall } from '../../../src/http/retry.js';
import { retryFailure } from '../../../src/http/retry-failure.js';

const err = (over: Partial<CallError> = {}): CallError => ({
  name: 'ServiceUnavailable',
  message: 'Try again later.',
  status: 503,
  retryClass: 'transient',
  ...over,
});
const throttled = err({
  name: 'ThrottlingException',
  message: 'Rate exceeded',
  status: 429,
  retryClass: 'throttling',
  requestId: 'rid-9',
});
const outcome = (
  stop: FailedCall['stop'],
  error: CallError,
  attempts = 3,
  elapsedMs = 4200,
): FailedCall => ({ ok: false, error, attempts, elapsedMs, stop });

const adviceCalls: CallError[] = [];
const advice = (error: CallError) => {
  adviceCalls.push(error);
  return `Advice for ${error.name}.`;
};
const fail = (o: FailedCall, service = 'Partner Central', timeoutMs = 300_000) =>
  retryFailure(o, service, timeoutMs, advice);

describe('seconds', () => {
  it.each([
    [0, '0.0 s'],
    [40, '0.0 s'],
    [1234, '1.2 s'],
    [4200, '4.2 s'],
    [300_000, '300.0 s'],
  ])('writes %d ms as %s', (ms, text) => {
    expect(seconds(ms)).toBe(text);
  });
});

describe('retryFailure', () => {
  it('keeps the error name and message as the code and message, whatever the stop', () => {
    for (const stop of ['deadline', 'attempts', 'client', 'cancelled'] as const)
      expect(fail(outcome(stop, throttled)), stop).toMatchObject({
        code: 'ThrottlingException',
        message: 'Rate exceeded',
      });
  });

  describe('the deadline', () => {
    it('says timeout-seconds ran out, after how many attempts and how long, and what the last one got', () => {
      const f = fail(outcome('deadline', err({ message: 'Try again later' }), 7, 299_900));
      expect(f.title).toBe('Timed out: ServiceUnavailable');
      expect(f.text).toBe(
        'timeout-seconds (300) ran out after 7 attempts in 299.9 s; the last attempt failed with ' +
          'ServiceUnavailable (HTTP 503): Try again later. ' +
          'Raise timeout-seconds, or re-run the job if the service was unavailable.',
      );
    });

    it('blames throttling, naming the service, when the last attempt was throttled', () => {
      const f = fail(outcome('deadline', throttled, 1, 60_000), 'STS', 60_000);
      expect(f.title).toBe('Timed out: ThrottlingException');
      expect(f.text).toBe(
        'timeout-seconds (60) ran out after 1 attempt in 60.0 s; the last attempt failed with ' +
          'ThrottlingException (HTTP 429): Rate exceeded (request id rid-9). ' +
          'STS throttled every attempt: spread parallel jobs out (strategy.max-parallel) or raise timeout-seconds.',
      );
    });

    it('knows throttling by its class, not its status: STS throttles with HTTP 400', () => {
      const sts = err({
        name: 'Throttling',
        message: 'Rate exceeded',
        status: 400,
        retryClass: 'throttling',
      });
      expect(fail(outcome('deadline', sts), 'STS').text).toMatch(/STS throttled every attempt/);
      expect(fail(outcome('attempts', sts), 'STS').text).toMatch(/Set max-attempts to auto/);
      const overloaded = err({ status: 429, retryClass: 'transient' });
      expect(fail(outcome('deadline', overloaded)).text).not.toMatch(/throttled/);
    });

    it('writes a fractional timeout as given', () => {
      expect(fail(outcome('deadline', err()), 'STS', 5_500).text).toMatch(
        /^timeout-seconds \(5\.5\) ran out/,
      );
    });
  });

  describe('out of attempts', () => {
    it('says who answered the last attempt, and that the faults are usually brief', () => {
      const f = fail(outcome('attempts', err({ requestId: 'rid-1' }), 5, 12_340));
      expect(f.title).toBe('ServiceUnavailable: gave up after 5 attempts');
      expect(f.text).toBe(
        'Gave up after 5 attempts in 12.3 s; Partner Central answered the last with ' +
          'ServiceUnavailable (HTTP 503): Try again later (request id rid-1). ' +
          'These faults are usually brief: re-run the job; if they persist, check the AWS Health Dashboard. ' +
          'Raising max-attempts or timeout-seconds rides out longer outages.',
      );
    });

    it('never says the service answered an attempt that got no reply', () => {
      const reset = err({
        name: 'ECONNRESET',
        message: 'network error: socket hang up',
        status: undefined,
        unanswered: true,
      });
      const f = fail(outcome('attempts', reset, 1, 100));
      expect(f.title).toBe('ECONNRESET: gave up after 1 attempt');
      expect(f.text).toMatch(
        /^Gave up after 1 attempt in 0\.1 s; the last got no reply from Partner Central \(ECONNRESET: network error: socket hang up\)\. These faults/,
      );
      expect(f.text).not.toContain('answered');
    });

    it('never says a request that never reached the service was answered or unanswered', () => {
      const refused = err({
        name: 'ECONNREFUSED',
        message: 'network error: connect ECONNREFUSED 127.0.0.1:9',
        status: undefined,
        unanswered: false,
      });
      const f = fail(outcome('attempts', refused, 5, 2_000));
      expect(f.text).toMatch(
        /^Gave up after 5 attempts in 2\.0 s; the last did not reach Partner Central \(ECONNREFUSED: network error: connect ECONNREFUSED 127\.0\.0\.1:9\)\. These faults/,
      );
      expect(f.text).not.toContain('answered');
      expect(f.text).not.toContain('no reply');
    });

    it('points throttling at max-attempts auto and max-parallel', () => {
      const f = fail(outcome('attempts', throttled));
      expect(f.text).toBe(
        'Gave up after 3 attempts in 4.2 s; Partner Central answered the last with ' +
          'ThrottlingException (HTTP 429): Rate exceeded (request id rid-9). ' +
          'Set max-attempts to auto (the default: retries until timeout-seconds) or higher, or spread parallel jobs out (strategy.max-parallel).',
      );
    });

    it('throttling that used up max-attempts auto is not told to set max-attempts to auto', () => {
      const f = retryFailure(
        outcome('attempts', throttled, BACKOFF.autoAttemptCeiling, 222_300),
        'Partner Central',
        300_000,
        () => '',
        'auto',
      );
      expect(f.text).not.toContain('Set max-attempts');
      expect(f.text).toContain(
        `That is the most max-attempts auto makes (${BACKOFF.autoAttemptCeiling}): spread parallel jobs out`,
      );
    });
  });

  describe('an error that is not retried', () => {
    it('gives what the service answered, then its advice, asked once about that error', () => {
      adviceCalls.length = 0;
      const denied = err({
        name: 'AccessDeniedException',
        message: 'not authorized.',
        status: 403,
        retryClass: 'client',
        requestId: 'rid-3',
      });
      const f = fail(outcome('client', denied, 1, 80));
      expect(f.title).toBe('AccessDeniedException');
      expect(f.text).toBe(
        'Partner Central answered AccessDeniedException (HTTP 403): not authorized (request id rid-3). Advice for AccessDeniedException.',
      );
      expect(adviceCalls).toEqual([denied]);
    });

    it('says when no answer came', () => {
      const f = fail(
        outcome(
          'client',
          err({ name: 'CERT_HAS_EXPIRED', message: 'certificate has expired', status: undefined }),
        ),
        'STS',
      );
      expect(f.text).toBe(
        'STS gave no answer: CERT_HAS_EXPIRED: certificate has expired. Advice for CERT_HAS_EXPIRED.',
      );
    });

    it('words a cancel the same way, with the advice', () => {
      const cancelled = err({
        name: 'Cancelled',
        message: 'the step was cancelled',
        status: undefined,
      });
      const f = fail(outcome('cancelled', cancelled, 2));
      expect(f.title).toBe('Cancelled');
      expect(f.text).toBe(
        'Partner Central gave no answer: Cancelled: the step was cancelled. Advice for Cancelled.',
      );
    });

    it('asks for no advice when retrying stopped for time or attempts', () => {
      adviceCalls.length = 0;
      fail(outcome('deadline', throttled));
      fail(outcome('attempts', throttled));
      expect(adviceCalls).toEqual([]);
    });
  });

  it('sets no level: the annotation shows an error', () => {
    for (const stop of ['deadline', 'attempts', 'client'] as const)
      expect(fail(outcome(stop, throttled)), stop).not.toHaveProperty('level');
  });
});
