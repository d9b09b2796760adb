// Local stand-ins for GitHub's OIDC token endpoint and AWS STS AssumeRoleWithWebIdentity, on 127.0.0.1.
import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import http from 'node:http';
import {
  GITHUB_JOSE_HEADER,
  runtimeToken as realRuntimeToken,
  temporaryCredentials,
} from '../fixtures/real-secrets.mjs';

const ISSUER = 'https://token.actions.githubusercontent.com';
const b64 = (o) => Buffer.from(JSON.stringify(o)).toString('base64url');

function listen(server) {
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve(server.address().port)),
  );
}

function readBody(req) {
  return new Promise((resolve) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => resolve(body));
  });
}

/**
 * GitHub's token endpoint: GET ?audience=... with the runtime bearer token, answers {"value": jwt}.
 * As on a real runner, the runtime token and the ID tokens carry GitHub's one JOSE header (their first ~150
 * characters are the same). The JWT is HMAC-signed with a key only this process knows, so STS can tell a real
 * token from a made-up one; `issued` lists every token handed out, exactly as sent.
 */
export async function startOidc({
  runtimeToken = realRuntimeToken(),
  sub = 'repo:octo-org/partner-release:ref:refs/heads/main',
  lifetimeSeconds = 300,
} = {}) {
  const key = randomBytes(32);
  const requests = [];
  const issued = [];
  const state = { failStatus: 0, sub, lifetimeSeconds };
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://localhost');
    requests.push({
      path: url.pathname,
      audience: url.searchParams.get('audience'),
      authorization: req.headers.authorization,
    });
    if (state.failStatus)
      return res.writeHead(state.failStatus).end('{"message":"token service unavailable"}');
    if (req.headers.authorization !== `Bearer ${runtimeToken}`)
      return res.writeHead(401).end('{"message":"bad runtime token"}');
    const now = Math.floor(Date.now() / 1000);
    const claims = {
      iss: ISSUER,
      aud: url.searchParams.get('audience') ?? ISSUER,
      sub: state.sub,
      repository: 'octo-org/partner-release',
      iat: now,
      exp: now + state.lifetimeSeconds,
    };
    const unsigned = `${b64(GITHUB_JOSE_HEADER)}.${b64(claims)}`;
    const value = `${unsigned}.${createHmac('sha256', key).update(unsigned).digest('base64url')}`;
    issued.push(value);
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ value }));
  });
  const port = await listen(server);
  return {
    requestUrl: `http://127.0.0.1:${port}/token?api-version=2.0`,
    runtimeToken,
    requests,
    issued,
    state,
    /** Checks a token's signature and expiry; returns its claims or why it is not valid. */
    verify(token) {
      const [h, p, s] = String(token).split('.');
      if (!h || !p || !s || createHmac('sha256', key).update(`${h}.${p}`).digest('base64url') !== s)
        return { error: 'InvalidIdentityToken' };
      const claims = JSON.parse(Buffer.from(p, 'base64url').toString());
      if (claims.exp * 1000 < Date.now()) return { error: 'ExpiredTokenException' };
      return { claims };
    },
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

const xml = (s) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * STS AssumeRoleWithWebIdentity. roles: { [roleArn]: { audience, subPattern: RegExp, maxSessionDuration } }.
 * Issued credentials are handed to onIssue with their expiresAt (the Partner Central emulator registers them, and
 * refuses them once expired). `state.sessionSeconds`, when set, is how long a session really lasts whatever
 * DurationSeconds asked (a test of renewal cannot wait 15 minutes); its Expiration says so.
 * @param {{ oidc: any, roles: Record<string, any>, onIssue?: (c: any) => void, sessionSeconds?: number }} options
 */
export async function startSts({ oidc, roles, onIssue, sessionSeconds }) {
  const requests = [];
  const script = [];
  const issued = [];
  /** refuseFrom: from this call on (1 = the first), AssumeRoleWithWebIdentity is AccessDenied (a renewal refused). */
  const state = { sessionSeconds, refuseFrom: Infinity, calls: 0 };
  const server = http.createServer(async (req, res) => {
    const body = await readBody(req);
    const form = Object.fromEntries(new URLSearchParams(body));
    requests.push({ headers: req.headers, form });
    const requestId = randomUUID();
    const fail = (status, code, message) =>
      res
        .writeHead(status, { 'content-type': 'text/xml', 'x-amzn-RequestId': requestId })
        .end(
          `<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type><Code>${code}</Code><Message>${xml(message)}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`,
        );
    state.calls += 1;
    const step = script.shift();
    if (step) return fail(step.status ?? 400, step.code, step.message ?? `${step.code} (scripted)`);
    if (state.calls >= state.refuseFrom)
      return fail(403, 'AccessDenied', 'Not authorized to perform sts:AssumeRoleWithWebIdentity');
    if (
      req.method !== 'POST' ||
      !String(req.headers['content-type']).startsWith('application/x-www-form-urlencoded')
    )
      return fail(400, 'InvalidAction', 'expected a form POST');
    if (form.Action !== 'AssumeRoleWithWebIdentity' || form.Version !== '2011-06-15')
      return fail(400, 'InvalidAction', `Could not find operation ${form.Action}`);
    const checked = oidc.verify(form.WebIdentityToken);
    if (checked.error === 'InvalidIdentityToken')
      return fail(
        400,
        'InvalidIdentityToken',
        "Couldn't retrieve verification key from your identity provider",
      );
    if (checked.error) return fail(400, 'ExpiredTokenException', 'Token expired');
    const role = roles[form.RoleArn];
    const { claims } = checked;
    if (!role || claims.aud !== role.audience || !role.subPattern.test(claims.sub))
      return fail(403, 'AccessDenied', 'Not authorized to perform sts:AssumeRoleWithWebIdentity');
    const duration = Number(form.DurationSeconds ?? 3600);
    if (duration > (role.maxSessionDuration ?? 3600))
      return fail(
        400,
        'ValidationError',
        'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.',
      );
    // Shaped as STS issues them: every session token starts IQoJb3JpZ2luX2Vj, like the environment's own.
    const lifetimeMs = (state.sessionSeconds ?? duration) * 1000;
    const expiresAt = Date.now() + lifetimeMs;
    const credentials = { ...temporaryCredentials(`sts-emulator:${randomUUID()}`), expiresAt };
    issued.push(credentials);
    onIssue?.(credentials);
    const account = form.RoleArn.split(':')[4];
    const roleName = form.RoleArn.split('/').pop();
    res
      .writeHead(200, { 'content-type': 'text/xml', 'x-amzn-RequestId': requestId })
      .end(
        `<AssumeRoleWithWebIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><AssumeRoleWithWebIdentityResult>` +
          `<Audience>${xml(claims.aud)}</Audience><SubjectFromWebIdentityToken>${xml(claims.sub)}</SubjectFromWebIdentityToken>` +
          `<AssumedRoleUser><AssumedRoleId>AROAEMULATOR:${xml(form.RoleSessionName)}</AssumedRoleId><Arn>arn:aws:sts::${account}:assumed-role/${roleName}/${xml(form.RoleSessionName)}</Arn></AssumedRoleUser>` +
          `<Credentials><AccessKeyId>${credentials.accessKeyId}</AccessKeyId><SecretAccessKey>${xml(credentials.secretAccessKey)}</SecretAccessKey>` +
          `<SessionToken>${xml(credentials.sessionToken)}</SessionToken><Expiration>${new Date(expiresAt).toISOString()}</Expiration></Credentials>` +
          `<Provider>${ISSUER}</Provider></AssumeRoleWithWebIdentityResult><ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></AssumeRoleWithWebIdentityResponse>`,
      );
  });
  const port = await listen(server);
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    issued,
    state,
    /** Answers the next requests with these errors: {code, status?, message?}. */
    script: (...steps) => script.push(...steps),
    reset() {
      requests.length = 0;
      script.length = 0;
      state.calls = 0;
      state.refuseFrom = Infinity;
    },
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}
