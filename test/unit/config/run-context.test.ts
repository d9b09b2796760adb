import { describe, expect, it } from 'vitest';
import { readRunContext } from '../../../src/config/run-context.js';

describe('readRunContext', () => {
  it('reads the runner variables', () => {
    expect(
      readRunContext({
        GITHUB_REPOSITORY: 'octo-org/partner-release',
        GITHUB_RUN_ID: '4242',
        GITHUB_RUN_ATTEMPT: '2',
        GITHUB_SERVER_URL: 'https://ghe.example.com',
      }),
    ).toEqual({
      repository: 'octo-org/partner-release',
      runId: 4242,
      runAttempt: 2,
      serverUrl: 'https://ghe.example.com',
    });
  });
  it('outside a runner: nothing but the default server', () => {
    expect(readRunContext({})).toEqual({
      repository: undefined,
      runId: undefined,
      runAttempt: undefined,
      serverUrl: 'https://github.com',
    });
  });
  it('reads run numbers as @actions/github did (parseInt; 0 and junk are absent)', () => {
    const ctx = (id: string) => readRunContext({ GITHUB_RUN_ID: id, GITHUB_RUN_ATTEMPT: id });
    expect(ctx('17abc').runId).toBe(17);
    expect(ctx('0').runId).toBeUndefined();
    expect(ctx('').runAttempt).toBeUndefined();
    expect(ctx('not a number').runAttempt).toBeUndefined();
  });
  it('keeps owner/repo from GITHUB_REPOSITORY, ignores an empty one', () => {
    expect(readRunContext({ GITHUB_REPOSITORY: 'a/b/c' }).repository).toBe('a/b');
    expect(readRunContext({ GITHUB_REPOSITORY: 'solo' }).repository).toBe('solo');
    expect(readRunContext({ GITHUB_REPOSITORY: '' }).repository).toBeUndefined();
  });
  it('keeps an empty GITHUB_SERVER_URL as given (the runner never sends one)', () => {
    expect(readRunContext({ GITHUB_SERVER_URL: '' }).serverUrl).toBe('');
  });
});
