// Which hosts count as loopback: the one rule for plain http (an endpoint override, the OIDC token URL, the transport).

/**
 * A literal loopback host as URL#hostname spells it: 127.0.0.0/8, [::1], or `localhost` itself. Not
 * `*.localhost` (a resolver may send it anywhere, and proxies do not bypass it) and not a name that merely
 * starts with 127.
 */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase();
  return host === 'localhost' || host === '[::1]' || host === '::1' || isLoopbackAddress(host);
}

/** A resolved address on the loopback interface: 127.0.0.0/8 or ::1 (also IPv4-mapped, ::ffff:127.x.x.x). */
export function isLoopbackAddress(address: string): boolean {
  const a = address.toLowerCase().replace(/^::ffff:/, '');
  if (a === '::1') return true;
  const octets = a.split('.');
  return (
    octets.length === 4 &&
    octets[0] === '127' &&
    octets.every((o) => /^\d{1,3}$/.test(o) && Number(o) <= 255)
  );
}

/** The one wording of the rule, for every refusal, README and SECURITY.md. */
export const LOOPBACK_RULE =
  'plain http is allowed only to a literal loopback address (127.0.0.1 or another 127.x.x.x, [::1], or localhost), never through a proxy';
