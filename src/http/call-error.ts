// CallError, what every failed attempt becomes: its name, message, request id and retry class (the SDK's
// classification, @smithy/core/retry); a transport's fault read as one; status names.
import { STATUS_CODES } from 'node:http';
import { isThrottlingError, isTransientError } from '@smithy/core/retry';
import { safeLine } from '../common/safe-text.js';
import { CANCELLED, TIMED_OUT, type RetryClass } from './error-kinds.js';
import type { TransportFault } from './transport.js';

export interface FieldError {
  fieldName?: string;
  code?: string;
  message?: string;
}

export interface CallError {
  /** The service's error name, a network error code (ECONNRESET), TimeoutError or Cancelled. */
  name: string;
  /** Safe for a log line: one line, no control characters, capped. */
  message: string;
  status?: number;
  requestId?: string;
  /** ValidationException and AccessDeniedException carry a Reason. */
  reason?: string;
  /** The first entries of a ValidationException's ErrorList (REPLY_LIMITS.fieldErrors). */
  fieldErrors?: FieldError[];
  /** How many more entries the ErrorList had. */
  fieldErrorsOmitted?: number;
  retryClass: RetryClass;
  /**
   * The whole request went out and no status came back (reset, timeout, abandoned on cancel): the service
   * may have acted on it. A status line that arrived before the body broke off is an answer (`status`).
   */
  unanswered?: boolean;
}

/**
 * A reply's request id, held to the alphabet services document for it where it enters (AWS: a UUID or upper-case
 * letters and digits; GitHub's x-github-request-id: hex groups joined by `:`). Anything else is no request id: it
 * could carry a workflow command or a quoted secret into request-id and every line that names it.
 */
export function requestIdFrom(raw: string | undefined): string | undefined {
  const id = raw?.trim();
  return id && /^[A-Za-z0-9][A-Za-z0-9:-]{0,127}$/.test(id) ? id : undefined;
}

/** An error name as services spell it (ThrottlingException, InvalidIdentityToken, ECONNRESET), or undefined. */
export function errorNameFrom(raw: string | undefined): string | undefined {
  const name = raw?.trim();
  return name && /^[A-Za-z][A-Za-z0-9_.]{0,99}$/.test(name) ? name : undefined;
}

/** HTTP 503 -> "Service Unavailable"; an unknown status -> "HTTP 599". */
export function statusText(status: number): string {
  return STATUS_CODES[status] ?? `HTTP ${status}`;
}

/** An error name for a reply that names none: its status in PascalCase (503 -> ServiceUnavailable). */
export function statusErrorName(status: number): string {
  return statusText(status)
    .replace(/[^A-Za-z0-9 ]/g, '')
    .replace(/(^|\s+)(\w)/g, (_, _s: string, c: string) => c.toUpperCase());
}

/**
 * The SDK's retry classes (@smithy/core/retry): throttling by name or HTTP 429; transient by name, network
 * error code or HTTP 500/502/503/504; the rest the client's. A protocol adds its own names (aws/error-names.ts).
 */
export function sdkRetryClass(
  name: string,
  status: number | undefined,
  message = '',
  code?: string,
): RetryClass {
  const sdkShape = { name, message, code, $metadata: { httpStatusCode: status } };
  if (isThrottlingError(sdkShape)) return 'throttling';
  if (isTransientError(sdkShape)) return 'transient';
  return 'client';
}

const EXTRA_TRANSIENT_CODES = new Set([
  'ECONNABORTED',
  'ENETDOWN',
  'EHOSTDOWN',
  'ERR_STREAM_PREMATURE_CLOSE',
  'ResponseTruncated',
  'NetworkError',
]);

/** Where a protocol keeps a reply's request id (x-amzn-RequestId for AWS). */
type RequestIdOf = (headers: Record<string, string | undefined>) => string | undefined;

/**
 * A transport's fault as a failed attempt: cancelled, timed out, or a fault below HTTP (a refused or reset
 * connection, a DNS failure, a body cut short). It is unanswered when the whole request went out and no status
 * line came back: the service may have acted on it.
 */
export function networkError(
  fault: TransportFault,
  attemptTimeoutMs: number,
  requestIdOf: RequestIdOf = () => undefined,
): CallError {
  const answer = partialAnswer(fault, requestIdOf);
  const unanswered = fault.requestSent && !fault.partialResponse;
  if (fault.kind === 'cancelled')
    return {
      name: CANCELLED,
      message: 'the step was cancelled before the reply came',
      retryClass: 'client',
      ...answer,
      unanswered,
    };
  if (fault.kind === 'timed-out')
    return {
      name: TIMED_OUT,
      message: `no complete response within ${(attemptTimeoutMs / 1000).toFixed(1)} s`,
      retryClass: 'transient',
      ...answer,
      unanswered,
    };
  const name = fault.code ?? 'NetworkError';
  const message = safeLine(`network error: ${fault.message}`, 500);
  // The SDK's list (ECONNRESET, ECONNREFUSED, EPIPE, ETIMEDOUT, EHOSTUNREACH, ENETUNREACH, ENOTFOUND,
  // EAI_AGAIN) plus faults it never sees because its own handler names them differently. TLS and
  // certificate failures are not among them: another attempt would fail the same way.
  const retryClass =
    EXTRA_TRANSIENT_CODES.has(name) ||
    sdkRetryClass(name, undefined, message, fault.code) === 'transient'
      ? 'transient'
      : 'client';
  return { name, message, retryClass, ...answer, unanswered };
}

/** The status and request id of a reply whose body broke off. */
function partialAnswer(
  fault: TransportFault,
  requestIdOf: RequestIdOf,
): Pick<CallError, 'status' | 'requestId'> {
  const head = fault.partialResponse;
  if (!head) return {};
  const requestId = requestIdFrom(requestIdOf(head.headers));
  return { status: head.status, ...(requestId ? { requestId } : {}) };
}
