// End to end against hostile services (issue 25): a Partner Central, STS and OIDC endpoint that echo every secret
// they receive the ways AWS does and put workflow commands into every field; snapshot directories holding links and
// loose modes; plain http through a proxy; TLS checks turned off. Every sink is searched: stdout less the
// ::add-mask:: lines, stderr, the outputs, the job summary and the snapshot files.
//
// Where outside text enters the action and the cases that send hostile text through each (each is read exactly and
// scrubbed where it is shown: src/main.ts's writer and src/github/outputs.ts, with the gate of src/common/secrets.ts):
// - Partner Central error replies (aws/aws-json.ts): x-amzn-ErrorType, __type, message, reason, ErrorList, the
//   request id (x-amzn-RequestId, else x-amz-request-id), a non-JSON body: 1 (every echo shape), 2 (the errors);
// - every reply's request id and error body in the debug and retry lines (http/send-with-retry.ts): 1, 2 (throttled);
// - a start's request id (request-id output, the "Started" line): 1 (x-amzn-RequestId), 2;
// - GetResourceSnapshotJob members (partner-central/operations.ts): 1 and 2, describe-job;
// - the GetResourceSnapshot reply, the snapshot file included (partner-central/snapshots.ts): 1 and 2, wait-for-snapshot;
// - STS's error Code, Message and request id, and AssumedRoleUser/Arn (aws/sts.ts): 1 and 2, role-to-assume;
// - the OIDC endpoint's error body and request id, and the token's claims (github/oidc-token.ts, aws/token-claims.ts):
//   1 and 2, role-to-assume;
// - inputs echoed back in input errors (config/): 2, inputs.
// Not sent: the text of network errors (Node's own, e.g. a TLS certificate's names).
import {
  chmodSync,
  closeSync,
  fstatSync,
  linkSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  readSync,
  readdirSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, it, type ExpectStatic, type OnTestFinishedHandler } from 'vitest';
import { LONG_TERM } from '../emulator/fixtures.mjs';
import { EARLIER_STEP, runtimeToken, temporaryCredentials } from '../fixtures/real-secrets.mjs';
import {
  commandField,
  commandHeader,
  presignedQuery,
  signatureMismatchMessage,
  startHostileOidc,
  startHostilePartnerCentral,
  startHostileSts,
  startRecordingProxy,
  stsError,
  stsSuccess,
  type PcRequest,
  type Reply,
} from '../emulator/hostile-services.mjs';
import { startPartnerCentral } from '../emulator/partner-central.mjs';
import { runStep, type RunOutcome } from '../emulator/run-dist.mjs';

const JOB = 'job-h0stile00001a';
const ROLE = 'arn:aws:iam::111122223333:role/partner-release';
/** Credentials as configure-aws-credentials exports them (test/fixtures/real-secrets.mjs: real shapes and lengths). */
const ENV_CREDENTIALS = { ...EARLIER_STEP, accessKeyId: 'ASIAHOSTILE000000001' };
/** What the hostile STS issues: a session token sharing the STS prefix and region run with the environment's. */
const ISSUED = { ...temporaryCredentials('hostile-issued'), accessKeyId: 'ASIAHOSTILEISSUED002' };
/** The runner's token-request bearer token (ACTIONS_ID_TOKEN_REQUEST_TOKEN), a JWT with GitHub's header. */
const BEARER = runtimeToken('hostile-service');
/** No 12-character piece of a secret may show (issue 25: the runner masks only whole values). */
const WINDOW = 12;

const credentialEnv = {
  AWS_ACCESS_KEY_ID: ENV_CREDENTIALS.accessKeyId,
  AWS_SECRET_ACCESS_KEY: ENV_CREDENTIALS.secretAccessKey,
  AWS_SESSION_TOKEN: ENV_CREDENTIALS.sessionToken,
};

// Snapshot directories and victims live outside run-dist's own temp dir (which it deletes).
const ROOT = mkdtempSync(path.join(tmpdir(), 'hostile-e2e-'));
afterAll(() => rmSync(ROOT, { recursive: true, force: true }));
let dirCount = 0;
const freshDir = (tag: string) => {
  const dir = path.join(ROOT, `${tag}-${++dirCount}`);
  mkdirSync(dir, { mode: 0o700 });
  return dir;
};

type Finish = (fn: OnTestFinishedHandler) => void;
type Closable = { close(): Promise<unknown> };
/** Servers of one test, closed when it finishes (tests run concurrently: nothing is shared). */
async function own<T extends Closable>(onTestFinished: Finish, server: Promise<T>): Promise<T> {
  const s = await server;
  onTestFinished(async () => {
    await s.close();
  });
  return s;
}

// ---- the sinks -------------------------------------------------------------------------------------------------

/** @actions/core's escaping of a command's data and properties, undone. */
const unescapeCommand = (s: string) =>
  s
    .replace(/%3A/g, ':')
    .replace(/%2C/g, ',')
    .replace(/%0D/g, '\r')
    .replace(/%0A/g, '\n')
    .replace(/%25/g, '%');

const LINES = /\r\n|\r|\n/;
const isMaskLine = (line: string) => line.startsWith('::add-mask::');

/** Every place a person or a later step could read: each a name and its text. */
function sinks(run: RunOutcome, dirs: string[] = []): { name: string; text: string }[] {
  const stdout = run.stdout.split('\n').filter((l) => !isMaskLine(l));
  const out = [
    { name: 'stdout (less ::add-mask::)', text: stdout.join('\n') },
    // Annotation and debug data as the runner shows it (%0A a line break, %25 a percent sign, ...).
    { name: 'stdout, command data unescaped', text: stdout.map(unescapeCommand).join('\n') },
    { name: 'stderr', text: run.stderr },
    { name: 'job summary', text: run.summary },
    ...Object.entries(run.outputs).map(([k, v]) => ({ name: `output ${k}`, text: v })),
  ];
  for (const dir of dirs)
    for (const f of readdirSync(dir)) {
      const file = path.join(dir, f);
      if (lstatSync(file).isFile())
        out.push({ name: `file ${path.basename(dir)}/${f}`, text: readFileSync(file, 'utf8') });
    }
  return out;
}

type Secret = { label: string; value: string };

/**
 * Every WINDOW-character piece of every secret, raw and URL-encoded, found in any sink: one finding per sink and
 * secret (where, and the text around it). Empty is the pass.
 */
function secretPieces(run: RunOutcome, secrets: Secret[], dirs: string[] = []): string[] {
  const windows = new Map<string, string>();
  for (const { label, value } of secrets) {
    if (value.length < WINDOW) throw new Error(`secret ${label} is shorter than ${WINDOW}`);
    // The raw form first: a URL-encoded window that is also a raw one (hex, most of base64) is named raw.
    for (let i = 0; i + WINDOW <= value.length; i++) windows.set(value.slice(i, i + WINDOW), label);
    const encoded = encodeURIComponent(value);
    for (let i = 0; i + WINDOW <= encoded.length; i++)
      if (!windows.has(encoded.slice(i, i + WINDOW)))
        windows.set(encoded.slice(i, i + WINDOW), `${label} (URL-encoded)`);
  }
  const findings = new Map<string, string>();
  for (const sink of sinks(run, dirs))
    for (let i = 0; i + WINDOW <= sink.text.length; i++) {
      const label = windows.get(sink.text.slice(i, i + WINDOW));
      if (!label) continue;
      const key = `${sink.name}: ${label}`;
      if (!findings.has(key))
        findings.set(
          key,
          `${key} at ${i}: …${JSON.stringify(sink.text.slice(Math.max(0, i - 30), i + 42))}…`,
        );
    }
  return [...findings.values()];
}

/** Whitespace, control and default-ignorable characters (U+200B, U+2060, U+FEFF, U+00AD, ...) before a line. */
const INVISIBLE_LEAD = /^[\s\p{Cc}\p{Default_Ignorable_Code_Point}]+/u;
/** The action's own command lines (parsed by the runner before anything in their data). */
const OWN_COMMAND = /^::(debug|error|warning|notice|add-mask)( [^:]*)?::(.*)$/;

