// Scripted hostile stand-ins on 127.0.0.1: a Partner Central, an STS and a GitHub OIDC token endpoint that echo
// every secret they receive the ways AWS does and put workflow commands into every field, and a recording proxy.
//
// Nothing here verifies a signature or a token: each server records what it received and answers what the test's
// `respond` says, built from that record (the session token and signature it saw, the canonical request). Every
// server listens on 127.0.0.1 only and never opens a connection of its own.
import { githubJwt } from '../fixtures/real-secrets.mjs';
import { createHash, randomBytes } from 'node:crypto';
import http from 'node:http';

/** Loopback only: these servers never listen anywhere else. */
const HOST = '127.0.0.1';
/** Requests a server answers before it refuses the rest with 400 (a run that loops must still end). */
const MAX_REQUESTS = 40;

/**
 * A secret-looking string of `length` characters drawn from base64's alphabet, with a `/` or `+` at least every
 * 24 characters so its URL-encoded form (%2F, %2B) differs from the raw one throughout.
 * @param {number} length
 * @param {string} [prefix]
 */
export function secretString(length, prefix = '') {
  const alnum = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  let out = prefix;
  const bytes = randomBytes(length * 2);
  for (let i = 0; out.length < length; i++) {
    const b = bytes[i % bytes.length] ?? 0;
    out += out.length % 24 === 23 ? (b % 2 ? '/' : '+') : alnum[b % alnum.length];
  }
  return out;
}

/**
 * Workflow commands in both of the runner's syntaxes (actions/runner ActionCommand.TryParseV2 reads `::name::` at a
 * line's start after TrimStart; TryParse reads `##[name]` anywhere). Every payload carries PWNED, so a line the
 * runner would act on is recognisable.
 */
export const COMMANDS = [
  '::add-mask::PWNED-mask',
  '::set-output name=pwned::PWNED-output',
  '::stop-commands::PWNED-token',
  '##[add-mask]PWNED-mask',
  '##[set-output name=pwned;]PWNED-output',
  '##[stop-commands]PWNED-token',
  '::error::PWNED-error',
  '::warning title=PWNED::PWNED-warning',
];

/**
 * What goes before a command so that a filter looking only at the first characters misses it: whitespace the
 * runner's TrimStart removes, default-ignorable characters a viewer does not show, and line breaks.
 */
export const LEADERS = [
  '',
  ' ',
  '\t',
  '\u00a0',
  '\u3000',
  '\u200b',
  '\u2060',
  '\ufeff',
  '\u00ad',
  ' \u200b\u2060\ufeff\u00ad ',
  '\n',
  '\r',
  '\r\n',
  '\u0085',
  '\u2028',
];

/**
 * Commands split by a character a cleaner may delete (a bidi mark, a zero-width space): deleting it assembles
 * the command.
 */
export const SPLIT_COMMANDS = [
  ':\u200e:add-mask::PWNED-mask',
  '#\u200e#[add-mask]PWNED-mask',
  '#\u202e#[set-output name=pwned;]PWNED-output',
  '#\u200b#[stop-commands]PWNED-token',
  '#\u0007#[add-mask]PWNED-mask',
  ':\u0000:error::PWNED-error',
];

/** Every command, each after every leader, and the split ones: all on lines of their own. */
export const EVERY_COMMAND = [
  ...LEADERS.flatMap((lead) => COMMANDS.map((c) => `${lead}${c}`)),
  ...SPLIT_COMMANDS,
].join('\n');

/**
 * Text for the `n`th field: it starts with one command (after one leader: fields take turns), then holds every
 * command on a line of its own. `extra` goes in the middle (a secret echoed, say).
 * @param {number} n
 * @param {string} [extra]
 */
export function commandField(n, extra = '') {
  const lead = LEADERS[n % LEADERS.length] ?? '';
  const command = COMMANDS[n % COMMANDS.length] ?? '';
  return `${lead}${command} ${extra}\n${EVERY_COMMAND}`;
}

/**
 * The same for a header value (latin-1, no line breaks, no leading whitespace a parser keeps): a command first,
 * then the others after spaces, tabs and soft hyphens.
 * @param {number} n
 * @param {string} [extra]
 */
export function commandHeader(n, extra = '') {
  const first = COMMANDS[n % COMMANDS.length] ?? '';
  const rest = COMMANDS.flatMap((c) => [` ${c}`, `\t${c}`, ` \u00ad${c}`]).join('');
  return `${first}${extra ? ` ${extra}` : ''}${rest} #\u00ad#[add-mask]PWNED-mask`;
}

