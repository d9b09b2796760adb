// A local Partner Central Selling emulator: checks awsJson1_0 framing, verifies SigV4 with aws4, holds jobs and their snapshots, injects faults.
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import aws4 from 'aws4';
import { opportunityPayload } from './fixtures.mjs';

export const TARGET_PREFIX = 'AWSPartnerCentralSelling.';
/** The template a job snapshots with unless addJob says otherwise (valid for ^[a-zA-Z0-9]{3,80}$). */
export const DEFAULT_TEMPLATE = 'AWSOpportunitySummary';
/** Who created the snapshots, and the accounts they are shared with. */
export const PARTNER_ACCOUNT = '111122223333';
export const TARGET_MEMBER_ACCOUNTS = ['444455556666'];
/** The CreatedAt of a snapshot given to addJob as a bare revision number. */
export const EARLIER_SNAPSHOT_AT = '2026-10-01T08:00:00Z';
/** ListResourceSnapshots page size when the request gives no MaxResults. */
export const LIST_PAGE_SIZE = 20;
const SKEW_LIMIT_MS = 5 * 60_000;
/** Each catalog's snapshot job role unless a test unsets it (setJobRole). */
export const DEFAULT_JOB_ROLES = {
  AWS: `arn:aws:iam::${PARTNER_ACCOUNT}:role/PartnerCentralSnapshotJobs`,
  Sandbox: `arn:aws:iam::${PARTNER_ACCOUNT}:role/PartnerCentralSnapshotJobs`,
};

const pattern = (re) => ({ re });
const CATALOG = pattern(/^[a-zA-Z]+$/);
const JOB = pattern(/^job-[0-9a-z]{13}$/);
const ENGAGEMENT = pattern(/^eng-[0-9a-z]{14}$/);
const RESOURCE_ID = pattern(/^O[0-9]{1,19}$/);
const TEMPLATE = pattern(/^[a-zA-Z0-9]{3,80}$/);
const RESOURCE_TYPE = { oneOf: ['Opportunity'] };
const STRING = {};
/**
 * Each emulated operation's input members (awsJson1_0 body) as the service model states them: required or not,
 * a pattern, an enum or an integer range. `read` operations share the read token bucket (setReadRate).
 */
const OPERATIONS = {
  StartResourceSnapshotJob: {
    read: false,
    required: { Catalog: CATALOG, ResourceSnapshotJobIdentifier: JOB },
    optional: {},
  },
  GetResourceSnapshotJob: {
    read: true,
    required: { Catalog: CATALOG, ResourceSnapshotJobIdentifier: JOB },
    optional: {},
  },
  GetResourceSnapshot: {
    read: true,
    required: {
      Catalog: CATALOG,
      EngagementIdentifier: ENGAGEMENT,
      ResourceType: RESOURCE_TYPE,
      ResourceIdentifier: RESOURCE_ID,
      ResourceSnapshotTemplateIdentifier: TEMPLATE,
    },
    optional: { Revision: { integer: [1, Number.MAX_SAFE_INTEGER] } },
  },
  GetSellingSystemSettings: {
    read: true,
    required: { Catalog: CATALOG },
    optional: {},
  },
  ListResourceSnapshots: {
    read: true,
    required: { Catalog: CATALOG, EngagementIdentifier: ENGAGEMENT },
    optional: {
      ResourceType: RESOURCE_TYPE,
      ResourceIdentifier: RESOURCE_ID,
      ResourceSnapshotTemplateIdentifier: TEMPLATE,
      CreatedBy: STRING,
      MaxResults: { integer: [1, 1000] },
      NextToken: STRING,
    },
  },
};

