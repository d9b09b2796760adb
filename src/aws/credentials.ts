// The AWS credentials every signed call takes, and the step's hold on them over its whole length: in a module of
// their own, below everything that signs, renews or describes them.
import type { CallError } from '../http/call-error.js';

export interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

/** Where the step's credentials come from: this action's own role session, the standard chain, or the environment. */
export type CredentialOrigin = 'role' | 'chain' | 'environment';

/** What the report may say of the step's credentials (never a secret): which they are, since when, until when. */
export interface CredentialFacts {
  origin: CredentialOrigin;
  /** Which credentials, in words: "the role session arn:...", "the environment's credentials (access key ID ending in 0001)". */
  described: string;
  /** When the credentials in use were obtained (local clock, ms since the epoch). */
  obtainedAt: number;
  /** When they expire (AWS's clock, ms since the epoch); undefined: not known (long-term keys, or nobody said). */
  expiresAt?: number;
  /** Where the expiry came from, for the words ("AWS_CREDENTIAL_EXPIRATION", "STS"). */
  expirySource?: string;
  /** AWS_CREDENTIAL_EXPIRATION is set but is no date (the SDKs read it as none): said, not taken for "not set". */
  expiryUnreadable?: boolean;
  /** How often the step renewed them. */
  renewals: number;
  /** When these facts were read (AWS's clock): what "expired" is measured against. */
  at: number;
}

/** The credentials a step signs with from its first request to its last (aws/lasting-credentials.ts). */
export interface SigningCredentials {
  /** The credentials to sign the next request with. */
  current(): Credentials;
  /**
   * Undefined when current() may sign the next request; else the renewal under way, which resolves to undefined
   * once current() holds new credentials, or to the CallError that ends the call with nothing sent.
   */
  renewIfDue(): Promise<CallError | undefined> | undefined;
  facts(): CredentialFacts;
}
