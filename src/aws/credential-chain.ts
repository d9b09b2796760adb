// The standard AWS credential chain, with its first link (environment variables) read here so the chain's code loads only when needed.
import type { Credentials } from './credentials.js';

/** What @aws-sdk/credential-provider-env's fromEnv returns. */
interface EnvironmentCredentials extends Credentials {
  expiration?: Date;
  credentialScope?: string;
  accountId?: string;
}

type Env = Record<string, string | undefined>;
/** What the chain's inner clients (STS for a profile's role or a web identity token) are given. */
interface ChainInit {
  clientPlugins: ChainPlugin[];
}
/** What the chain's provider takes: forceRefresh runs the chain again rather than handing out what it holds. */
type RefreshOptions = { forceRefresh?: boolean };
type ChainLoader = (
  init: ChainInit,
) => Promise<(options?: RefreshOptions) => Promise<EnvironmentCredentials>>;

/** A smithy client plugin, as much of it as this file uses. */
interface ChainPlugin {
  applyToStack(stack: {
    add(
      middleware: (next: Handler) => Handler,
      options: { step: 'deserialize'; priority: 'low'; name: string },
    ): void;
  }): void;
}
type Handler = (args: { request?: { headers?: Record<string, string> } }) => Promise<unknown>;

/** Headers of a signed request that carry a secret (the source credentials' token and signature, SSO's token). */
const SECRET_HEADERS = new Set(['authorization', 'x-amz-security-token', 'x-amz-sso_bearer_token']);

/**
 * A plugin for the chain's own STS clients: each secret their signed requests carry is told to `remember` before
 * the request is sent, so a reply that quotes it is scrubbed. The chain's in-between credentials (a source
 * profile's, a credential_process's, a container's) live only in the SDK: this is where the action sees them.
 */
export function rememberWhatTheChainSends(remember: (headerValue: string) => void): ChainPlugin {
  return {
    applyToStack(stack) {
      stack.add(
        (next) => (args) => {
          for (const [name, value] of Object.entries(args.request?.headers ?? {}))
            if (SECRET_HEADERS.has(name.toLowerCase()) && value) remember(value);
          return next(args);
        },
        { step: 'deserialize', priority: 'low', name: 'rememberWhatTheChainSends' },
      );
    },
  };
}

/**
 * The credentials the chain's first link would return, or undefined where it would pass to the next link:
 * AWS_PROFILE set (the chain then prefers the profile) or the key pair incomplete.
 */
export function environmentCredentials(env: Env): EnvironmentCredentials | undefined {
  const accessKeyId = env.AWS_ACCESS_KEY_ID;
  const secretAccessKey = env.AWS_SECRET_ACCESS_KEY;
  if (env.AWS_PROFILE || !accessKeyId || !secretAccessKey) return undefined;
  const sessionToken = env.AWS_SESSION_TOKEN;
  const expiry = env.AWS_CREDENTIAL_EXPIRATION;
  const credentialScope = env.AWS_CREDENTIAL_SCOPE;
  const accountId = env.AWS_ACCOUNT_ID;
  return {
    accessKeyId,
    secretAccessKey,
    ...(sessionToken ? { sessionToken } : {}),
    ...(expiry ? { expiration: new Date(expiry) } : {}),
    ...(credentialScope ? { credentialScope } : {}),
    ...(accountId ? { accountId } : {}),
  };
}

/**
 * The SDK's chain, imported on first use: ncc emits it as a chunk of its own (dist/<id>.index.js) that a run with a
 * key pair in the environment, or one that stops at its inputs, never loads (about 3 MiB of peak RSS on Node 24).
 */
const loadStandardChain: ChainLoader = async (init) =>
  // The plugin's own type is structural: the SDK's Pluggable is not a dependency of this package.
  (await import('@aws-sdk/credential-provider-node')).defaultProvider(init as never);

/**
 * A stand-in for @aws-sdk/credential-provider-node's defaultProvider: environment credentials as its fromEnv
 * reads them, else the whole chain (which reads process.env itself, so env must be process.env outside tests).
 * `remember` hears each secret the chain's own signed requests carry (main.ts: the step's gate).
 */
export function defaultProvider(
  env: Env = process.env,
  loadChain: ChainLoader = loadStandardChain,
  remember: (headerValue: string) => void = () => {},
): (options?: RefreshOptions) => Promise<EnvironmentCredentials & { fromEnvironment?: boolean }> {
  // One SDK provider for the step: it memoizes its credentials (a new provider each time would run the whole chain
  // again). Within 5 minutes of their expiry it refreshes them in the background and hands out the old ones
  // meanwhile, so a renewal asks with forceRefresh: the chain runs again, and the new credentials come back.
  let chain: ReturnType<ChainLoader> | undefined;
  return async (options) => {
    const fromEnv = environmentCredentials(env);
    if (fromEnv) return { ...fromEnv, fromEnvironment: true };
    chain ??= loadChain({ clientPlugins: [rememberWhatTheChainSends(remember)] });
    return (await chain)(options);
  };
}
