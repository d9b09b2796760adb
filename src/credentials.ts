// Gets the credentials that sign the request: the standard AWS chain, or a role assumed with the workflow's OIDC token.
import { callWithRetry, type CallDeps } from './call.js';
import { endpointProblem, stsEndpoint, type Partition } from './endpoint.js';
import type { RoleConfig } from './inputs.js';
import type { Credentials } from './request.js';
import type { RetryPolicy } from './retry.js';
import { safeLine } from './safe-text.js';
import {
  assumeRoleBody,
  readAssumeRoleReply,
  readStsError,
  subjectOf,
  tokenClaims,
  type AssumedRole,
} from './sts.js';
import {
  chainFailure,
  idTokenFailure,
  idTokenUnavailable,
  stsCallFailure,
  stsEndpointFailure,
} from './credential-failures.js';
import type { Failure } from './remediation.js';

export interface CredentialSources {
  /** The standard chain (@aws-sdk/credential-provider-node). */
  chain(): Promise<Credentials>;
  /** core.getIDToken; only called when idTokenAvailable. */
  getIdToken(audience: string): Promise<string>;
  /** Whether the job may request an OIDC token (ACTIONS_ID_TOKEN_REQUEST_URL is set). */
  idTokenAvailable: boolean;
  /** core.setSecret: every secret is masked before anything else is logged. */
  mask(value: string): void;
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

export interface CredentialRequest {
  region: string;
  partition: Partition;
  role?: RoleConfig;
  policy: RetryPolicy;
  /** timeout-seconds in ms, for the words of a deadline failure. */
  timeoutMs: number;
}

function maskAll(sources: CredentialSources, c: Credentials): void {
  sources.mask(c.accessKeyId);
  sources.mask(c.secretAccessKey);
  if (c.sessionToken) sources.mask(c.sessionToken);
}

function deadlineRace<T>(work: Promise<T>, deps: CallDeps, deadlineAt: number): Promise<T> {
  const ms = Math.max(0, deadlineAt - deps.timing.now());
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          Object.assign(new Error(`no credentials within ${ms} ms`), { name: 'TimeoutError' }),
        ),
      ms,
    );
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/** AWS_ENDPOINT_URL_STS, then AWS_ENDPOINT_URL, as the SDKs read them; else regional STS. */
export function resolveStsEndpoint(
  env: Record<string, string | undefined>,
  region: string,
  partition: Partition,
): { url?: URL; variable?: string; problem?: string } {
  for (const variable of ['AWS_ENDPOINT_URL_STS', 'AWS_ENDPOINT_URL']) {
    const raw = env[variable]?.trim();
    if (!raw) continue;
    const problem = endpointProblem(raw);
    return problem ? { variable, problem } : { url: new URL(raw), variable };
  }
  return { url: stsEndpoint(region, partition) };
}

export async function resolveCredentials(
  request: CredentialRequest,
  sources: CredentialSources,
  deps: CallDeps,
): Promise<CredentialOutcome> {
  if (!request.role) {
    try {
      const credentials = await deadlineRace(sources.chain(), deps, request.policy.deadlineAt);
      maskAll(sources, credentials);
      deps.log.debug(
        `credentials from the standard chain (${credentials.sessionToken ? 'temporary' : 'long-term'})`,
      );
      return { ok: true, credentials, attempts: 0 };
    } catch (err) {
      return { ok: false, failure: chainFailure(err), attempts: 0 };
    }
  }

  const role = request.role;
  if (!sources.idTokenAvailable)
    return { ok: false, failure: idTokenUnavailable(role), attempts: 0 };
  const sts = resolveStsEndpoint(sources.env, request.region, request.partition);
  if (!sts.url)
    return {
      ok: false,
      failure: stsEndpointFailure(sts.variable ?? '', sts.problem ?? ''),
      attempts: 0,
    };
  const stsUrl = sts.url;

  let token: string;
  try {
    token = await deadlineRace(sources.getIdToken(role.audience), deps, request.policy.deadlineAt);
  } catch (err) {
    return { ok: false, failure: idTokenFailure(err, role), attempts: 0 };
  }
  sources.mask(token);
  const claims = tokenClaims(token);
  deps.log.info(
    `Assuming ${role.roleArn} as session ${role.sessionName} with the workflow's OIDC token (sub ${safeLine(subjectOf(claims) ?? 'unknown', 300)}) through ${stsUrl.origin}`,
  );

  const outcome = await callWithRetry(
    {
      label: 'AssumeRoleWithWebIdentity',
      build: () =>
        Promise.resolve({
          url: stsUrl,
          method: 'POST',
          headers: {
            host: stsUrl.host,
            'content-type': 'application/x-www-form-urlencoded; charset=utf-8',
          },
          body: assumeRoleBody({ ...role, webIdentityToken: token }),
        }),
      parseSuccess: (res) => {
        const assumed = readAssumeRoleReply(res);
        maskAll(sources, assumed.credentials);
        return assumed;
      },
      parseError: readStsError,
    },
    request.policy,
    deps,
  );
  const ids = {
    attempts: outcome.attempts,
    ...(outcome.requestId ? { requestId: outcome.requestId } : {}),
  };
  if (!outcome.ok)
    return {
      ok: false,
      failure: stsCallFailure(outcome, role, claims, request.region, request.timeoutMs),
      ...ids,
    };
  deps.log.info(
    `Assumed ${safeLine(outcome.value.assumedRoleArn, 300)} (account ${outcome.value.accountId})`,
  );
  return { ok: true, credentials: outcome.value.credentials, assumed: outcome.value, ...ids };
}
