// Turns a failed response or a network fault into a CallError: its name, message, request id and retry class.
import { STATUS_CODES } from 'node:http';
import { isThrottlingError, isTransientError } from '@smithy/core/retry';
import { safeLine } from './safe-text.js';

export interface HttpResponse {
  status: number;
  /** Header names in lower case. */
  headers: Record<string, string | undefined>;
  body: string;
}

export interface FieldError {
  fieldName?: string;
  code?: string;
  message?: string;
}

export type RetryClass = 'throttling' | 'transient' | 'client';

export interface CallError {
  /** The service's error name, a network error code (ECONNRESET) or TimeoutError. */
  name: string;
  /** Safe for a log line: one line, no control characters, capped. */
  message: string;
  status?: number;
  requestId?: string;
  /** ValidationException and AccessDeniedException carry a Reason. */
  reason?: string;
  fieldErrors?: FieldError[];
  retryClass: RetryClass;
}

/**
 * Server-side faults that carry a name but may not carry a 5xx status (the API reference lists every
 * error as HTTP 400); the name decides first, as partnercentral-api.md says.
 */
const SERVER_FAULT_NAMES = new Set([
  'InternalServerException',
  'InternalFailure',
  'InternalServerError',
  'ServiceUnavailable',
  'ServiceUnavailableException',
]);

/** `aws.protocoltests#FooError:http://internal` reads as `FooError`. */
export function cleanErrorName(raw: string): string {
  const beforeColon = raw.split(':')[0] ?? '';
  const afterHash = beforeColon.includes('#')
    ? beforeColon.slice(beforeColon.lastIndexOf('#') + 1)
    : beforeColon;
  return afterHash.trim();
}

function parseJsonObject(body: string): Record<string, unknown> | undefined {
  if (!body.trim().startsWith('{')) return undefined;
  try {
    const parsed: unknown = JSON.parse(body);
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

function stringMember(
  obj: Record<string, unknown> | undefined,
  ...names: string[]
): string | undefined {
  if (!obj) return undefined;
  for (const key of Object.keys(obj)) {
    if (names.includes(key.toLowerCase()) && typeof obj[key] === 'string') return obj[key];
  }
  return undefined;
}

function fieldErrors(obj: Record<string, unknown> | undefined): FieldError[] | undefined {
  const list = obj?.ErrorList ?? obj?.errorList;
  if (!Array.isArray(list)) return undefined;
  return list
    .filter((e): e is Record<string, unknown> => Boolean(e) && typeof e === 'object')
    .map((e) => ({
      fieldName: typeof e.FieldName === 'string' ? safeLine(e.FieldName, 200) : undefined,
      code: typeof e.Code === 'string' ? safeLine(e.Code, 100) : undefined,
      message: typeof e.Message === 'string' ? safeLine(e.Message, 500) : undefined,
    }));
}

/** A short readable excerpt of a non-JSON body (an HTML page from a load balancer). */
function bodyExcerpt(body: string): string {
  const text = body
    .replace(/<(script|style)[^>]*>[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<[^>]*>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return safeLine(text, 200);
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

export function classify(
  name: string,
  status: number | undefined,
  message = '',
  code?: string,
): RetryClass {
  if (SERVER_FAULT_NAMES.has(name)) return 'transient';
  const sdkShape = { name, message, code, $metadata: { httpStatusCode: status } };
  if (isThrottlingError(sdkShape)) return 'throttling';
  if (isTransientError(sdkShape)) return 'transient';
  return 'client';
}

/** awsJson1_0 error: name from x-amzn-ErrorType, then a `code` member, then `__type`; cleaned. */
export function parseErrorResponse(res: HttpResponse): CallError {
  const json = parseJsonObject(res.body);
  const rawName =
    res.headers['x-amzn-errortype'] ?? stringMember(json, 'code') ?? stringMember(json, '__type');
  const requestId = res.headers['x-amzn-requestid'] ?? res.headers['x-amz-request-id'];
  const status = statusText(res.status);
  const name = safeLine((rawName && cleanErrorName(rawName)) || statusErrorName(res.status), 100);
  let message = stringMember(json, 'message');
  if (message === undefined) {
    const type = res.headers['content-type'] ?? 'no content type';
    message = res.body.trim()
      ? `HTTP ${res.status} ${status} with a ${json ? 'JSON' : 'non-JSON'} body (${type})${json ? '' : `: ${bodyExcerpt(res.body)}`}`
      : `HTTP ${res.status} ${status} with an empty body`;
  }
  const reason = stringMember(json, 'reason');
  const errors = fieldErrors(json);
  return {
    name,
    message: safeLine(message, 1000),
    status: res.status,
    ...(requestId ? { requestId: safeLine(requestId, 200) } : {}),
    ...(reason ? { reason: safeLine(reason, 200) } : {}),
    ...(errors ? { fieldErrors: errors } : {}),
    retryClass: classify(name, res.status, message),
  };
}

const EXTRA_TRANSIENT_CODES = new Set([
  'ECONNABORTED',
  'ENETDOWN',
  'EHOSTDOWN',
  'ERR_STREAM_PREMATURE_CLOSE',
  'ResponseTruncated',
  'NetworkError',
]);

/** A fault below HTTP: a refused or reset connection, a DNS failure, a timeout, a body cut short. */
export function networkError(err: unknown, attemptTimeoutMs: number): CallError {
  const e = err as { name?: string; code?: string; message?: string } | undefined;
  if (e?.name === 'Cancelled')
    return {
      name: 'Cancelled',
      message: 'the step was cancelled before the reply came',
      retryClass: 'client',
    };
  if (e?.name === 'TimeoutError' || e?.code === 'ETIMEDOUT' || e?.name === 'AbortError') {
    return {
      name: 'TimeoutError',
      message: `no complete response within ${(attemptTimeoutMs / 1000).toFixed(1)} s`,
      retryClass: 'transient',
    };
  }
  const code =
    typeof e?.code === 'string' && /^[A-Za-z][A-Za-z0-9_]{1,63}$/.test(e.code) ? e.code : undefined;
  const name = code ?? 'NetworkError';
  const message = safeLine(`network error: ${e?.message ?? String(err)}`, 500);
  // The SDK's list (ECONNRESET, ECONNREFUSED, EPIPE, ETIMEDOUT, EHOSTUNREACH, ENETUNREACH, ENOTFOUND,
  // EAI_AGAIN) plus faults it never sees because its own handler names them differently. TLS and
  // certificate failures are not among them: another attempt would fail the same way.
  const retryClass =
    EXTRA_TRANSIENT_CODES.has(name) || classify(name, undefined, message, code) === 'transient'
      ? 'transient'
      : 'client';
  return { name, message, retryClass };
}