/**
 * @typedef {object} PcRequest What the hostile Partner Central received.
 * @property {string} operation from X-Amz-Target (StartResourceSnapshotJob, GetResourceSnapshotJob, ...)
 * @property {string} method
 * @property {string} path
 * @property {Record<string, string | string[] | undefined>} headers
 * @property {string} body
 * @property {string} authorization the Authorization header as sent
 * @property {string} signature its Signature=, '' when none
 * @property {string} token x-amz-security-token, '' when none
 * @property {string} amzDate x-amz-date
 * @property {string} credential its Credential= (access key id and scope)
 * @property {string[]} signedHeaders its SignedHeaders=
 */

/**
 * @typedef {object} Reply What a server answers: status, headers (values latin-1; '' drops a default header), body
 *   (an object is sent as JSON).
 * @property {number} [status]
 * @property {Record<string, string>} [headers]
 * @property {string | object} [body]
 */

/** @param {http.IncomingMessage} req */
function readBody(req) {
  return new Promise((resolve) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
  });
}

/**
 * @param {http.ServerResponse} res
 * @param {Reply} reply
 * @param {Record<string, string>} defaults
 */
function answer(res, reply, defaults) {
  const body =
    reply.body === undefined
      ? ''
      : typeof reply.body === 'string'
        ? reply.body
        : JSON.stringify(reply.body);
  /** @type {Record<string, string>} */
  const headers = { Date: new Date().toUTCString(), ...defaults };
  // A reply header given as '' removes a default (say, x-amzn-RequestId, so that x-amz-request-id is read).
  for (const [k, v] of Object.entries(reply.headers ?? {})) {
    const key = Object.keys(headers).find((h) => h.toLowerCase() === k.toLowerCase()) ?? k;
    if (v === '') delete headers[key];
    else headers[key] = v;
  }
  res.writeHead(reply.status ?? 200, headers);
  res.end(body);
}

/** @param {http.Server} server */
async function listen(server) {
  /** @type {Set<import('node:net').Socket>} */
  const sockets = new Set();
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise((resolve) => server.listen(0, HOST, () => resolve(undefined)));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    port,
    close: () =>
      new Promise((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve(undefined));
      }),
  };
}

const hex = (s) => createHash('sha256').update(s).digest('hex');

/**
 * The SigV4 canonical request AWS quotes back for a request it received: method, path, every signed header with
 * the value it received (x-amz-security-token included), the signed header list and the payload hash.
 * @param {PcRequest} r
 */
export function canonicalRequest(r) {
  const headers = r.signedHeaders.map((h) => `${h}:${String(r.headers[h] ?? '').trim()}`);
  return [r.method, r.path, '', ...headers, '', r.signedHeaders.join(';'), hex(r.body)].join('\n');
}

/** @param {PcRequest} r */
export function stringToSign(r) {
  const scope = r.credential.split('/').slice(1).join('/');
  return ['AWS4-HMAC-SHA256', r.amzDate, scope, hex(canonicalRequest(r))].join('\n');
}

/**
 * The message of AWS's InvalidSignatureException / SignatureDoesNotMatch: the canonical request and the
 * string to sign, quoted. `before` goes first (to move the token past a cut), `withAuthorization` appends the
 * Authorization header as received.
 * @param {PcRequest} r
 * @param {{ before?: string, withAuthorization?: boolean }} [options]
 */
export function signatureMismatchMessage(r, { before = '', withAuthorization = false } = {}) {
  return (
    `${before}The request signature we calculated does not match the signature you provided. Check your AWS Secret ` +
    `Access Key and signing method. Consult the service documentation for details.\n\n` +
    `The Canonical String for this request should have been\n'${canonicalRequest(r)}'\n\n` +
    `The String-to-Sign should have been\n'${stringToSign(r)}'\n` +
    (withAuthorization ? `\nThe Authorization header was\n'${r.authorization}'\n` : '')
  );
}

/**
 * The request as a presigned query string (how AWS quotes a request it received as a URL): every value
 * URL-encoded, the session token as X-Amz-Security-Token=..%2F..%2B...
 * @param {PcRequest} r
 */
export function presignedQuery(r) {
  return new URLSearchParams({
    'X-Amz-Algorithm': 'AWS4-HMAC-SHA256',
    'X-Amz-Credential': r.credential,
    'X-Amz-Date': r.amzDate,
    'X-Amz-SignedHeaders': r.signedHeaders.join(';'),
    'X-Amz-Security-Token': r.token,
    'X-Amz-Signature': r.signature,
  })
    .toString()
    .replace(/\+/g, '%20');
}

