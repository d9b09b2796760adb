// The bundle-time stubs (tsconfig.json "paths"): what @actions/core imports and the action never calls, each refusing
// loudly if a future change ever calls it, and each really wired into the bundle in place of the package.
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { HttpClient } from '../../src/http/no-http-client.js';
import { getExecOutput } from '../../src/github/no-exec.js';

const root = path.resolve(import.meta.dirname, '../..');

describe('no-http-client (what @actions/core gets for getIDToken)', () => {
  it('refuses to build a client: the OIDC token goes through the action transport', () => {
    expect(() => new HttpClient()).toThrow(/http-client is not bundled.*oidc-token/);
  });
});

describe('no-exec (what @actions/core gets for platform.getDetails)', () => {
  it('refuses to run a command', () => {
    expect(() => getExecOutput()).toThrow(/exec is not bundled/);
  });
});

describe('the substitutions ncc reads', () => {
  // tsconfig.json allows comments, so only its "paths" object (the first {...} after the key) is parsed.
  const tsconfig = readFileSync(path.join(root, 'tsconfig.json'), 'utf8');
  const fromPaths = tsconfig.slice(tsconfig.indexOf('"paths": ') + '"paths": '.length);
  const paths = JSON.parse(fromPaths.slice(0, fromPaths.indexOf('}') + 1)) as Record<
    string,
    string[]
  >;

  it('map each stubbed package to its stub, and nothing else', () => {
    expect(paths).toEqual({
      '@actions/http-client': ['./src/http/no-http-client.ts'],
      '@actions/exec': ['./src/github/no-exec.ts'],
    });
  });

  it('are what dist/ was built with: http-client, undici and exec are not in the bundle', () => {
    // The stubs themselves are tree-shaken away (nothing calls getIDToken or platform); without them the entry
    // chunk would hold http-client's index, the undici it imports and @actions/exec (about 470 KB).
    const bundle = readdirSync(path.join(root, 'dist'))
      .filter((f) => f.endsWith('.js'))
      .map((f) => readFileSync(path.join(root, 'dist', f), 'utf8'))
      .join('\n');
    expect(bundle).not.toContain('Client has already been disposed');
    expect(bundle).not.toContain('undici');
    expect(bundle).not.toContain("Parameter 'commandLine' cannot be null or empty");
  });
});

describe('what dist/index.js loads at start', () => {
  const dist = path.join(root, 'dist');
  const entry = readFileSync(path.join(dist, 'index.js'), 'utf8');
  const chunks = readdirSync(dist)
    .filter((f) => /^\d+\.index\.js$/.test(f))
    .map((f) => readFileSync(path.join(dist, f), 'utf8'));

  // One string each from the signer, the retry sender, STS and the OIDC request: in a chunk, never in the entry.
  it.each([
    ['the SigV4 signer', 'AWS4-HMAC-SHA256'],
    ['the retrying sender', 'the reply could not be read'],
    ['STS', 'AssumeRoleWithWebIdentity'],
    ['the OIDC token request', 'x-github-request-id'],
  ])('%s is in a chunk loaded on demand', (_, marker) => {
    expect(entry).not.toContain(marker);
    expect(chunks.some((c) => c.includes(marker))).toBe(true);
  });
});
