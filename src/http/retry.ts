// Runs one call with retries: capped full-jitter backoff, Retry-After hints, a deadline and clock-skew correction.
//
// Written here rather than taken from @smithy/util-retry's StandardRetryStrategy because that strategy
// reads the real clock and Math.random, has no notion of a whole-step deadline, and its retry quota
// (500 tokens, 5 per retry) never binds for a process that makes one call. The error classes do come
// from the SDK (@smithy/core/retry, see call-error.ts), and the numbers (BACKOFF, common/tunables.ts) are the SDK's.
import { BACKOFF } from '../common/tunables.js';
import type { CallError } from './call-error.js';
import { CANCELLED, isCancelled, isTimedOut, TIMED_OUT } from './error-kinds.js';
import type { Pacer } from './pacer.js';

type Clock = () => number;
type Random = () => number;

type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

export interface Timing {
  now: Clock;
  /** Resolves after ms, or at once when `signal` aborts (a cancelled step stops waiting). */
  sleep: Sleep;
  random: Random;
}

/** How hard one kind of call tries: built once per kind (run-action.ts), read only here. */
export interface RetryPolicy {
  maxAttempts: number | 'auto';
  /** Absolute time (ms since epoch, local clock) after which no attempt starts and none goes on. */
  deadlineAt: number;
  /** Longest single attempt; the deadline may cut it shorter. */
  attemptTimeoutMs: number;
  /**
   * Paces every attempt (pacer.ts); without it attempts go as soon as the backoff allows. Its rate also times
   * throttled retries (periodicDelay).
   */
  pacer?: Pacer;
}

export interface AttemptContext {
  attempt: number;
  timeoutMs: number;
  /** Local time corrected by the clock offset learned from the service: sign with this. */
  signingTime: Date;
}

export type AttemptResult<T> =
  | { ok: true; value: T; requestId?: string; serverDate?: number }
  | { ok: false; error: CallError; serverDate?: number; retryAfterMs?: number };

interface RetryInfo {
  attempt: number;
  maxAttempts: number | 'auto';
  error: CallError;
  delayMs: number;
  /** Time left before the deadline, when the retry starts waiting. */
  remainingMs: number;
  /** The drawn wait would have crossed the deadline: this is the last attempt, timed to finish before it. */
  last?: boolean;
}

/** What one call adds to its kind's policy: what it hears of, and what its protocol and step say. */
export interface RetryOptions {
  onRetry?(info: RetryInfo): void;
  onClockSkew?(offsetMs: number): void;
  /**
   * Errors that may mean the request's time was off (the protocol's names: WireFormat): after the clock was
   * corrected by the reply's Date, such an error is retried once, at once. Absent: none is.
   */
  mayBeClockSkew?: (error: CallError) => boolean;
  /** The step's cancellation: no new attempt starts, a wait ends at once. */
  cancel?: AbortSignal | undefined;
  /**
   * Runs before each attempt is signed: undefined to go on at once, else a promise of undefined (go on) or of
   * the CallError that ends the call with no further request sent (the credentials could not be renewed).
   */
  beforeAttempt?: () => Promise<CallError | undefined> | undefined;
}

/** Shared by every call of one run, so STS and Partner Central sign with the same corrected clock. */
export interface ClockState {
  offsetMs: number;
}

type StopReason = 'client' | 'attempts' | 'deadline' | 'cancelled';

export type CallOutcome<T> =
  | { ok: true; value: T; attempts: number; elapsedMs: number; requestId?: string }
  | {
      ok: false;
      error: CallError;
      attempts: number;
      elapsedMs: number;
      stop: StopReason;
      requestId?: string;
      /** The last request was sent and no reply came (timed out, or abandoned on cancel): it may have taken effect. */
      unanswered?: boolean;
    };

/** A call that failed: the one name for it from the retry loop to the report. */
export type FailedCall = Extract<CallOutcome<unknown>, { ok: false }>;

