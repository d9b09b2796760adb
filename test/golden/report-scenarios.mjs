// The golden report: scenarios that drive the bundle through every job status (started, failed, not-attempted,
// dry-run, unknown) and every failure kind the report shows, and the one normalisation of a run's outcome into
// the record kept in test/golden/report.golden.json ({code, outputs, annotations, summary}).
//
// scripts/capture-golden.mjs writes the golden file from these scenarios; test/e2e/golden-report.e2e.test.ts
// compares every run against it. Both run a scenario through runScenario, so capture and check cannot differ.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { clearInterval, setInterval } from 'node:timers';
import { AWS_JOB, defaultEmulatorOptions, LONG_TERM, TEMPORARY } from '../emulator/fixtures.mjs';
import { startPartnerCentral } from '../emulator/partner-central.mjs';
import { runStep } from '../emulator/run-dist.mjs';
import { startOidc, startSts } from '../emulator/sts-oidc.mjs';

/** The prefix of each scenario's own temporary directory (snapshot-directory and the like). */
const SCENARIO_DIR_PREFIX = 'golden-scenario-';
const ROLE = 'arn:aws:iam::111122223333:role/partner-release';
const SUB = 'repo:octo-org/partner-release:ref:refs/heads/main';

const credentials = (c = LONG_TERM) => ({
  AWS_ACCESS_KEY_ID: c.accessKeyId,
  AWS_SECRET_ACCESS_KEY: c.secretAccessKey,
  ...(c.sessionToken ? { AWS_SESSION_TOKEN: c.sessionToken } : {}),
});
/** What a step with role-to-assume needs: the OIDC token endpoint and STS of the scenario. */
const roleEnv = (/** @type {ScenarioContext} */ { oidc, sts }) => ({
  ACTIONS_ID_TOKEN_REQUEST_URL: oidc?.requestUrl,
  ACTIONS_ID_TOKEN_REQUEST_TOKEN: oidc?.runtimeToken,
  AWS_ENDPOINT_URL_STS: sts?.url,
});
/** `job-` + 13 of [0-9a-z]: the tag, then the number zero-padded. */
const jobId = (tag, n = 1) => `job-${tag}${String(n).padStart(13 - tag.length, '0')}`;
const jobs = (tag, count) => Array.from({ length: count }, (_, i) => jobId(tag, i + 1));
const times = (n, step) => Array.from({ length: n }, () => ({ ...step }));

/**
 * @typedef {import('../emulator/run-dist.mjs').RunOutcome} RunOutcome
 * @typedef {Awaited<ReturnType<typeof startPartnerCentral>>} Emulator
 * @typedef {{ pc: Emulator, dir: string, sts?: Awaited<ReturnType<typeof startSts>>,
 *   oidc?: Awaited<ReturnType<typeof startOidc>> }} ScenarioContext
 * @typedef {object} Scenario
 * @property {string} name unique; the key in the golden file and the test's name
 * @property {string} covers the statuses and failure kinds it shows
 * @property {(ctx: ScenarioContext) => void} [setup] jobs, scripts, denials, clock of the emulator; files in ctx.dir
 * @property {Record<string, string> | ((ctx: ScenarioContext) => Record<string, string>)} inputs the step's `with:`
 * @property {(ctx: ScenarioContext) => Record<string, string | undefined>} [env] the step's env (default:
 *   long-term credentials); AWS_ENDPOINT_URL_PARTNERCENTRAL_SELLING is always the emulator
 * @property {boolean} [sts] also start the OIDC token endpoint and STS emulators (ctx.oidc, ctx.sts)
 * @property {number} [stsSessionSeconds] how long each session STS issues really lasts (renewal scenarios)
 * @property {{ signal: NodeJS.Signals, when: (stdout: string) => boolean }} [cancel] signal the step once `when`
 *   holds for its stdout so far
 */

