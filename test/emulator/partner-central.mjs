// A local Partner Central Selling emulator: checks awsJson1_0 framing, verifies SigV4 with aws4, holds jobs, injects faults.
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import aws4 from 'aws4';

export const TARGET_PREFIX = 'AWSPartnerCentralSelling.';
const JOB_PATTERN = /^job-[0-9a-z]{13}$/;
const CATALOG_PATTERN = /^[a-zA-Z]+$/;
const SKEW_LIMIT_MS = 5 * 60_000;

/** `20261126T120000Z` -> ms since epoch */
function parseAmzDate(value) {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value ?? '');
  return m ? Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]) : NaN;
}

function amzDate(ms) {
  return new Date(ms).toISOString().replace(/[:-]|\.\d{3}/g, '');
}

/**
 * @typedef {object} RecordedRequest
 * @property {number} at
 * @property {string} operation StartResourceSnapshotJob or GetResourceSnapshotJob (from X-Amz-Target)
 * @property {string} method
 * @property {string} path
 * @property {Record<string, string | undefined>} headers
 * @property {string} body
 * @property {string} requestId the x-amzn-RequestId the emulator answered with
 * @property {boolean | undefined} signatureValid
 * @property {string | undefined} signatureProblem
 * @property {string | undefined} outcome
 * @property {number | undefined} status the status line the emulator wrote (none after a reset or a hang)
 * @property {number | undefined} answeredAt when it wrote that status line (ms since epoch)
 * @property {boolean | undefined} clientGone the client had already closed the connection when the status was written
 */

/**
 * Starts the emulator on 127.0.0.1 (port 0 = any free port).
 * options: credentials [{accessKeyId, secretAccessKey, sessionToken?}], jobs {AWS: [...], Sandbox: [...]},
 * ratePerSecond (write token bucket, capacity 1), clockOffsetMs (the emulator's clock against the real one),
 * region, tls {key, cert}.
 */
