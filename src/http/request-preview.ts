// A request as it may be shown (dry-run, debug log, summary): every secret header's value replaced by ***, the URL
// shown without its path or query (common/safe-text.ts shownUrl).
import { shownUrl } from '../common/safe-text.js';
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
  return { method: req.method, url: shownUrl(req.url), headers, body: req.body };
}
