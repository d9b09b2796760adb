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
import type { Credentials } from './credentials.js';
import type { Failure } from '../common/failure.js';
import { CANCELLED, errorOfKind, TIMED_OUT } from '../http/error-kinds.js';
import type { RoleConfig } from '../config/inputs.js';
import type { RetryPolicy } from '../http/retry.js';
import { safeLine } from '../common/safe-text.js';
import type { Secrets } from '../common/secrets.js';
import type { CallDeps } from '../http/send-with-retry.js';
import type { AssumedRole } from './sts.js';
import { subjectOf, tokenClaims } from './token-claims.js';

export interface CredentialSources {
  /** The standard chain (@aws-sdk/credential-provider-node). */
  chain(): Promise<Credentials>;
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
}

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
    const credentials = await deadlineRace(sources.chain(), deps, request.policy.deadlineAt);
    maskAll(deps.secrets, credentials);
    const kind = credentials.sessionToken ? 'temporary' : 'long-term';
    deps.log.debug(`credentials from the standard chain (${kind})`);
    return { ok: true, credentials, attempts: 0 };
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
  return { ok: true, credentials: assumed.credentials, assumed, ...ids };
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
