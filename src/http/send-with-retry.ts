// One HTTP call under the retry policy: sends, reads the reply into a success or a CallError, logs each retry.
// Protocol-neutral: the call's WireFormat says how its errors read, where its request id is, what is secret.
import { BELIEVED_SKEW_MS, CANCEL_GRACE_MS } from '../common/tunables.js';
import { networkError, type CallError } from './call-error.js';
import type { Log } from '../common/log.js';
import {
  retryAfterHint,
  withRetry,
  type AttemptContext,
  type AttemptResult,
  type ClockState,
  type CallOutcome,
  type RetryPolicy,
  type Timing,
} from './retry.js';
import { safeLine } from '../common/safe-text.js';
import { rememberHeaderSecret, type Secrets } from '../common/secrets.js';
import { previewRequest } from './request-preview.js';
import {
  faultOf,
  type Delivery,
  type HttpResponse,
  type OutgoingRequest,
  type Transport,
} from './transport.js';

export interface CallDeps {
  transport: Transport;
  timing: Timing;
  clock: ClockState;
  log: Log;
  /** The step's secrets: each request's signature and bearer token is told to them before it is sent (common/secrets.ts). */
  secrets: Secrets;
  /** The step's cancel signal: a request in flight gets CANCEL_GRACE_MS to answer, then is abandoned. */
  cancel?: AbortSignal;
}

/** What the sender needs of a protocol (awsJson1_0, STS's query protocol): given by the layer that speaks it. */
export interface WireFormat {
  /** Reads an error reply (any non-2xx status) into a CallError. */
  parseError: (res: HttpResponse) => CallError;
  /** The reply's request id, for log lines and outputs. */
  requestId: (headers: Record<string, string | undefined>) => string | undefined;
  /** Header names whose values are secret or a signature: shown as *** even in debug mode. */
  secretHeaders: ReadonlySet<string>;
  /** Errors that may mean the request's time was off: retried once after the clock is corrected (RetryPolicy). */
  mayBeClockSkew?: (error: CallError) => boolean;
}

export interface CallSpec<T> {
  /** Names the call in log lines, e.g. "StartResourceSnapshotJob". */
  label: string;
  build(ctx: AttemptContext): Promise<OutgoingRequest>;
  /** Reads a 2xx reply; a throw here is reported as a malformed reply. */
  parseSuccess(res: HttpResponse): T;
  /** The protocol's rules: how an error reply reads, where the request id is, which headers are secret. */
  wire: WireFormat;
  /**
   * The 2xx status alone is the whole answer (an operation whose success has no body, like
   * StartResourceSnapshotJob): a body that breaks off after a 2xx status line is still a success.
   */
  statusIsAnswer?: boolean;
  /**
   * Before each attempt is built: undefined to go on, else a renewal of the credentials to wait for, whose
   * CallError ends the call with nothing sent (SigningCredentials.renewIfDue).
   */
  beforeAttempt?: () => Promise<CallError | undefined> | undefined;
}

/**
 * The call under its policy: each attempt built (signed) afresh, sent, and read into a success or a CallError
 * (attemptOnce); withRetry decides whether and when the next goes. Each retry is logged, a clock skew warned of.
 */
export async function sendWithRetry<T>(
  spec: CallSpec<T>,
  policy: RetryPolicy,
  deps: CallDeps,
): Promise<CallOutcome<T>> {
  return withRetry((ctx) => attemptOnce(spec, deps, ctx), policy, deps.timing, deps.clock, {
    mayBeClockSkew: spec.wire.mayBeClockSkew,
    ...(spec.beforeAttempt ? { beforeAttempt: spec.beforeAttempt } : {}),
    // The step's cancellation also ends the waits between attempts.
    cancel: deps.cancel,
    onRetry: ({ attempt: n, maxAttempts, error, delayMs, remainingMs, last }) => {
      const of = maxAttempts === 'auto' ? '' : ` of ${maxAttempts}`;
      const left = `${Math.round(remainingMs / 1000)} s left of timeout-seconds${last ? ', the last attempt that fits' : ''}`;
      deps.log.info(
        `${spec.label}: attempt ${n}${of} failed with ${error.name}${error.status ? ` (HTTP ${error.status})` : ''}, request id ${error.requestId ?? 'none'}; retrying in ${(delayMs / 1000).toFixed(2)} s (${left})`,
      );
    },
    onClockSkew: (offsetMs) => {
      deps.log.warning(
        `The runner's clock is off by ${Math.round(Math.abs(offsetMs) / 1000)} seconds against AWS (${offsetMs > 0 ? 'behind' : 'ahead'}); requests are now signed with the service's time. Fix the runner's time sync (NTP) to avoid this.`,
        'Runner clock is off',
      );
    },
  });
}

/**
 * One attempt: the request built and its secrets remembered, sent, and what came back read exactly as it came: a
 * 2xx parsed, an error reply parsed by the protocol, a fault named. Nothing is scrubbed here: the sinks scrub what
 * they show (main.ts), so the credentials, tokens and snapshots the parsers return are the service's own.
 */