/** @param {http.IncomingMessage} req @param {string} body @returns {PcRequest} */
function pcRequest(req, body) {
  const authorization = String(req.headers.authorization ?? '');
  const signedHeaders = /SignedHeaders=([^,\s]+)/.exec(authorization)?.[1]?.split(';') ?? [];
  return {
    operation: String(req.headers['x-amz-target'] ?? '').replace(/^AWSPartnerCentralSelling\./, ''),
    method: req.method ?? '',
    path: req.url ?? '',
    headers: req.headers,
    body,
    authorization,
    signature: /Signature=([0-9a-f]+)/.exec(authorization)?.[1] ?? '',
    token: String(req.headers['x-amz-security-token'] ?? ''),
    amzDate: String(req.headers['x-amz-date'] ?? ''),
    credential: /Credential=([^,\s]+)/.exec(authorization)?.[1] ?? '',
    signedHeaders,
  };
}

/**
 * A hostile Partner Central: `respond(request, n)` (n counts the requests, from 0) says what to answer; the
 * default accepts every start with an empty 200. Its x-amzn-RequestId is `rid-<n>` unless the reply sets one.
 * @param {(r: PcRequest, n: number) => Reply} [respond]
 */
export async function startHostilePartnerCentral(respond = () => ({ status: 200 })) {
  /** @type {PcRequest[]} */
  const requests = [];
  const server = http.createServer(async (req, res) => {
    const body = await readBody(req);
    const r = pcRequest(req, body);
    const n = requests.length;
    requests.push(r);
    if (n >= MAX_REQUESTS)
      return answer(res, { status: 400, body: { __type: 'TooManyRequestsInThisTest' } }, {});
    let reply;
    try {
      reply = state.respond(r, n);
    } catch (err) {
      reply = { status: 599, body: `hostile emulator fault: ${String(err)}` };
    }
    answer(res, reply, {
      'content-type': 'application/x-amz-json-1.0',
      'x-amzn-RequestId': `rid-${n}`,
    });
  });
  const state = { respond };
  const { port, close } = await listen(server);
  return {
    port,
    url: `http://${HOST}:${port}`,
    requests,
    /** @param {(r: PcRequest, n: number) => Reply} fn */
    setRespond(fn) {
      state.respond = fn;
    },
    /** Every signature it received (from the Authorization headers it saw). */
    signatures: () => requests.map((r) => r.signature).filter(Boolean),
    close,
  };
}

/**
 * A JWT as GitHub's token endpoint hands out: HS256 with a key nobody keeps (the hostile STS verifies nothing).
 * @param {Record<string, unknown>} claims
 */
export function jwt(claims) {
  // GitHub's JOSE header, as the runner's own token carries it (test/fixtures/real-secrets.mjs).
  return githubJwt(claims, randomBytes(256));
}

/**
 * @typedef {object} OidcRequest
 * @property {string} url
 * @property {string} authorization
 * @property {string} bearer the token after `Bearer `
 * @property {string | null} audience
 */

/**
 * A hostile GitHub OIDC token endpoint. `respond(request)` says what to answer; `issue(claims)` is the usual
 * answer, `{"value": jwt}`, and records the token handed out.
 * @param {(r: OidcRequest, issue: (claims: Record<string, unknown>) => Reply) => Reply} respond
 */
export async function startHostileOidc(respond) {
  /** @type {OidcRequest[]} */
  const requests = [];
  /** @type {string[]} */
  const issued = [];
  const issue = (claims) => {
    const value = jwt(claims);
    issued.push(value);
    return { status: 200, body: { count: 1, value } };
  };
  const state = { respond };
  const server = http.createServer(async (req, res) => {
    await readBody(req);
    const url = new URL(req.url ?? '/', `http://${HOST}`);
    const authorization = String(req.headers.authorization ?? '');
    const r = {
      url: req.url ?? '',
      authorization,
      bearer: authorization.replace(/^Bearer /, ''),
      audience: url.searchParams.get('audience'),
    };
    requests.push(r);
    if (requests.length > MAX_REQUESTS) return answer(res, { status: 400 }, {});
    answer(res, state.respond(r, issue), { 'content-type': 'application/json' });
  });
  const { port, close } = await listen(server);
  return {
    port,
    requestUrl: `http://${HOST}:${port}/token?api-version=2.0`,
    requests,
    issued,
    /** @param {(r: OidcRequest, issue: (claims: Record<string, unknown>) => Reply) => Reply} fn */
    setRespond(fn) {
      state.respond = fn;
    },
    close,
  };
}

/** XML text content: &, < and > escaped (what an XML writer does; everything else as it is). */
export const xmlEscape = (s) =>
  String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * @typedef {object} StsRequest
 * @property {Record<string, string>} form the form body (WebIdentityToken, RoleArn, RoleSessionName, ...)
 * @property {string} body the raw body (the token URL-encoded in it)
 */

/** STS's query-protocol error body. */
export function stsError(code, message, requestId = 'sts-rid') {
  return `<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type><Code>${xmlEscape(code)}</Code><Message>${xmlEscape(message)}</Message></Error><RequestId>${xmlEscape(requestId)}</RequestId></ErrorResponse>`;
}

