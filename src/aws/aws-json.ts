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
import { safeLine } from '../common/safe-text.js';
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

/** awsJson1_0 error: name from x-amzn-ErrorType, then a `code` member, then `__type`; cleaned. */
export function parseErrorResponse(res: HttpResponse): CallError {
  const json = parseJsonObject(res.body);
  const rawName =
    res.headers['x-amzn-errortype'] ?? stringMember(json, 'code') ?? stringMember(json, '__type');
  const requestId = requestIdFrom(
    res.headers['x-amzn-requestid'] ?? res.headers['x-amz-request-id'],
  );
  const status = statusText(res.status);
  const name = errorNameFrom(rawName && cleanErrorName(rawName)) ?? statusErrorName(res.status);
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
    ...(errors ? { fieldErrors: errors } : {}),
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
