// Gets the credentials that sign the request: the standard AWS chain, or a role assumed with the workflow's OIDC token.
import {
  chainFailure,
  idTokenFailure,
  idTokenUnavailable,
  stsCallFailure,
  endpointVariableFailure,
} from './credential-failures.js';
import {
  configuredEndpoint,
  endpointProblem,
  stsEndpoint,
  type Partition,
} from '../config/endpoint.js';
import type { CredentialOrigin, Credentials } from './credentials.js';
import {
  lastingCredentials,
  type LastingCredentials,
  type Renewal,
} from './lasting-credentials.js';
import type { Failure } from '../common/failure.js';
import { CREDENTIAL_RENEWAL } from '../common/tunables.js';
import { CANCELLED, errorOfKind, TIMED_OUT } from '../http/error-kinds.js';
import type { RoleConfig } from '../config/inputs.js';
import type { RetryPolicy } from '../http/retry.js';
import { safeLine } from '../common/safe-text.js';
import type { Secrets } from '../common/secrets.js';
import type { CallDeps } from '../http/send-with-retry.js';
import type { AssumedRole } from './sts.js';
import { subjectOf, tokenClaims } from './token-claims.js';

/** What the standard chain hands out: the credentials, when they expire, and whether the environment gave them. */
export interface ChainCredentials extends Credentials {
  expiration?: Date;
  /** AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, as an earlier step exported them: nobody here can renew them. */
  fromEnvironment?: boolean;
}

export interface CredentialSources {
  /**
   * The standard chain (@aws-sdk/credential-provider-node), one provider for the step: asked again, it hands out
   * the same credentials until they are within its margin of their expiry, then renews its own.
   */
  chain(options?: { forceRefresh?: boolean }): Promise<ChainCredentials>;
  /** The secrets the chain may use on its way (aws/chain-secrets.ts), for the gate. */
  chainSecrets(): Promise<string[]>;
  /** The workflow's OIDC token (github/oidc-token.ts), requested under the step's policy; only called when idTokenAvailable. */
  getIdToken(audience: string, policy: RetryPolicy, deps: CallDeps): Promise<string>;
  /** Whether the job may request an OIDC token (ACTIONS_ID_TOKEN_REQUEST_URL is set). */
  idTokenAvailable: boolean;
  env: Record<string, string | undefined>;
}

export type CredentialOutcome =
  | {
      ok: true;
      credentials: Credentials;
      origin: CredentialOrigin;
      /** When AWS says they expire (AWS's clock, ms since the epoch); undefined: not known. */
      expiresAt?: number;
      /** Where expiresAt came from, for the words. */
      expirySource?: string;
      /** The same end on this runner's clock (lasting-credentials.ts HeldCredentials). */
      signsUntil?: number;
      /** AWS_CREDENTIAL_EXPIRATION is set but is no date. */
      expiryUnreadable?: boolean;
      assumed?: AssumedRole;
      attempts: number;
      requestId?: string;
    }
  | { ok: false; failure: Failure; attempts: number; requestId?: string };

interface CredentialRequest {
  region: string;
  partition: Partition;
  role?: RoleConfig;
  policy: RetryPolicy;
  /** timeout-seconds in ms, for the words of a deadline failure. */
  timeoutMs: number;
  /** Renewing credentials the step holds: the chain is run again, not asked for what it holds. */
  renewal?: boolean;
}

type Resolved = Extract<CredentialOutcome, { ok: true }>;

/** Masked with the runner and known to the sinks before any line that could carry them is written (common/secrets.ts). */
function maskAll(secrets: Secrets, c: Credentials): void {
  secrets.mask(c.accessKeyId);
  secrets.mask(c.secretAccessKey);
  secrets.mask(c.sessionToken);
}

/** Bounds a credential lookup by the deadline and by the step's cancellation. */
function deadlineRace<T>(work: Promise<T>, deps: CallDeps, deadlineAt: number): Promise<T> {
  const ms = Math.max(0, deadlineAt - deps.timing.now());
  let timer: NodeJS.Timeout | undefined;
  let onCancel: (() => void) | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(errorOfKind(TIMED_OUT, `no credentials within ${ms} ms`)), ms);
    onCancel = () => reject(errorOfKind(CANCELLED, 'the step was cancelled'));
    if (deps.cancel?.aborted) onCancel();
    else deps.cancel?.addEventListener('abort', onCancel, { once: true });
  });
  return Promise.race([work, timeout]).finally(() => {
    clearTimeout(timer);
    if (onCancel) deps.cancel?.removeEventListener('abort', onCancel);
  });
}

/**
 * A service's endpoint variable as the AWS SDKs read it (its own, then AWS_ENDPOINT_URL), held to the rules of the
 * action's own endpoint; undefined when neither is set.
 */
