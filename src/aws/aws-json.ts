// The awsJson1_0 protocol: builds and signs (SigV4) a request for one Partner Central operation, and reads its error reply.
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import {
  errorNameFrom,
  requestIdFrom,
  statusErrorName,
  statusText,
  type CallError,
  type FieldError,
} from '../http/call-error.js';
import type { Credentials } from './credentials.js';
import { awsRetryClass, isClockSkewError } from './error-names.js';
import { asciiLower, safeLine } from '../common/safe-text.js';
import { REPLY_LIMITS } from '../common/tunables.js';
import type { WireFormat } from '../http/send-with-retry.js';
import type { HttpResponse } from '../http/transport.js';

export const SIGNING_NAME = 'partnercentral-selling';
export const TARGET_PREFIX = 'AWSPartnerCentralSelling';
const JSON_CONTENT_TYPE = 'application/x-amz-json-1.0';

interface SignedRequest {
  url: URL;
  method: 'POST';
  /** Lower-case names; includes `authorization`, which must never be logged. */
  headers: Record<string, string>;
  body: string;
}

interface JsonCall {
  endpoint: URL;
  region: string;
  operation: string;
  payload: Record<string, unknown>;
  credentials: Credentials;
  signingTime: Date;
}

export async function signJsonRequest(call: JsonCall): Promise<SignedRequest> {
  const body = JSON.stringify(call.payload);
  const url = new URL(call.endpoint.href);
  const headers: Record<string, string> = {
    host: url.host,
    'content-type': JSON_CONTENT_TYPE,
    'content-length': String(Buffer.byteLength(body)),
    'x-amz-target': `${TARGET_PREFIX}.${call.operation}`,
  };
  const signer = new SignatureV4({
    credentials: call.credentials,
    region: call.region,
    service: SIGNING_NAME,
    sha256: Sha256,
    uriEscapePath: true,
  });
  const signed = await signer.sign(
    {
      method: 'POST',
      protocol: url.protocol,
      hostname: url.hostname,
      port: url.port ? Number(url.port) : undefined,
      path: url.pathname || '/',
      query: {},
      headers,
      body,
    },
    { signingDate: call.signingTime },
  );
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(signed.headers)) out[name.toLowerCase()] = value;
  return { url, method: 'POST', headers: out, body };
}

/** Header names whose values are secret or a signature: never printed, even in debug mode. */
export const SECRET_HEADERS: ReadonlySet<string> = new Set([
  'authorization',
  'x-amz-security-token',
]);

/** AWS's request id header (transports lower-case header names). */
export function awsRequestId(headers: Record<string, string | undefined>): string | undefined {
  return requestIdFrom(headers['x-amzn-requestid']);
}

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

/** The first REPLY_LIMITS.fieldErrors entries of an ErrorList, and how many more there were. */
function fieldErrors(
  obj: Record<string, unknown> | undefined,
): { kept: FieldError[]; omitted: number } | undefined {
  const list = obj?.ErrorList ?? obj?.errorList;
  if (!Array.isArray(list)) return undefined;
  const kept: FieldError[] = [];
  let omitted = 0;
  for (const e of list) {
    if (!e || typeof e !== 'object') continue;
    if (kept.length >= REPLY_LIMITS.fieldErrors) {
      omitted += 1;
      continue;
    }
    const entry = e as Record<string, unknown>;
    kept.push({
      fieldName: typeof entry.FieldName === 'string' ? safeLine(entry.FieldName, 200) : undefined,
      code: typeof entry.Code === 'string' ? safeLine(entry.Code, 100) : undefined,
      message: typeof entry.Message === 'string' ? safeLine(entry.Message, 500) : undefined,
    });
  }
  return { kept, omitted };
}

/**
 * A short readable excerpt of a non-JSON body (an HTML page from a load balancer): its head only, tags and
 * script or style blocks skipped by one forward scan (a pattern that backtracks froze the step on a body of
 * `<` repeated).
 */
export function bodyExcerpt(body: string): string {
  const head = body.slice(0, REPLY_LIMITS.excerptScanChars);
  const lower = asciiLower(head);
  let text = '';
  let at = 0;
  while (at < head.length && text.length < REPLY_LIMITS.excerptChars * 2) {
    const open = head.indexOf('<', at);
    text += ` ${head.slice(at, open < 0 ? head.length : open)}`;
    if (open < 0) break;
    const close = head.indexOf('>', open + 1);
    if (close < 0) break;
    at = close + 1;
    for (const block of ['script', 'style']) {
      if (!lower.startsWith(block, open + 1)) continue;
      const end = lower.indexOf(`</${block}`, at);
      const after = end < 0 ? -1 : head.indexOf('>', end);
      at = after < 0 ? head.length : after + 1;
    }
  }
  return safeLine(text.replace(/\s+/g, ' '), REPLY_LIMITS.excerptChars);
}

/** awsJson1_0 error: name from x-amzn-ErrorType, then a `code` member, then `__type`; cleaned. */
export function parseErrorResponse(res: HttpResponse): CallError {
  const json = parseJsonObject(res.body);
  // The first of the three places that holds a well-formed name: a header made unreadable (a quoted secret
  // scrubbed out of it, a command) does not hide a clean __type.
  const named = [
    res.headers['x-amzn-errortype'],
    stringMember(json, 'code'),
    stringMember(json, '__type'),
  ].map((raw) => errorNameFrom(raw && cleanErrorName(raw)));
  const name = named.find((n) => n !== undefined) ?? statusErrorName(res.status);
  const requestId = requestIdFrom(
    res.headers['x-amzn-requestid'] ?? res.headers['x-amz-request-id'],
  );
  const status = statusText(res.status);
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
    ...(requestId ? { requestId } : {}),
    ...(reason ? { reason: safeLine(reason, 200) } : {}),
    ...(errors ? { fieldErrors: errors.kept } : {}),
    ...(errors?.omitted ? { fieldErrorsOmitted: errors.omitted } : {}),
    retryClass: awsRetryClass(name, res.status, message),
  };
}

/** The awsJson1_0 protocol as the retrying sender needs it. */
export const AWS_JSON: WireFormat = {
  parseError: parseErrorResponse,
  requestId: awsRequestId,
  secretHeaders: SECRET_HEADERS,
  mayBeClockSkew: isClockSkewError,
};
