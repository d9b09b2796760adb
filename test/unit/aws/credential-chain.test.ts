import { defaultProvider as sdkDefaultProvider } from '@aws-sdk/credential-provider-node';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { defaultProvider, environmentCredentials } from '../../../src/aws/credential-chain.js';
import type { Credentials } from '../../../src/aws/credentials.js';
import {
  longTermCredentials,
  stsSessionToken,
  unrelatedSecret,
} from '../../fixtures/real-secrets.mjs';

const KEYS = longTermCredentials('credential-chain.env');
const PAIR = {
  AWS_ACCESS_KEY_ID: KEYS.accessKeyId,
  AWS_SECRET_ACCESS_KEY: KEYS.secretAccessKey,
};
const TOKEN = stsSessionToken('credential-chain.env');
const FROM_CHAIN: Credentials = longTermCredentials('credential-chain.chain');

function fakeChain() {
  const load = vi.fn(async () => () => Promise.resolve(FROM_CHAIN));
  return load;
}

/** process.env with no AWS_ variable but those given, and no file, container or instance metadata source. */
function isolateEnv(vars: Record<string, string>): void {
  for (const name of Object.keys(process.env))
    if (name.startsWith('AWS_')) vi.stubEnv(name, undefined);
  vi.stubEnv('AWS_EC2_METADATA_DISABLED', 'true');
  vi.stubEnv('AWS_SHARED_CREDENTIALS_FILE', '/nonexistent/credentials');
  vi.stubEnv('AWS_CONFIG_FILE', '/nonexistent/config');
  for (const [name, value] of Object.entries(vars)) vi.stubEnv(name, value);
}

/** The outcome of a provider: its credentials' plain fields, or its error's name and message. */
async function outcome(provider: () => Promise<Credentials>) {
  try {
    const c = (await provider()) as Credentials & Record<string, unknown>;
    const { accessKeyId, secretAccessKey, sessionToken, expiration, credentialScope, accountId } =
      c;
    return { accessKeyId, secretAccessKey, sessionToken, expiration, credentialScope, accountId };
  } catch (err) {
    return { error: (err as Error).name, message: (err as Error).message };
  }
}

describe('environmentCredentials', () => {
  it('reads the key pair, and the session token, expiration, scope and account when set', () => {
    expect(environmentCredentials(PAIR)).toEqual({
      accessKeyId: PAIR.AWS_ACCESS_KEY_ID,
      secretAccessKey: PAIR.AWS_SECRET_ACCESS_KEY,
    });
    expect(
      environmentCredentials({
        ...PAIR,
        AWS_SESSION_TOKEN: TOKEN,
        AWS_CREDENTIAL_EXPIRATION: '2026-11-27T01:00:00Z',
        AWS_CREDENTIAL_SCOPE: 'us-east-1',
        AWS_ACCOUNT_ID: '111122223333',
      }),
    ).toEqual({
      accessKeyId: PAIR.AWS_ACCESS_KEY_ID,
      secretAccessKey: PAIR.AWS_SECRET_ACCESS_KEY,
      sessionToken: TOKEN,
      expiration: new Date('2026-11-27T01:00:00Z'),
      credentialScope: 'us-east-1',
      accountId: '111122223333',
    });
  });
  it('passes on an incomplete pair, empty values, or AWS_PROFILE (the chain then prefers the profile)', () => {
    expect(environmentCredentials({ AWS_ACCESS_KEY_ID: PAIR.AWS_ACCESS_KEY_ID })).toBeUndefined();
    expect(
      environmentCredentials({ AWS_SECRET_ACCESS_KEY: PAIR.AWS_SECRET_ACCESS_KEY }),
    ).toBeUndefined();
    expect(environmentCredentials({ ...PAIR, AWS_SECRET_ACCESS_KEY: '' })).toBeUndefined();
    expect(environmentCredentials({ ...PAIR, AWS_PROFILE: 'release' })).toBeUndefined();
    expect(environmentCredentials({ AWS_SESSION_TOKEN: TOKEN })).toBeUndefined();
  });
});