function checkedEndpointVariable(
  env: Record<string, string | undefined>,
  serviceVariable: string,
): { variable: string; url?: URL; problem?: string } | undefined {
  const configured = configuredEndpoint(env, serviceVariable);
  if (!configured) return undefined;
  const { variable, raw } = configured;
  const problem = endpointProblem(raw);
  return problem ? { variable, problem } : { variable, url: new URL(raw) };
}

/** AWS_ENDPOINT_URL_STS, then AWS_ENDPOINT_URL, as the SDKs read them; else regional STS. */
export function resolveStsEndpoint(
  env: Record<string, string | undefined>,
  region: string,
  partition: Partition,
): { url?: URL; variable?: string; problem?: string } {
  return (
    checkedEndpointVariable(env, 'AWS_ENDPOINT_URL_STS') ?? { url: stsEndpoint(region, partition) }
  );
}

/** The endpoint variables of the services the standard chain calls itself (each falls back to AWS_ENDPOINT_URL). */
const CHAIN_ENDPOINT_VARIABLES = [
  'AWS_ENDPOINT_URL_STS',
  'AWS_ENDPOINT_URL_SSO',
  'AWS_ENDPOINT_URL_SSO_OIDC',
  'AWS_ENDPOINT_URL_SIGNIN',
];

/** The standard chain, bounded by the deadline; every secret masked before anything is logged. */
async function fromChain(
  request: CredentialRequest,
  sources: CredentialSources,
  deps: CallDeps,
): Promise<CredentialOutcome> {
  // The chain's own calls (STS for a web identity token file or a profile's role, SSO) read the endpoint variables
  // too: plain http there would carry a token or signed credentials in clear, so it is refused before the chain runs.
  for (const service of CHAIN_ENDPOINT_VARIABLES) {
    const checked = checkedEndpointVariable(sources.env, service);
    if (checked?.problem)
      return {
        ok: false,
        failure: endpointVariableFailure(checked.variable, checked.problem),
        attempts: 0,
      };
  }
  // A source profile's keys or an SSO token may be quoted back by the source that rejects them.
  for (const secret of await sources.chainSecrets()) deps.secrets.remember(secret);
  try {
    const got = await deadlineRace(
      sources.chain(request.renewal ? { forceRefresh: true } : undefined),
      deps,
      request.policy.deadlineAt,
    );
    const credentials: Credentials = {
      accessKeyId: got.accessKeyId,
      secretAccessKey: got.secretAccessKey,
      ...(got.sessionToken ? { sessionToken: got.sessionToken } : {}),
    };
    maskAll(deps.secrets, credentials);
    const kind = credentials.sessionToken ? 'temporary' : 'long-term';
    const origin = got.fromEnvironment ? 'environment' : 'chain';
    deps.log.debug(
      `credentials from the ${origin === 'environment' ? 'environment' : 'standard chain'} (${kind})`,
    );
    // An unreadable AWS_CREDENTIAL_EXPIRATION is an Invalid Date in the SDK too: no expiry known.
    const expiresAt = got.expiration?.getTime();
    const known = expiresAt !== undefined && Number.isFinite(expiresAt);
    return {
      ok: true,
      credentials,
      origin,
      ...(expiresAt !== undefined && !known ? { expiryUnreadable: true } : {}),
      ...(known
        ? {
            expiresAt,
            expirySource:
              origin === 'environment' ? 'AWS_CREDENTIAL_EXPIRATION' : 'the credential chain',
          }
        : {}),
      attempts: 0,
    };
  } catch (err) {
    // The chain's errors can quote an SSO or metadata reply, or a credential_process's output: the sinks scrub it.
    return { ok: false, failure: chainFailure(err), attempts: 0 };
  }
}

