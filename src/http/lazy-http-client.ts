// Stands in for @actions/http-client's index where @actions/core imports it (tsconfig.json "paths"): the real client loads on first use.
// @actions/core imports HttpClient for one thing, getIDToken (OidcClient: new HttpClient(...).getJson(url)), yet its
// static import would load http-client's index, and with it https and tls, at every start. This class keeps the
// constructor's arguments and builds the real client when getJson is first called. The transport does not use it.
import type { HttpClient as RealClient } from '../../node_modules/@actions/http-client/lib/index.js';

type Args = ConstructorParameters<typeof RealClient>;

export class HttpClient {
  private readonly args: Args;

  constructor(...args: Args) {
    this.args = args;
  }

  async getJson<T>(...call: Parameters<RealClient['getJson']>) {
    const real = await import(
      /* webpackMode: "eager" */ '../../node_modules/@actions/http-client/lib/index.js'
    );
    return new real.HttpClient(...this.args).getJson<T>(...call);
  }
}
