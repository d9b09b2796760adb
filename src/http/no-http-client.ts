// Stands in for @actions/http-client's index in the bundle (tsconfig.json "paths"): @actions/core imports it for getIDToken alone, which this action never calls.
// The action requests the OIDC token itself (src/github/oidc-token.ts, through src/http/transport.ts, under the step's
// timeout, cancel and retries), so http-client's index, and the https, tls and undici it would load at every start, stay
// out. Its proxy rules (lib/proxy) and auth handlers (lib/auth) are separate files and still bundled where imported.

export class HttpClient {
  constructor() {
    throw new Error(
      '@actions/http-client is not bundled: the OIDC token is requested through the action transport (src/github/oidc-token.ts)',
    );
  }
}
