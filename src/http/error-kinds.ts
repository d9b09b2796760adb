// The protocol-neutral kinds of a failed call, each named and recognised here only: cancelled, timed out,
// redirected, unreachable. What a service's own error names mean belongs to the layer that speaks its protocol
// (AWS: src/aws/error-names.ts). Apart from call-error.ts because the report (src/github/) reads these kinds too,
// and this file loads nothing: call-error.ts loads the SDK's retry classification, which only a run that sends needs.

/** How a failed call may be retried: after a throttle, after a brief fault, or not at all (the caller's to fix). */
export type RetryClass = 'throttling' | 'transient' | 'client';

/** The name of a call (or a credential lookup) that the step's cancellation ended. */
export const CANCELLED = 'Cancelled';
/** The name of a call (or a credential lookup) that ran out of time: its attempt's timeout or the step's deadline. */
export const TIMED_OUT = 'TimeoutError';

/** The name of a call that sent nothing because the step's credentials could not be renewed before it. */
export const CREDENTIALS_NOT_RENEWED = 'CredentialsNotRenewed';
/** The name of a call that sent nothing because the step's credentials had expired and cannot be renewed. */
export const CREDENTIALS_EXPIRED = 'CredentialsExpired';

/** What the predicates read of a failure: a CallError, or a thrown fault (which may be anything). */
interface FailureShape {
  name?: string;
  status?: number;
  retryClass?: RetryClass;
}

/** A fault to throw of one of the kinds above (a transport's, a credential lookup's); networkError reads it back. */
export function errorOfKind(kind: typeof CANCELLED | typeof TIMED_OUT, message: string): Error {
  return Object.assign(new Error(message), { name: kind });
}

export function isCancelled(failure: FailureShape | null | undefined): boolean {
  return failure?.name === CANCELLED;
}

/** The step's credentials ran out before this call could be signed: no request was sent, and none will be. */
export function isCredentialsLapsed(failure: FailureShape | null | undefined): boolean {
  return failure?.name === CREDENTIALS_NOT_RENEWED || failure?.name === CREDENTIALS_EXPIRED;
}

export function isTimedOut(failure: FailureShape | null | undefined): boolean {
  return failure?.name === TIMED_OUT;
}

/** A 3xx: never followed (a signed request is not sent on to another address), so reported as the failure. */
export function isRedirect(failure: FailureShape): boolean {
  return Boolean(failure.status && failure.status >= 300 && failure.status < 400);
}

/** No HTTP status came back: a network fault, a timeout or a cancel. */
export function gotNoStatus(failure: FailureShape): boolean {
  return !failure.status;
}

/**
 * No status came back and another attempt would not change that (a refused certificate, a TLS failure):
 * every call to this endpoint would fail the same way.
 */
export function isUnreachable(failure: FailureShape): boolean {
  return gotNoStatus(failure) && failure.retryClass === 'client';
}