/** The workflow's OIDC token exchanged at STS for the role's temporary credentials. */
async function fromRole(
  role: RoleConfig,
  request: CredentialRequest,
  sources: CredentialSources,
  deps: CallDeps,
): Promise<CredentialOutcome> {
  if (!sources.idTokenAvailable)
    return { ok: false, failure: idTokenUnavailable(role), attempts: 0 };
  const sts = resolveStsEndpoint(sources.env, request.region, request.partition);
  if (!sts.url) {
    const failure = endpointVariableFailure(sts.variable ?? '', sts.problem ?? '');
    return { ok: false, failure, attempts: 0 };
  }

  let token: string;
  try {
    token = await deadlineRace(
      sources.getIdToken(role.audience, request.policy, deps),
      deps,
      request.policy.deadlineAt,
    );
  } catch (err) {
    return {
      ok: false,
      failure: idTokenFailure(err, role),
      attempts: 0,
    };
  }
  deps.secrets.mask(token);
  // The token as GitHub issued it, untouched: STS verifies its signature. Its claims, shown, pass the sinks.
  const claims = tokenClaims(token);
  const sub = safeLine(subjectOf(claims) ?? 'unknown', 300);
  deps.log.info(
    `Assuming ${role.roleArn} as session ${role.sessionName} with the workflow's OIDC token (sub ${sub}) through ${sts.url.origin}`,
  );

  // STS's request and XML replies load here: dist/'s role chunk (with the OIDC request), never loaded without role-to-assume.
  const { assumeRoleWithWebIdentity } = await import(/* webpackChunkName: "role" */ './sts.js');
  const outcome = await assumeRoleWithWebIdentity(
    sts.url,
    { ...role, webIdentityToken: token },
    request.policy,
    deps,
  );
  // Masked before any line below (or any later step) can print them; sendWithRetry never logs a success body.
  if (outcome.ok) maskAll(deps.secrets, outcome.value.credentials);
  const ids = { attempts: outcome.attempts, requestId: outcome.requestId };
  if (!outcome.ok) {
    const failure = stsCallFailure(outcome, role, claims, request.region, request.timeoutMs);
    return { ok: false, failure, ...ids };
  }
  const assumed = outcome.value;
  deps.log.info(`Assumed ${safeLine(assumed.assumedRoleArn, 300)} (account ${assumed.accountId})`);
  // STS's Expiration is STS's time; without one, the session lasts what was asked for. On this runner's clock it
  // ends the session's life (Expiration less the reply's Date) after it came: no other service's clock moves it.
  const said = assumed.expiration === undefined ? NaN : Date.parse(assumed.expiration);
  const now = deps.timing.now();
  // A life no STS session has (a reply dated the year 275760) says the Date is wrong, not the Expiration.
  const life = assumed.lifetimeMs ?? NaN;
  const believed = life > 0 && life <= CREDENTIAL_RENEWAL.longestSessionMs;
  const expiry = Number.isFinite(said)
    ? {
        expiresAt: said,
        ...(believed ? { signsUntil: now + life } : {}),
        expirySource: 'STS',
      }
    : {
        expiresAt: now + deps.clock.offsetMs + role.durationSeconds * 1000,
        signsUntil: now + role.durationSeconds * 1000,
        expirySource: 'role-duration-seconds',
      };
  return { ok: true, credentials: assumed.credentials, origin: 'role', ...expiry, assumed, ...ids };
}

export function resolveCredentials(
  request: CredentialRequest,
  sources: CredentialSources,
  deps: CallDeps,
): Promise<CredentialOutcome> {
  return request.role
    ? fromRole(request.role, request, sources, deps)
    : fromChain(request, sources, deps);
}

/**
 * The step's hold on its credentials: the role session renewed through a new OIDC token and STS, the standard
 * chain asked again (its provider renews web identity, container, SSO and process credentials itself), the
 * environment's used until they run out.
 */
export function keepCredentials(
  first: Resolved,
  request: CredentialRequest,
  sources: CredentialSources,
  deps: CallDeps,
): LastingCredentials {
  const renew =
    first.origin === 'environment'
      ? undefined
      : async (): Promise<Renewal> => {
          // The same request as the first: a new OIDC token and STS call, or the chain asked again.
          const again = await resolveCredentials({ ...request, renewal: true }, sources, deps);
          if (!again.ok) return { ok: false, failure: again.failure };
          const held = {
            credentials: again.credentials,
            ...(again.expiresAt === undefined ? {} : { expiresAt: again.expiresAt }),
            ...(again.signsUntil === undefined ? {} : { signsUntil: again.signsUntil }),
          };
          return { ok: true, held };
        };
  return lastingCredentials({
    origin: first.origin,
    describe: (credentials) => describedCredentials(first, credentials),
    first: {
      credentials: first.credentials,
      ...(first.expiresAt === undefined ? {} : { expiresAt: first.expiresAt }),
      ...(first.signsUntil === undefined ? {} : { signsUntil: first.signsUntil }),
    },
    ...(first.expirySource ? { expirySource: first.expirySource } : {}),
    ...(first.expiryUnreadable ? { expiryUnreadable: true } : {}),
    ...(renew ? { renew } : {}),
    deadlineAt: request.policy.deadlineAt,
    cancel: deps.cancel,
    timing: deps.timing,
    clock: deps.clock,
    log: deps.log,
  });
}

/** Which credentials these are, in words: never the key itself (its last four characters identify it). */
function describedCredentials(first: Resolved, credentials: Credentials): string {
  const key = `access key ID ending in ${credentials.accessKeyId.slice(-4)}`;
  switch (first.origin) {
    case 'role':
      return `the role session ${safeLine(first.assumed?.assumedRoleArn ?? 'of role-to-assume', 300)} (role-to-assume)`;
    case 'environment':
      return `the environment's credentials (${key}, as an earlier step such as configure-aws-credentials exported them)`;
    case 'chain':
      return `the standard credential chain's credentials (${key})`;
  }
}