export async function withRetry<T>(
  call: (ctx: AttemptContext) => Promise<AttemptResult<T>>,
  policy: RetryPolicy,
  timing: Timing,
  clock: ClockState,
  options: RetryOptions = {},
): Promise<CallOutcome<T>> {
  const { cancel } = options;
  const state = startState(timing.now());
  const window = attemptWindow(policy);
  for (;;) {
    // No await unless there is a wait: a first attempt is sent in the same turn the call began.
    const retry = state.attempts > 0;
    const wait = paceWait(policy, timing, window, retry, cancel);
    if (typeof wait !== 'number') return stoppedBeforeSending(state, wait, timing.now());
    if (wait > 0) await timing.sleep(wait, cancel);
    // Awaited only when there is a renewal to wait for: a first attempt still goes in the turn the call began.
    const renewal = options.beforeAttempt?.();
    const refused = renewal ? await renewal : undefined;
    if (refused) {
      // A renewal the step's cancel or deadline cut short stops the call as they do; a failed one is the caller's.
      const stop = isCancelled(refused) ? 'cancelled' : isTimedOut(refused) ? 'deadline' : 'client';
      return stoppedBeforeSending(state, stop, timing.now(), refused);
    }
    const timeoutMs = attemptTimeout(policy, timing, window, retry, cancel);
    if (typeof timeoutMs !== 'number') return stoppedBeforeSending(state, timeoutMs, timing.now());
    state.attempts += 1;
    policy.pacer?.sent(timing.now());
    const signingTime = new Date(timing.now() + clock.offsetMs);
    const result = await call({ attempt: state.attempts, timeoutMs, signingTime });
    const now = timing.now();
    const done = record(state, result, now);
    const skewCorrected = correctSkew(result.serverDate, now, clock, options);
    tellPacer(policy.pacer, result, now);
    if (result.ok) return { ok: true, value: result.value, ...done };

    const { error } = result;
    const skewRetry =
      skewCorrected && !state.skewRetried && Boolean(options.mayBeClockSkew?.(error));
    const stop = stopReason(error, state, policy, skewRetry, timing.now(), cancel);
    if (stop) return { ok: false, error, ...stop, ...done };
    // The pace (paceWait) counts the backoff already waited: the retry waits whichever is longer.
    const delayMs = nextDelay(result, state, policy, timing.random, skewRetry);
    const fitted = fitBeforeDeadline(delayMs, state, timing.now(), window.latestStart);
    if (!fitted)
      return { ok: false, error, stop: 'deadline', unanswered: Boolean(error.unanswered), ...done };
    options.onRetry?.({
      attempt: state.attempts,
      maxAttempts: policy.maxAttempts,
      error,
      delayMs: fitted.waitMs,
      remainingMs: policy.deadlineAt - timing.now(),
      ...(fitted.last ? { last: true } : {}),
    });
    if (fitted.waitMs > 0) await timing.sleep(fitted.waitMs, cancel);
  }
}

/** The error of a call that was cancelled, or that ran out of time, before its next attempt could start. */
function neverSentError(reason: 'cancelled' | 'deadline', detail: string): CallError {
  return {
    name: reason === 'cancelled' ? CANCELLED : TIMED_OUT,
    message: detail,
    retryClass: 'client',
  };
}

/** How far throttled retry n (0 = first) may spread past one token interval, in token intervals. */
export function throttleSpread(retryIndex: number): number {
  return Math.min(
    BACKOFF.throttleSpread * BACKOFF.throttleSpreadGrowth ** Math.min(retryIndex, 100),
    BACKOFF.throttleSpreadCap,
  );
}

/** Throttling with a known rate: one token interval plus throttleSpread(n) x U^skew intervals. */
export function periodicDelay(
  retryIndex: number,
  ratePerSecond: number,
  random: Random,
): { delayMs: number; ceilingMs: number } {
  const interval = 1000 / ratePerSecond;
  const spread = throttleSpread(retryIndex);
  return {
    delayMs: Math.floor(interval * (1 + spread * random() ** BACKOFF.throttleSpreadSkew)),
    ceilingMs: interval * (1 + spread),
  };
}

/**
 * Throttling with a known rate: periodicDelay. Otherwise the SDK's full jitter: random() * min(base * 2^retry,
 * 20 s). A Retry-After hint is honoured up to the ceiling + 5 s.
 */
