// Stands in for undici in the bundle (tsconfig.json "paths"): @actions/http-client imports it for one ProxyAgent nothing here uses.
// http-client's request path (HttpClient.request, its proxy rules and tunnel agents) never touches undici; only
// getAgentDispatcher(), for fetch-based clients, constructs a ProxyAgent. Loading undici cost ~17 MiB and ~60 ms per start.

export class ProxyAgent {
  constructor() {
    throw new Error('undici is not bundled: nothing in this action uses a fetch dispatcher');
  }
}