/** @type {Scenario[]} */
export const SCENARIOS = [
  // ---- started ----
  {
    name: 'one job started',
    covers: 'started',
    inputs: { catalog: 'AWS', 'job-identifier': AWS_JOB },
  },
  {
    name: 'several jobs started',
    covers: 'started x3; request-id is the last start',
    setup: ({ pc }) => jobs('many', 3).forEach((id) => pc.addJob('AWS', id)),
    inputs: {
      catalog: 'AWS',
      'job-identifier': jobs('many', 3).join('\n'),
      'requests-per-second': '10',
    },
  },

  // ---- invalid inputs (nothing sent) ----
  {
    name: 'invalid job-identifier',
    covers: 'not-attempted; InvalidInput',
    inputs: { catalog: 'AWS', 'job-identifier': 'job-123' },
  },
  {
    name: 'invalid catalog',
    covers: 'not-attempted; InvalidInput',
    inputs: { catalog: 'aws', 'job-identifier': AWS_JOB },
  },
  {
    name: 'several invalid inputs',
    covers: 'not-attempted; InvalidInput with several problems',
    inputs: {
      catalog: 'Production',
      'job-identifier': `job-123, ${AWS_JOB}`,
      'max-attempts': '0',
      'timeout-seconds': '1',
      'describe-job': 'maybe',
    },
  },
  {
    name: 'no credentials',
    covers: 'failed; no credentials in the chain',
    inputs: { catalog: 'AWS', 'job-identifier': AWS_JOB },
    env: () => ({}),
  },

  // ---- errors that are not retried ----
  {
    name: 'AccessDeniedException',
    covers: 'failed; AccessDeniedException without a Reason',
    setup: ({ pc }) => pc.deny('StartResourceSnapshotJob'),
    inputs: { catalog: 'AWS', 'job-identifier': AWS_JOB },
  },
  {
    name: 'AccessDeniedException with a Reason',
    covers: 'failed; AccessDeniedException with Reason INCOMPATIBLE_BENEFIT_AWS_PARTNER_STATE',
    setup: ({ pc }) =>
      pc.script({
        error: 'AccessDeniedException',
        status: 403,
        message: 'The partner account cannot use this benefit.',
        extra: { Reason: 'INCOMPATIBLE_BENEFIT_AWS_PARTNER_STATE' },
      }),
    inputs: { catalog: 'AWS', 'job-identifier': AWS_JOB },
  },
  {
    name: 'ResourceNotFoundException',
    covers: 'failed; ResourceNotFoundException (the job is not in the catalog)',
    inputs: { catalog: 'AWS', 'job-identifier': jobId('unknown') },
  },
  {
    name: 'ValidationException with field errors',
    covers: 'failed; ValidationException with an ErrorList',
    setup: ({ pc }) =>
      pc.script({
        error: 'ValidationException',
        status: 400,
        message: 'Validation failed.',
        extra: {
          Reason: 'REQUEST_VALIDATION_FAILED',
          ErrorList: [
            {
              FieldName: 'ResourceSnapshotJobIdentifier',
              Message: 'The job is not in a state that can be started.',
              Code: 'INVALID_VALUE',
            },
            {
              FieldName: 'Catalog',
              Message: 'Catalog is not enabled.',
              Code: 'ACTION_NOT_PERMITTED',
            },
          ],
        },
      }),
    inputs: { catalog: 'AWS', 'job-identifier': AWS_JOB },
  },

  // ---- retried until max-attempts or the deadline ----
  {
    name: 'throttled until max-attempts runs out',
    covers: 'failed; ThrottlingException, attempts exhausted',
    setup: ({ pc }) =>
      pc.script(
        ...times(3, { error: 'ThrottlingException', status: 429, message: 'Rate exceeded' }),
      ),
    inputs: { catalog: 'AWS', 'job-identifier': AWS_JOB, 'max-attempts': '3' },
  },
  {
    name: 'HTTP 500 until max-attempts runs out',
    covers: 'failed; InternalServerException (500), attempts exhausted',
    setup: ({ pc }) =>
      pc.script(
        ...times(2, { error: 'InternalServerException', status: 500, message: 'Internal failure' }),
      ),
    inputs: { catalog: 'AWS', 'job-identifier': AWS_JOB, 'max-attempts': '2' },
  },
  {
    name: 'HTTP 503 until max-attempts runs out',
    covers: 'failed; 503 with an HTML body, attempts exhausted',
    setup: ({ pc }) =>
      pc.script(
        ...times(2, {
          status: 503,
          headers: { 'content-type': 'text/html' },
          body: '<html>busy</html>',
        }),
      ),
    inputs: { catalog: 'AWS', 'job-identifier': AWS_JOB, 'max-attempts': '2' },
  },
  {
    name: 'timeout-seconds runs out',
    covers: 'failed + not-attempted; deadline (throttled, each Retry-After past timeout-seconds)',
    setup: ({ pc }) => {
      jobs('late', 2).forEach((id) => pc.addJob('AWS', id));
      pc.script(
        ...times(20, {
          error: 'ThrottlingException',
          status: 429,
          message: 'Rate exceeded',
          headers: { 'retry-after': '60' },
        }),
      );
    },
    inputs: { catalog: 'AWS', 'job-identifier': jobs('late', 2).join(','), 'timeout-seconds': '5' },
  },
  {
    name: 'hung start with max-attempts 1',
    covers: 'unknown; sent, no reply',
    setup: ({ pc }) => pc.script({ hang: true }),
    inputs: {
      catalog: 'AWS',
      'job-identifier': AWS_JOB,
      'max-attempts': '1',
      'timeout-seconds': '10',
    },
  },

  // ---- failures that halt the later jobs ----
  {
    name: 'redirect halts the later jobs',
    covers: 'failed + not-attempted; redirect',
    setup: ({ pc }) => {
      jobs('redir', 3).forEach((id) => pc.addJob('AWS', id));
      pc.script({ status: 307, headers: { location: 'http://127.0.0.1:9/moved' }, body: '' });
    },
    inputs: {
      catalog: 'AWS',
      'job-identifier': jobs('redir', 3).join(','),
      'requests-per-second': '10',
    },
  },
  {
    name: 'UnrecognizedClientException halts',
    covers: 'failed + not-attempted; credentials rejected (unknown access key)',
    setup: ({ pc }) => jobs('nokey', 2).forEach((id) => pc.addJob('AWS', id)),
    inputs: {
      catalog: 'AWS',
      'job-identifier': jobs('nokey', 2).join(','),
      'requests-per-second': '10',
    },
    env: () =>
      credentials({
        accessKeyId: 'AKIAEMULATOR99999999',
        secretAccessKey: LONG_TERM.secretAccessKey,
      }),
  },
  {
    name: 'InvalidSignatureException halts',
    covers: 'failed + not-attempted; credentials rejected (wrong secret key)',
    setup: ({ pc }) => jobs('badsig', 2).forEach((id) => pc.addJob('AWS', id)),
    inputs: {
      catalog: 'AWS',
      'job-identifier': jobs('badsig', 2).join(','),
      'requests-per-second': '10',
    },
    env: () =>
      credentials({
        accessKeyId: LONG_TERM.accessKeyId,
        // The named exception: a wrong key of the real shape that shares nothing, fixed so the golden report stays put.
        secretAccessKey: 'emuWrongSecretK3y/a1Sd2Fg3Hj4Kl5Zx6Cv7Bn8M',
      }),
  },
  {
    name: 'ExpiredTokenException halts',
    covers: 'failed + not-attempted; credentials rejected (expired session token)',
    setup: ({ pc }) => {
      jobs('expired', 2).forEach((id) => pc.addJob('AWS', id));
      pc.script({
        error: 'ExpiredTokenException',
        status: 400,
        message: 'The security token included in the request is expired',
      });
    },
    inputs: {
      catalog: 'AWS',
      'job-identifier': jobs('expired', 2).join(','),
      'requests-per-second': '10',
    },
  },
  {
    name: 'malformed 2xx reply to a read',
    covers: 'started with a read error; MalformedResponse from GetResourceSnapshotJob',
    setup: ({ pc }) =>
      pc.script(
        { pass: true },
        ...times(5, {
          status: 200,
          headers: { 'content-type': 'text/html' },
          body: '<html>portal</html>',
        }),
      ),
    inputs: {
      catalog: 'AWS',
      'job-identifier': AWS_JOB,
      'describe-job': 'true',
      'max-attempts': '1',
    },
  },

  // ---- dry run and describe-job ----
  {
    name: 'dry-run',
    covers: 'dry-run',
    inputs: { catalog: 'AWS', 'job-identifier': AWS_JOB, 'dry-run': 'true' },
  },
  {
    name: 'dry-run with describe-job',
    covers: 'dry-run with the job read',
    inputs: {
      catalog: 'AWS',
      'job-identifier': AWS_JOB,
      'dry-run': 'true',
      'describe-job': 'true',
    },
  },
  {
    name: 'describe-job: the job is not Running',
    covers: 'started; JobNotRunning with its LastFailure',
    setup: ({ pc }) =>
      pc.addJob('AWS', jobId('stopped'), {
        startFails: 'Template AWSOpportunitySummary is not available for this engagement',
      }),
    inputs: { catalog: 'AWS', 'job-identifier': jobId('stopped'), 'describe-job': 'true' },
  },
  {
    name: 'describe-job: the read denied after the start',
    covers: 'started; AccessDeniedException on GetResourceSnapshotJob',
    setup: ({ pc }) => pc.deny('GetResourceSnapshotJob'),
    inputs: { catalog: 'AWS', 'job-identifier': AWS_JOB, 'describe-job': 'true' },
  },

  // ---- wait-for-snapshot ----
  {
    name: 'wait-for-snapshot: a new snapshot written to snapshot-directory',
    covers: 'started; snapshot-new true, snapshot-file',
    setup: ({ pc }) =>
      pc.addJob('AWS', jobId('new'), { snapshots: [7300], newSnapshotAfterMs: 300 }),
    inputs: ({ dir }) => ({
      catalog: 'AWS',
      'job-identifier': jobId('new'),
      'wait-for-snapshot': '20',
      'snapshot-directory': path.join(dir, 'snapshots'),
    }),
  },
  {
    name: 'wait-for-snapshot: no new snapshot within the wait',
    covers: 'started; snapshot-new false (a notice)',
    setup: ({ pc }) =>
      pc.addJob('AWS', jobId('same'), { snapshots: [5517], resourceNeverChanges: true }),
    inputs: { catalog: 'AWS', 'job-identifier': jobId('same'), 'wait-for-snapshot': '2' },
  },
  {
    name: 'wait-for-snapshot: the job failed while waited for',
    covers: 'started; SnapshotJobFailed',
    setup: ({ pc }) =>
      pc.addJob('AWS', jobId('fails'), {
        snapshots: [3],
        failsAfterMs: 200,
        failsWith: 'Opportunity O1000001 could not be read: the engagement was archived',
      }),
    inputs: { catalog: 'AWS', 'job-identifier': jobId('fails'), 'wait-for-snapshot': '20' },
  },
  {
    name: 'wait-for-snapshot: the snapshot read denied before the start',
    covers: 'failed (nothing started); AccessDeniedException on GetResourceSnapshot',
    setup: ({ pc }) => {
      pc.addJob('AWS', jobId('denied'), { snapshots: [1] });
      pc.deny('GetResourceSnapshot');
    },
    inputs: { catalog: 'AWS', 'job-identifier': jobId('denied'), 'wait-for-snapshot': '20' },
  },
  {
    name: 'wait-for-snapshot: the snapshot target unknown',
    covers: 'SnapshotTargetUnknown (the job has no EngagementId)',
    setup: ({ pc }) =>
      pc.addJob('AWS', jobId('target'), { snapshots: [1], EngagementId: undefined }),
    inputs: { catalog: 'AWS', 'job-identifier': jobId('target'), 'wait-for-snapshot': '20' },
  },
  {
    name: 'wait-for-snapshot: the snapshot file cannot be written',
    covers: 'started; SnapshotFileError (<dir>/<job>.json is a directory)',
    setup: ({ pc, dir }) => {
      pc.addJob('AWS', jobId('file'), { snapshots: [2], newSnapshotAfterMs: 200 });
      mkdirSync(path.join(dir, 'snapshots', `${jobId('file')}.json`), { recursive: true });
    },
    inputs: ({ dir }) => ({
      catalog: 'AWS',
      'job-identifier': jobId('file'),
      'wait-for-snapshot': '20',
      'snapshot-directory': path.join(dir, 'snapshots'),
    }),
  },
  {
    name: 'wait-for-snapshot: snapshot-directory is a symlink',
    covers: 'not-attempted; InvalidInput (a symlinked snapshot-directory)',
    setup: ({ pc, dir }) => {
      pc.addJob('AWS', jobId('link'), { snapshots: [1] });
      mkdirSync(path.join(dir, 'real'));
      symlinkSync(path.join(dir, 'real'), path.join(dir, 'snapshots'));
    },
    inputs: ({ dir }) => ({
      catalog: 'AWS',
      'job-identifier': jobId('link'),
      'wait-for-snapshot': '20',
      'snapshot-directory': path.join(dir, 'snapshots'),
    }),
  },
  {
    name: 'wait-for-snapshot: cancelled with SIGINT while waiting',
    covers: 'started; Cancelled during the wait',
    setup: ({ pc }) =>
      pc.addJob('AWS', jobId('cancel'), { snapshots: [3], resourceNeverChanges: true }),
    inputs: { catalog: 'AWS', 'job-identifier': jobId('cancel'), 'wait-for-snapshot': '60' },
    cancel: { signal: 'SIGINT', when: (stdout) => /^Started /m.test(stdout) },
  },

  // ---- the snapshot job role (GetSellingSystemSettings) ----
  {
    name: 'dry-run: no snapshot job role',
    covers: 'dry-run + NoSnapshotJobRole (the catalog names no ResourceSnapshotJobRoleArn)',
    setup: ({ pc }) => pc.setJobRole('AWS', undefined),
    inputs: { catalog: 'AWS', 'job-identifier': AWS_JOB, 'dry-run': 'true' },
  },
  {
    name: 'dry-run: the settings read denied',
    covers: 'dry-run; a notice naming partnercentral:GetSellingSystemSettings',
    setup: ({ pc }) => pc.deny('GetSellingSystemSettings'),
    inputs: { catalog: 'AWS', 'job-identifier': AWS_JOB, 'dry-run': 'true' },
  },
  {
    name: 'wait-for-snapshot: no snapshot job role',
    covers: 'started; the no-role warning, and the no-new-snapshot notice says why',
    setup: ({ pc }) => {
      pc.setJobRole('AWS', undefined);
      pc.addJob('AWS', jobId('norole'), { snapshots: [12], newSnapshotAfterMs: 300 });
    },
    inputs: { catalog: 'AWS', 'job-identifier': jobId('norole'), 'wait-for-snapshot': '2' },
  },

  // ---- credentials over time ----
  {
    name: 'role-to-assume: the session renewed during a wait',
    covers: 'started; snapshot-new true after the role session was renewed (sessions of 3 s)',
    sts: true,
    stsSessionSeconds: 3,
    setup: ({ pc }) =>
      pc.addJob('AWS', jobId('renew'), { snapshots: [20], newSnapshotAfterMs: 2000 }),
    inputs: {
      catalog: 'AWS',
      'job-identifier': jobId('renew'),
      'wait-for-snapshot': '20',
      'role-to-assume': ROLE,
    },
    env: roleEnv,
  },
  {
    name: 'role-to-assume: the renewal refused',
    covers: 'started, then Credentials not renewed (STS AccessDenied on the renewal)',
    sts: true,
    stsSessionSeconds: 3,
    setup: ({ pc, sts }) => {
      pc.addJob('AWS', jobId('refused'), { snapshots: [20], newSnapshotAfterMs: 60_000 });
      if (sts) sts.state.refuseFrom = 2;
    },
    inputs: {
      catalog: 'AWS',
      'job-identifier': jobId('refused'),
      'wait-for-snapshot': '20',
      'role-to-assume': ROLE,
    },
    env: roleEnv,
  },
  {
    name: 'credentials in the environment expire before the deadline',
    covers: 'started; the warning with both times (AWS_CREDENTIAL_EXPIRATION)',
    inputs: { catalog: 'AWS', 'job-identifier': AWS_JOB, 'timeout-seconds': '3600' },
    env: () => ({
      ...credentials(TEMPORARY),
      AWS_CREDENTIAL_EXPIRATION: new Date(Date.now() + 20 * 60_000).toISOString(),
    }),
  },
  {
    name: 'credentials in the environment already expired',
    covers: 'not-attempted; CredentialsExpired, nothing sent',
    inputs: { catalog: 'AWS', 'job-identifier': AWS_JOB },
    env: () => ({ ...credentials(TEMPORARY), AWS_CREDENTIAL_EXPIRATION: '2026-01-01T00:00:00Z' }),
  },

  // ---- the runner's side ----
  {
    name: 'clock skew',
    covers: 'started; the clock-skew warning',
    setup: ({ pc }) => pc.setClockOffset(10 * 60_000),
    inputs: { catalog: 'AWS', 'job-identifier': AWS_JOB },
  },
  {
    name: 'GITHUB_OUTPUT unwritable',
    covers: 'started; the warning naming GITHUB_OUTPUT',
    inputs: { catalog: 'AWS', 'job-identifier': AWS_JOB },
    env: () => ({ ...credentials(), GITHUB_OUTPUT: '/dev/full' }),
  },
  {
    name: 'role-to-assume: STS refuses',
    covers: 'failed; STS AccessDenied (the trust policy)',
    sts: true,
    inputs: {
      catalog: 'AWS',
      'job-identifier': AWS_JOB,
      'role-to-assume': 'arn:aws:iam::111122223333:role/other-role',
    },
    env: roleEnv,
  },
];

