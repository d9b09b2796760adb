import { describe, expect, it } from 'vitest';
import { subjectOf, tokenClaims } from '../../../src/aws/token-claims.js';

describe('token claims', () => {
  it('reads token claims without verifying, and only a string sub', () => {
    const jwt = `x.${Buffer.from('{"sub":"repo:o/r:ref:refs/heads/main","aud":"a"}').toString('base64url')}.y`;
    expect(subjectOf(tokenClaims(jwt))).toBe('repo:o/r:ref:refs/heads/main');
    expect(tokenClaims('not-a-jwt')).toBeUndefined();
    expect(tokenClaims('a.!!!.c')).toBeUndefined();
    expect(subjectOf({ sub: { nested: true } })).toBeUndefined();
  });
});
