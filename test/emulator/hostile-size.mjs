// Loopback stand-ins that answer at once with replies of hostile size (issue 27): a Partner Central that passes
// what a case does not replace to the real emulator, an STS and a GitHub OIDC token endpoint; the hostile bodies;
// and the peak resident memory of a child process.
//
// Every server listens on 127.0.0.1 only and never opens a connection but to the emulator it fronts (also on
// 127.0.0.1). Each answers at most MAX_REQUESTS requests, then 400: a step that loops still ends.
import { runtimeToken as realRuntimeToken } from '../fixtures/real-secrets.mjs';
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import http from 'node:http';
import { clearInterval, setInterval } from 'node:timers';
import { defaultEmulatorOptions, TEMPORARY } from './fixtures.mjs';
import { startPartnerCentral, TARGET_PREFIX } from './partner-central.mjs';

const HOST = '127.0.0.1';
export const KiB = 1024;
export const MiB = 1024 * KiB;
/** Requests one server answers before it refuses the rest (the largest step here starts a few hundred jobs). */
const MAX_REQUESTS = 2000;

/**
 * @typedef {object} Reply What a server answers. Headers override the defaults (x-amzn-RequestId, Date,
 *   content-type, content-length; undefined drops one); a string or Buffer body is sent as is.
 * @property {number} [status]
 * @property {Record<string, string | undefined>} [headers]
 * @property {string | Buffer} [body]
 */

/**
 * @typedef {object} Received One request a server received and how it was answered.
 * @property {number} index
 * @property {number} at when the request had arrived whole (ms since epoch)
 * @property {string} operation X-Amz-Target's operation (Partner Central), the form's Action (STS), 'token' (OIDC)
 * @property {string} method
 * @property {string} path
 * @property {Record<string, string | string[] | undefined>} headers
 * @property {string} body
 * @property {any} input the body as JSON (Partner Central) or as a form (STS), else undefined
 * @property {boolean} replaced answered by the case's reply (not passed to the real emulator)
 * @property {number | undefined} status the status line written
 * @property {number} bodyBytes the body bytes the case's reply held (0 when passed on)
 * @property {number | undefined} answeredAt when the whole answer had been written, or the connection closed
 */

/**
 * Exactly `bytes` bytes: `head`, as many whole `unit`s as fit, `pad` (one byte) up to the rest, then `tail`.
 * @param {number} bytes
 * @param {{ head?: string, unit: string, tail?: string, pad?: string }} shape
 * @returns {Buffer}
 */
export function fill(bytes, { head = '', unit, tail = '', pad = ' ' }) {
  const h = Buffer.from(head);
  const t = Buffer.from(tail);
  const u = Buffer.from(unit);
  const room = bytes - h.length - t.length;
  if (room < 0 || u.length === 0 || Buffer.byteLength(pad) !== 1)
    throw new RangeError(`cannot fill ${bytes} bytes with this shape`);
  const count = Math.floor(room / u.length);
  const out = Buffer.alloc(bytes, pad);
  h.copy(out, 0);
  if (count) Buffer.from(unit.repeat(count)).copy(out, h.length);
  t.copy(out, bytes - t.length);
  return out;
}

/** `unit` repeated to `bytes` bytes (cut in the last unit when it does not divide). */
export function flood(bytes, unit) {
  const u = Buffer.from(unit);
  const out = Buffer.alloc(bytes);
  for (let at = 0; at < bytes; at += u.length) u.copy(out, at, 0, Math.min(u.length, bytes - at));
  return out;
}

/** JSON string content: `text` as it goes between the quotes. */
const jsonInner = (text) => JSON.stringify(text).slice(1, -1);

/**
 * A ValidationException of `bytes` bytes whose ErrorList repeats `entry` (an object) for as long as it fits: at
 * 1 MiB, `{}` makes about 350,000 entries, a realistic entry about 25,000.
 * @param {number} bytes
 * @param {object} [entry]
 * @param {string} [message]
 */
export function errorListBody(
  bytes,
  entry = { FieldName: 'Catalog', Code: 'INVALID_VALUE', Message: 'Catalog is not valid.' },
  message = 'Validation failed.',
) {
  const one = JSON.stringify(entry);
  return fill(bytes, {
    head: `{"__type":"com.amazonaws.partnercentralselling#ValidationException","message":"${jsonInner(message)}","Reason":"REQUEST_VALIDATION_FAILED","ErrorList":[`,
    unit: `${one},`,
    tail: `${one}]}`,
  });
}

