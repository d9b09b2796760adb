// The User-Agent the action sends: names the action, repository and run, and can never split the header.
import { describe, expect, it } from 'vitest';
import { userAgent } from '../../../src/github/user-agent.js';
import { ACTION_VERSION } from '../../../src/github/version.js';

describe('userAgent', () => {
  it('the User-Agent names the action, repository and run, in header-safe tokens', () => {
    expect(userAgent({ repository: 'o/r', runId: 5 }, 'v24.1.0')).toBe(
      `start-resource-snapshot-job-action/${ACTION_VERSION} lang/js md/nodejs#24.1.0 md/github-repository#o/r md/github-run-id#5`,
    );
    expect(userAgent({ repository: 'o/r\r\nX-Evil: 1' }, 'v20')).not.toMatch(/[\r\n ]X-Evil/);
  });

  it('leaves out the repository and run when the context has none', () => {
    expect(userAgent({}, 'v24.1.0')).toBe(
      `start-resource-snapshot-job-action/${ACTION_VERSION} lang/js md/nodejs#24.1.0`,
    );
  });

  it('keeps each token to RFC 9110 token characters and at most 120 of them', () => {
    const ua = userAgent({ repository: `o/${'r'.repeat(300)} "x"`, runId: 7 }, 'v24.1.0');
    const repo = /md\/github-repository#(\S+)/.exec(ua)?.[1] ?? '';
    expect(repo).toHaveLength(120);
    expect(ua.split(' ')).toHaveLength(5);
    for (const part of ua.split(' ')) expect(part).toMatch(/^[A-Za-z0-9!#$%&'*+.^_`|~/-]+$/);
  });
});
