// Holds the name and version the action announces to package.json, the one place a release changes them.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ACTION_NAME, ACTION_VERSION } from '../../../src/github/version.js';

describe('version', () => {
  it('version.ts matches package.json', () => {
    const pkg = JSON.parse(
      readFileSync(new URL('../../../package.json', import.meta.url), 'utf8'),
    ) as { name: string; version: string };
    expect(ACTION_VERSION).toBe(pkg.version);
    expect(ACTION_NAME).toBe(pkg.name);
  });
});
