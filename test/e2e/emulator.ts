// One fixture for the e2e files: a Partner Central emulator per file, reset before each test, and the step's env.
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { startPartnerCentral } from '../emulator/partner-central.mjs';
import { defaultEmulatorOptions, LONG_TERM } from '../emulator/fixtures.mjs';
import { runStep } from '../emulator/run-dist.mjs';
import { startOidc, startSts } from '../emulator/sts-oidc.mjs';

export type Emulator = Awaited<ReturnType<typeof startPartnerCentral>>;
type Identity = { accessKeyId: string; secretAccessKey: string; sessionToken?: string };

/** The variables a configure-aws-credentials step exports for these credentials. */
export function credentialEnv(c: Identity = LONG_TERM): Record<string, string> {
  return {
    AWS_ACCESS_KEY_ID: c.accessKeyId,
    AWS_SECRET_ACCESS_KEY: c.secretAccessKey,
    ...(c.sessionToken ? { AWS_SESSION_TOKEN: c.sessionToken } : {}),
  };
}

/** Starts an emulator for the file; `pc()` is it. Options are the emulator's (jobs, credentials, rate). */
export function usePartnerCentral(
  options: Parameters<typeof startPartnerCentral>[0] = defaultEmulatorOptions(),
): () => Emulator {
  let pc: Emulator | undefined;
  beforeAll(async () => {
    pc = await startPartnerCentral(options);
  });
  afterAll(() => pc?.close());
  beforeEach(() => pc?.reset());
  return () => {
    if (!pc) throw new Error('the emulator is not running');
    return pc;
  };
}

/**
 * A step against the emulator: the step's `with:` (only what the case gives: the runner model adds every
 * default) and env with credentials; the endpoint comes from AWS_ENDPOINT_URL_PARTNERCENTRAL_SELLING.
 */
export function stepAgainst(
  pc: Emulator,
  inputs: Record<string, string>,
  env: Record<string, string | undefined> = credentialEnv(),
  options: Parameters<typeof runStep>[2] = {},
) {
  return runStep(inputs, { AWS_ENDPOINT_URL_PARTNERCENTRAL_SELLING: pc.url, ...env }, options);
}

/**
 * An emulator of one test's own, closed when the test finishes: for tests that run concurrently (it.concurrent),
 * which cannot share the file's emulator and its reset.
 */
export async function ownPartnerCentral(
  onTestFinished: (fn: () => Promise<void>) => void,
  options: Parameters<typeof startPartnerCentral>[0] = defaultEmulatorOptions(),
): Promise<Emulator> {
  const pc = await startPartnerCentral(options);
  onTestFinished(() => pc.close());
  return pc;
}

type Oidc = Awaited<ReturnType<typeof startOidc>>;
type Sts = Awaited<ReturnType<typeof startSts>>;

/**
 * GitHub's OIDC token endpoint and STS for the file, started once and reset before each test. STS trusts `roles`
 * and hands each session it issues to the Partner Central emulator, which accepts it until it expires. `env()`
 * is what a step with role-to-assume needs.
 */
export function useRoleEmulators(
  pc: () => Emulator,
  options: { sub: string; roles: Parameters<typeof startSts>[0]['roles']; sessionSeconds?: number },
) {
  let oidc: Oidc | undefined;
  let sts: Sts | undefined;
  beforeAll(async () => {
    oidc = await startOidc({ sub: options.sub });
    sts = await startSts({
      oidc,
      roles: options.roles,
      onIssue: (c: Identity) => pc().addCredentials(c),
      ...(options.sessionSeconds ? { sessionSeconds: options.sessionSeconds } : {}),
    });
  });
  afterAll(async () => {
    await Promise.all([oidc?.close(), sts?.close()]);
  });
  beforeEach(() => {
    sts?.reset();
    if (sts) sts.issued.length = 0;
    if (oidc) oidc.requests.length = 0;
  });
  const running = <T>(x: T | undefined): T => {
    if (!x) throw new Error('the OIDC and STS emulators are not running');
    return x;
  };
  return {
    oidc: () => running(oidc),
    sts: () => running(sts),
    env: () => ({
      ACTIONS_ID_TOKEN_REQUEST_URL: running(oidc).requestUrl,
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: running(oidc).runtimeToken,
      AWS_ENDPOINT_URL_STS: running(sts).url,
    }),
  };
}