export async function startPartnerCentral(options = {}) {
  const state = {
    credentials: new Map((options.credentials ?? []).map((c) => [c.accessKeyId, c])),
    /** catalog -> job id -> the job as GetResourceSnapshotJob describes it, plus startFails (a LastFailure). */
    jobs: { AWS: new Map(), Sandbox: new Map() },
    /** Operations answered with AccessDeniedException (e.g. a role without GetResourceSnapshotJob). */
    denied: new Set(),
    readRatePerSecond: 0,
    readTokens: 1,
    readLastRefill: Date.now(),
    region: options.region ?? 'us-east-1',
    clockOffsetMs: options.clockOffsetMs ?? 0,
    ratePerSecond: options.ratePerSecond ?? 0,
    tokens: 1,
    lastRefill: Date.now(),
    /** @type {any[]} */
    script: [],
    /** @type {RecordedRequest[]} */
    requests: [],
    sockets: new Set(),
  };
  const now = () => Date.now() + state.clockOffsetMs;

  function addJob(catalog, id, props = {}) {
    const n = state.jobs[catalog].size + 1;
    state.jobs[catalog].set(id, {
      Catalog: catalog,
      Id: id,
      Arn: `arn:aws:partnercentral:${state.region}:111122223333:catalog/${catalog}/resource-snapshot-job/${id}`,
      EngagementId: `eng-${String(n).padStart(14, '0')}`,
      ResourceType: 'Opportunity',
      ResourceId: `O${String(1000000 + n)}`,
      ResourceArn: `arn:aws:partnercentral:${state.region}:111122223333:catalog/${catalog}/opportunity/O${String(1000000 + n)}`,
      ResourceSnapshotTemplateName: 'AWS-Opportunity-Summary',
      CreatedAt: '2026-11-01T09:30:00Z',
      Status: 'Stopped',
      ...props,
    });
  }
  for (const catalog of ['AWS', 'Sandbox'])
    for (const id of options.jobs?.[catalog] ?? []) addJob(catalog, id);

  /** Token buckets of capacity 1: writes at ratePerSecond, reads at readRatePerSecond (0 = unlimited). */
  function takeToken(kind = 'write') {
    const [rate, tokens, last] =
      kind === 'write'
        ? ['ratePerSecond', 'tokens', 'lastRefill']
        : ['readRatePerSecond', 'readTokens', 'readLastRefill'];
    if (!state[rate]) return true;
    const t = Date.now();
    state[tokens] = Math.min(1, state[tokens] + ((t - state[last]) / 1000) * state[rate]);
    state[last] = t;
    if (state[tokens] >= 1) {
      state[tokens] -= 1;
      return true;
    }
    return false;
  }

  function send(res, status, headers, body) {
    res.writeHead(status, {
      'x-amzn-RequestId': res.requestId,
      Date: new Date(now()).toUTCString(),
      ...headers,
    });
    res.end(body);
  }

  function sendError(
    res,
    name,
    message,
    status,
    extra = {},
    { headerOnly = false, headers = {} } = {},
  ) {
    const body = headerOnly
      ? JSON.stringify({ message })
      : JSON.stringify({
          __type: `com.amazonaws.partnercentralselling#${name}`,
          message,
          ...extra,
        });
    send(
      res,
      status,
      {
        'content-type': 'application/x-amz-json-1.0',
        ...(headerOnly
          ? {
              'x-amzn-ErrorType': `${name}:http://internal.amazon.com/coral/com.amazonaws.partnercentralselling/`,
            }
          : {}),
        ...headers,
      },
      body,
    );
    return name;
  }

  /** SigV4 check with the aws4 package: an implementation independent of the signer under test. */
  function verifySignature(req, body) {
    const auth = req.headers.authorization ?? '';
    const m =
      /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, SignedHeaders=([a-z0-9;-]+), Signature=([0-9a-f]{64})$/.exec(
        auth,
      );
    if (!m)
      return {
        name: 'IncompleteSignature',
        status: 400,
        message: 'Authorization header requires Credential, SignedHeaders and Signature.',
      };
    const [, accessKeyId, scopeDate, region, service, signedHeaders] = m;
    const creds = state.credentials.get(accessKeyId);
    if (!creds)
      return {
        name: 'UnrecognizedClientException',
        status: 400,
        message: 'The security token included in the request is invalid.',
      };
    const signed = signedHeaders.split(';');
    for (const required of ['host', 'x-amz-date', 'content-type', 'x-amz-target'])
      if (!signed.includes(required))
        return {
          name: 'IncompleteSignature',
          status: 400,
          message: `Header ${required} is not signed.`,
        };
    if (creds.sessionToken) {
      if (
        req.headers['x-amz-security-token'] !== creds.sessionToken ||
        !signed.includes('x-amz-security-token')
      )
        return {
          name: 'UnrecognizedClientException',
          status: 400,
          message: 'The security token included in the request is invalid.',
        };
    } else if (req.headers['x-amz-security-token']) {
      return {
        name: 'UnrecognizedClientException',
        status: 400,
        message: 'The security token included in the request is invalid.',
      };
    }
    if (region !== state.region || service !== 'partnercentral-selling')
      return {
        name: 'InvalidSignatureException',
        status: 400,
        message: `Credential should be scoped to a valid region (${state.region}) and service (partnercentral-selling).`,
      };
    const when = parseAmzDate(req.headers['x-amz-date']);
    if (Number.isNaN(when) || scopeDate !== req.headers['x-amz-date'].slice(0, 8))
      return {
        name: 'IncompleteSignature',
        status: 400,
        message: 'X-Amz-Date is missing or does not match the credential scope.',
      };
    const serverNow = now();
    if (when < serverNow - SKEW_LIMIT_MS)
      return {
        name: 'InvalidSignatureException',
        status: 400,
        message: `Signature expired: ${req.headers['x-amz-date']} is now earlier than ${amzDate(serverNow - SKEW_LIMIT_MS)} (${amzDate(serverNow)} - 5 min.)`,
      };
    if (when > serverNow + SKEW_LIMIT_MS)
      return {
        name: 'InvalidSignatureException',
        status: 400,
        message: `Signature not yet current: ${req.headers['x-amz-date']} is still later than ${amzDate(serverNow + SKEW_LIMIT_MS)} (${amzDate(serverNow)} + 5 min.)`,
      };
    const headers = {};
    for (const name of signed) {
      if (req.headers[name] === undefined)
        return {
          name: 'IncompleteSignature',
          status: 400,
          message: `Signed header ${name} is missing.`,
        };
      headers[name] = req.headers[name];
    }
    const expected = aws4.sign(
      { method: req.method, host: req.headers.host, path: req.url, service, region, headers, body },
      { accessKeyId, secretAccessKey: creds.secretAccessKey, sessionToken: creds.sessionToken },
    ).headers.Authorization;
    if (expected !== auth)
      return {
        name: 'InvalidSignatureException',
        status: 400,
        message:
          'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method.',
      };
    return undefined;
  }

  /** The service itself: framing, signature, input rules, rate limit, jobs. Returns the outcome's name. */
  function serve(req, res, body) {
    if (req.method !== 'POST' || req.url !== '/')
      return sendError(res, 'UnknownOperationException', 'Only POST / is served.', 404);
    if (req.headers['content-type'] !== 'application/x-amz-json-1.0')
      return sendError(
        res,
        'SerializationException',
        `Expected Content-Type application/x-amz-json-1.0, got ${req.headers['content-type']}`,
        400,
      );
    const target = req.headers['x-amz-target'] ?? '';
    if (!target.startsWith(TARGET_PREFIX))
      return sendError(res, 'UnknownOperationException', `Unknown target ${target}`, 400);
    const sig = verifySignature(req, body);
    if (sig) return sendError(res, sig.name, sig.message, sig.status);
    let input;
    try {
      input = JSON.parse(body);
    } catch {
      return sendError(res, 'SerializationException', 'The request body is not valid JSON.', 400);
    }
    const operation = target.slice(TARGET_PREFIX.length);
    if (operation !== 'StartResourceSnapshotJob' && operation !== 'GetResourceSnapshotJob')
      return sendError(
        res,
        'UnknownOperationException',
        `Operation ${operation} is not emulated.`,
        400,
      );
    const errors = [];
    const members = { Catalog: CATALOG_PATTERN, ResourceSnapshotJobIdentifier: JOB_PATTERN };
    for (const k of Object.keys(input ?? {}))
      if (!(k in members))
        errors.push({ FieldName: k, Message: `Unknown member ${k}`, Code: 'INVALID_VALUE' });
    for (const [name, pattern] of Object.entries(members)) {
      if (typeof input?.[name] !== 'string')
        errors.push({
          FieldName: name,
          Message: `${name} is required.`,
          Code: 'REQUIRED_FIELD_MISSING',
        });
      else if (!pattern.test(input[name]))
        errors.push({
          FieldName: name,
          Message: `${name} must match ${pattern.source}.`,
          Code: 'INVALID_STRING_FORMAT',
        });
    }
    if (errors.length)
      return sendError(res, 'ValidationException', 'Validation failed.', 400, {
        Reason: 'REQUEST_VALIDATION_FAILED',
        ErrorList: errors,
      });
    const read = operation === 'GetResourceSnapshotJob';
    if (state.denied.has(operation))
      return sendError(
        res,
        'AccessDeniedException',
        `User is not authorized to perform: partnercentral:${operation} on resource ${input.ResourceSnapshotJobIdentifier}`,
        403,
      );
    if (!takeToken(read ? 'read' : 'write'))
      return sendError(res, 'ThrottlingException', 'Rate exceeded', 429);
    const job = state.jobs[input.Catalog]?.get(input.ResourceSnapshotJobIdentifier);
    if (!job)
      return sendError(
        res,
        'ResourceNotFoundException',
        `Resource snapshot job ${input.ResourceSnapshotJobIdentifier} was not found in catalog ${input.Catalog}.`,
        404,
      );
    if (read) {
      const described = { ...job };
      delete described.startFails;
      send(res, 200, { 'content-type': 'application/x-amz-json-1.0' }, JSON.stringify(described));
      return 'described';
    }
    // Starting is idempotent: a running job stays running. A job set to fail stays Stopped with its LastFailure.
    if (job.startFails) job.LastFailure = job.startFails;
    else {
      job.Status = 'Running';
      job.LastSuccessfulExecutionDate = new Date(now()).toISOString().replace(/\.\d{3}Z$/, 'Z');
    }
    send(res, 200, {}, '');
    return 'ok';
  }

  /** A scripted answer: an error, a raw reply, or a fault (reset, truncation, hang, slow body). */
  async function act(step, req, res, body) {
    if (step.delayMs) await new Promise((r) => setTimeout(r, step.delayMs));
    if (step.hang) return 'hang';
    if (step.reset) {
      req.socket.destroy();
      return 'reset';
    }
    if (step.pass) return serve(req, res, body);
    if (step.error)
      return sendError(
        res,
        step.error,
        step.message ?? `${step.error} (scripted)`,
        step.status ?? 400,
        step.extra ?? {},
        { headerOnly: step.headerOnly, headers: step.headers },
      );
    const payload = step.body ?? (step.json ? JSON.stringify(step.json) : '');
    const headers = { ...(step.headers ?? {}) };
    if (step.resetMidBody || step.truncate) {
      res.writeHead(step.status ?? 200, {
        'content-length': String(Buffer.byteLength(payload) + 100),
        'x-amzn-RequestId': res.requestId,
        ...headers,
      });
      res.write(payload.slice(0, Math.floor(payload.length / 2)));
      await new Promise((r) => setTimeout(r, 20));
      if (step.truncate) res.socket?.end();
      else res.socket?.destroy();
      return step.truncate ? 'truncated' : 'reset-mid-body';
    }
    if (step.slowBodyMs) {
      res.writeHead(step.status ?? 200, {
        'x-amzn-RequestId': res.requestId,
        Date: new Date(now()).toUTCString(),
        ...headers,
      });
      for (const ch of payload || ' ') {
        if (res.destroyed) return 'slow-aborted';
        res.write(ch);
        await new Promise((r) => setTimeout(r, step.slowBodyMs));
      }
      res.end();
      return 'slow';
    }
    send(res, step.status ?? 200, headers, payload);
    return `scripted-${step.status ?? 200}`;
  }

  const handler = (req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      res.requestId = randomUUID();
      const record = {
        at: Date.now(),
        operation: String(req.headers['x-amz-target'] ?? '').slice(TARGET_PREFIX.length),
        method: req.method,
        path: req.url,
        headers: req.headers,
        body,
        requestId: res.requestId,
        signatureValid: undefined,
        signatureProblem: undefined,
        outcome: undefined,
      };
      state.requests.push(record);
      // What the client could have seen: the status line as written, when, and whether anyone was listening.
      const writeHead = res.writeHead.bind(res);
      res.writeHead = (status, ...rest) => {
        record.status = status;
        record.answeredAt = Date.now();
        record.clientGone = Boolean(req.socket.destroyed);
        return writeHead(status, ...rest);
      };
      // Every request's signature is checked, scripted answers included.
      const sigProblem = verifySignature(req, body);
      record.signatureValid = !sigProblem;
      record.signatureProblem = sigProblem?.message;
      const step = state.script.shift();
      Promise.resolve(step ? act(step, req, res, body) : serve(req, res, body))
        .then((outcome) => (record.outcome = outcome))
        .catch((err) => {
          record.outcome = `emulator-error: ${err.message}`;
          res.destroy();
        });
    });
  };

  const server = options.tls
    ? https.createServer({ key: options.tls.key, cert: options.tls.cert }, handler)
    : http.createServer(handler);
  server.on(options.tls ? 'secureConnection' : 'connection', (socket) => {
    state.sockets.add(socket);
    socket.on('close', () => state.sockets.delete(socket));
  });
  await new Promise((resolve) =>
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve),
  );
  const { port } = server.address();
  const scheme = options.tls ? 'https' : 'http';

  return {
    port,
    url: `${scheme}://127.0.0.1:${port}`,
    requests: state.requests,
    /** Answers the next requests with these steps, in order; then the service as usual. */
    script(...steps) {
      state.script.push(...steps);
    },
    /** Accepts these credentials from now on (e.g. those STS just issued). */
    addCredentials(c) {
      state.credentials.set(c.accessKeyId, c);
    },
    /** Adds a job (Stopped until started); props override its description, startFails makes starts fail. */
    addJob(catalog, id, props = {}) {
      addJob(catalog, id, props);
    },
    /** The job as the emulator holds it, or undefined. */
    job(catalog, id) {
      return state.jobs[catalog].get(id);
    },
    /** The ids of the jobs that are Running in a catalog. */
    running(catalog) {
      return [...state.jobs[catalog].values()]
        .filter((j) => j.Status === 'Running')
        .map((j) => j.Id);
    },
    deny(operation) {
      state.denied.add(operation);
    },
    setReadRate(perSecond) {
      state.readRatePerSecond = perSecond;
      state.readTokens = 1;
      state.readLastRefill = Date.now();
    },
    setClockOffset(ms) {
      state.clockOffsetMs = ms;
    },
    /** Rate-limits to perSecond (token bucket of capacity 1), starting with `tokens` tokens. */
    setRate(perSecond, tokens = 1) {
      state.ratePerSecond = perSecond;
      state.tokens = tokens;
      state.lastRefill = Date.now();
    },
    reset() {
      state.script.length = 0;
      state.requests.length = 0;
      state.denied.clear();
      state.readRatePerSecond = 0;
      for (const catalog of ['AWS', 'Sandbox']) {
        state.jobs[catalog].clear();
        for (const id of options.jobs?.[catalog] ?? []) addJob(catalog, id);
      }
      state.clockOffsetMs = options.clockOffsetMs ?? 0;
      state.ratePerSecond = options.ratePerSecond ?? 0;
      state.tokens = 1;
    },
    async close() {
      for (const s of state.sockets) s.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