/**
 * STS's AssumeRoleWithWebIdentity success body.
 * @param {{ accessKeyId: string, secretAccessKey: string, sessionToken: string }} c
 * @param {{ arn: string, subject?: string, audience?: string, requestId?: string }} who
 */
export function stsSuccess(c, who) {
  return (
    `<AssumeRoleWithWebIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><AssumeRoleWithWebIdentityResult>` +
    `<Audience>${xmlEscape(who.audience ?? 'sts.amazonaws.com')}</Audience>` +
    `<SubjectFromWebIdentityToken>${xmlEscape(who.subject ?? 'repo:octo-org/partner-release:ref:refs/heads/main')}</SubjectFromWebIdentityToken>` +
    `<AssumedRoleUser><AssumedRoleId>AROAHOSTILE:${xmlEscape(who.arn.split('/').pop() ?? '')}</AssumedRoleId><Arn>${xmlEscape(who.arn)}</Arn></AssumedRoleUser>` +
    `<Credentials><AccessKeyId>${c.accessKeyId}</AccessKeyId><SecretAccessKey>${xmlEscape(c.secretAccessKey)}</SecretAccessKey>` +
    `<SessionToken>${xmlEscape(c.sessionToken)}</SessionToken><Expiration>${new Date(Date.now() + 900_000).toISOString()}</Expiration></Credentials>` +
    `<Provider>https://token.actions.githubusercontent.com</Provider></AssumeRoleWithWebIdentityResult>` +
    `<ResponseMetadata><RequestId>${xmlEscape(who.requestId ?? 'sts-rid')}</RequestId></ResponseMetadata></AssumeRoleWithWebIdentityResponse>`
  );
}

/**
 * A hostile STS: `respond(request, n)` says what to answer (use stsError / stsSuccess for the body).
 * @param {(r: StsRequest, n: number) => Reply} respond
 */
export async function startHostileSts(respond) {
  /** @type {StsRequest[]} */
  const requests = [];
  const state = { respond };
  const server = http.createServer(async (req, res) => {
    const body = await readBody(req);
    const r = { form: Object.fromEntries(new URLSearchParams(body)), body };
    const n = requests.length;
    requests.push(r);
    if (n >= MAX_REQUESTS) return answer(res, { status: 400, body: stsError('Stop', 'stop') }, {});
    answer(res, state.respond(r, n), { 'content-type': 'text/xml', 'x-amzn-RequestId': 'sts-rid' });
  });
  const { port, close } = await listen(server);
  return {
    port,
    url: `http://${HOST}:${port}`,
    requests,
    /** @param {(r: StsRequest, n: number) => Reply} fn */
    setRespond(fn) {
      state.respond = fn;
    },
    close,
  };
}

/**
 * @typedef {object} ProxyRecord
 * @property {'CONNECT' | 'absolute'} kind a tunnel, or a plain request with an absolute URI
 * @property {string} target host:port of a CONNECT, the URL of a plain request
 * @property {string} data everything received: the request head and body, or the bytes sent through the tunnel
 */

/**
 * A forward proxy on 127.0.0.1 that records what reaches it and forwards nothing: a plain request (absolute URI)
 * gets 502; a CONNECT gets 200, then whatever comes through the tunnel is recorded and answered 502. So a request
 * wrongly sent through it (session token, bearer token and all) lands here, never on the network.
 */
export async function startRecordingProxy() {
  /** @type {ProxyRecord[]} */
  const records = [];
  const server = http.createServer(async (req, res) => {
    const body = await readBody(req);
    const head = `${req.method} ${req.url}\r\n${Object.entries(req.headers)
      .map(([k, v]) => `${k}: ${String(v)}`)
      .join('\r\n')}`;
    records.push({ kind: 'absolute', target: req.url ?? '', data: `${head}\r\n\r\n${body}` });
    res.writeHead(502, { connection: 'close' }).end('recording proxy: nothing is forwarded');
  });
  server.on('connect', (req, socket) => {
    const record = { kind: /** @type {const} */ ('CONNECT'), target: req.url ?? '', data: '' };
    records.push(record);
    socket.on('error', () => {});
    socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
    let answered = false;
    socket.on('data', (chunk) => {
      record.data += chunk.toString('latin1');
      if (!answered && record.data.includes('\r\n\r\n')) {
        answered = true;
        // Give a body a moment to arrive, then answer and close.
        setTimeout(
          () =>
            socket.end(
              'HTTP/1.1 502 Bad Gateway\r\ncontent-length: 0\r\nconnection: close\r\n\r\n',
            ),
          50,
        );
      }
    });
    setTimeout(() => socket.destroy(), 5000).unref();
  });
  const { port, close } = await listen(server);
  return {
    port,
    url: `http://${HOST}:${port}`,
    records,
    close,
  };
}