/**
 * An error reply of `bytes` bytes whose member `member` (message, Reason, __type...) is `unit` repeated; `rest`
 * are the other members, written before it.
 * @param {number} bytes
 * @param {string} member
 * @param {string} unit text, repeated inside the JSON string
 * @param {Record<string, string>} [rest]
 */
export function hugeMemberBody(bytes, member, unit, rest = {}) {
  const before = Object.entries(rest)
    .map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)},`)
    .join('');
  return fill(bytes, {
    head: `{${before}${JSON.stringify(member)}:"`,
    unit: jsonInner(unit),
    tail: '"}',
  });
}

/**
 * A JSON object of `bytes` bytes: `members` as given, each string member in `huge` made of `unit` repeated so
 * that together they fill the size (each gets an equal share).
 * @param {number} bytes
 * @param {Record<string, unknown>} members
 * @param {string[]} huge the string members to inflate
 * @param {string} [unit]
 */
export function inflatedObject(bytes, members, huge, unit = 'x') {
  const rest = { ...members };
  for (const k of huge) delete rest[k];
  const fixed = JSON.stringify(rest).slice(0, -1);
  const keys = huge.map((k) => `,${JSON.stringify(k)}:""`).join('');
  const room = bytes - Buffer.byteLength(fixed) - Buffer.byteLength(keys) - 1;
  const u = jsonInner(unit);
  const per = Math.floor(room / huge.length / Buffer.byteLength(u));
  if (per < 1) throw new RangeError(`${bytes} bytes cannot hold these members`);
  const parts = huge.map((k) => `,${JSON.stringify(k)}:"${u.repeat(per)}"`).join('');
  const text = `${fixed}${parts}`;
  // The rest of the size as white space before the closing brace (valid JSON).
  return Buffer.concat([
    Buffer.from(text),
    Buffer.alloc(bytes - Buffer.byteLength(text) - 1, ' '),
    Buffer.from('}'),
  ]);
}

/** XML text content: & < > escaped. */
export const xmlEscape = (s) =>
  String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * An STS error reply (query protocol). `code` and `message` go in as given: XML the case wrote, character
 * references included.
 */
export function stsErrorXml(code, message, requestId = randomUUID()) {
  return `<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type><Code>${code}</Code><Message>${message}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`;
}

/**
 * An STS AssumeRoleWithWebIdentity success reply; every member may be replaced by XML the case wrote.
 * @param {{ accessKeyId?: string, secretAccessKey?: string, sessionToken?: string, arn?: string, expiration?: string }} [m]
 */
export function stsSuccessXml(m = {}) {
  const arn = m.arn ?? 'arn:aws:sts::111122223333:assumed-role/partner-release/GitHubActions';
  return (
    `<AssumeRoleWithWebIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><AssumeRoleWithWebIdentityResult>` +
    `<Audience>sts.amazonaws.com</Audience><SubjectFromWebIdentityToken>repo:octo-org/partner-release:ref:refs/heads/main</SubjectFromWebIdentityToken>` +
    `<AssumedRoleUser><AssumedRoleId>AROAEMULATOR:GitHubActions</AssumedRoleId><Arn>${arn}</Arn></AssumedRoleUser>` +
    `<Credentials><AccessKeyId>${m.accessKeyId ?? TEMPORARY.accessKeyId}</AccessKeyId><SecretAccessKey>${m.secretAccessKey ?? xmlEscape(TEMPORARY.secretAccessKey)}</SecretAccessKey>` +
    `<SessionToken>${m.sessionToken ?? xmlEscape(TEMPORARY.sessionToken)}</SessionToken><Expiration>${m.expiration ?? new Date(Date.now() + 3600_000).toISOString()}</Expiration></Credentials>` +
    `<Provider>https://token.actions.githubusercontent.com</Provider></AssumeRoleWithWebIdentityResult>` +
    `<ResponseMetadata><RequestId>${randomUUID()}</RequestId></ResponseMetadata></AssumeRoleWithWebIdentityResponse>`
  );
}

