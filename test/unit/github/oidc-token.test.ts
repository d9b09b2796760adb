import { createSecrets } from '../../../src/common/secrets.js';
import { describe, expect, it } from 'vitest';
import { idTokenUrl, readTokenValue, requestIdToken } from '../../../src/github/oidc-token.js';
import { githubJwt, runtimeToken } from '../../fixtures/real-secrets.mjs';
import { fakeTiming } from '../fake-timing.js';
import type { CallDeps } from '../../../src/http/send-with-retry.js';
import type { HttpResponse, OutgoingRequest } from '../../../src/http/transport.js';

const REQUEST_URL = 'https://pipelines.example/oidc/token?api-version=2.0';
// As on a real runner (test/fixtures/real-secrets.mjs): the bearer token and the ID token it buys are JWTs with
// GitHub's one JOSE header, so their first ~140 characters are the same.
const RUNTIME_TOKEN = runtimeToken('oidc-token.test');
const JWT = githubJwt({ sub: 'repo:o/r:ref:refs/heads/main', aud: 'sts.amazonaws.com' });
const env = {
  ACTIONS_ID_TOKEN_REQUEST_URL: REQUEST_URL,
  ACTIONS_ID_TOKEN_REQUEST_TOKEN: RUNTIME_TOKEN,
};
const reply = (status: number, body: string): HttpResponse => ({ status, headers: {}, body });

function setup(
  replies: (HttpResponse | Error)[],
  over: { env?: Record<string, string | undefined> } = {},
) {
  const sent: { request: OutgoingRequest; timeoutMs: number }[] = [];
  const masked: string[] = [];
  const lines: string[] = [];
  const timing = fakeTiming();
  const deps: CallDeps = {
    transport: (request, timeoutMs) => {
      sent.push({ request, timeoutMs });
      const next = replies.shift();
      if (!next) return Promise.reject(new Error('no reply scripted'));
      return next instanceof Error
        ? Promise.reject(next)
        : Promise.resolve({ ok: true, response: next });
    },
    timing,
    clock: { offsetMs: 0 },
    log: {
      info: (l) => lines.push(`info ${l}`),
      notice: (l) => lines.push(`notice ${l}`),
      warning: (l) => lines.push(`warning ${l}`),
      debug: (l) => lines.push(`debug ${l}`),
    },
    secrets: createSecrets((v) => masked.push(v)),
  };
  const policy = { maxAttempts: 3, deadlineAt: timing.now() + 60_000, attemptTimeoutMs: 20_000 };
  const request = (audience = 'sts.amazonaws.com') =>
    requestIdToken({ env: over.env ?? env }, audience, policy, deps);
  return { sent, masked, lines, request, secrets: deps.secrets };
}

describe('idTokenUrl', () => {
  it('appends the audience, URI-encoded, as OidcClient does', () => {
    expect(idTokenUrl(REQUEST_URL, 'sts.amazonaws.com')).toBe(
      `${REQUEST_URL}&audience=sts.amazonaws.com`,
    );
    expect(idTokenUrl(REQUEST_URL, 'a b&c')).toBe(`${REQUEST_URL}&audience=a%20b%26c`);
    expect(idTokenUrl(REQUEST_URL, '')).toBe(REQUEST_URL);
  });
});

describe('readTokenValue', () => {
  it('takes only a JWT: a runner mask of "e" would hide every e of the log', () => {
    for (const value of ['e', 'not a token', 'a.b', '<html>', 'x'.repeat(40)])
      expect(readTokenValue(reply(200, JSON.stringify({ value }))), value).toBeUndefined();
    expect(readTokenValue(reply(200, JSON.stringify({ value: JWT })))).toBe(JWT);
  });

  it('takes a non-empty string value, and nothing from anything else', () => {
    expect(readTokenValue(reply(200, JSON.stringify({ value: JWT })))).toBe(JWT);
    expect(readTokenValue(reply(200, '{"value":""}'))).toBeUndefined();
    expect(readTokenValue(reply(200, '{"value":7}'))).toBeUndefined();
    expect(readTokenValue(reply(200, 'null'))).toBeUndefined();
    expect(readTokenValue(reply(200, '<html>'))).toBeUndefined();
  });
});

