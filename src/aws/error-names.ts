// What AWS's error names mean, each list in one place: server faults (retried), clock skew, credentials rejected.
// The http layer knows none of these names; it is handed them as a retry class or a predicate (WireFormat).
import { sdkRetryClass, type CallError } from '../http/call-error.js';
import type { RetryClass } from '../http/error-kinds.js';

/**
 * Server-side faults that carry a name but may not carry a 5xx status (the Partner Central API Reference,
 * e.g. https://docs.aws.amazon.com/partner-central/latest/APIReference/API_StartResourceSnapshotJob.html,
 * lists its errors as HTTP 400), so the name decides first.
 */
const SERVER_FAULT_NAMES: ReadonlySet<string> = new Set([
  'InternalServerException',
  'InternalFailure',
  'InternalServerError',
  'ServiceUnavailable',
  'ServiceUnavailableException',
]);

/** The retry class of an AWS error reply: a server fault by its name, else the SDK's classes. */
export function awsRetryClass(name: string, status: number | undefined, message = ''): RetryClass {
  if (SERVER_FAULT_NAMES.has(name)) return 'transient';
  return sdkRetryClass(name, status, message);
}

/**
 * Error names that may mean the request's time was off: the SDK's CLOCK_SKEW_ERROR_CODES, written out
 * because @smithy/core deprecates isClockSkewError (its replacement, isClockSkewCorrectedError, reads a flag
 * its own middleware sets on any error once it corrected the clock; here the name still decides).
 */
export const CLOCK_SKEW_ERROR_NAMES: ReadonlySet<string> = new Set([
  'AccessDeniedException',
  'AuthFailure',
  'InvalidSignatureException',
  'RequestExpired',
  'RequestInTheFuture',
  'RequestTimeTooSkewed',
  'SignatureDoesNotMatch',
]);

/** May this error mean the request's time was off? Then, once the clock is corrected, it is retried once. */
export function isClockSkewError(error: Pick<CallError, 'name'>): boolean {
  return CLOCK_SKEW_ERROR_NAMES.has(error.name);
}

/** Why AWS rejected the credentials themselves: then every request signed with them fails alike. */
export type CredentialRejection =
  'unknown-key' | 'bad-signature' | 'expired' | 'incomplete-signature';

const CREDENTIAL_REJECTIONS: ReadonlyMap<string, CredentialRejection> = new Map([
  ['UnrecognizedClientException', 'unknown-key'],
  ['InvalidClientTokenId', 'unknown-key'],
  ['InvalidSignatureException', 'bad-signature'],
  ['SignatureDoesNotMatch', 'bad-signature'],
  ['ExpiredTokenException', 'expired'],
  ['ExpiredToken', 'expired'],
  ['RequestExpired', 'expired'],
  ['IncompleteSignature', 'incomplete-signature'],
  ['MissingAuthenticationToken', 'incomplete-signature'],
]);

/** Why the credentials were rejected, or undefined when the error is about something else. */
export function credentialRejection(
  error: Pick<CallError, 'name'>,
): CredentialRejection | undefined {
  return CREDENTIAL_REJECTIONS.get(error.name);
}

export function isCredentialsRejected(error: Pick<CallError, 'name'>): boolean {
  return credentialRejection(error) !== undefined;
}

/** The credentials may not call this operation on this resource. */
export const ACCESS_DENIED = 'AccessDeniedException';
/** The resource (a job, a snapshot) does not exist in this catalog. */
export const NOT_FOUND = 'ResourceNotFoundException';

export function isAccessDenied(error: Pick<CallError, 'name'>): boolean {
  return error.name === ACCESS_DENIED;
}

export function isNotFound(error: Pick<CallError, 'name'>): boolean {
  return error.name === NOT_FOUND;
}
