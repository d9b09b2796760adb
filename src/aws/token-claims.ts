// Reads the claims of the workflow's OIDC token (a JWT) without verifying it: STS verifies; these only explain a refusal.

/**
 * The claims of a JWT as the issuer wrote them, read without verifying it (to explain a trust-policy mismatch), or
 * undefined. Whatever a claim says reaches a reader only through the sinks, which scrub it (main.ts).
 */
export function tokenClaims(jwt: string): Record<string, unknown> | undefined {
  const part = jwt.split('.')[1];
  if (!part) return undefined;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** The token's `sub` claim (e.g. repo:OWNER/REPO:ref:refs/heads/main), if it has one. */
export function subjectOf(claims: Record<string, unknown> | undefined): string | undefined {
  return typeof claims?.sub === 'string' ? claims.sub : undefined;
}