/**
 * Lines of stdout and stderr the runner could take as a command that the action did not mean: a plain line
 * that holds `##[` anywhere or starts with `::` once invisible characters are dropped; an own command whose data
 * is the attacker's (PWNED...); an ::add-mask:: of anything but a real secret. Empty is the pass.
 */
function injectedCommands(run: RunOutcome, realSecrets: string[]): string[] {
  const found: string[] = [];
  for (const [stream, text] of [
    ['stdout', run.stdout],
    ['stderr', run.stderr],
  ] as const)
    for (const line of text.split(LINES)) {
      const own = OWN_COMMAND.exec(line);
      const shown = JSON.stringify(line.length > 160 ? `${line.slice(0, 160)}…` : line);
      if (own) {
        const data = unescapeCommand(own[3] ?? '');
        // A mask of a secret, its URL-encoded form or a piece of either is the action's; anything else is not.
        const isSecret =
          data !== '' &&
          realSecrets.some((v) => v.includes(data) || encodeURIComponent(v).includes(data));
        if (own[1] === 'add-mask' && !isSecret)
          found.push(`${stream}: masks what is no secret: ${shown}`);
        if (/^\s*PWNED/.test(data)) found.push(`${stream}: the attacker's command: ${shown}`);
        continue;
      }
      if (line.includes('##[')) found.push(`${stream}: ##[ in a plain line: ${shown}`);
      if (line.replace(INVISIBLE_LEAD, '').startsWith('::'))
        found.push(`${stream}: a plain line starts with :: : ${shown}`);
    }
  return found;
}

/** request-id and error-code hold their documented alphabets, in the outputs and in each results entry. */
function alphabetProblems(run: RunOutcome): string[] {
  const problems: string[] = [];
  const check = (where: string, rid: unknown, code: unknown) => {
    if (!/^[A-Za-z0-9:-]*$/.test(String(rid ?? '')))
      problems.push(`${where} request-id ${JSON.stringify(String(rid).slice(0, 120))}`);
    if (!/^[A-Za-z0-9_.]*$/.test(String(code ?? '')))
      problems.push(`${where} error-code ${JSON.stringify(String(code).slice(0, 120))}`);
  };
  check('output', run.outputs['request-id'], run.outputs['error-code']);
  let entries: Record<string, unknown>[] = [];
  try {
    entries = JSON.parse(run.outputs.results ?? '[]') as Record<string, unknown>[];
  } catch {
    problems.push('results is not JSON');
  }
  for (const [i, e] of entries.entries()) check(`results[${i}]`, e['request-id'], e['error-code']);
  return problems;
}

/** What every run must hold, whatever the case: no secret piece anywhere, no injected command, clean alphabets. */
function expectSafe(expect: ExpectStatic, run: RunOutcome, secrets: Secret[], dirs: string[] = []) {
  // Joined, so a failure prints every finding (an array diff would be cut).
  expect.soft(secretPieces(run, secrets, dirs).join('\n'), 'pieces of secrets in a sink').toBe('');
  const real = [
    ...secrets.map((s) => s.value),
    ENV_CREDENTIALS.accessKeyId,
    ISSUED.accessKeyId,
    LONG_TERM.accessKeyId,
    LONG_TERM.secretAccessKey,
  ];
  expect.soft(injectedCommands(run, real).join('\n'), 'lines the runner would act on').toBe('');
  expect.soft(alphabetProblems(run).join('\n'), 'request-id / error-code alphabets').toBe('');
}

/** One error annotation, its title naming the error (the advice stays). */
function expectOneError(expect: ExpectStatic, run: RunOutcome, name: string | RegExp) {
  expect.soft(run.code, 'exit code').toBe(1);
  expect.soft(run.errors, 'error annotations').toHaveLength(1);
  const title = run.errors[0]?.title ?? '';
  if (typeof name === 'string') expect.soft(title, 'error title').toContain(name);
  else expect.soft(title, 'error title').toMatch(name);
}

const envSecrets = (pc: { signatures(): string[] }): Secret[] => [
  { label: 'secret access key', value: ENV_CREDENTIALS.secretAccessKey },
  { label: 'session token', value: ENV_CREDENTIALS.sessionToken },
  ...pc.signatures().map((s, i) => ({ label: `signature ${i + 1}`, value: s })),
];

/** A step with credentials from the environment against a hostile Partner Central (the `endpoint` input). */
function stepWithEnvCredentials(
  pc: { url: string },
  inputs: Record<string, string> = {},
  env: Record<string, string | undefined> = {},
) {
  return runStep(
    {
      catalog: 'AWS',
      'job-identifier': JOB,
      endpoint: pc.url,
      'timeout-seconds': '60',
      ...inputs,
    },
    { ...credentialEnv, RUNNER_DEBUG: '1', ...env },
  );
}