describe('requestIdToken', () => {
  it('GETs the token URL with the runtime bearer token, masks the token, and logs the URL but no secret', async () => {
    const s = setup([reply(200, JSON.stringify({ value: JWT }))]);
    await expect(s.request()).resolves.toBe(JWT);
    expect(s.sent).toHaveLength(1);
    const { request, timeoutMs } = s.sent[0]!;
    expect(request.method).toBe('GET');
    expect(request.url.href).toBe(`${REQUEST_URL}&audience=sts.amazonaws.com`);
    expect(request.headers).toEqual({
      accept: 'application/json',
      authorization: `Bearer ${RUNTIME_TOKEN}`,
    });
    expect(timeoutMs).toBe(20_000);
    expect(s.masked).toEqual([JWT]);
    // Like every URL the action shows: no path or query.
    expect(s.lines).toContain('debug ID token url is https://pipelines.example/…?…');
    const log = s.lines.join('\n');
    expect(log).not.toContain(RUNTIME_TOKEN);
    expect(log).not.toContain(JWT);
  });

  it('retries a 5xx under the step policy, then returns the token', async () => {
    const s = setup([reply(503, ''), reply(200, JSON.stringify({ value: JWT }))]);
    await expect(s.request()).resolves.toBe(JWT);
    expect(s.sent).toHaveLength(2);
    expect(s.lines.some((l) => l.startsWith('info GetIDToken: attempt 1 of 3 failed'))).toBe(true);
  });

  it('names a missing variable as getIDToken does, and sends nothing', async () => {
    const noUrl = setup([], { env: { ACTIONS_ID_TOKEN_REQUEST_TOKEN: RUNTIME_TOKEN } });
    await expect(noUrl.request()).rejects.toThrow(
      /^Error message: Unable to get ACTIONS_ID_TOKEN_REQUEST_URL env variable$/,
    );
    const noToken = setup([], { env: { ACTIONS_ID_TOKEN_REQUEST_URL: REQUEST_URL } });
    await expect(noToken.request()).rejects.toThrow(
      /^Error message: Unable to get ACTIONS_ID_TOKEN_REQUEST_TOKEN env variable$/,
    );
    expect([...noUrl.sent, ...noToken.sent]).toHaveLength(0);
  });

  it.each([
    ['a JSON message', 401, '{"message":"bad runtime token"}', 'bad runtime token'],
    ['a plain body', 403, 'forbidden here', 'forbidden here'],
    ['an empty body', 400, '', 'Failed request: (400)'],
  ])('words a refusal with %s as OidcClient does', async (_, status, body, message) => {
    const s = setup([reply(status, body)]);
    const err = await s.request().catch((e: unknown) => e as Error);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toBe(
      `Error message: Failed to get ID Token. \n \n        Error Code : ${status}\n \n        Error Message: ${message}`,
    );
    // A client error is not retried.
    expect(s.sent).toHaveLength(1);
    expect(s.masked).toEqual([]);
  });

  it('a 5xx on every attempt: the last status and message', async () => {
    const fail = () => reply(500, '{"message":"token service unavailable"}');
    const s = setup([fail(), fail(), fail()]);
    await expect(s.request()).rejects.toThrow(
      /Error Code : 500\n \n {8}Error Message: token service unavailable$/,
    );
    expect(s.sent).toHaveLength(3);
  });

  it('a network fault has no error code, as with http-client', async () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), {
      code: 'ECONNREFUSED',
    });
    const s = setup([refused, refused, refused]);
    await expect(s.request()).rejects.toThrow(
      /Error Code : undefined\n \n {8}Error Message: network error: connect ECONNREFUSED/,
    );
  });

  it('a reply without a token, or a 404, is "no ID Token field"', async () => {
    for (const r of [reply(200, '{}'), reply(200, 'not json'), reply(404, '')]) {
      const s = setup([r]);
      await expect(s.request()).rejects.toThrow(
        /^Error message: Response json body do not have ID Token field$/,
      );
      expect(s.masked).toEqual([]);
    }
  });

  it('an unparsable URL fails like http-client, with nothing sent', async () => {
    const s = setup([], { env: { ...env, ACTIONS_ID_TOKEN_REQUEST_URL: 'not a url' } });
    await expect(s.request()).rejects.toThrow(
      /Error Code : undefined\n \n {8}Error Message: Invalid URL$/,
    );
    expect(s.sent).toHaveLength(0);
  });

  it('goes over https only, or http to a literal loopback address: the request carries the bearer token', async () => {
    for (const url of [
      'http://pipelines.example/oidc/token?api-version=2.0',
      'http://oidc.localhost:8080/token?api-version=2.0',
      'ftp://pipelines.example/token?x=1',
    ]) {
      const s = setup([], { env: { ...env, ACTIONS_ID_TOKEN_REQUEST_URL: url } });
      await expect(s.request(), url).rejects.toThrow(
        /^Error message: ACTIONS_ID_TOKEN_REQUEST_URL \(.*\) is refused: .* over https only; plain http is allowed only to a literal loopback address .*never through a proxy$/,
      );
      expect(s.sent).toHaveLength(0);
    }
    const local = setup([reply(200, JSON.stringify({ value: JWT }))], {
      env: { ...env, ACTIONS_ID_TOKEN_REQUEST_URL: 'http://127.0.0.1:9/token?api-version=2.0' },
    });
    await expect(local.request()).resolves.toBe(JWT);
  });

  it('reads the token exactly, though it shares its whole header with the bearer token the step holds', async () => {
    expect(JWT.slice(0, 100)).toBe(RUNTIME_TOKEN.slice(0, 100));
    const s = setup([reply(200, JSON.stringify({ count: 1, value: JWT }))]);
    await expect(s.request()).resolves.toBe(JWT);
  });

  it('a reply that quotes the bearer token is read as it came; the sinks know the token', async () => {
    const s = setup([reply(401, `bad token Bearer ${RUNTIME_TOKEN.slice(0, 400)}`)]);
    const err = (await s.request().catch((e: unknown) => e)) as Error;
    expect(err.message).toContain(`bad token Bearer ${RUNTIME_TOKEN.slice(0, 400)}`);
    expect(s.secrets.scrub(err.message)).toContain('bad token Bearer ***');
    expect(s.secrets.scrub(err.message)).not.toContain(RUNTIME_TOKEN.slice(150, 162));
  });
});