/**
 * Runs one scenario against the bundle under test (run-dist.mjs: E2E_DIST, E2E_NODE), each on emulators of
 * its own, and returns the raw outcome.
 * @param {Scenario} scenario
 * @returns {Promise<RunOutcome>}
 */
export async function runScenario(scenario) {
  const dir = mkdtempSync(path.join(tmpdir(), SCENARIO_DIR_PREFIX));
  const pc = await startPartnerCentral(
    scenario.sts ? { ...defaultEmulatorOptions(), credentials: [] } : defaultEmulatorOptions(),
  );
  /** @type {ScenarioContext} */
  const ctx = { pc, dir };
  try {
    if (scenario.sts) {
      ctx.oidc = await startOidc({ sub: SUB });
      ctx.sts = await startSts({
        oidc: ctx.oidc,
        roles: {
          [ROLE]: {
            audience: 'sts.amazonaws.com',
            subPattern: /^repo:octo-org\/partner-release:/,
            maxSessionDuration: 3600,
          },
        },
        onIssue: (c) => pc.addCredentials(c),
        ...(scenario.stsSessionSeconds ? { sessionSeconds: scenario.stsSessionSeconds } : {}),
      });
    }
    scenario.setup?.(ctx);
    const inputs = typeof scenario.inputs === 'function' ? scenario.inputs(ctx) : scenario.inputs;
    const env = scenario.env ? scenario.env(ctx) : credentials();
    const { cancel } = scenario;
    return await runStep(
      inputs,
      { AWS_ENDPOINT_URL_PARTNERCENTRAL_SELLING: pc.url, ...env },
      cancel
        ? {
            onSpawn: (child, live) => {
              const timer = setInterval(() => {
                if (!cancel.when(live.stdout)) return;
                clearInterval(timer);
                child.kill(cancel.signal);
              }, 10);
              child.on('close', () => clearInterval(timer));
            },
          }
        : {},
    );
  } finally {
    await Promise.all([pc.close(), ctx.oidc?.close(), ctx.sts?.close()]);
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A date this close to the run's time is the run's (see normalise). */
const RUN_DATE_WINDOW_MS = 2 * 24 * 3600_000;
const UUID = /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi;

/**
 * The text of a run with what legitimately differs between runs replaced by a placeholder. `ids` numbers the
 * request ids in order of first appearance across the whole record, so that the same id in two places is
 * still seen to be the same.
 * @param {string} text
 * @param {Map<string, string>} ids
 */
function normalise(text, ids) {
  const tmp = tmpdir().replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return (
    text
      // The emulator's random x-amzn-RequestId (and STS's): numbered, not erased.
      .replace(UUID, (id) => {
        const key = id.toLowerCase();
        if (!ids.has(key)) ids.set(key, `<request-id-${ids.size + 1}>`);
        return /** @type {string} */ (ids.get(key));
      })
      // The emulators listen on any free port.
      .replace(/\b(127\.0\.0\.1|localhost):\d+/g, '$1:<port>')
      // runStep's step directory and a scenario's own directory (mkdtemp).
      .replace(new RegExp(`${tmp}/snapshot-e2e-[A-Za-z0-9]{6}`, 'g'), '<step-dir>')
      .replace(new RegExp(`${tmp}/${SCENARIO_DIR_PREFIX}[A-Za-z0-9]{6}`, 'g'), '<scenario-dir>')
      // The random part of the snapshot file's temporary name (written new, then renamed into place).
      .replace(/(\.json)\.[0-9a-f]{16}\.tmp\b/g, '$1.<random>.tmp')
      // Dates and times of the run: the signing time in a dry run's request, and what the emulator stamps
      // with its clock (LastSuccessfulExecutionDate, a new snapshot's CreatedAt). The fixed dates of the
      // emulator's jobs and earlier snapshots are months away from any run, and kept.
      .replace(/\b\d{8}T\d{6}Z\b/g, '<amz-date>')
      .replace(/\b\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z\b/g, (date) =>
        Math.abs(Date.parse(date) - Date.now()) < RUN_DATE_WINDOW_MS ? '<run-date>' : date,
      )
      // Durations measured by the step: the summary's total, the time spent on attempts, on reads, on the
      // wait, and the clock offset it measured (the emulator's Date header has whole seconds).
      .replace(/\(\d+(\.\d+)? s\)/g, '(<n> s)')
      .replace(/\b(in|after|over) \d+(\.\d+)? s\b/g, '$1 <n> s')
      .replace(/\b\d+(\.\d+)? s later\b/g, '<n> s later')
      .replace(/\boff by \d+ seconds\b/g, 'off by <n> seconds')
  );
}

/**
 * A run's outcome as the golden file keeps it: exit code, outputs (sorted by name), annotations (level, title,
 * message, in order) and the job summary, normalised (see normalise).
 * @param {RunOutcome} run
 */
export function captureReport(run) {
  const ids = new Map();
  const n = (text) => normalise(text, ids);
  /** @type {Record<string, string>} */
  const outputs = {};
  for (const name of Object.keys(run.outputs).sort()) outputs[name] = n(run.outputs[name]);
  return {
    code: run.code,
    outputs,
    annotations: run.annotations.map((a) => ({
      level: a.level,
      ...(a.title !== undefined ? { title: n(a.title) } : {}),
      message: n(a.message),
    })),
    summary: n(run.summary),
  };
}
