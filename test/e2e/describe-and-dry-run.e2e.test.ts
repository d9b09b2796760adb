// End to end: describe-job (GetResourceSnapshotJob after the start) and dry-run (everything but the start).
import { describe, expect, it } from 'vitest';
import { AWS_JOB, LONG_TERM, SANDBOX_JOB } from '../emulator/fixtures.mjs';
import { visibleText } from '../emulator/run-dist.mjs';
import { RUNNING_WAIT } from '../../src/common/tunables.js';
import { stepAgainst, usePartnerCentral } from './emulator.js';

const pc = usePartnerCentral();
const results = (outputs: Record<string, string>) =>
  JSON.parse(outputs.results ?? '[]') as Record<string, string | number>[];
const operations = () => pc().requests.map((r) => r.operation);

describe('describe-job', () => {
  it('reads the started job and outputs what it snapshots', async () => {
    const run = await stepAgainst(pc(), {
      catalog: 'AWS',
      'job-identifier': AWS_JOB,
      'describe-job': 'true',
    });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(operations()).toEqual(['StartResourceSnapshotJob', 'GetResourceSnapshotJob']);
    expect(pc().requests.every((r) => r.signatureValid)).toBe(true);
    const job = pc().job('AWS', AWS_JOB);
    expect(run.outputs).toMatchObject({
      'job-arn': job.Arn,
      'job-status': 'Running',
      'engagement-id': job.EngagementId,
      'resource-type': 'Opportunity',
      'resource-id': job.ResourceId,
      'resource-arn': job.ResourceArn,
      'resource-snapshot-template-name': 'AWSOpportunitySummary',
      'created-at': '2026-11-01T09:30:00Z',
      'last-successful-execution-date': job.LastSuccessfulExecutionDate,
      'last-failure': '',
      attempts: '1',
      // StartResourceSnapshotJob's id: the read that came after it never overwrites it.
      'request-id': pc().requests[0]!.requestId,
    });
    expect(results(run.outputs)[0]?.['request-id']).toBe(pc().requests[0]!.requestId);
    expect(results(run.outputs)[0]).toMatchObject({ status: 'started', 'job-status': 'Running' });
    expect(run.summary).toContain('As GetResourceSnapshotJob describes it');
    expect(run.summary).toContain(`<td>${job.EngagementId}</td>`);
  });

  it('with several jobs, each results entry carries its description', async () => {
    pc().addJob('AWS', 'job-second0000001');
    const run = await stepAgainst(pc(), {
      catalog: 'AWS',
      'job-identifier': `${AWS_JOB}\njob-second0000001`,
      'describe-job': 'true',
      'requests-per-second': '5',
    });
    expect(run.code).toBe(0);
    expect(operations()).toEqual([
      'StartResourceSnapshotJob',
      'GetResourceSnapshotJob',
      'StartResourceSnapshotJob',
      'GetResourceSnapshotJob',
    ]);
    const entries = results(run.outputs);
    expect(entries.map((e) => [e['job-identifier'], e['job-status'], e['engagement-id']])).toEqual([
      [AWS_JOB, 'Running', pc().job('AWS', AWS_JOB).EngagementId],
      ['job-second0000001', 'Running', pc().job('AWS', 'job-second0000001').EngagementId],
    ]);
    // The scalar description outputs describe one job only.
    expect(run.outputs['job-status']).toBe('');
  });

  it('a job that is not Running after the start: re-read for a few seconds, then JobNotRunning with its LastFailure', async () => {
    pc().addJob('AWS', 'job-stopped000001', {
      startFails: 'Template AWS-Opportunity-Summary is not available for this engagement',
    });
    const run = await stepAgainst(pc(), {
      catalog: 'AWS',
      'job-identifier': 'job-stopped000001',
      'describe-job': 'true',
    });
    expect(run.code).toBe(1);
    const reads = operations().filter((o) => o === 'GetResourceSnapshotJob');
    expect(reads.length).toBeGreaterThanOrEqual(4);
    // The re-reads stop after about five seconds, as the emulator received them; the wall time only catches a hang.
    const readAt = pc()
      .requests.filter((r) => r.operation === 'GetResourceSnapshotJob')
      .map((r) => r.at);
    expect(readAt.at(-1)! - readAt[0]!).toBeLessThanOrEqual(RUNNING_WAIT.totalMs);
    expect(run.wallMs).toBeLessThan(RUNNING_WAIT.totalMs + 8000);
    expect(run.outputs).toMatchObject({
      'error-code': 'JobNotRunning',
      'job-status': 'Stopped',
      'last-failure': 'Template AWS-Opportunity-Summary is not available for this engagement',
      'started-count': '1',
    });
    expect(run.errors).toHaveLength(1);
    expect(run.errors[0]?.title).toBe('Job not running: job-stopped000001 is Stopped');
    expect(run.errors[0]?.message).toMatch(
      /StartResourceSnapshotJob succeeded .* still shows it Stopped after \d reads over [\d.]+ s\. Its last failure: Template/,
    );
  });

  it('the read denied: the step fails, says plainly the job was started, and shows the IAM statement', async () => {
    pc().deny('GetResourceSnapshotJob');
    const run = await stepAgainst(pc(), {
      catalog: 'AWS',
      'job-identifier': AWS_JOB,
      'describe-job': 'true',
    });
    expect(run.code).toBe(1);
    expect(pc().running('AWS')).toEqual([AWS_JOB]);
    expect(results(run.outputs)[0]).toMatchObject({
      status: 'started',
      'error-code': 'AccessDeniedException',
    });
    expect(run.errors[0]?.title).toBe('GetResourceSnapshotJob: AccessDeniedException');
    expect(run.errors[0]?.message).toMatch(/^The job job-0123456789abc was started/);
    expect(run.errors[0]?.message).toContain('"Action":"partnercentral:GetResourceSnapshotJob"');
    expect(run.errors[0]?.message).toContain('set describe-job: false');
  });

  it('a throttled read is retried like a write', async () => {
    pc().script(
      { pass: true },
      { error: 'ThrottlingException', status: 429, message: 'Rate exceeded' },
    );
    const run = await stepAgainst(pc(), {
      catalog: 'AWS',
      'job-identifier': AWS_JOB,
      'describe-job': 'true',
    });
    expect(run.code).toBe(0);
    expect(operations()).toEqual([
      'StartResourceSnapshotJob',
      'GetResourceSnapshotJob',
      'GetResourceSnapshotJob',
    ]);
    expect(run.outputs['job-status']).toBe('Running');
    expect(run.log).toMatch(/GetResourceSnapshotJob: attempt 1 failed with ThrottlingException/);
  });
});

