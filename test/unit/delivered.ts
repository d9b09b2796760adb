// A scripted reply as a transport resolves it: a response, or a fault (an entry with a `kind`).
import type { Delivery, HttpResponse, TransportFault } from '../../src/http/transport.js';

export function delivered(reply: HttpResponse | TransportFault): Delivery {
  return 'kind' in reply ? { ok: false, fault: reply } : { ok: true, response: reply };
}
