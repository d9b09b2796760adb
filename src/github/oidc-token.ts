// Requests the workflow's OIDC token from GitHub as @actions/core's getIDToken does, through the action's own transport.
// Same URL, headers and error wording as OidcClient (@actions/core 3.0.1, lib/oidc-utils.js), so a failure reads as
// it did; the request itself gets the step's attempt timeout, cancellation and retry policy, which getIDToken's
// http-client (no timeout, its own retries) did not.
import {
  requestIdFrom,
  sdkRetryClass,
  statusErrorName,
  type CallError,
} from '../http/call-error.js';
import type { RetryPolicy } from '../http/retry.js';
import { isLoopbackHost, LOOPBACK_RULE } from '../common/loopback.js';
import { safeLine, shownUrl } from '../common/safe-text.js';
import { sendWithRetry, type CallDeps, type WireFormat } from '../http/send-with-retry.js';
import type { HttpResponse } from '../http/transport.js';

interface IdTokenSource {
  /** ACTIONS_ID_TOKEN_REQUEST_URL and ACTIONS_ID_TOKEN_REQUEST_TOKEN, as the runner sets them. */
  env: Record<string, string | undefined>;
}

const NO_TOKEN_FIELD = 'Response json body do not have ID Token field';

/** The token URL: OidcClient appends the audience with `&`, the runner's URL always has a query (?api-version=...). */
export function idTokenUrl(requestUrl: string, audience: string): string {
  return audience ? `${requestUrl}&audience=${encodeURIComponent(audience)}` : requestUrl;
}

/** http-client's getJson error text: the JSON body's message, else the body, else `Failed request: (status)`. */
function replyMessage(res: HttpResponse): string {
  try {
    const parsed = JSON.parse(res.body) as { message?: unknown } | null;
    if (typeof parsed?.message === 'string' && parsed.message) return parsed.message;
  } catch {
    // Not JSON: the body itself says what went wrong.
  }
  return res.body.length > 0 ? res.body : `Failed request: (${res.status})`;
}

function readTokenError(res: HttpResponse): CallError {
  const name = statusErrorName(res.status);
  const message = replyMessage(res);
  return {
    name,
    message: safeLine(message, 1000),
    status: res.status,
    retryClass: sdkRetryClass(name, res.status, message),
  };
}

/**
 * The `value` of a 2xx JSON reply when it is a JWT (three base64url parts), or undefined (as getJson leaves
 * `result` null when the body is no JSON). The token is registered with the runner's masking, which has no
 * minimum length: a reply of "e" would otherwise hide every "e" in the job's log.
 */
export function readTokenValue(res: HttpResponse): string | undefined {
  try {
    const parsed = JSON.parse(res.body) as { value?: unknown } | null;
    const value = typeof parsed?.value === 'string' ? parsed.value : '';
    return /^[\w-]{2,}\.[\w-]{2,}\.[\w-]*$/.test(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

const TOKEN_ENDPOINT: WireFormat = {
  parseError: readTokenError,
  requestId: (headers) => requestIdFrom(headers['x-github-request-id']),
  // The runtime token is a bearer credential: never shown, even in a debug line.
  secretHeaders: new Set(['authorization']),
};

/** OidcClient's wording for a failed request: its error code (the status, or undefined) and message. */
function failedRequest(status: number | undefined, message: string): Error {
  return new Error(`Failed to get ID Token. \n 
        Error Code : ${status}\n 
        Error Message: ${message}`);
}

async function fetchToken(
  source: IdTokenSource,
  audience: string,
  policy: RetryPolicy,
  deps: CallDeps,
): Promise<string> {
  const requestUrl = source.env.ACTIONS_ID_TOKEN_REQUEST_URL;
  if (!requestUrl) throw new Error('Unable to get ACTIONS_ID_TOKEN_REQUEST_URL env variable');
  const tokenUrl = idTokenUrl(requestUrl, audience);
  const runtimeToken = source.env.ACTIONS_ID_TOKEN_REQUEST_TOKEN;
  if (!runtimeToken) throw new Error('Unable to get ACTIONS_ID_TOKEN_REQUEST_TOKEN env variable');
  // The runner's bearer token is known to the sinks, like the step's other secrets, before anything is sent.
  deps.secrets.remember(runtimeToken);
  let url: URL;
  try {
    url = new URL(tokenUrl);
  } catch (err) {
    throw failedRequest(undefined, (err as Error).message);
  }
  // Where getIDToken logs the URL: shown, as every URL is, without its path or query (common/safe-text.ts).
  deps.log.debug(`ID token url is ${shownUrl(url)}`);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopbackHost(url.hostname)))
    throw new Error(
      `ACTIONS_ID_TOKEN_REQUEST_URL (${safeLine(url.origin, 200)}) is refused: the request carries the runner's bearer token, so it goes over https only; ${LOOPBACK_RULE}`,
    );
  const outcome = await sendWithRetry(
    {
      label: 'GetIDToken',
      build: () =>
        Promise.resolve({
          url,
          method: 'GET',
          headers: { accept: 'application/json', authorization: `Bearer ${runtimeToken}` },
          body: '',
        }),
      parseSuccess: readTokenValue,
      wire: TOKEN_ENDPOINT,
    },
    policy,
    deps,
  );
  // getJson answers a 404 with an empty result rather than an error.
  if (!outcome.ok && outcome.error.status !== 404)
    throw failedRequest(outcome.error.status, outcome.error.message);
  const token = outcome.ok ? outcome.value : undefined;
  if (!token) throw new Error(NO_TOKEN_FIELD);
  return token;
}

/**
 * The token for `audience`, masked before anything can print it. Every failure reads
 * `Error message: ...`, as getIDToken's do.
 */
export async function requestIdToken(
  source: IdTokenSource,
  audience: string,
  policy: RetryPolicy,
  deps: CallDeps,
): Promise<string> {
  try {
    const token = await fetchToken(source, audience, policy, deps);
    deps.secrets.mask(token);
    return token;
  } catch (err) {
    throw new Error(`Error message: ${(err as Error).message}`);
  }
}
