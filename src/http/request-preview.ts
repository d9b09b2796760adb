// A request as it may be shown (dry-run, debug log): every secret header's value replaced by ***.
import type { OutgoingRequest } from './transport.js';

export interface RequestPreview {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string;
}

export function previewRequest(
  req: OutgoingRequest,
  secretHeaders: ReadonlySet<string>,
): RequestPreview {
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) headers[k] = secretHeaders.has(k) ? '***' : v;
  return { method: req.method, url: req.url.href, headers, body: req.body };
}
