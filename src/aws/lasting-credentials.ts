// Credentials that last the whole step: renewed before they expire (the AWS SDKs' margin) from where they came, one
// renewal at a time however many calls need it; never used to sign once they are known to have run out.
import { CREDENTIAL_RENEWAL } from '../common/tunables.js';
import type { Failure } from '../common/failure.js';
import { safeLine } from '../common/safe-text.js';
import type { Log } from '../common/log.js';
import type { CallError } from '../http/call-error.js';
import {
  CANCELLED,
  CREDENTIALS_EXPIRED,
  CREDENTIALS_NOT_RENEWED,
  TIMED_OUT,
} from '../http/error-kinds.js';
import type { ClockState, Timing } from '../http/retry.js';
import type {
  CredentialFacts,
  CredentialOrigin,
  Credentials,
  SigningCredentials,
} from './credentials.js';

/** Credentials as a source hands them out, with when they expire. */
export interface HeldCredentials {
  credentials: Credentials;
  /** As the source says (AWS's clock, ms since the epoch), for the words; undefined: not known (long-term keys). */
  expiresAt?: number;
  /**
   * The same end on this runner's clock as the issuer measured it (STS: its Expiration less its reply's Date,
   * after the reply came). Credentials sign until the earlier of this and expiresAt by AWS's clock as learned
   * now (Partner Central would refuse them then): both must agree. Undefined: expiresAt alone.
   */
  signsUntil?: number;
}

export type Renewal = { ok: true; held: HeldCredentials } | { ok: false; failure: Failure };

export interface LastingOptions {
  origin: CredentialOrigin;
  /** Which credentials these are, in words (never a secret): of the ones held now, since a renewal changes the key. */
  describe: (credentials: Credentials) => string;
  first: HeldCredentials;
  /** Where the expiry came from, for the words ("STS", "AWS_CREDENTIAL_EXPIRATION"). */
  expirySource?: string;
  /** AWS_CREDENTIAL_EXPIRATION is set but is no date. */
  expiryUnreadable?: boolean;
  /**
   * Gets new credentials within the step's deadline; absent: they cannot be renewed (the environment's, exported
   * by an earlier step). A renewal masks the new secrets before it returns, and needs nothing of the old ones.
   */
  renew?: () => Promise<Renewal>;
  /** The step's deadline (local clock), and its cancel: a renewal they end is no failure of the credentials. */
  deadlineAt: number;
  cancel?: AbortSignal | undefined;
  timing: Timing;
  /** The clock offset learned from AWS: "now" for the words about an expiry AWS states (facts().at). */
  clock: ClockState;
  log: Log;
}

/** What ended the step's credentials: the error each later call ends with, and the failure the step reports. */
export interface Lapse {
  error: CallError;
  failure: Failure;
}

export interface LastingCredentials extends SigningCredentials {
  /** Set once the credentials ran out for good: the step reports it and signs nothing more. */
  lapse(): Lapse | undefined;
}