/** The ValidationException ErrorList entries for one request body against an operation's members. */
function validate(spec, input) {
  const errors = [];
  const body = input && typeof input === 'object' && !Array.isArray(input) ? input : {};
  const members = { ...spec.required, ...spec.optional };
  for (const k of Object.keys(body))
    if (!(k in members))
      errors.push({ FieldName: k, Message: `Unknown member ${k}`, Code: 'INVALID_VALUE' });
  for (const [name, rule] of Object.entries(members)) {
    const value = body[name];
    if (value === undefined || value === null) {
      if (name in spec.required)
        errors.push({
          FieldName: name,
          Message: `${name} is required.`,
          Code: 'REQUIRED_FIELD_MISSING',
        });
      continue;
    }
    if (rule.integer) {
      const [min, max] = rule.integer;
      if (!Number.isInteger(value))
        errors.push({
          FieldName: name,
          Message: `${name} must be an integer.`,
          Code: 'INVALID_VALUE',
        });
      else if (value < min || value > max)
        errors.push({
          FieldName: name,
          Message: `${name} must be between ${min} and ${max}.`,
          Code: 'VALUE_OUT_OF_RANGE',
        });
      continue;
    }
    if (typeof value !== 'string') {
      errors.push({
        FieldName: name,
        Message: `${name} must be a string.`,
        Code: 'INVALID_VALUE',
      });
      continue;
    }
    if (rule.re && !rule.re.test(value))
      errors.push({
        FieldName: name,
        Message: `${name} must match ${rule.re.source}.`,
        Code: 'INVALID_STRING_FORMAT',
      });
    if (rule.oneOf && !rule.oneOf.includes(value))
      errors.push({
        FieldName: name,
        Message: `${name} must be one of ${rule.oneOf.join(', ')}.`,
        Code: 'INVALID_ENUM_VALUE',
      });
  }
  return errors;
}

/** RFC 3339 without fractions, as the service's date-time members read. */
const rfc3339 = (ms) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

/** The store key of a resource's snapshots: (catalog, engagement, resource type, resource id, template). */
const snapshotKey = (catalog, engagement, type, id, template) =>
  [catalog, engagement, type, id, template].join('|');

/**
 * Job props that set the emulator's behaviour rather than the job's description (never in
 * GetResourceSnapshotJob's answer):
 * - startFails: text; a start is accepted but the job stays Stopped with this LastFailure (no snapshot);
 * - snapshots: revisions (numbers, or {revision, createdAt?, payload?}) that exist before any start;
 * - newSnapshotAfterMs: N; an accepted start of a job not Running makes it take a new snapshot (latest + 1) N ms
 *   later (also its LastSuccessfulExecutionDate);
 * - resourceNeverChanges: true; a start succeeds and no snapshot is ever taken (the default, said explicitly);
 * - failsAfterMs: N with failsWith: text (default 'Snapshot execution failed (emulated)'); the job reports this
 *   NEW LastFailure N ms after an accepted start, and with stopsOnFailure: true its Status turns Stopped;
 * - stopsAfterMs: N; the job turns Stopped N ms after an accepted start, its LastFailure unchanged;
 * - payload: the Payload of the snapshots it takes (default opportunityPayload(revision)).
 */