describe('dry-run', () => {
  it('sends nothing; shows each signed request with the secrets as ***', async () => {
    const run = await stepAgainst(pc(), {
      catalog: 'AWS',
      'job-identifier': AWS_JOB,
      'dry-run': 'true',
    });
    expect(run.code).toBe(0);
    // Only the catalog's settings are read (its snapshot job role): no job is sent anything.
    expect(operations()).toEqual(['GetSellingSystemSettings']);
    expect(run.outputs).toMatchObject({ attempts: '0', 'started-count': '0', 'error-code': '' });
    expect(results(run.outputs)).toEqual([
      {
        'job-identifier': AWS_JOB,
        catalog: 'AWS',
        status: 'dry-run',
        'request-id': '',
        attempts: 0,
        'error-code': '',
        'error-message': '',
      },
    ]);
    expect(run.summary).toContain('nothing was started');
    expect(run.summary).toContain(`POST ${pc().url}/`);
    expect(run.summary).toContain('authorization: ***');
    expect(run.summary).toContain(
      'x-amz-target: AWSPartnerCentralSelling.StartResourceSnapshotJob',
    );
    expect(run.summary).toContain(
      `{&quot;Catalog&quot;:&quot;AWS&quot;,&quot;ResourceSnapshotJobIdentifier&quot;:&quot;${AWS_JOB}&quot;}`,
    );
    const visible = visibleText(run);
    expect(visible).not.toContain(LONG_TERM.secretAccessKey);
    expect(visible).not.toMatch(/Signature=[0-9a-f]{64}/);
  });

  it('with describe-job reads each job (proving it exists and is visible) and starts none; Stopped is fine', async () => {
    const run = await stepAgainst(pc(), {
      catalog: 'AWS',
      'job-identifier': AWS_JOB,
      'dry-run': 'true',
      'describe-job': 'true',
    });
    expect(run.code).toBe(0);
    expect(operations()).toEqual(['GetSellingSystemSettings', 'GetResourceSnapshotJob']);
    expect(pc().running('AWS')).toEqual([]);
    expect(run.outputs).toMatchObject({ 'job-status': 'Stopped', attempts: '0' });
    expect(results(run.outputs)[0]).toMatchObject({ status: 'dry-run', 'job-status': 'Stopped' });
  });

  it('finds a job missing from the catalog: the same error as a real run, nothing started', async () => {
    const run = await stepAgainst(pc(), {
      catalog: 'AWS',
      'job-identifier': SANDBOX_JOB,
      'dry-run': 'true',
      'describe-job': 'true',
    });
    expect(run.code).toBe(1);
    expect(operations()).toEqual(['GetSellingSystemSettings', 'GetResourceSnapshotJob']);
    expect(run.outputs['error-code']).toBe('ResourceNotFoundException');
    expect(results(run.outputs)[0]).toMatchObject({ status: 'failed' });
    expect(run.errors[0]?.message).toMatch(/^The dry run could not read job-sandbox000001/);
    expect(run.errors[0]?.message).toContain('list-resource-snapshot-jobs --catalog AWS');
    expect(run.summary).toContain('Dry run failed: nothing was started');
  });
});

