// The standard AWS credential chain, with its first link (environment variables) read here so the chain's code loads only when needed.
import type { Credentials } from './credentials.js';

/** What @aws-sdk/credential-provider-env's fromEnv returns. */
interface EnvironmentCredentials extends Credentials {
  expiration?: Date;
  credentialScope?: string;
  accountId?: string;
}

type Env = Record<string, string | undefined>;
type ChainLoader = () => Promise<() => Promise<Credentials>>;

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
const loadStandardChain: ChainLoader = async () =>
  (await import('@aws-sdk/credential-provider-node')).defaultProvider();

/**
 * A stand-in for @aws-sdk/credential-provider-node's defaultProvider: environment credentials as its fromEnv
 * reads them, else the whole chain (which reads process.env itself, so env must be process.env outside tests).
 */
export function defaultProvider(
  env: Env = process.env,
  loadChain: ChainLoader = loadStandardChain,
): () => Promise<Credentials> {
  return async () => environmentCredentials(env) ?? (await loadChain())();
}