export function lastingCredentials(options: LastingOptions): LastingCredentials {
  const { timing, clock } = options;
  const awsNow = () => timing.now() + clock.offsetMs;
  const now = () => timing.now();
  let held = options.first;
  const described = () => options.describe(held.credentials);
  let obtainedAt = timing.now();
  let renewals = 0;
  let lapsed: Lapse | undefined;
  let renewing: Promise<CallError | undefined> | undefined;
  /** After a renewal that failed or gave nothing newer, the source is not asked again before this (local clock). */
  let askAgainAt = -Infinity;
  /** When credentials stop signing, on this runner's clock (the offset read now: it may be learned late). */
  const endOf = (c: HeldCredentials): number | undefined =>
    c.expiresAt === undefined
      ? c.signsUntil
      : Math.min(c.signsUntil ?? Infinity, c.expiresAt - clock.offsetMs);
  /** Whether credentials may still sign a request that must reach AWS before they run out. */
  const signs = (c: HeldCredentials) =>
    (endOf(c) ?? Infinity) - now() > CREDENTIAL_RENEWAL.minUsableMs;
  /** New credentials that sign no longer than the old ones renewed nothing (a source that handed back the same). */
  const outlives = (renewed: HeldCredentials, old: HeldCredentials) =>
    (endOf(renewed) ?? Infinity) > (endOf(old) ?? Infinity) || endOf(renewed) === undefined;

  const facts = (): CredentialFacts => ({
    origin: options.origin,
    described: described(),
    obtainedAt,
    ...(held.expiresAt === undefined ? {} : { expiresAt: held.expiresAt }),
    ...(options.expirySource ? { expirySource: options.expirySource } : {}),
    ...(options.expiryUnreadable ? { expiryUnreadable: true } : {}),
    renewals,
    at: awsNow(),
  });

  const end = (lapse: Lapse): CallError => {
    lapsed = lapse;
    return lapse.error;
  };

  /**
   * A renewal that failed, or gave nothing newer: while the current credentials still sign, they do, and the
   * source is asked again askAgainMs later (an STS blip costs nothing); once they would not, the step ends.
   */
  const failed = (failure: Failure): CallError | undefined => {
    if (!signs(held)) return end(notRenewed(facts(), failure));
    askAgainAt = timing.now() + CREDENTIAL_RENEWAL.askAgainMs;
    const until = isoTime(held.expiresAt ?? Infinity);
    options.log.info(
      `Renewing ${described()} failed (${failure.title}); it still signs until ${until}: asking again in ${CREDENTIAL_RENEWAL.askAgainMs / 1000} s`,
    );
    return undefined;
  };

  async function renewNow(
    renew: NonNullable<LastingOptions['renew']>,
  ): Promise<CallError | undefined> {
    options.log.info(
      `Renewing ${described()}: it expires at ${isoTime(held.expiresAt ?? Infinity)} (renewal ${renewals + 1})`,
    );
    const renewed = await renew();
    // A cancel or the deadline during the renewal is the step's end, not the credentials'.
    const stopped = stoppedBy(options);
    if (stopped) return stopped;
    if (!renewed.ok) return failed(renewed.failure);
    if (!outlives(renewed.held, held)) return failed(sameCredentials(described(), renewed.held));
    if (!signs(renewed.held)) return failed(expiredOnArrival(renewed.held));
    held = renewed.held;
    obtainedAt = timing.now();
    renewals += 1;
    const until =
      held.expiresAt === undefined ? 'no expiry given' : `valid until ${isoTime(held.expiresAt)}`;
    options.log.info(`Renewed ${described()}, ${until}`);
    return undefined;
  }

  /** One renewal at a time; a surprise inside it is a failed renewal like any other, never a rejection. */
  const startRenewal = (renew: NonNullable<LastingOptions['renew']>) => {
    renewing ??= renewNow(renew)
      .catch((err: unknown) => failed(unexpectedFailure(err)))
      .finally(() => {
        renewing = undefined;
      });
    return renewing;
  };

  return {
    current: () => held.credentials,
    facts,
    lapse: () => lapsed,
    renewIfDue() {
      if (lapsed) return Promise.resolve(lapsed.error);
      const signsNow = signs(held);
      if (signsNow && !renewalDue(endOf(held), obtainedAt, now())) return undefined;
      const { renew } = options;
      if (!renew) return signsNow ? undefined : Promise.resolve(end(expired(facts())));
      // While the current credentials sign, the renewal runs beside the calls (a slow or throttled STS holds
      // nothing up); once they would not, every call waits for it.
      if (signsNow) {
        if (now() >= askAgainAt) void startRenewal(renew);
        return undefined;
      }
      return startRenewal(renew);
    },
  };
}

/** A renewal that threw (it should not: each source returns its failures): a failure with the thrown message. */
function unexpectedFailure(err: unknown): Failure {
  const message = safeLine((err as Error)?.message ?? String(err), 300);
  return {
    code: 'InternalError',
    message,
    title: 'the renewal failed unexpectedly',
    text: `The renewal failed unexpectedly: ${message}.`,
  };
}

/** The step was cancelled or ran out of time while a renewal ran: the call ends so, the credentials stand. */
function stoppedBy(
  options: Pick<LastingOptions, 'cancel' | 'deadlineAt' | 'timing'>,
): CallError | undefined {
  if (options.cancel?.aborted)
    return { name: CANCELLED, message: 'the step was cancelled', retryClass: 'client' };
  if (options.timing.now() >= options.deadlineAt)
    return {
      name: TIMED_OUT,
      message: 'timeout-seconds ran out while the credentials were being renewed',
      retryClass: 'client',
    };
  return undefined;
}