describe("dry-run: the catalog's snapshot job role (GetSellingSystemSettings)", () => {
  const dryRun = { catalog: 'AWS', 'job-identifier': AWS_JOB, 'dry-run': 'true' };

  it('a catalog with no role fails the dry run, naming PutSellingSystemSettings and the managed policy', async () => {
    pc().setJobRole('AWS', undefined);
    const run = await stepAgainst(pc(), dryRun);
    expect(run.code).toBe(1);
    expect(pc().running('AWS')).toEqual([]);
    expect(run.outputs).toMatchObject({ 'error-code': 'NoSnapshotJobRole', 'started-count': '0' });
    expect(results(run.outputs)[0]).toMatchObject({ status: 'dry-run' });
    expect(run.errors).toHaveLength(1);
    expect(run.errors[0]?.title).toBe('No snapshot job role in the AWS catalog');
    expect(run.errors[0]?.message).toContain('PutSellingSystemSettings');
    expect(run.errors[0]?.message).toContain(
      'AWSPartnerCentralSellingResourceSnapshotJobExecutionRolePolicy',
    );
    expect(run.summary).toContain('Dry run failed: nothing was started');
  });

  it('a catalog with the role passes, and the log names the role', async () => {
    const run = await stepAgainst(pc(), dryRun);
    expect(run.code).toBe(0);
    expect(run.annotations).toEqual([]);
    expect(run.log).toContain(
      "The AWS catalog's snapshot jobs run as arn:aws:iam::111122223333:role/PartnerCentralSnapshotJobs (GetSellingSystemSettings)",
    );
  });

  it('a denied settings read passes the dry run with a notice naming the IAM action', async () => {
    pc().deny('GetSellingSystemSettings');
    const run = await stepAgainst(pc(), dryRun);
    expect(run.code).toBe(0);
    expect(run.errors).toEqual([]);
    expect(run.notices).toHaveLength(1);
    expect(run.notices[0]?.title).toBe('Snapshot job role not checked');
    expect(run.notices[0]?.message).toContain(
      'the credentials may not call partnercentral:GetSellingSystemSettings',
    );
  });
});
