// Credentials that never expire, for tests of what signs with them (no renewal is ever due).
import type { Credentials, SigningCredentials } from '../../src/aws/credentials.js';

export function fixedCredentials(credentials: Credentials): SigningCredentials {
  return {
    current: () => credentials,
    renewIfDue: () => undefined,
    facts: () => ({
      origin: 'chain',
      described: `the standard credential chain's credentials (access key ID ending in ${credentials.accessKeyId.slice(-4)})`,
      obtainedAt: 0,
      renewals: 0,
      at: 0,
    }),
  };
}