/** An unsigned-looking JWT (header.claims.signature) with these claims; nothing here verifies it. */
export function jwt(claims) {
  const b64 = (o) => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${b64({ alg: 'RS256', typ: 'JWT' })}.${b64(claims)}.${randomBytes(32).toString('base64url')}`;
}

/** The claims GitHub puts in a workflow's token, as far as the action reads them. */
export const TOKEN_CLAIMS = {
  iss: 'https://token.actions.githubusercontent.com',
  aud: 'sts.amazonaws.com',
  sub: 'repo:octo-org/partner-release:ref:refs/heads/main',
  repository: 'octo-org/partner-release',
};

/**
 * Header names in lower case, so a case's `Date` replaces the default `date` rather than adding a second; a value
 * of undefined drops the header (a default included).
 */
function mergeHeaders(...sets) {
  const out = {};
  for (const set of sets) for (const [k, v] of Object.entries(set)) out[k.toLowerCase()] = v;
  for (const k of Object.keys(out)) if (out[k] === undefined) delete out[k];
  return out;
}

function listen(server) {
  return new Promise((resolve) => server.listen(0, HOST, () => resolve(server.address().port)));
}

/**
 * A server that records each request, answers it with `answer(record)` (a Reply), and holds on to its sockets
 * so close() ends them. `pass(req, res, body, record)` serves a request the case did not replace.
 */
async function recordingServer(kind, parse, defaults, pass) {
  /** @type {Received[]} */
  const requests = [];
  /** @type {((r: Received) => Reply | undefined) | undefined} */
  let reply;
  const sockets = new Set();
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      /** @type {Received} */
      const record = {
        index: requests.length,
        at: Date.now(),
        operation: '',
        method: req.method ?? '',
        path: req.url ?? '',
        headers: req.headers,
        body,
        input: undefined,
        replaced: false,
        status: undefined,
        bodyBytes: 0,
        answeredAt: undefined,
      };
      Object.assign(record, parse(req, body));
      requests.push(record);
      const done = () => (record.answeredAt ??= Date.now());
      res.on('finish', done);
      res.on('close', done);
      if (requests.length > MAX_REQUESTS)
        return write(res, record, { status: 400, body: `${kind}: too many requests` });
      const scripted = reply?.(record);
      if (scripted) {
        record.replaced = true;
        return write(res, record, scripted);
      }
      return pass(req, res, body, record);
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  /** @param {http.ServerResponse} res @param {Received} record @param {Reply} r */
  function write(res, record, r) {
    const body = Buffer.isBuffer(r.body) ? r.body : Buffer.from(r.body ?? '');
    record.status = r.status ?? 200;
    record.bodyBytes = body.length;
    res.writeHead(
      record.status,
      mergeHeaders(
        defaults(),
        { date: new Date().toUTCString(), 'content-length': String(body.length) },
        r.headers ?? {},
      ),
    );
    // The client may hang up mid-body (it cuts a reply past the body cap): not this server's fault.
    res.on('error', () => {});
    res.end(body);
  }

  const port = await listen(server);
  return {
    url: `http://${HOST}:${port}`,
    requests,
    write,
    /**
     * Answers each request with `fn(record)`, or as the server would by default when it returns undefined.
     * @param {(r: Received) => Reply | undefined} fn
     */
    replyWith(fn) {
      reply = fn;
    },
    reset() {
      requests.length = 0;
      reply = undefined;
    },
    close() {
      for (const s of sockets) s.destroy();
      return new Promise((resolve) => server.close(() => resolve(undefined)));
    },
  };
}

/**
 * Partner Central: the real emulator (startPartnerCentral: signatures checked, jobs started, snapshots taken)
 * behind a front that answers what the case's reply function replaces and passes the rest on. `inner` is the
 * real emulator (addJob, running, job, latestSnapshotResponse...).
 * @param {Parameters<typeof startPartnerCentral>[0]} [options]
 */
