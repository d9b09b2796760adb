// Reads the claims of the workflow's OIDC token (a JWT) without verifying it: STS verifies; these only explain a refusal.

/**
 * The claims of a JWT, read without verifying it (to explain a trust-policy mismatch), or undefined. `scrub`
 * cleans the decoded text first: whoever issued the token wrote it (common/secrets.ts).
 */
export function tokenClaims(
  jwt: string,
  scrub: (text: string) => string = (text) => text,
): Record<string, unknown> | undefined {
  const part = jwt.split('.')[1];
  if (!part) return undefined;
  try {
    const parsed: unknown = JSON.parse(scrub(Buffer.from(part, 'base64url').toString('utf8')));
    return parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** The token's `sub` claim (e.g. repo:OWNER/REPO:ref:refs/heads/main), if it has one. */
export function subjectOf(claims: Record<string, unknown> | undefined): string | undefined {
  return typeof claims?.sub === 'string' ? claims.sub : undefined;
}