export function backoffDelay(
  retryIndex: number,
  error: CallError,
  random: Random,
  retryAfterMs?: number,
  ratePerSecond?: number,
): number {
  let ceiling: number;
  let jittered: number;
  if (error.retryClass === 'throttling' && ratePerSecond) {
    const periodic = periodicDelay(retryIndex, ratePerSecond, random);
    ceiling = periodic.ceilingMs;
    jittered = periodic.delayMs;
  } else {
    const base =
      error.retryClass === 'throttling' ? BACKOFF.throttlingBaseMs : BACKOFF.transientBaseMs;
    ceiling = Math.min(base * 2 ** Math.min(retryIndex, 30), BACKOFF.maxDelayMs);
    jittered = Math.floor(random() * ceiling);
  }
  if (retryAfterMs === undefined || !(retryAfterMs > 0)) return jittered;
  return Math.max(jittered, Math.min(retryAfterMs, ceiling + BACKOFF.hintAllowanceMs));
}

/** `Retry-After` in seconds or as an HTTP date, or `x-amz-retry-after` in milliseconds. */
export function retryAfterHint(
  headers: Record<string, string | undefined>,
  now: number,
): number | undefined {
  const amz = headers['x-amz-retry-after'];
  if (amz && /^\d+$/.test(amz.trim())) return Number(amz.trim());
  const standard = headers['retry-after']?.trim();
  if (!standard) return undefined;
  if (/^\d+$/.test(standard)) return Number(standard) * 1000;
  const at = Date.parse(standard);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

function attemptLimit(policy: RetryPolicy, error: CallError, transientAttempts: number): boolean {
  if (policy.maxAttempts !== 'auto') return false;
  return error.retryClass === 'transient' && transientAttempts >= BACKOFF.autoTransientAttempts;
}

/** What withRetry carries from one attempt to the next. */
interface RetryState {
  started: number;
  /** Requests sent. */
  attempts: number;
  /** Backoff delays drawn (a clock-skew retry draws none): the exponent of the next. */
  retries: number;
  transientAttempts: number;
  skewRetried: boolean;
  /** The one attempt fitted in before the deadline was made: there is no second. */
  lastAttemptMade: boolean;
  lastRequestId?: string;
  lastError?: CallError;
}

function startState(started: number): RetryState {
  return {
    started,
    attempts: 0,
    retries: 0,
    transientAttempts: 0,
    skewRetried: false,
    lastAttemptMade: false,
  };
}

/** An attempt is sent only when it can get minAttemptMs (or its whole timeout, if shorter) before the deadline. */
interface AttemptWindow {
  minAttemptMs: number;
  latestStart: number;
}

function attemptWindow(policy: RetryPolicy): AttemptWindow {
  const minAttemptMs = Math.min(policy.attemptTimeoutMs, BACKOFF.minAttemptMs);
  return { minAttemptMs, latestStart: policy.deadlineAt - minAttemptMs };
}

/** How long the pace holds the next attempt back, or why none may start (cancelled, or too late to fit). */
function paceWait(
  policy: RetryPolicy,
  timing: Timing,
  window: AttemptWindow,
  retry: boolean,
  cancel: AbortSignal | undefined,
): number | 'cancelled' | 'deadline' {
  if (cancel?.aborted) return 'cancelled';
  const wait = policy.pacer?.delayMs(timing.now(), retry) ?? 0;
  return timing.now() + wait > window.latestStart + slackMs(retry) ? 'deadline' : wait;
}

/** A retry was fitted before its wait (fitBeforeDeadline): a timer that fires a little late must not cancel it. */
function slackMs(retry: boolean): number {
  return retry ? BACKOFF.timerSlackMs : 0;
}

/** The timeout of an attempt that starts now, or why none may start (cancelled, or too little time left). */
function attemptTimeout(
  policy: RetryPolicy,
  timing: Timing,
  window: AttemptWindow,
  retry: boolean,
  cancel: AbortSignal | undefined,
): number | 'cancelled' | 'deadline' {
  if (cancel?.aborted) return 'cancelled';
  const remaining = policy.deadlineAt - timing.now();
  if (remaining < window.minAttemptMs - slackMs(retry)) return 'deadline';
  return Math.max(1, Math.min(policy.attemptTimeoutMs, remaining));
}

/**
 * Stopped before the next attempt: the last attempt's error, or why none was sent; or, when no attempt could be
 * signed (the credentials ran out: `refused`), that, as the caller's to fix.
 */
function stoppedBeforeSending(
  state: RetryState,
  stop: 'cancelled' | 'deadline' | 'client',
  now: number,
  refused?: CallError,
): Extract<CallOutcome<never>, { ok: false }> {
  return {
    ok: false,
    error:
      refused ??
      state.lastError ??
      (stop === 'cancelled'
        ? neverSentError('cancelled', 'the step was cancelled')
        : neverSentError('deadline', 'timeout-seconds ran out before the request could be sent')),
    stop,
    attempts: state.attempts,
    elapsedMs: now - state.started,
    // The attempt before this stop may have reached the service unanswered: then so is the call.
    unanswered: Boolean(state.lastError?.unanswered),
    ...(state.lastRequestId ? { requestId: state.lastRequestId } : {}),
  };
}

/** Learns the service's clock from its Date header; true when the offset moved enough to re-sign with it. */
function correctSkew(
  serverDate: number | undefined,
  now: number,
  clock: ClockState,
  options: RetryOptions,
): boolean {
  if (serverDate === undefined) return false;
  const drift = serverDate - (now + clock.offsetMs);
  if (Math.abs(drift) < BACKOFF.skewThresholdMs) return false;
  clock.offsetMs = serverDate - now;
  options.onClockSkew?.(clock.offsetMs);
  return true;
}

/** Any HTTP answer counts against the quota; a timeout or a network fault is no answer. */
function tellPacer(pace: Pacer | undefined, result: AttemptResult<unknown>, now: number): void {
  if (result.ok) pace?.answered(now, 'accepted');
  else if (result.error.status !== undefined)
    pace?.answered(now, result.error.retryClass === 'throttling' ? 'throttled' : 'failed');
}

/** Why a failed attempt ends the call, and whether the outcome carries its unanswered flag; undefined: retry. */
function stopReason(
  error: CallError,
  state: RetryState,
  policy: RetryPolicy,
  skewRetry: boolean,
  now: number,
  cancel: AbortSignal | undefined,
): { stop: StopReason; unanswered?: boolean } | undefined {
  const unanswered = Boolean(error.unanswered);
  if (isCancelled(error) || cancel?.aborted) return { stop: 'cancelled', unanswered };
  // A reply Node could not read (both Content-Length and Transfer-Encoding, say) after the request went out
  // whole is a client-class fault that the service may still have acted on: it stays unanswered.
  if (!skewRetry && error.retryClass === 'client') return { stop: 'client', unanswered };
  if (isTimedOut(error) && now >= policy.deadlineAt) return { stop: 'deadline', unanswered };
  const cap = policy.maxAttempts === 'auto' ? BACKOFF.autoAttemptCeiling : policy.maxAttempts;
  if (state.attempts >= cap || attemptLimit(policy, error, state.transientAttempts))
    // A client error that only a clock correction would have retried is still the client's to fix.
    return { stop: error.retryClass === 'client' ? 'client' : 'attempts', unanswered };
  return undefined;
}

/** The backoff before the next attempt; none for the one retry after a clock correction. */
function nextDelay(
  result: Extract<AttemptResult<unknown>, { ok: false }>,
  state: RetryState,
  policy: RetryPolicy,
  random: Random,
  skewRetry: boolean,
): number {
  if (skewRetry) {
    state.skewRetried = true;
    return 0;
  }
  const delayMs = backoffDelay(
    state.retries,
    result.error,
    random,
    result.retryAfterMs,
    policy.pacer?.ratePerSecond,
  );
  state.retries += 1;
  return delayMs;
}

/**
 * The wait before the retry. When the drawn wait leaves no room for an attempt, one last attempt goes as late
 * as it still fits (only one); undefined when even that cannot be.
 */
function fitBeforeDeadline(
  delayMs: number,
  state: RetryState,
  now: number,
  latestStart: number,
): { waitMs: number; last: boolean } | undefined {
  if (now + delayMs <= latestStart) return { waitMs: delayMs, last: false };
  if (state.lastAttemptMade || now > latestStart) return undefined;
  state.lastAttemptMade = true;
  return { waitMs: latestStart - now, last: true };
}

/** Notes what an attempt left behind; returns the call's progress for its outcome. */
function record(
  state: RetryState,
  result: AttemptResult<unknown>,
  now: number,
): { attempts: number; elapsedMs: number; requestId?: string } {
  state.lastRequestId =
    (result.ok ? result.requestId : result.error.requestId) ?? state.lastRequestId;
  if (!result.ok) {
    state.lastError = result.error;
    if (result.error.retryClass === 'transient') state.transientAttempts += 1;
  }
  return {
    attempts: state.attempts,
    elapsedMs: now - state.started,
    ...(state.lastRequestId ? { requestId: state.lastRequestId } : {}),
  };
}