describe('defaultProvider', () => {
  it('answers from the environment without loading the chain', async () => {
    const load = fakeChain();
    const c = await defaultProvider({ ...PAIR, AWS_SESSION_TOKEN: TOKEN }, load)();
    expect(c).toEqual({
      accessKeyId: PAIR.AWS_ACCESS_KEY_ID,
      secretAccessKey: PAIR.AWS_SECRET_ACCESS_KEY,
      sessionToken: TOKEN,
      fromEnvironment: true,
    });
    expect(load).not.toHaveBeenCalled();
  });
  it('loads the chain once and asks that one provider again: its memo renews its own credentials', async () => {
    const load = fakeChain();
    const chain = defaultProvider({}, load);
    await chain();
    await chain();
    expect(load).toHaveBeenCalledOnce();
  });
  it('loads the chain when the environment has no complete pair', async () => {
    for (const env of [
      {},
      { AWS_ACCESS_KEY_ID: PAIR.AWS_ACCESS_KEY_ID },
      { AWS_SECRET_ACCESS_KEY: PAIR.AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN: TOKEN },
      { ...PAIR, AWS_PROFILE: 'release' },
    ]) {
      const load = fakeChain();
      expect(await defaultProvider(env, load)()).toBe(FROM_CHAIN);
      expect(load).toHaveBeenCalledOnce();
    }
  });
  it('gives the chain a plugin that hears each secret its own signed requests carry', async () => {
    let init: unknown;
    const load = vi.fn(async (given: unknown) => {
      init = given;
      return () => Promise.resolve(FROM_CHAIN);
    });
    const heard: string[] = [];
    const sourceToken = stsSessionToken('credential-chain.source');
    // The fixture has no shape for an SSO bearer token: the named exception.
    const ssoToken = unrelatedSecret('credential-chain.sso');
    await defaultProvider({}, load, (v) => heard.push(v))();
    const [plugin] = (init as { clientPlugins: { applyToStack(stack: unknown): void }[] })
      .clientPlugins;
    let middleware:
      ((next: (a: unknown) => Promise<unknown>) => (a: unknown) => Promise<unknown>) | undefined;
    let options: unknown;
    plugin?.applyToStack({
      add: (m: typeof middleware, o: unknown) => {
        middleware = m;
        options = o;
      },
    });
    expect(options).toEqual({
      step: 'deserialize',
      priority: 'low',
      name: 'rememberWhatTheChainSends',
    });
    const next = vi.fn(() => Promise.resolve('sent'));
    await expect(
      middleware?.(next)({
        request: {
          headers: {
            Authorization: 'AWS4-HMAC-SHA256 Credential=x, Signature=abc',
            'X-Amz-Security-Token': sourceToken,
            'x-amz-sso_bearer_token': ssoToken,
            host: 'sts.example',
          },
        },
      }),
    ).resolves.toBe('sent');
    expect(heard).toEqual(['AWS4-HMAC-SHA256 Credential=x, Signature=abc', sourceToken, ssoToken]);
    expect(next).toHaveBeenCalledOnce();
  });
  it('lets the chain error through unchanged', async () => {
    const refused = Object.assign(new Error('Could not load credentials from any providers'), {
      name: 'CredentialsProviderError',
    });
    const load = vi.fn(async () => () => Promise.reject(refused));
    await expect(defaultProvider({}, load)()).rejects.toBe(refused);
  });
});

describe('defaultProvider against the SDK chain itself', () => {
  beforeEach(() => vi.spyOn(console, 'warn').mockImplementation(() => undefined));
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.restoreAllMocks();
  });

  const cases: [string, Record<string, string>][] = [
    ['a key pair', PAIR],
    [
      'temporary credentials with expiration, scope and account',
      {
        ...PAIR,
        AWS_SESSION_TOKEN: TOKEN,
        AWS_CREDENTIAL_EXPIRATION: '2026-11-27T01:00:00Z',
        AWS_CREDENTIAL_SCOPE: 'us-east-1',
        AWS_ACCOUNT_ID: '111122223333',
      },
    ],
    ['an unparsable expiration', { ...PAIR, AWS_CREDENTIAL_EXPIRATION: 'soon' }],
    ['only AWS_ACCESS_KEY_ID', { AWS_ACCESS_KEY_ID: PAIR.AWS_ACCESS_KEY_ID }],
    ['only AWS_SECRET_ACCESS_KEY', { AWS_SECRET_ACCESS_KEY: PAIR.AWS_SECRET_ACCESS_KEY }],
    ['an empty secret', { ...PAIR, AWS_SECRET_ACCESS_KEY: '' }],
    ['no credentials at all', {}],
    ['a key pair and an AWS_PROFILE the config does not have', { ...PAIR, AWS_PROFILE: 'x' }],
  ];
  it.each(cases)('%s: same credentials or same error', async (_, vars) => {
    isolateEnv(vars);
    const ours = await outcome(defaultProvider(process.env));
    const sdks = await outcome(sdkDefaultProvider());
    expect(ours).toEqual(sdks);
  });
});