export const BEHAVIOUR_PROPS = [
  'startFails',
  'snapshots',
  'newSnapshotAfterMs',
  'resourceNeverChanges',
  'failsAfterMs',
  'failsWith',
  'stopsOnFailure',
  'stopsAfterMs',
  'payload',
];

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
 * @property {string} operation from X-Amz-Target: StartResourceSnapshotJob, GetResourceSnapshotJob,
 *   GetResourceSnapshot, ListResourceSnapshots (anything else is answered UnknownOperationException)
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
 * @property {number | undefined} finishedAt when the whole response was handed to the OS (the response's 'finish')
 * @property {number | undefined} closedAt when the connection closed (its socket's 'close'), whoever closed it
 * @property {number | undefined} cutAt when the emulator itself cut the connection (a scripted reset, truncation)
 * @property {number | undefined} peerClosedAt when the client's own close (FIN or reset) reached the emulator while
 *   the response was still open: not finished, not cut by the emulator. Undefined when the emulator finished or cut
 *   first (then the client's give-up moment is not seen here).
 * @property {boolean | undefined} peerReset that close was a reset (the client closed with bytes it had not read)
 * @property {boolean | undefined} expiredCredentials signed with a session that had expired when it arrived (refused)
 */

/**
 * Starts the emulator on 127.0.0.1 (port 0 = any free port).
 * options: credentials [{accessKeyId, secretAccessKey, sessionToken?}], jobs {AWS: [...], Sandbox: [...]},
 * ratePerSecond (write token bucket, capacity 1; reads have their own, setReadRate), clockOffsetMs (the emulator's clock against the real one),
 * region, tls {key, cert}.
 */
export async function startPartnerCentral(options = {}) {
  const state = {
    credentials: new Map((options.credentials ?? []).map((c) => [c.accessKeyId, c])),
    /** catalog -> job id -> the job as GetResourceSnapshotJob describes it. */
    jobs: { AWS: new Map(), Sandbox: new Map() },
    /** catalog -> job id -> its behaviour props (BEHAVIOUR_PROPS). */
    behaviour: { AWS: new Map(), Sandbox: new Map() },
    /** snapshotKey -> [{Revision, CreatedAt, CreatedBy, Payload, TargetMemberAccounts}], oldest first. */
    snapshots: new Map(),
    /** Pending job events (new snapshots, failures): cleared by reset and close. */
    timers: new Set(),
    /** Operations answered with AccessDeniedException (e.g. a role without GetResourceSnapshotJob). */
    denied: new Set(),
    /** catalog -> the role its snapshot jobs run as (GetSellingSystemSettings); undefined: none set. */
    jobRoles: { ...DEFAULT_JOB_ROLES },
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
    const description = {};
    const behaviour = {};
    for (const [k, v] of Object.entries(props))
      (BEHAVIOUR_PROPS.includes(k) ? behaviour : description)[k] = v;
    const job = {
      Catalog: catalog,
      Id: id,
      Arn: `arn:aws:partnercentral:${state.region}:${PARTNER_ACCOUNT}:catalog/${catalog}/resource-snapshot-job/${id}`,
      EngagementId: `eng-${String(n).padStart(14, '0')}`,
      ResourceType: 'Opportunity',
      ResourceId: `O${String(1000000 + n)}`,
      ResourceArn: `arn:aws:partnercentral:${state.region}:${PARTNER_ACCOUNT}:catalog/${catalog}/opportunity/O${String(1000000 + n)}`,
      ResourceSnapshotTemplateName: DEFAULT_TEMPLATE,
      CreatedAt: '2026-11-01T09:30:00Z',
      Status: 'Stopped',
      ...description,
    };
    state.jobs[catalog].set(id, job);
    state.behaviour[catalog].set(id, behaviour);
    for (const s of behaviour.snapshots ?? []) {
      const given = typeof s === 'number' ? { revision: s } : s;
      putSnapshot(
        catalog,
        job,
        given.revision,
        given.createdAt ?? EARLIER_SNAPSHOT_AT,
        given.payload,
      );
    }
  }

  function jobKey(catalog, job) {
    return snapshotKey(
      catalog,
      job.EngagementId,
      job.ResourceType,
      job.ResourceId,
      job.ResourceSnapshotTemplateName,
    );
  }

  /** Stores a snapshot of the job's resource; revision undefined = the latest + 1. Returns it. */
  function putSnapshot(catalog, job, revision, createdAt, payload) {
    const key = jobKey(catalog, job);
    const list = state.snapshots.get(key) ?? [];
    const rev = revision ?? (list.at(-1)?.Revision ?? 0) + 1;
    const snapshot = {
      Revision: rev,
      CreatedAt: createdAt,
      CreatedBy: PARTNER_ACCOUNT,
      Payload: payload ?? opportunityPayload(rev),
      TargetMemberAccounts: [...TARGET_MEMBER_ACCOUNTS],
    };
    list.push(snapshot);
    list.sort((a, b) => a.Revision - b.Revision);
    state.snapshots.set(key, list);
    return snapshot;
  }

  function snapshotArn(catalog, engagement, type, id, template, revision) {
    return `arn:aws:partnercentral:${state.region}:${PARTNER_ACCOUNT}:catalog/${catalog}/engagement/${engagement}/resource-snapshot/${type}/${id}/${template}/${revision}`;
  }

  /** After a job: the timer runs fn unless reset or close came first. */
  function later(ms, fn) {
    const t = setTimeout(() => {
      state.timers.delete(t);
      fn();
    }, ms);
    state.timers.add(t);
  }

  /** What an accepted start sets going: a new snapshot, a failure, or nothing (the resource never changes). */
  function scheduleAfterStart(catalog, job, behaviour) {
    // A catalog with no snapshot job role runs its jobs, but they take no snapshot.
    const canSnapshot = Boolean(state.jobRoles[catalog]);
    if (
      behaviour.newSnapshotAfterMs !== undefined &&
      !behaviour.resourceNeverChanges &&
      canSnapshot
    )
      later(behaviour.newSnapshotAfterMs, () => {
        if (state.jobs[catalog].get(job.Id) !== job) return;
        putSnapshot(catalog, job, undefined, rfc3339(now()), behaviour.payload);
        job.LastSuccessfulExecutionDate = rfc3339(now());
      });
    if (behaviour.failsAfterMs !== undefined)
      later(behaviour.failsAfterMs, () => {
        if (state.jobs[catalog].get(job.Id) !== job) return;
        job.LastFailure = behaviour.failsWith ?? 'Snapshot execution failed (emulated)';
        if (behaviour.stopsOnFailure) job.Status = 'Stopped';
      });
    if (behaviour.stopsAfterMs !== undefined)
      later(behaviour.stopsAfterMs, () => {
        if (state.jobs[catalog].get(job.Id) === job) job.Status = 'Stopped';
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
    // AWS refuses a session past its expiry, whatever the signature: by AWS's clock (the emulator's).
    if (creds.expiresAt !== undefined && now() >= creds.expiresAt)
      return {
        name: 'ExpiredTokenException',
        status: 400,
        message: 'The security token included in the request is expired',
        expired: true,
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
    const spec = Object.hasOwn(OPERATIONS, operation) ? OPERATIONS[operation] : undefined;
    if (!spec)
      return sendError(
        res,
        'UnknownOperationException',
        `Operation ${operation} is not emulated.`,
        400,
      );
    const errors = validate(spec, input);
    if (errors.length)
      return sendError(res, 'ValidationException', 'Validation failed.', 400, {
        Reason: 'REQUEST_VALIDATION_FAILED',
        ErrorList: errors,
      });
    if (state.denied.has(operation))
      return sendError(
        res,
        'AccessDeniedException',
        `User is not authorized to perform: partnercentral:${operation} on resource ${input.ResourceSnapshotJobIdentifier ?? input.EngagementIdentifier ?? `catalog/${input.Catalog}`}`,
        403,
      );
    if (!takeToken(spec.read ? 'read' : 'write'))
      return sendError(res, 'ThrottlingException', 'Rate exceeded', 429);
    const json = (value) =>
      send(res, 200, { 'content-type': 'application/x-amz-json-1.0' }, JSON.stringify(value));
    if (operation === 'GetSellingSystemSettings') {
      const role = state.jobRoles[input.Catalog];
      json({ Catalog: input.Catalog, ...(role ? { ResourceSnapshotJobRoleArn: role } : {}) });
      return 'settings';
    }
    if (operation === 'GetResourceSnapshot') return getSnapshot(res, input, json);
    if (operation === 'ListResourceSnapshots') return listSnapshots(res, input, json);
    const job = state.jobs[input.Catalog]?.get(input.ResourceSnapshotJobIdentifier);
    if (!job)
      return sendError(
        res,
        'ResourceNotFoundException',
        `Resource snapshot job ${input.ResourceSnapshotJobIdentifier} was not found in catalog ${input.Catalog}.`,
        404,
      );
    if (operation === 'GetResourceSnapshotJob') {
      json(job);
      return 'described';
    }
    // Starting is idempotent: a running job stays running. A job set to fail stays Stopped with its LastFailure.
    const behaviour = state.behaviour[input.Catalog].get(job.Id) ?? {};
    if (behaviour.startFails) job.LastFailure = behaviour.startFails;
    else {
      const wasRunning = job.Status === 'Running';
      job.Status = 'Running';
      job.LastSuccessfulExecutionDate = rfc3339(now());
      if (!wasRunning) scheduleAfterStart(input.Catalog, job, behaviour);
    }
    send(res, 200, {}, '');
    return 'ok';
  }

  /** GetResourceSnapshot: the given revision, or the latest; ResourceNotFoundException when there is none. */
  function getSnapshot(res, input, json) {
    const list =
      state.snapshots.get(
        snapshotKey(
          input.Catalog,
          input.EngagementIdentifier,
          input.ResourceType,
          input.ResourceIdentifier,
          input.ResourceSnapshotTemplateIdentifier,
        ),
      ) ?? [];
    const found =
      input.Revision === undefined ? list.at(-1) : list.find((x) => x.Revision === input.Revision);
    if (!found)
      return sendError(
        res,
        'ResourceNotFoundException',
        input.Revision === undefined
          ? `No resource snapshot of ${input.ResourceType} ${input.ResourceIdentifier} with template ${input.ResourceSnapshotTemplateIdentifier} exists in engagement ${input.EngagementIdentifier}.`
          : `Revision ${input.Revision} of the resource snapshot of ${input.ResourceType} ${input.ResourceIdentifier} does not exist.`,
        404,
      );
    json({
      Catalog: input.Catalog,
      Arn: snapshotArn(
        input.Catalog,
        input.EngagementIdentifier,
        input.ResourceType,
        input.ResourceIdentifier,
        input.ResourceSnapshotTemplateIdentifier,
        found.Revision,
      ),
      CreatedBy: found.CreatedBy,
      CreatedAt: found.CreatedAt,
      EngagementId: input.EngagementIdentifier,
      ResourceType: input.ResourceType,
      ResourceId: input.ResourceIdentifier,
      ResourceSnapshotTemplateName: input.ResourceSnapshotTemplateIdentifier,
      Revision: found.Revision,
      Payload: found.Payload,
      TargetMemberAccounts: found.TargetMemberAccounts,
    });
    return `snapshot-${found.Revision}`;
  }

  /** ListResourceSnapshots: summaries of an engagement's snapshots, filtered, paginated by an opaque NextToken. */
  function listSnapshots(res, input, json) {
    const all = [];
    for (const [key, list] of state.snapshots) {
      const [catalog, engagement, type, id, template] = key.split('|');
      if (catalog !== input.Catalog || engagement !== input.EngagementIdentifier) continue;
      if (input.ResourceType !== undefined && type !== input.ResourceType) continue;
      if (input.ResourceIdentifier !== undefined && id !== input.ResourceIdentifier) continue;
      if (
        input.ResourceSnapshotTemplateIdentifier !== undefined &&
        template !== input.ResourceSnapshotTemplateIdentifier
      )
        continue;
      for (const x of list) {
        if (input.CreatedBy !== undefined && x.CreatedBy !== input.CreatedBy) continue;
        all.push({
          Arn: snapshotArn(catalog, engagement, type, id, template, x.Revision),
          Revision: x.Revision,
          ResourceType: type,
          ResourceId: id,
          ResourceSnapshotTemplateName: template,
          CreatedBy: x.CreatedBy,
        });
      }
    }
    let offset = 0;
    if (input.NextToken !== undefined) {
      const m = /^page-(\d+)$/.exec(Buffer.from(input.NextToken, 'base64url').toString('utf8'));
      if (!m)
        return sendError(res, 'ValidationException', 'Validation failed.', 400, {
          Reason: 'REQUEST_VALIDATION_FAILED',
          ErrorList: [
            { FieldName: 'NextToken', Message: 'NextToken is not valid.', Code: 'INVALID_VALUE' },
          ],
        });
      offset = Number(m[1]);
    }
    const size = input.MaxResults ?? LIST_PAGE_SIZE;
    const page = all.slice(offset, offset + size);
    const next = offset + size < all.length;
    json({
      ResourceSnapshotSummaries: page,
      ...(next ? { NextToken: Buffer.from(`page-${offset + size}`).toString('base64url') } : {}),
    });
    return 'listed';
  }

  /** A scripted answer: an error, a raw reply, or a fault (reset, truncation, hang, slow body). */
  async function act(step, req, res, body) {
    if (step.delayMs) await new Promise((r) => setTimeout(r, step.delayMs));
    if (step.hang) return 'hang';
    if (step.reset) {
      res.cut?.();
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
      res.cut?.();
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
      // When the client gave up, as far as the emulator can see: its close arriving while the response is still
      // open. After the response is finished (the emulator then closes, Connection: close) or cut, it is not seen.
      const socket = req.socket;
      res.cut = () => (record.cutAt ??= Date.now());
      const peerClosed = (reset) => {
        if (record.peerClosedAt !== undefined || record.cutAt !== undefined) return;
        if (res.writableFinished || record.closedAt !== undefined) return;
        record.peerClosedAt = Date.now();
        record.peerReset = reset;
      };
      socket.once('end', () => peerClosed(false));
      socket.on('error', () => peerClosed(true));
      socket.once('close', () => {
        peerClosed(false);
        record.closedAt = Date.now();
      });
      res.once('finish', () => (record.finishedAt = Date.now()));
      // Every request's signature is checked, scripted answers included.
      const sigProblem = verifySignature(req, body);
      record.signatureValid = !sigProblem;
      record.signatureProblem = sigProblem?.message;
      record.expiredCredentials = Boolean(sigProblem?.expired);
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
    /**
     * Adds a job (Stopped until started). Props override its description (e.g. LastFailure, EngagementId,
     * ResourceSnapshotTemplateName) or set its behaviour: see BEHAVIOUR_PROPS.
     */
    addJob(catalog, id, props = {}) {
      addJob(catalog, id, props);
    },
    /** The job as the emulator holds it (as GetResourceSnapshotJob describes it), or undefined. */
    job(catalog, id) {
      return state.jobs[catalog].get(id);
    },
    /** The snapshots of the job's resource and template, oldest first (Revision, CreatedAt, Payload, ...). */
    snapshots(catalog, id) {
      const job = state.jobs[catalog].get(id);
      return job ? [...(state.snapshots.get(jobKey(catalog, job)) ?? [])] : [];
    },
    /** The job takes a new snapshot now (latest revision + 1, created now); returns it. */
    takeSnapshot(catalog, id, payload) {
      const job = state.jobs[catalog].get(id);
      if (!job) throw new Error(`no job ${id} in ${catalog}`);
      return putSnapshot(catalog, job, undefined, rfc3339(now()), payload);
    },
    /** The GetResourceSnapshot response the service gives now for the job's latest snapshot, or undefined. */
    latestSnapshotResponse(catalog, id) {
      const job = state.jobs[catalog].get(id);
      const latest = job ? state.snapshots.get(jobKey(catalog, job))?.at(-1) : undefined;
      if (!job || !latest) return undefined;
      return {
        Catalog: catalog,
        Arn: snapshotArn(
          catalog,
          job.EngagementId,
          job.ResourceType,
          job.ResourceId,
          job.ResourceSnapshotTemplateName,
          latest.Revision,
        ),
        CreatedBy: latest.CreatedBy,
        CreatedAt: latest.CreatedAt,
        EngagementId: job.EngagementId,
        ResourceType: job.ResourceType,
        ResourceId: job.ResourceId,
        ResourceSnapshotTemplateName: job.ResourceSnapshotTemplateName,
        Revision: latest.Revision,
        Payload: latest.Payload,
        TargetMemberAccounts: latest.TargetMemberAccounts,
      };
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
    /** The role the catalog's snapshot jobs run as; undefined: the catalog has none (jobs take no snapshot). */
    setJobRole(catalog, roleArn) {
      state.jobRoles[catalog] = roleArn;
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
      state.jobRoles = { ...DEFAULT_JOB_ROLES };
      state.readRatePerSecond = 0;
      state.readTokens = 1;
      for (const t of state.timers) clearTimeout(t);
      state.timers.clear();
      state.snapshots.clear();
      for (const catalog of ['AWS', 'Sandbox']) {
        state.jobs[catalog].clear();
        state.behaviour[catalog].clear();
        for (const id of options.jobs?.[catalog] ?? []) addJob(catalog, id);
      }
      state.clockOffsetMs = options.clockOffsetMs ?? 0;
      state.ratePerSecond = options.ratePerSecond ?? 0;
      state.tokens = 1;
    },
    async close() {
      for (const t of state.timers) clearTimeout(t);
      state.timers.clear();
      for (const s of state.sockets) s.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
