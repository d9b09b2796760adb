// STS AssumeRoleWithWebIdentity over the AWS query protocol: request, XML reply, XML error.
import {
  errorNameFrom,
  requestIdFrom,
  statusErrorName,
  statusText,
  type CallError,
} from '../http/call-error.js';
import { awsRequestId, SECRET_HEADERS } from './aws-json.js';
import type { Credentials } from './credentials.js';
import { awsRetryClass, isClockSkewError } from './error-names.js';
import type { CallOutcome, RetryPolicy } from '../http/retry.js';
import { safeLine } from '../common/safe-text.js';
import { sendWithRetry, type CallDeps, type WireFormat } from '../http/send-with-retry.js';
import type { HttpResponse } from '../http/transport.js';

export interface AssumedRole {
  credentials: Credentials;
  assumedRoleArn: string;
  accountId: string;
  expiration?: string;
  /** Expiration less the reply's own Date: how long the session lasts by STS's clock, whatever this runner's says. */
  lifetimeMs?: number;
}

interface AssumeRoleParams {
  roleArn: string;
  sessionName: string;
  durationSeconds: number;
  webIdentityToken: string;
}

export function assumeRoleBody(p: AssumeRoleParams): string {
  return new URLSearchParams({
    Action: 'AssumeRoleWithWebIdentity',
    Version: '2011-06-15',
    RoleArn: p.roleArn,
    RoleSessionName: p.sessionName,
    DurationSeconds: String(p.durationSeconds),
    WebIdentityToken: p.webIdentityToken,
  }).toString();
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/**
 * The text of the first <tag> element, found by forward scans (indexOf) only: a pattern that can backtrack
 * froze the step on a body of `<Code` repeated. A tag without its close is no value.
 */
export function xmlText(xml: string, tag: string): string | undefined {
  const open = `<${tag}`;
  for (let at = xml.indexOf(open); at >= 0; at = xml.indexOf(open, at + 1)) {
    const next = xml[at + open.length];
    if (next !== '>' && !(next && /\s/.test(next))) continue;
    const start = xml.indexOf('>', at + open.length);
    if (start < 0) return undefined;
    const end = xml.indexOf(`</${tag}>`, start + 1);
    if (end < 0) return undefined;
    const text = decodeEntities(xml.slice(start + 1, end).trim());
    return text || undefined;
  }
  return undefined;
}

/** XML's five entities and character references; a reference to no character (past U+10FFFF) stays as written. */
function decodeEntities(text: string): string {
  return text.replace(/&(amp|lt|gt|quot|apos|#\d{1,8}|#x[0-9a-f]{1,8});/gi, (whole, e: string) => {
    if (e[0] !== '#') return ENTITIES[e.toLowerCase()] ?? '';
    const code = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : Number(e.slice(1));
    return code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}

/** A secret key or session token: at least 16 visible characters, no white space. */
const CREDENTIAL_TEXT = /^[\x21-\x7e]{16,}$/;

/** arn:<partition>:sts::<12-digit account>:assumed-role/<role path and name>/<session name>. */
const ASSUMED_ROLE_ARN = /^arn:[a-z0-9-]{1,20}:sts::\d{12}:assumed-role\/[\w+=,.@/-]{1,1024}$/;

export function readAssumeRoleReply(res: HttpResponse): AssumedRole {
  const accessKeyId = xmlText(res.body, 'AccessKeyId');
  const secretAccessKey = xmlText(res.body, 'SecretAccessKey');
  const sessionToken = xmlText(res.body, 'SessionToken');
  const assumedRoleArn = xmlText(res.body, 'Arn');
  if (!accessKeyId || !secretAccessKey || !sessionToken || !assumedRoleArn)
    throw new Error('the STS reply has no Credentials or AssumedRoleUser');
  // The ARN reaches the log and the outputs: held to the shape IAM gives it (role and session name characters).
  if (!ASSUMED_ROLE_ARN.test(assumedRoleArn))
    throw new Error('the STS reply has an AssumedRoleUser Arn that is not an assumed-role ARN');
  // Each of these is registered with the runner's masking, which has no minimum: a reply could otherwise have
  // the runner hide every "e" in the job's log. Held to the shapes STS documents.
  if (
    !/^\w{16,128}$/.test(accessKeyId) ||
    !CREDENTIAL_TEXT.test(secretAccessKey) ||
    !CREDENTIAL_TEXT.test(sessionToken)
  )
    throw new Error('the STS reply has credentials that are not shaped as credentials');
  const expiration = xmlText(res.body, 'Expiration');
  const lifetimeMs = Date.parse(expiration ?? '') - Date.parse(res.headers.date ?? '');
  return {
    credentials: { accessKeyId, secretAccessKey, sessionToken },
    assumedRoleArn,
    accountId: assumedRoleArn.split(':')[4] ?? '',
    ...(expiration ? { expiration } : {}),
    ...(Number.isFinite(lifetimeMs) ? { lifetimeMs } : {}),
  };
}

/** Query-protocol errors: `<ErrorResponse><Error><Code/><Message/></Error><RequestId/></ErrorResponse>`. */
export function readStsError(res: HttpResponse): CallError {
  const code = xmlText(res.body, 'Code');
  const status = statusText(res.status);
  const name = errorNameFrom(code) ?? statusErrorName(res.status);
  const message = safeLine(
    xmlText(res.body, 'Message') ??
      (res.body.trim()
        ? `HTTP ${res.status} ${status} with a body that is not an STS error`
        : `HTTP ${res.status} ${status} with an empty body`),
    1000,
  );
  const requestId = requestIdFrom(
    res.headers['x-amzn-requestid'] ?? xmlText(res.body, 'RequestId'),
  );
  // The SDK retries IDPCommunicationError for this operation: the identity provider was briefly unreachable.
  const retryClass =
    name === 'IDPCommunicationError' ? 'transient' : awsRetryClass(name, res.status, message);
  return {
    name,
    message,
    status: res.status,
    ...(requestId ? { requestId } : {}),
    retryClass,
  };
}

/** STS's query protocol as the retrying sender needs it (the request carries no signature: a web identity call). */
const STS_QUERY: WireFormat = {
  parseError: readStsError,
  requestId: awsRequestId,
  secretHeaders: SECRET_HEADERS,
  mayBeClockSkew: isClockSkewError,
};

/**
 * The STS call under the retry policy. It needs no signature (the token is the proof). It parses and
 * returns the new credentials; masking them is the caller's (resolve-credentials.ts), before it logs anything.
 */
export function assumeRoleWithWebIdentity(
  url: URL,
  params: AssumeRoleParams,
  policy: RetryPolicy,
  deps: CallDeps,
): Promise<CallOutcome<AssumedRole>> {
  return sendWithRetry(
    {
      label: 'AssumeRoleWithWebIdentity',
      build: () =>
        Promise.resolve({
          url,
          method: 'POST',
          headers: {
            host: url.host,
            'content-type': 'application/x-www-form-urlencoded; charset=utf-8',
          },
          body: assumeRoleBody(params),
        }),
      parseSuccess: readAssumeRoleReply,
      wire: STS_QUERY,
    },
    policy,
    deps,
  );
}