export async function startSizedPartnerCentral(options = defaultEmulatorOptions()) {
  const inner = await startPartnerCentral(options);
  const parse = (req, body) => {
    let input;
    try {
      input = JSON.parse(body);
    } catch {
      input = undefined;
    }
    return {
      operation: String(req.headers['x-amz-target'] ?? '').slice(TARGET_PREFIX.length),
      input,
    };
  };
  const defaults = () => ({
    'content-type': 'application/x-amz-json-1.0',
    'x-amzn-RequestId': randomUUID(),
  });
  /** Every header of a passed-on reply can be replaced (a Date out of range, say). */
  let headerOverride = /** @type {Record<string, string>} */ ({});
  const pass = (req, res, body, record) => {
    const up = http.request(
      { host: HOST, port: inner.port, method: req.method, path: req.url, headers: req.headers },
      (answer) => {
        record.status = answer.statusCode;
        res.writeHead(answer.statusCode ?? 502, mergeHeaders(answer.headers, headerOverride));
        answer.pipe(res);
      },
    );
    up.on('error', () => res.destroy());
    up.end(body);
  };
  const front = await recordingServer('partner central', parse, defaults, pass);
  return {
    ...front,
    inner,
    /** Headers put on every reply the real emulator gives (e.g. an absurd Date). */
    overrideHeaders(headers) {
      headerOverride = headers;
    },
    reset() {
      front.reset();
      headerOverride = {};
      inner.reset();
    },
    async close() {
      await Promise.all([front.close(), inner.close()]);
    },
  };
}

/** STS: answers AssumeRoleWithWebIdentity with the emulator's TEMPORARY credentials unless the case replies. */
export async function startSizedSts() {
  const parse = (_req, body) => {
    const input = Object.fromEntries(new URLSearchParams(body));
    return { operation: String(input.Action ?? ''), input };
  };
  const defaults = () => ({ 'content-type': 'text/xml', 'x-amzn-RequestId': randomUUID() });
  /** @type {Awaited<ReturnType<typeof recordingServer>>} */
  let sts;
  const pass = (_req, res, _body, record) =>
    sts.write(res, record, { status: 200, body: stsSuccessXml() });
  sts = await recordingServer('sts', parse, defaults, pass);
  return sts;
}

/** GitHub's OIDC token endpoint: answers {"value": jwt} (claims TOKEN_CLAIMS) unless the case replies. */
export async function startSizedOidc() {
  const runtimeToken = realRuntimeToken('hostile-size');
  const parse = () => ({ operation: 'token' });
  const defaults = () => ({
    'content-type': 'application/json',
    'x-github-request-id': 'ABCD:1234:5678:9ABC:DEF0',
  });
  /** @type {Awaited<ReturnType<typeof recordingServer>>} */
  let oidc;
  const pass = (_req, res, _body, record) =>
    oidc.write(res, record, { status: 200, body: JSON.stringify({ value: jwt(TOKEN_CLAIMS) }) });
  oidc = await recordingServer('oidc', parse, defaults, pass);
  return {
    ...oidc,
    runtimeToken,
    /** ACTIONS_ID_TOKEN_REQUEST_URL as the runner gives it (always with a query). */
    requestUrl: `${oidc.url}/token?api-version=2.0`,
  };
}

/** Whether this system shows a process's peak resident memory (Linux /proc). */
export const CAN_MEASURE_RSS = existsSync('/proc/self/status');

/**
 * The peak resident memory of a process, polled from /proc/<pid>/status (VmHWM: the peak so far) every
 * `everyMs` until stop(). stop() returns the largest value seen in bytes, or undefined where /proc is missing
 * (or the process ended before the first poll). A peak in the last poll interval before the process exits is
 * the only one it can miss.
 * @param {number | undefined} pid
 * @param {number} [everyMs]
 */
export function watchPeakRss(pid, everyMs = 15) {
  if (!CAN_MEASURE_RSS || pid === undefined) return { stop: () => undefined };
  const file = `/proc/${pid}/status`;
  let peakKiB = 0;
  const poll = () => {
    let text = '';
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      return; // gone: the process has exited
    }
    const m = text.match(/^VmHWM:\s+(\d+)\s+kB$/m);
    if (m) peakKiB = Math.max(peakKiB, Number(m[1]));
  };
  poll();
  const timer = setInterval(poll, everyMs);
  return {
    /** @returns {number | undefined} */
    stop() {
      clearInterval(timer);
      return peakKiB ? peakKiB * 1024 : undefined;
    },
  };
}