/** A JSON error reply as Partner Central writes one: x-amzn-ErrorType and a {__type, message} body. */
function awsError(
  name: string,
  message: string,
  status = 403,
  extra: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Reply {
  return {
    status,
    headers: {
      'x-amzn-ErrorType': `${name}:http://internal.amazon.com/coral/com.amazon.coral.service/`,
      ...headers,
    },
    body: { __type: `com.amazon.coral.service#${name}`, message, ...extra },
  };
}

/** The message with filler before it so that the token starts ~550 characters in (a 1,000 cut lands inside it). */
function tokenAcrossTheCut(r: PcRequest): string {
  const plain = signatureMismatchMessage(r).replace(/[\r\n\u0085\u2028\u2029]+/g, ' ');
  const at = plain.indexOf(r.token);
  const filler = 'Request could not be authenticated by the front-end. ';
  const need = Math.max(0, 550 - at);
  return signatureMismatchMessage(r, {
    before: filler.repeat(Math.ceil(need / filler.length)).slice(0, need),
  });
}

// ---- 0. the detectors themselves -------------------------------------------------------------------------------

describe('0. the detectors catch what they look for (a suite that cannot fail proves nothing)', () => {
  /** A run with this stdout and these outputs and summary, nothing else. */
  const fake = (stdout: string, outputs: Record<string, string> = {}, summary = ''): RunOutcome =>
    ({ stdout, stderr: '', outputs, summary }) as unknown as RunOutcome;
  const token = ENV_CREDENTIALS.sessionToken;
  const secret = [{ label: 'session token', value: token }];

  it('a 12-character piece of a secret, raw, URL-encoded or %-escaped in a command, in any sink; not in ::add-mask::', ({
    expect,
  }) => {
    expect(secretPieces(fake(`::add-mask::${token}\nall clear`), secret)).toEqual([]);
    expect(secretPieces(fake(`x ${token.slice(100, 112)} y`), secret)).toHaveLength(2);
    expect(
      secretPieces(fake('', { 'error-message': encodeURIComponent(token) }), secret),
    ).not.toEqual([]);
    const escaped = `::error title=T::${encodeURIComponent(token).replace(/%/g, '%25')}`;
    expect(secretPieces(fake(escaped), secret).join('\n')).toContain('command data unescaped');
    expect(secretPieces(fake('', {}, `<td>${token.slice(500, 512)}</td>`), secret)).toHaveLength(1);
    expect(secretPieces(fake(`x ${token.slice(100, 111)} y`), secret)).toEqual([]);
  });

  it("::-commands behind invisible characters, ##[ anywhere, masks of no secret, the attacker's own command lines", ({
    expect,
  }) => {
    const bad = [
      '\u200b::add-mask::PWNED-mask',
      ' \u2060\ufeff\u00ad::set-output name=pwned::x',
      'request id rid ##[add-mask]PWNED-mask',
      '::add-mask::PWNED-mask',
      '::error::PWNED-error',
    ];
    for (const line of bad) expect(injectedCommands(fake(line), [token]), line).not.toEqual([]);
    const good = [
      `::add-mask::${token}`,
      '::debug::x ##[add-mask]y',
      '::error title=A::B',
      'plain :: text',
    ];
    for (const line of good) expect(injectedCommands(fake(line), [token]), line).toEqual([]);
  });

  it('request-id and error-code outside their alphabets', ({ expect }) => {
    expect(
      alphabetProblems(fake('', { 'request-id': 'a-1:B', 'error-code': 'A.b_1', results: '[]' })),
    ).toEqual([]);
    expect(
      alphabetProblems(fake('', { 'request-id': 'a b', 'error-code': 'A#B', results: '[]' })),
    ).toHaveLength(2);
  });
});

// ---- 1. secrets echoed ------------------------------------------------------------------------------------------

describe('1. a service that echoes the secrets it received: no 12-character piece of one in any sink', () => {
  const cases: { name: string; error: string; respond: (r: PcRequest) => Reply }[] = [
    {
      name: 'InvalidSignatureException quoting the canonical request (x-amz-security-token) and the Authorization header',
      error: 'InvalidSignatureException',
      respond: (r) =>
        awsError(
          'InvalidSignatureException',
          signatureMismatchMessage(r, { withAuthorization: true }),
        ),
    },
    {
      name: 'SignatureDoesNotMatch with a long prefix: the 1,000-character cut lands in the middle of the token',
      error: 'SignatureDoesNotMatch',
      respond: (r) => awsError('SignatureDoesNotMatch', tokenAcrossTheCut(r)),
    },
    {
      name: 'IncompleteSignatureException quoting the request as a query: X-Amz-Security-Token=…%2F…%2B…, X-Amz-Signature=',
      error: 'IncompleteSignatureException',
      respond: (r) =>
        awsError(
          'IncompleteSignatureException',
          `Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. Request: POST ${r.path}?${presignedQuery(r)}`,
          400,
        ),
    },
    {
      name: 'the session token and signature in x-amzn-RequestId',
      error: 'InvalidSignatureException',
      respond: (r) =>
        awsError(
          'InvalidSignatureException',
          'Signature mismatch.',
          403,
          {},
          {
            'x-amzn-RequestId': `${r.signature}-${r.token}`,
          },
        ),
    },
    {
      name: 'the signature and session token in the error type header',
      error: 'InvalidSignatureException',
      respond: (r) => ({
        ...awsError('InvalidSignatureException', 'Signature mismatch.'),
        headers: { 'x-amzn-ErrorType': `InvalidSignatureException ${r.signature} ${r.token}` },
      }),
    },
    {
      name: "a load balancer's HTML error page (no JSON) quoting the token; the signature in x-amz-request-id",
      error: 'InvalidSignatureException',
      respond: (r) => ({
        status: 403,
        headers: {
          'content-type': 'text/html',
          'x-amzn-ErrorType': 'InvalidSignatureException',
          'x-amzn-RequestId': '',
          'x-amz-request-id': `${r.signature}${r.token.slice(0, 100)}`,
        },
        body: `<html><head><title>403</title></head><body><h1>Forbidden</h1><p>Rejected x-amz-security-token ${r.token} (Authorization ${r.authorization})</p></body></html>`,
      }),
    },
    {
      name: 'ValidationException: the token, signature and secret key in ErrorList (FieldName, Code, Message) and reason',
      error: 'ValidationException',
      respond: (r) =>
        awsError(
          'ValidationException',
          `Validation failed for request signed ${r.authorization}`,
          400,
          {
            reason: `REQUEST_VALIDATION_FAILED ${r.token}`,
            ErrorList: [
              {
                FieldName: `x-amz-security-token:${r.token}`,
                Code: `INVALID_${r.signature}`,
                Message: `Value ${r.token} at 'X-Amz-Security-Token' failed to satisfy constraint`,
              },
              {
                FieldName: 'Authorization',
                Code: 'INVALID_VALUE',
                Message: `${r.authorization} does not match (secret ${ENV_CREDENTIALS.secretAccessKey}, ${encodeURIComponent(ENV_CREDENTIALS.secretAccessKey)})`,
              },
            ],
          },
        ),
    },
    {
      name: 'a front-end that quotes the secret access key, raw and URL-encoded, with the string to sign',
      error: 'SignatureDoesNotMatch',
      respond: (r) =>
        awsError(
          'SignatureDoesNotMatch',
          `Signing key derived from AWS4${ENV_CREDENTIALS.secretAccessKey} (aws_secret_access_key=${encodeURIComponent(ENV_CREDENTIALS.secretAccessKey)}) for ${r.credential}; ${signatureMismatchMessage(r)}`,
        ),
    },
  ];

  for (const c of cases)
    it.concurrent(c.name, async ({ onTestFinished, expect }) => {
      const pc = await own(onTestFinished, startHostilePartnerCentral(c.respond));
      const run = await stepWithEnvCredentials(pc);
      expect(pc.requests.map((r) => r.operation)).toContain('StartResourceSnapshotJob');
      expect(pc.signatures().length).toBeGreaterThan(0);
      expectOneError(expect, run, c.error);
      expectSafe(expect, run, envSecrets(pc));
    });

  it.concurrent(
    'describe-job: the token, signature and Authorization header in every GetResourceSnapshotJob field',
    async ({ onTestFinished, expect }) => {
      const pc = await own(
        onTestFinished,
        startHostilePartnerCentral((r) =>
          r.operation === 'GetResourceSnapshotJob'
            ? {
                body: {
                  Catalog: 'AWS',
                  Id: JOB,
                  Arn: `arn:aws:partnercentral:us-east-1:111122223333:catalog/AWS/resource-snapshot-job/${r.token}`,
                  Status: 'Running',
                  EngagementId: `eng-${r.signature}`,
                  ResourceType: `Opportunity ${r.token}`,
                  ResourceId: r.token,
                  ResourceArn: `arn:aws:partnercentral:us-east-1:111122223333:catalog/AWS/opportunity/O1?${presignedQuery(r)}`,
                  ResourceSnapshotTemplateName: r.authorization,
                  CreatedAt: r.token,
                  LastSuccessfulExecutionDate: r.signature,
                  LastFailure: signatureMismatchMessage(r, { withAuthorization: true }),
                },
              }
            : { status: 200 },
        ),
      );
      const run = await stepWithEnvCredentials(pc, { 'describe-job': 'true' });
      expect(pc.requests[0]?.operation).toBe('StartResourceSnapshotJob');
      // The reply is valid JSON whose Status is Running: what is scrubbed from the other fields must not change that.
      expect
        .soft(
          pc.requests.map((r) => r.operation),
          'requests',
        )
        .toEqual(['StartResourceSnapshotJob', 'GetResourceSnapshotJob']);
      expect.soft(run.outputs['job-status'], 'job-status').toBe('Running');
      expectSafe(expect, run, envSecrets(pc));
    },
  );

  it.concurrent(
    'wait-for-snapshot + snapshot-directory: the token and signature in GetResourceSnapshot fields and payload',
    async ({ onTestFinished, expect }) => {
      let revision = 0;
      const pc = await own(
        onTestFinished,
        startHostilePartnerCentral((r) => {
          if (r.operation === 'GetResourceSnapshotJob')
            return {
              body: {
                Catalog: 'AWS',
                Id: JOB,
                Arn: `arn:aws:partnercentral:us-east-1:111122223333:catalog/AWS/resource-snapshot-job/${JOB}`,
                Status: 'Running',
                EngagementId: 'eng-00000000000001',
                ResourceType: 'Opportunity',
                ResourceId: 'O1000001',
                ResourceSnapshotTemplateName: 'AWSOpportunitySummary',
                CreatedAt: '2026-11-01T09:30:00Z',
              },
            };
          if (r.operation === 'GetResourceSnapshot')
            return {
              body: {
                Catalog: 'AWS',
                Arn: `arn:aws:partnercentral:us-east-1:111122223333:catalog/AWS/engagement/eng-00000000000001/resource-snapshot/${r.token}/${++revision}`,
                CreatedAt: `${r.signature} ${r.token}`,
                CreatedBy: r.authorization,
                EngagementId: `eng-${r.signature}`,
                ResourceType: 'Opportunity',
                ResourceId: r.token,
                ResourceSnapshotTemplateName: presignedQuery(r),
                Revision: revision,
                Payload: { OpportunitySummary: { Echo: signatureMismatchMessage(r) } },
              },
            };
          return { status: 200 };
        }),
      );
      const dir = freshDir('secret-snapshots');
      const run = await stepWithEnvCredentials(pc, {
        'wait-for-snapshot': '1',
        'snapshot-directory': dir,
      });
      expect(pc.requests.map((r) => r.operation)).toContain('GetResourceSnapshot');
      // Valid JSON with a Revision: the job is started; its snapshot holds the step's secrets, so no file is written
      // (a file has no sink to scrub it), and the job says why.
      expect
        .soft(
          pc.requests.map((r) => r.operation),
          'requests',
        )
        .toContain('StartResourceSnapshotJob');
      expect.soft(run.outputs['snapshot-revision'], 'snapshot-revision').toMatch(/^[12]$/);
      expect.soft(readdirSync(dir), 'the snapshot file').toEqual([]);
      expect.soft(run.outputs['error-code'], 'error-code').toBe('SnapshotHoldsSecret');
      expect.soft(run.outputs['started-count'], 'started-count').toBe('1');
      expect
        .soft(run.errors[0]?.message, 'the annotation')
        .toContain('still readable through the API');
      expectSafe(expect, run, envSecrets(pc), [dir]);
    },
  );

  describe('role-to-assume', () => {
    const roleEnv = (oidc: { requestUrl: string }, sts: { url: string }) => ({
      ACTIONS_ID_TOKEN_REQUEST_URL: oidc.requestUrl,
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: BEARER,
      AWS_ENDPOINT_URL_STS: sts.url,
      RUNNER_DEBUG: '1',
    });
    const roleStep = (pc: { url: string }, env: Record<string, string>) =>
      runStep(
        {
          catalog: 'AWS',
          'job-identifier': JOB,
          endpoint: pc.url,
          'role-to-assume': ROLE,
          'timeout-seconds': '60',
        },
        env,
      );
    const roleSecrets = (
      oidc: { issued: string[] },
      pc: { signatures(): string[] } | undefined,
    ): Secret[] => [
      { label: 'runner bearer token', value: BEARER },
      ...oidc.issued.map((t, i) => ({ label: `OIDC token ${i + 1}`, value: t })),
      { label: 'issued secret access key', value: ISSUED.secretAccessKey },
      { label: 'issued session token', value: ISSUED.sessionToken },
      ...(pc?.signatures() ?? []).map((s, i) => ({ label: `signature ${i + 1}`, value: s })),
    ];

    it.concurrent(
      'the OIDC endpoint echoes the runner bearer token in its error body and request id',
      async ({ onTestFinished, expect }) => {
        const oidc = await own(
          onTestFinished,
          startHostileOidc((r) => ({
            status: 403,
            headers: { 'x-github-request-id': r.bearer.slice(0, 200) },
            body: {
              message: `Bad credentials: the request was sent with Authorization: ${r.authorization} (token ${encodeURIComponent(r.bearer)})`,
            },
          })),
        );
        const sts = await own(
          onTestFinished,
          startHostileSts(() => ({ status: 500 })),
        );
        const pc = await own(onTestFinished, startHostilePartnerCentral());
        const run = await roleStep(pc, roleEnv(oidc, sts));
        expect(oidc.requests).toHaveLength(1);
        expect(oidc.requests[0]!.bearer).toBe(BEARER);
        expect(sts.requests).toHaveLength(0);
        expectOneError(expect, run, /OIDC/);
        expectSafe(expect, run, roleSecrets(oidc, undefined));
      },
    );

    it.concurrent(
      "a JWT whose sub holds the bearer token; STS's error <Message> quotes the web identity token it received",
      async ({ onTestFinished, expect }) => {
        const oidc = await own(
          onTestFinished,
          startHostileOidc((r, issue) =>
            issue({
              iss: 'https://token.actions.githubusercontent.com',
              aud: 'sts.amazonaws.com',
              sub: `repo:octo-org/partner-release:ref:refs/heads/main:${r.bearer}`,
              repository: 'octo-org/partner-release',
              iat: Math.floor(Date.now() / 1000),
              exp: Math.floor(Date.now() / 1000) + 300,
            }),
          ),
        );
        const sts = await own(
          onTestFinished,
          startHostileSts((r) => ({
            status: 400,
            body: stsError(
              'InvalidIdentityToken',
              `Couldn't validate the token ${r.form.WebIdentityToken ?? ''} (request body ${r.body})`,
            ),
          })),
        );
        const pc = await own(onTestFinished, startHostilePartnerCentral());
        const run = await roleStep(pc, roleEnv(oidc, sts));
        expect(sts.requests).toHaveLength(1);
        expect(sts.requests[0]!.form.WebIdentityToken).toBe(oidc.issued[0]);
        expect(pc.requests).toHaveLength(0);
        expectOneError(expect, run, 'InvalidIdentityToken');
        expectSafe(expect, run, roleSecrets(oidc, pc));
      },
    );

    /** A token endpoint that hands out a plain token for this repository. */
    const plainOidc = () =>
      startHostileOidc((_r, issue) =>
        issue({
          iss: 'https://token.actions.githubusercontent.com',
          aud: 'sts.amazonaws.com',
          sub: 'repo:octo-org/partner-release:ref:refs/heads/main',
          iat: Math.floor(Date.now() / 1000),
          exp: Math.floor(Date.now() / 1000) + 300,
        }),
      );

    it.concurrent(
      "the role's issued session token and the signature, echoed by Partner Central",
      async ({ onTestFinished, expect }) => {
        const oidc = await own(onTestFinished, plainOidc());
        const sts = await own(
          onTestFinished,
          startHostileSts(() => ({
            body: stsSuccess(ISSUED, {
              arn: 'arn:aws:sts::111122223333:assumed-role/partner-release/GitHubActions-partner-release-4242',
            }),
          })),
        );
        const pc = await own(
          onTestFinished,
          startHostilePartnerCentral((r) =>
            awsError(
              'InvalidSignatureException',
              signatureMismatchMessage(r, { withAuthorization: true }),
            ),
          ),
        );
        const run = await roleStep(pc, roleEnv(oidc, sts));
        expect(pc.requests.length).toBeGreaterThan(0);
        expect(pc.requests[0]!.token).toBe(ISSUED.sessionToken);
        expectOneError(expect, run, 'InvalidSignatureException');
        expectSafe(expect, run, roleSecrets(oidc, pc));
      },
    );

    it.concurrent(
      'STS quotes the web identity token it received in the assumed-role ARN of its answer',
      async ({ onTestFinished, expect }) => {
        const oidc = await own(onTestFinished, plainOidc());
        const sts = await own(
          onTestFinished,
          startHostileSts((r) => ({
            body: stsSuccess(ISSUED, {
              arn: `arn:aws:sts::111122223333:assumed-role/partner-release/${r.form.WebIdentityToken ?? ''}`,
            }),
          })),
        );
        const pc = await own(onTestFinished, startHostilePartnerCentral());
        const run = await roleStep(pc, roleEnv(oidc, sts));
        expect(sts.requests.length).toBeGreaterThan(0);
        expect(sts.requests[0]!.form.WebIdentityToken).toBe(oidc.issued[0]);
        // Whether an ARN of that shape is refused or used is the action's choice; no piece of the token shows.
        expectSafe(expect, run, roleSecrets(oidc, pc));
      },
    );
  });
});

// ---- 2. commands injected ---------------------------------------------------------------------------------------

describe('2. a service that puts workflow commands (both syntaxes, behind invisible characters) into every field', () => {
  /** A ValidationException with commands in the message, reason and every ErrorList member. */
  const validationBody = (type: string) => ({
    __type: type,
    message: commandField(2),
    reason: commandField(3),
    Reason: commandField(4),
    ErrorList: [0, 1, 2, 3].map((i) => ({
      FieldName: commandField(5 + i),
      Code: commandField(9 + i),
      Message: commandField(13 + i),
    })),
  });

  it.concurrent(
    'a Partner Central ValidationException: message, reason, ErrorList and request id (the advice stays)',
    async ({ onTestFinished, expect }) => {
      const pc = await own(
        onTestFinished,
        startHostilePartnerCentral(() => ({
          status: 400,
          headers: {
            'x-amzn-RequestId': commandHeader(0),
            'x-amzn-ErrorType':
              'ValidationException:http://internal.amazon.com/coral/com.amazon.coral.service/',
          },
          body: validationBody('com.amazon.coral.service#ValidationException'),
        })),
      );
      const run = await stepWithEnvCredentials(pc);
      expect(pc.requests).toHaveLength(1);
      expectOneError(expect, run, 'ValidationException');
      expectSafe(expect, run, envSecrets(pc));
    },
  );

  it.concurrent(
    'an error name that is commands (x-amzn-ErrorType and __type): error-code holds its alphabet',
    async ({ onTestFinished, expect }) => {
      const pc = await own(
        onTestFinished,
        startHostilePartnerCentral(() => ({
          status: 400,
          headers: {
            'x-amzn-RequestId': commandHeader(1),
            'x-amzn-ErrorType': `ValidationException##[add-mask]PWNED-mask ##[set-output name=pwned;]PWNED-output:http://internal.amazon.com/`,
          },
          body: validationBody(`com.amazon.coral.service#ValidationException${commandHeader(1)}`),
        })),
      );
      const run = await stepWithEnvCredentials(pc);
      expect(pc.requests).toHaveLength(1);
      // Which name survives is the action's choice (the service's name is garbage): one error, no command.
      expect.soft(run.code, 'exit code').toBe(1);
      expect.soft(run.errors, 'error annotations').toHaveLength(1);
      expectSafe(expect, run, envSecrets(pc));
    },
  );

  it.concurrent(
    'a non-JSON error page, and x-amz-request-id instead of x-amzn-RequestId',
    async ({ onTestFinished, expect }) => {
      const pc = await own(
        onTestFinished,
        startHostilePartnerCentral(() => ({
          status: 403,
          headers: {
            'content-type': 'text/html',
            'x-amzn-ErrorType': 'AccessDeniedException',
            'x-amzn-RequestId': '',
            'x-amz-request-id': commandHeader(2),
          },
          body: `<html><body>${commandField(3).replace(/\n/g, '<br>\n')}</body></html>`,
        })),
      );
      const run = await stepWithEnvCredentials(pc);
      expect(pc.requests).toHaveLength(1);
      expectOneError(expect, run, 'AccessDeniedException');
      expectSafe(expect, run, envSecrets(pc));
    },
  );

  it.concurrent(
    'a throttled start retried: the command-laden request id and message of each attempt',
    async ({ onTestFinished, expect }) => {
      const pc = await own(
        onTestFinished,
        startHostilePartnerCentral((_r, n) =>
          n < 2
            ? awsError(
                'ThrottlingException',
                commandField(n),
                400,
                {},
                {
                  'x-amzn-RequestId': commandHeader(n + 2),
                  'retry-after': '0',
                },
              )
            : { status: 200, headers: { 'x-amzn-RequestId': commandHeader(4) } },
        ),
      );
      const run = await stepWithEnvCredentials(pc);
      expect(pc.requests.length).toBeGreaterThanOrEqual(2);
      expectSafe(expect, run, envSecrets(pc));
    },
  );

  it.concurrent(
    'describe-job: every GetResourceSnapshotJob field, Status Running',
    async ({ onTestFinished, expect }) => {
      const pc = await own(
        onTestFinished,
        startHostilePartnerCentral((r) =>
          r.operation === 'GetResourceSnapshotJob'
            ? { headers: { 'x-amzn-RequestId': commandHeader(5) }, body: describeWithCommands(0) }
            : { headers: { 'x-amzn-RequestId': commandHeader(6) } },
        ),
      );
      const run = await stepWithEnvCredentials(pc, { 'describe-job': 'true' });
      expect(pc.requests.map((r) => r.operation)).toEqual([
        'StartResourceSnapshotJob',
        'GetResourceSnapshotJob',
      ]);
      expectSafe(expect, run, envSecrets(pc));
    },
  );

  it.concurrent(
    'describe-job: a Status that is commands (the job is not Running: read again, then failed)',
    async ({ onTestFinished, expect }) => {
      const pc = await own(
        onTestFinished,
        startHostilePartnerCentral((r, n) =>
          r.operation === 'GetResourceSnapshotJob'
            ? {
                headers: { 'x-amzn-RequestId': commandHeader(n) },
                body: { ...describeWithCommands(n), Status: commandField(n) },
              }
            : {},
        ),
      );
      const run = await stepWithEnvCredentials(pc, { 'describe-job': 'true' });
      expect(pc.requests.filter((r) => r.operation === 'GetResourceSnapshotJob').length).toBe(
        pc.requests.length - 1,
      );
      expect.soft(run.errors, 'error annotations').toHaveLength(1);
      expect.soft(run.code).toBe(1);
      expectSafe(expect, run, envSecrets(pc));
    },
  );

  it.concurrent(
    'wait-for-snapshot: GetResourceSnapshot fields (Arn, CreatedAt, ...) and request ids',
    async ({ onTestFinished, expect }) => {
      let revision = 0;
      const pc = await own(
        onTestFinished,
        startHostilePartnerCentral((r, n) => {
          const headers = { 'x-amzn-RequestId': commandHeader(n) };
          if (r.operation === 'GetResourceSnapshotJob')
            return {
              headers,
              body: {
                ...describeWithCommands(n),
                Status: 'Running',
                EngagementId: 'eng-00000000000001',
                ResourceType: 'Opportunity',
                ResourceId: 'O1000001',
                ResourceSnapshotTemplateName: 'AWSOpportunitySummary',
              },
            };
          if (r.operation === 'GetResourceSnapshot')
            return {
              headers,
              body: {
                Catalog: commandField(n),
                Arn: commandField(n + 1),
                CreatedAt: commandField(n + 2),
                CreatedBy: commandField(n + 3),
                EngagementId: commandField(n + 4),
                ResourceType: commandField(n + 5),
                ResourceId: commandField(n + 6),
                ResourceSnapshotTemplateName: commandField(n + 7),
                Revision: ++revision,
                Payload: { OpportunitySummary: { Note: commandField(n + 8) } },
              },
            };
          return { headers };
        }),
      );
      const dir = freshDir('command-snapshots');
      const run = await stepWithEnvCredentials(pc, {
        'wait-for-snapshot': '1',
        'snapshot-directory': dir,
      });
      expect(pc.requests.map((r) => r.operation)).toContain('GetResourceSnapshot');
      expectSafe(expect, run, envSecrets(pc), [dir]);
    },
  );

  /** A step with role-to-assume against these three. */
  const roleRun = (pc: { url: string }, oidc: { requestUrl: string }, sts: { url: string }) =>
    runStep(
      {
        catalog: 'AWS',
        'job-identifier': JOB,
        endpoint: pc.url,
        'role-to-assume': ROLE,
        'timeout-seconds': '60',
      },
      {
        ACTIONS_ID_TOKEN_REQUEST_URL: oidc.requestUrl,
        ACTIONS_ID_TOKEN_REQUEST_TOKEN: BEARER,
        AWS_ENDPOINT_URL_STS: sts.url,
        RUNNER_DEBUG: '1',
      },
    );
  const roleSecretsOf = (oidc: { issued: string[] }, pc: { signatures(): string[] }) => [
    { label: 'runner bearer token', value: BEARER },
    ...oidc.issued.map((t) => ({ label: 'OIDC token', value: t })),
    { label: 'issued secret access key', value: ISSUED.secretAccessKey },
    { label: 'issued session token', value: ISSUED.sessionToken },
    ...pc.signatures().map((s) => ({ label: 'signature', value: s })),
  ];
  /** A token endpoint whose token has commands in every claim, and in its request id. */
  const commandOidc = () =>
    startHostileOidc((_r, issue) => ({
      ...issue({
        iss: commandField(0),
        aud: 'sts.amazonaws.com',
        sub: commandField(1),
        repository: commandField(2),
        ref: commandField(3),
        iat: Math.floor(Date.now() / 1000),
        exp: Math.floor(Date.now() / 1000) + 300,
      }),
      headers: { 'x-github-request-id': commandHeader(1) },
    }));

  it.concurrent(
    "role-to-assume: the OIDC token's claims, and the request ids of the token endpoint, STS and Partner Central",
    async ({ onTestFinished, expect }) => {
      const oidc = await own(onTestFinished, commandOidc());
      const sts = await own(
        onTestFinished,
        startHostileSts(() => ({
          headers: { 'x-amzn-RequestId': commandHeader(2) },
          body: stsSuccess(ISSUED, {
            arn: 'arn:aws:sts::111122223333:assumed-role/partner-release/GitHubActions-partner-release-4242',
            subject: commandField(5),
            requestId: commandField(6),
          }),
        })),
      );
      const pc = await own(
        onTestFinished,
        startHostilePartnerCentral(() => ({ headers: { 'x-amzn-RequestId': commandHeader(3) } })),
      );
      const run = await roleRun(pc, oidc, sts);
      expect(sts.requests).toHaveLength(1);
      expect(pc.requests.map((r) => r.token)).toContain(ISSUED.sessionToken);
      expectSafe(expect, run, roleSecretsOf(oidc, pc));
    },
  );

  it.concurrent(
    "role-to-assume: STS's AssumedRoleUser/Arn is commands (in its account and its session name)",
    async ({ onTestFinished, expect }) => {
      const oidc = await own(onTestFinished, commandOidc());
      const sts = await own(
        onTestFinished,
        startHostileSts(() => ({
          headers: { 'x-amzn-RequestId': commandHeader(2) },
          body: stsSuccess(ISSUED, {
            // The account too: the action takes it from the ARN.
            arn: `arn:aws:sts::111122223333 ##[add-mask]PWNED-mask:assumed-role/partner-release/${commandField(4)}`,
            subject: commandField(5),
            requestId: commandField(6),
          }),
        })),
      );
      const pc = await own(onTestFinished, startHostilePartnerCentral());
      const run = await roleRun(pc, oidc, sts);
      expect(sts.requests.length).toBeGreaterThan(0);
      // Whether an ARN of that shape is refused or used is the action's choice; no command gets through.
      expectSafe(expect, run, roleSecretsOf(oidc, pc));
    },
  );

  it.concurrent(
    'role-to-assume: STS errors (Message, RequestId; a Code that is commands) and an OIDC error (message, request id)',
    async ({ onTestFinished, expect }) => {
      const oidc = await own(
        onTestFinished,
        startHostileOidc((_r, issue) =>
          issue({
            sub: commandField(7),
            aud: 'sts.amazonaws.com',
            exp: Math.floor(Date.now() / 1000) + 300,
          }),
        ),
      );
      const sts = await own(
        onTestFinished,
        startHostileSts(() => ({
          status: 403,
          headers: { 'x-amzn-RequestId': commandHeader(3) },
          body: stsError(
            `AccessDenied##[add-mask]PWNED-mask ${commandHeader(4)}`,
            commandField(8),
            commandField(9),
          ),
        })),
      );
      const stsAccessDenied = await own(
        onTestFinished,
        startHostileSts(() => ({
          status: 403,
          headers: { 'x-amzn-RequestId': commandHeader(6) },
          body: stsError('AccessDenied', commandField(11), commandField(12)),
        })),
      );
      const failingOidc = await own(
        onTestFinished,
        startHostileOidc(() => ({
          status: 400,
          headers: { 'x-github-request-id': commandHeader(5) },
          body: { message: commandField(10) },
        })),
      );
      const pc = await own(onTestFinished, startHostilePartnerCentral());
      const step = (requestUrl: string, stsUrl = sts.url) =>
        runStep(
          {
            catalog: 'AWS',
            'job-identifier': JOB,
            endpoint: pc.url,
            'role-to-assume': ROLE,
            'timeout-seconds': '60',
          },
          {
            ACTIONS_ID_TOKEN_REQUEST_URL: requestUrl,
            ACTIONS_ID_TOKEN_REQUEST_TOKEN: BEARER,
            AWS_ENDPOINT_URL_STS: stsUrl,
            RUNNER_DEBUG: '1',
          },
        );
      const [stsRefused, accessDenied, oidcRefused] = await Promise.all([
        step(oidc.requestUrl),
        step(oidc.requestUrl, stsAccessDenied.url),
        step(failingOidc.requestUrl),
      ]);
      expect(sts.requests).toHaveLength(1);
      expect(stsAccessDenied.requests).toHaveLength(1);
      expect(failingOidc.requests).toHaveLength(1);
      expect(pc.requests).toHaveLength(0);
      const secrets = [
        { label: 'runner bearer token', value: BEARER },
        ...oidc.issued.map((t) => ({ label: 'OIDC token', value: t })),
      ];
      // STS's Code is commands: which name survives is the action's choice; one error, no command.
      expect.soft(stsRefused.code, 'exit code').toBe(1);
      expect.soft(stsRefused.errors, 'error annotations').toHaveLength(1);
      expectSafe(expect, stsRefused, secrets);
      expectOneError(expect, accessDenied, 'AccessDenied');
      expectSafe(expect, accessDenied, secrets);
      expectOneError(expect, oidcRefused, /OIDC/);
      expectSafe(expect, oidcRefused, secrets);
    },
  );

  it.concurrent(
    'inputs echoed back: invalid role-session-name, catalog, job-identifier, region, audience',
    async ({ onTestFinished, expect }) => {
      const pc = await own(onTestFinished, startHostilePartnerCentral());
      const run = await runStep(
        {
          catalog: `##[add-mask]PWNED-mask ::add-mask::PWNED-mask`,
          'job-identifier': `job-0123456789abc ##[set-output name=pwned;]PWNED-output`,
          region: `\u200b::set-output name=pwned::PWNED-output ##[stop-commands]PWNED-token`,
          'role-to-assume': ROLE,
          'role-session-name': `\u2060::add-mask::PWNED-mask ##[set-output name=pwned;]PWNED-output`,
          audience: `##[add-mask]PWNED-mask`,
          'timeout-seconds': `\u00ad::error::PWNED-error ##[add-mask]PWNED-mask`,
          endpoint: pc.url,
        },
        { ...credentialEnv, RUNNER_DEBUG: '1' },
      );
      expect(pc.requests).toHaveLength(0);
      expect.soft(run.code).toBe(1);
      expect.soft(run.errors.length, 'error annotations').toBeGreaterThan(0);
      // The values were echoed (so the case is not empty): each invalid input is named with what it got.
      const said = run.errors.map((e) => `${e.title ?? ''} ${e.message}`).join('\n');
      for (const input of ['role-session-name', 'catalog', 'region', 'timeout-seconds'])
        expect.soft(said, `the error names ${input}`).toContain(input);
      expect.soft(said, 'the echoed values').toContain('PWNED');
      expectSafe(expect, run, envSecrets(pc));
    },
  );
});

/** A GetResourceSnapshotJob reply with commands in every member (the nth variant). */
function describeWithCommands(n: number) {
  const members = [
    'Catalog',
    'Id',
    'Arn',
    'EngagementId',
    'ResourceType',
    'ResourceId',
    'ResourceArn',
    'ResourceSnapshotTemplateName',
    'CreatedAt',
    'LastSuccessfulExecutionDate',
    'LastFailure',
  ];
  return {
    ...Object.fromEntries(members.map((m, i) => [m, commandField(n + i)])),
    Status: 'Running',
  };
}

// ---- 3. snapshot directory --------------------------------------------------------------------------------------

describe('3. snapshot-directory holding links and loose modes', () => {
  /** A Partner Central with one job that has snapshot revision 1 and never takes another. */
  async function snapshotService(onTestFinished: Finish) {
    const pc = await own(
      onTestFinished,
      startPartnerCentral({ credentials: [LONG_TERM], jobs: { AWS: [], Sandbox: [] } }),
    );
    pc.addJob('AWS', JOB, { snapshots: [1], resourceNeverChanges: true });
    return pc;
  }
  const snapshotStep = (pc: { url: string }, dir: string) =>
    runStep(
      {
        catalog: 'AWS',
        'job-identifier': JOB,
        endpoint: pc.url,
        'wait-for-snapshot': '1',
        'snapshot-directory': dir,
      },
      {
        AWS_ACCESS_KEY_ID: LONG_TERM.accessKeyId,
        AWS_SECRET_ACCESS_KEY: LONG_TERM.secretAccessKey,
        RUNNER_DEBUG: '1',
      },
    );
  const mode = (file: string) => statSync(file).mode & 0o777;
  const VICTIM = 'the victim file: not partner data\n';
  const makeVictim = () => {
    const victim = path.join(freshDir('victims'), 'victim.txt');
    writeFileSync(victim, VICTIM, { mode: 0o644 });
    chmodSync(victim, 0o644);
    return victim;
  };
  /** The file holds the job's latest snapshot, is a regular file of its own, mode 0600; nothing else is left in the directory. */
  function expectSnapshotFile(
    expect: ExpectStatic,
    pc: Awaited<ReturnType<typeof snapshotService>>,
    dir: string,
  ) {
    const file = path.join(dir, `${JOB}.json`);
    expect.soft(readdirSync(dir), 'what the directory holds').toEqual([`${JOB}.json`]);
    const st = lstatSync(file);
    expect.soft(st.isFile() && !st.isSymbolicLink(), 'a regular file').toBe(true);
    expect.soft(st.nlink, 'links to the file').toBe(1);
    expect.soft(st.mode & 0o777, 'its mode').toBe(0o600);
    if (st.isFile())
      expect
        .soft(JSON.parse(readFileSync(file, 'utf8')), 'its content')
        .toEqual(pc.latestSnapshotResponse('AWS', JOB));
  }

  it.concurrent(
    '(a) a snapshot-directory that is a symlink to a directory: refused before anything is started',
    async ({ onTestFinished, expect }) => {
      const pc = await snapshotService(onTestFinished);
      const real = freshDir('real');
      const link = path.join(freshDir('holder'), 'snapshots');
      symlinkSync(real, link);
      const run = await snapshotStep(pc, link);
      expect.soft(run.code, 'exit code').toBe(1);
      expect.soft(run.errors, 'error annotations').toHaveLength(1);
      expect
        .soft(`${run.errors[0]?.title ?? ''} ${run.errors[0]?.message ?? ''}`, 'the error')
        .toContain('snapshot-directory');
      expect
        .soft(
          pc.requests.map((r) => r.operation),
          'requests',
        )
        .not.toContain('StartResourceSnapshotJob');
      expect.soft(readdirSync(real), 'written through the link').toEqual([]);
    },
  );

  it.concurrent(
    '(b) <dir>/<job>.json is a symlink to a victim: the victim is untouched, the link replaced by a 0600 file',
    async ({ onTestFinished, expect }) => {
      const pc = await snapshotService(onTestFinished);
      const victim = makeVictim();
      const dir = freshDir('symlinked');
      symlinkSync(victim, path.join(dir, `${JOB}.json`));
      const run = await snapshotStep(pc, dir);
      expect.soft(readFileSync(victim, 'utf8'), "the victim's content").toBe(VICTIM);
      expect.soft(mode(victim), "the victim's mode").toBe(0o644);
      expect.soft(run.code, 'exit code').toBe(0);
      expectSnapshotFile(expect, pc, dir);
    },
  );

  it.concurrent(
    '(c) <dir>/<job>.json is a hard link to a victim: the victim is untouched',
    async ({ onTestFinished, expect }) => {
      const pc = await snapshotService(onTestFinished);
      const victim = makeVictim();
      const dir = freshDir('hardlinked');
      linkSync(victim, path.join(dir, `${JOB}.json`));
      const run = await snapshotStep(pc, dir);
      expect.soft(readFileSync(victim, 'utf8'), "the victim's content").toBe(VICTIM);
      expect.soft(mode(victim), "the victim's mode").toBe(0o644);
      expect.soft(run.code, 'exit code').toBe(0);
      expectSnapshotFile(expect, pc, dir);
    },
  );

  it.concurrent(
    '(d) an existing 0644 <job>.json: replaced by a new 0600 file; the old one (held open) never holds the data',
    async ({ onTestFinished, expect }) => {
      const pc = await snapshotService(onTestFinished);
      const dir = freshDir('loose');
      const file = path.join(dir, `${JOB}.json`);
      writeFileSync(file, '{"old": true}\n', { mode: 0o644 });
      chmodSync(file, 0o644);
      // A reader that has the old file open: with a write in place it sees partner data at 0644.
      const fd = openSync(file, 'r');
      onTestFinished(() => closeSync(fd));
      const oldInode = fstatSync(fd).ino;
      const run = await snapshotStep(pc, dir);
      const buffer = Buffer.alloc(64 * 1024);
      const read = readSync(fd, buffer, 0, buffer.length, 0);
      expect
        .soft(buffer.subarray(0, read).toString('utf8'), 'the old file')
        .toBe('{"old": true}\n');
      expect.soft(fstatSync(fd).mode & 0o777, "the old file's mode").toBe(0o644);
      expect.soft(statSync(file).ino, 'a new file in its place').not.toBe(oldInode);
      expect.soft(run.code, 'exit code').toBe(0);
      expectSnapshotFile(expect, pc, dir);
    },
  );

  it.concurrent(
    '(e) a directory writable by others (0777): the run succeeds and a warning says so',
    async ({ onTestFinished, expect }) => {
      const pc = await snapshotService(onTestFinished);
      const dir = freshDir('open');
      chmodSync(dir, 0o777);
      const run = await snapshotStep(pc, dir);
      expect.soft(run.code, 'exit code').toBe(0);
      const warned = run.warnings.filter((w) =>
        /snapshot-directory[\s\S]*writable|writable[\s\S]*snapshot-directory/i.test(
          `${w.title ?? ''} ${w.message}`,
        ),
      );
      expect.soft(warned, 'warnings about the directory').toHaveLength(1);
      expectSnapshotFile(expect, pc, dir);
    },
  );
});

// ---- 4. plain http only to a literal loopback address, never through a proxy ------------------------------------

describe('4. plain http only to a literal loopback address, and never through a proxy', () => {
  /** What reached the proxy, one line a connection, naming each secret it carried. Empty is the pass. */
  const atProxy = (
    proxy: { records: { kind: string; target: string; data: string }[] },
    tokens: string[] = [],
  ) => {
    const known = [
      ['session token', ENV_CREDENTIALS.sessionToken],
      ['runner bearer token', BEARER],
      ['issued session token', ISSUED.sessionToken],
      ...tokens.map((t) => ['OIDC token', t]),
    ];
    return proxy.records.map((r) => {
      const held = known.filter(
        ([, v]) => r.data.includes(v!) || r.data.includes(encodeURIComponent(v!)),
      );
      return `${r.kind} ${r.target}, ${r.data.length} bytes${held.length ? `, carrying the ${held.map(([k]) => k).join(', ')}` : ''}`;
    });
  };
  const proxyEnv = (proxy: { url: string }) => ({
    HTTP_PROXY: proxy.url,
    http_proxy: proxy.url,
    HTTPS_PROXY: proxy.url,
    https_proxy: proxy.url,
  });

  it.concurrent(
    '(a) endpoint http://pc.localhost:<port> with HTTP_PROXY set: refused before any network call, naming endpoint',
    async ({ onTestFinished, expect }) => {
      const proxy = await own(onTestFinished, startRecordingProxy());
      const pc = await own(onTestFinished, startHostilePartnerCentral());
      const run = await stepWithEnvCredentials(
        { url: `http://pc.localhost:${pc.port}` },
        {},
        proxyEnv(proxy),
      );
      expect.soft(atProxy(proxy).join('\n'), 'what reached the proxy').toBe('');
      expect.soft(pc.requests, 'what reached the service').toEqual([]);
      expect.soft(run.code, 'exit code').toBe(1);
      expect.soft(run.errors, 'error annotations').toHaveLength(1);
      expect
        .soft(`${run.errors[0]?.title} ${run.errors[0]?.message}`, 'the error')
        .toContain('endpoint');
      expectSafe(expect, run, envSecrets(pc));
    },
  );

  it.concurrent(
    '(a) AWS_ENDPOINT_URL_PARTNERCENTRAL_SELLING=http://pc.localhost:<port> with HTTP_PROXY set: refused, naming the variable',
    async ({ onTestFinished, expect }) => {
      const proxy = await own(onTestFinished, startRecordingProxy());
      const pc = await own(onTestFinished, startHostilePartnerCentral());
      const run = await runStep(
        { catalog: 'AWS', 'job-identifier': JOB },
        {
          ...credentialEnv,
          ...proxyEnv(proxy),
          AWS_ENDPOINT_URL_PARTNERCENTRAL_SELLING: `http://pc.localhost:${pc.port}`,
          RUNNER_DEBUG: '1',
        },
      );
      expect.soft(atProxy(proxy).join('\n'), 'what reached the proxy').toBe('');
      expect.soft(run.code, 'exit code').toBe(1);
      expect
        .soft(`${run.errors[0]?.title} ${run.errors[0]?.message}`, 'the error')
        .toContain('AWS_ENDPOINT_URL_PARTNERCENTRAL_SELLING');
      expectSafe(expect, run, envSecrets(pc));
    },
  );

  it.concurrent(
    '(b) endpoint http://127.0.0.1:<port> with HTTP_PROXY set: sent direct, the job started',
    async ({ onTestFinished, expect }) => {
      const proxy = await own(onTestFinished, startRecordingProxy());
      const pc = await own(onTestFinished, startHostilePartnerCentral());
      const run = await stepWithEnvCredentials(pc, {}, proxyEnv(proxy));
      expect.soft(atProxy(proxy).join('\n'), 'what reached the proxy').toBe('');
      expect.soft(pc.requests.map((r) => r.operation)).toEqual(['StartResourceSnapshotJob']);
      expect.soft(run.code, 'exit code').toBe(0);
      expect.soft(run.outputs['started-count']).toBe('1');
      expectSafe(expect, run, envSecrets(pc));
    },
  );

  it.concurrent(
    '(c) ACTIONS_ID_TOKEN_REQUEST_URL=http://oidc.localhost:<port>/… with HTTP_PROXY set: the bearer token never reaches the proxy',
    async ({ onTestFinished, expect }) => {
      const proxy = await own(onTestFinished, startRecordingProxy());
      const oidc = await own(
        onTestFinished,
        startHostileOidc((_r, issue) => issue({ sub: 'repo:octo-org/partner-release:ref:x' })),
      );
      const sts = await own(
        onTestFinished,
        startHostileSts(() => ({ status: 500 })),
      );
      const pc = await own(onTestFinished, startHostilePartnerCentral());
      const run = await runStep(
        { catalog: 'AWS', 'job-identifier': JOB, endpoint: pc.url, 'role-to-assume': ROLE },
        {
          ...proxyEnv(proxy),
          ACTIONS_ID_TOKEN_REQUEST_URL: `http://oidc.localhost:${oidc.port}/token?api-version=2.0`,
          ACTIONS_ID_TOKEN_REQUEST_TOKEN: BEARER,
          AWS_ENDPOINT_URL_STS: sts.url,
          RUNNER_DEBUG: '1',
        },
      );
      expect
        .soft(
          atProxy(proxy).filter((r) => r.includes('runner bearer token')),
          'the bearer token at the proxy',
        )
        .toEqual([]);
      expect.soft(atProxy(proxy, oidc.issued).join('\n'), 'what reached the proxy').toBe('');
      expect.soft(run.code, 'exit code').toBe(1);
      expect.soft(run.errors, 'error annotations').toHaveLength(1);
      expect
        .soft(`${run.errors[0]?.title} ${run.errors[0]?.message}`, 'the error')
        .toContain('ACTIONS_ID_TOKEN_REQUEST_URL');
      expectSafe(expect, run, [{ label: 'runner bearer token', value: BEARER }]);
    },
  );

  it.concurrent(
    '(d) AWS_ENDPOINT_URL_STS=http://sts.localhost:<port> with HTTP_PROXY set: the web identity token never reaches the proxy',
    async ({ onTestFinished, expect }) => {
      const proxy = await own(onTestFinished, startRecordingProxy());
      const oidc = await own(
        onTestFinished,
        startHostileOidc((_r, issue) => issue({ sub: 'repo:octo-org/partner-release:ref:x' })),
      );
      const sts = await own(
        onTestFinished,
        startHostileSts(() => ({ status: 500 })),
      );
      const pc = await own(onTestFinished, startHostilePartnerCentral());
      const run = await runStep(
        { catalog: 'AWS', 'job-identifier': JOB, endpoint: pc.url, 'role-to-assume': ROLE },
        {
          ...proxyEnv(proxy),
          ACTIONS_ID_TOKEN_REQUEST_URL: oidc.requestUrl,
          ACTIONS_ID_TOKEN_REQUEST_TOKEN: BEARER,
          AWS_ENDPOINT_URL_STS: `http://sts.localhost:${sts.port}`,
          RUNNER_DEBUG: '1',
        },
      );
      expect.soft(atProxy(proxy, oidc.issued).join('\n'), 'what reached the proxy').toBe('');
      expect.soft(run.code, 'exit code').toBe(1);
      expect
        .soft(`${run.errors[0]?.title} ${run.errors[0]?.message}`, 'the error')
        .toContain('AWS_ENDPOINT_URL_STS');
      expectSafe(expect, run, [
        { label: 'runner bearer token', value: BEARER },
        ...oidc.issued.map((t) => ({ label: 'OIDC token', value: t })),
      ]);
    },
  );
});

// ---- 5. TLS verification off ------------------------------------------------------------------------------------

describe('5. TLS verification turned off', () => {
  it.concurrent(
    'NODE_TLS_REJECT_UNAUTHORIZED=0: a warning annotation says so',
    async ({ onTestFinished, expect }) => {
      const pc = await own(onTestFinished, startHostilePartnerCentral());
      const run = await stepWithEnvCredentials(pc, {}, { NODE_TLS_REJECT_UNAUTHORIZED: '0' });
      expect.soft(run.code, 'exit code').toBe(0);
      expect
        .soft(
          run.warnings.filter((w) =>
            `${w.title ?? ''} ${w.message}`.includes('NODE_TLS_REJECT_UNAUTHORIZED'),
          ),
          'warnings naming NODE_TLS_REJECT_UNAUTHORIZED',
        )
        .toHaveLength(1);
      expectSafe(expect, run, envSecrets(pc));
    },
  );
});