/** The source handed out credentials that had run out (by its own clock) before they could sign anything. */
function expiredOnArrival(renewed: HeldCredentials): Failure {
  const at = isoTime(renewed.expiresAt ?? Infinity);
  return {
    code: CREDENTIALS_EXPIRED,
    message: `the renewed credentials expire at ${at}: no time left to sign with them`,
    title: 'the new credentials had already expired',
    text:
      `The credential source handed out credentials that expire at ${at}, by its own clock no time from when it issued them: ` +
      'it hands out sessions that are already over.',
  };
}

/**
 * Whether credentials obtained at `obtainedAt` and signing until `expiresAt` (the same clock) are due for renewal
 * `now`: within the SDKs' 5-minute margin of their expiry, or past half their life when they live less than twice
 * that (a 900 s role session is renewed after 600 s; a 60 s one after 30 s).
 */
export function renewalDue(
  expiresAt: number | undefined,
  obtainedAt: number,
  now: number,
): boolean {
  if (expiresAt === undefined) return false;
  const lifetime = Math.max(0, expiresAt - obtainedAt);
  const margin = Math.min(
    CREDENTIAL_RENEWAL.marginMs,
    lifetime * CREDENTIAL_RENEWAL.shortLivedShare,
  );
  return now >= expiresAt - margin;
}

function isoTime(ms: number): string {
  return Number.isFinite(ms)
    ? new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z')
    : 'an unknown time';
}

/** When they expire, in words. */
function expiryWords(facts: CredentialFacts): string {
  if (facts.expiresAt === undefined)
    return facts.origin !== 'environment'
      ? 'with no expiry given'
      : facts.expiryUnreadable
        ? 'with an AWS_CREDENTIAL_EXPIRATION that is no date, so no expiry known'
        : 'with no expiry given (AWS_CREDENTIAL_EXPIRATION is not set)';
  const from = facts.expirySource ? ` (${facts.expirySource})` : '';
  return `expiring at ${isoTime(facts.expiresAt)}${from}`;
}

/** The credentials the step signs with, in one clause: which, obtained when, expiring when, renewed how often. */
export function credentialWords(facts: CredentialFacts): string {
  const renewed =
    facts.renewals > 0 ? `, renewed ${facts.renewals} time${facts.renewals === 1 ? '' : 's'}` : '';
  // The environment's were made by an earlier step: this one only read them.
  const obtained = facts.origin === 'environment' ? 'read by this step at' : 'obtained at';
  return `${facts.described}, ${obtained} ${isoTime(facts.obtainedAt)}${renewed}, ${expiryWords(facts)}`;
}

/** The renewal failed: each later call ends with CredentialsNotRenewed, and the step reports why. */
function notRenewed(facts: CredentialFacts, failure: Failure): Lapse {
  return {
    error: {
      name: CREDENTIALS_NOT_RENEWED,
      message: `${facts.described} could not be renewed before it expired: ${failure.title}`,
      retryClass: 'client',
    },
    failure,
  };
}

/** The source handed back credentials that expire no later than those it was asked to replace. */
function sameCredentials(described: string, renewed: HeldCredentials): Failure {
  const until =
    renewed.expiresAt === undefined ? '' : ` (they expire at ${isoTime(renewed.expiresAt)})`;
  return {
    code: CREDENTIALS_NOT_RENEWED,
    message: `asked to renew ${described}, the source handed back credentials that expire no later${until}`,
    title: 'the source gave no newer credentials',
    text: `Asked to renew ${described}, the credential source handed back credentials that expire no later than the old ones${until}.`,
  };
}

/** Credentials that cannot be renewed (the environment's) ran out: nothing more is signed with them. */
function expired(facts: CredentialFacts): Lapse {
  const at = facts.expiresAt === undefined ? '' : ` at ${isoTime(facts.expiresAt)}`;
  const message = `${facts.described} expired${at}${facts.expirySource ? ` (${facts.expirySource})` : ''}`;
  return {
    error: { name: CREDENTIALS_EXPIRED, message, retryClass: 'client' },
    failure: {
      code: CREDENTIALS_EXPIRED,
      message,
      title: 'the credentials expired',
      text: `${message}.`,
    },
  };
}