async function attemptOnce<T>(
  spec: CallSpec<T>,
  deps: CallDeps,
  ctx: AttemptContext,
): Promise<AttemptResult<T>> {
  const request = await spec.build(ctx);
  rememberSecretsOf(request, spec.wire, deps.secrets);
  deps.log.debug(
    `${spec.label} attempt ${ctx.attempt}: ${safeLine(describeRequest(request, spec.wire), 2000)}`,
  );
  let res: HttpResponse;
  let receivedChars = 0;
  const delivered = await sendUnlessCancelled(deps, request, ctx.timeoutMs);
  if (delivered.ok) {
    res = delivered.response;
    receivedChars = res.body.length;
  } else {
    const { fault } = delivered;
    const error = networkError(fault, ctx.timeoutMs, spec.wire.requestId);
    deps.log.debug(
      `${spec.label} attempt ${ctx.attempt}: ${error.name}${error.status ? ` after HTTP ${error.status}` : ''}: ${error.message}`,
    );
    const head = fault.partialResponse;
    if (spec.statusIsAnswer && head && head.status >= 200 && head.status < 300) {
      // The service said yes; only the (empty by contract) body was lost on the way.
      res = { ...head, body: '' };
    } else return { ok: false, error };
  }
  const date = serverDate(res, deps.timing.now());
  // A success body may hold secrets (STS returns credentials): only error bodies are logged.
  const ok = res.status >= 200 && res.status < 300;
  deps.log.debug(
    `${spec.label} attempt ${ctx.attempt}: HTTP ${res.status}, request id ${safeLine(spec.wire.requestId(res.headers) ?? 'none', 100)}, ` +
      (ok ? `${receivedChars} body characters` : `body ${safeLine(res.body, 1000) || '(empty)'}`),
  );
  const dated = date === undefined ? {} : { serverDate: date };
  if (ok) {
    const requestId = spec.wire.requestId(res.headers);
    try {
      return {
        ok: true,
        value: spec.parseSuccess(res),
        ...(requestId ? { requestId } : {}),
        ...dated,
      };
    } catch (err) {
      const error: CallError = {
        name: 'MalformedResponse',
        message: safeLine(
          `HTTP ${res.status} but the reply could not be read: ${(err as Error).message}`,
        ),
        status: res.status,
        ...(requestId ? { requestId } : {}),
        retryClass: 'transient',
      };
      return { ok: false, error, ...dated };
    }
  }
  const error = spec.wire.parseError(res);
  const hint = retryAfterHint(res.headers, deps.timing.now());
  return { ok: false, error, ...dated, ...(hint === undefined ? {} : { retryAfterMs: hint }) };
}

/**
 * Sends one request; when the step is cancelled meanwhile, abandons it CANCEL_GRACE_MS later. A transport that
 * rejects (it should not) is read as its fault.
 */
async function sendUnlessCancelled(
  deps: CallDeps,
  request: OutgoingRequest,
  timeoutMs: number,
): Promise<Delivery> {
  // Async, so that a transport that throws at once is read as its fault too.
  const send = async (late?: AbortSignal): Promise<Delivery> => {
    try {
      return await deps.transport(request, timeoutMs, late);
    } catch (thrown) {
      return { ok: false, fault: faultOf(thrown) };
    }
  };
  const { cancel } = deps;
  if (!cancel) return send();
  const late = new AbortController();
  // Ends the grace wait as soon as the reply is in, so its timer never holds the step open.
  const answered = new AbortController();
  const start = () =>
    void deps.timing.sleep(CANCEL_GRACE_MS, answered.signal).then(() => {
      if (!answered.signal.aborted) late.abort();
    });
  if (cancel.aborted) start();
  else cancel.addEventListener('abort', start, { once: true });
  try {
    return await send(late.signal);
  } finally {
    answered.abort();
    cancel.removeEventListener('abort', start);
  }
}

/**
 * The reply's Date header, when it is a date this clock could be off by: one further than BELIEVED_SKEW_MS from
 * now is no clock (a hostile "year 275760" would make every later signing time an invalid date).
 */
function serverDate(res: HttpResponse, now: number): number | undefined {
  const date = res.headers.date;
  if (!date) return undefined;
  const at = Date.parse(date);
  return Number.isNaN(at) || Math.abs(at - now) > BELIEVED_SKEW_MS ? undefined : at;
}

/** Every secret a request carries (its signature, a bearer token) is known to the sinks before it is sent. */
function rememberSecretsOf(request: OutgoingRequest, wire: WireFormat, secrets: Secrets): void {
  for (const [name, value] of Object.entries(request.headers))
    if (wire.secretHeaders.has(name.toLowerCase())) rememberHeaderSecret(secrets, value);
}

function describeRequest(req: OutgoingRequest, wire: WireFormat): string {
  const { method, url, headers } = previewRequest(req, wire.secretHeaders);
  const shown = Object.entries(headers)
    .map(([k, v]) => `${k}: ${v}`)
    .join('; ');
  return `${method} ${url} [${shown}]`;
}
