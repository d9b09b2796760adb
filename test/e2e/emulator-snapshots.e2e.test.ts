// The emulator's snapshot operations, checked with the AWS SDK's own client: the wire shapes the action is tested against are the service model's.
import {
  GetResourceSnapshotCommand,
  GetResourceSnapshotJobCommand,
  ListResourceSnapshotsCommand,
  PartnerCentralSellingClient,
  StartResourceSnapshotJobCommand,
} from '@aws-sdk/client-partnercentral-selling';
import { describe, expect, it } from 'vitest';
import {
  AWS_JOB,
  defaultEmulatorOptions,
  LONG_TERM,
  PARTNER_DATA_MARKERS,
  SANDBOX_JOB,
} from '../emulator/fixtures.mjs';
import {
  DEFAULT_TEMPLATE,
  EARLIER_SNAPSHOT_AT,
  startPartnerCentral,
} from '../emulator/partner-central.mjs';
import { usePartnerCentral } from './emulator.js';

const pc = usePartnerCentral();
const JOB = 'job-emusnap000001';
const client = () =>
  new PartnerCentralSellingClient({
    region: 'us-east-1',
    endpoint: pc().url,
    credentials: LONG_TERM,
    maxAttempts: 1,
  });
/** The four identifying members of a job's snapshots, as GetResourceSnapshotJob gives them. */
async function snapshotQuery(id = JOB) {
  const job = await client().send(
    new GetResourceSnapshotJobCommand({ Catalog: 'AWS', ResourceSnapshotJobIdentifier: id }),
  );
  return {
    Catalog: 'AWS',
    EngagementIdentifier: job.EngagementId!,
    ResourceType: job.ResourceType!,
    ResourceIdentifier: job.ResourceId!,
    ResourceSnapshotTemplateIdentifier: job.ResourceSnapshotTemplateName!,
  };
}
const errorOf = (p: Promise<unknown>) =>
  p.then(
    () => undefined,
    (e: unknown) => e as { name: string; message: string; ErrorList?: unknown[] },
  );

describe('the emulator holds snapshots as the service does', () => {
  it('a fresh emulator (no reset yet) holds the jobs of its options, as the scripts use it', async () => {
    const fresh = await startPartnerCentral(defaultEmulatorOptions());
    try {
      expect(fresh.job('AWS', AWS_JOB)?.Id).toBe(AWS_JOB);
      expect(fresh.job('Sandbox', SANDBOX_JOB)?.Id).toBe(SANDBOX_JOB);
    } finally {
      await fresh.close();
    }
  });

  it('GetResourceSnapshot answers the latest revision, or the one asked for, with every member; the job description keeps behaviour private', async () => {
    pc().addJob('AWS', JOB, { snapshots: [1, { revision: 2, createdAt: '2026-10-20T10:00:00Z' }] });
    const q = await snapshotQuery();
    expect(q.ResourceSnapshotTemplateIdentifier).toBe(DEFAULT_TEMPLATE);
    const latest = await client().send(new GetResourceSnapshotCommand(q));
    expect(latest).toMatchObject({
      Catalog: 'AWS',
      EngagementId: q.EngagementIdentifier,
      ResourceType: 'Opportunity',
      ResourceId: q.ResourceIdentifier,
      ResourceSnapshotTemplateName: DEFAULT_TEMPLATE,
      Revision: 2,
      CreatedAt: new Date('2026-10-20T10:00:00Z'),
      CreatedBy: expect.stringMatching(/^\d{12}$/),
      TargetMemberAccounts: [expect.stringMatching(/^\d{12}$/)],
    });
    expect(latest.Arn).toMatch(/^arn:aws:partnercentral:us-east-1:\d{12}:catalog\/AWS\/.*\/2$/);
    expect(latest.Payload?.OpportunitySummary?.Customer?.Account?.CompanyName).toBe(
      PARTNER_DATA_MARKERS.customer,
    );
    const first = await client().send(new GetResourceSnapshotCommand({ ...q, Revision: 1 }));
    expect(first).toMatchObject({ Revision: 1, CreatedAt: new Date(EARLIER_SNAPSHOT_AT) });
    expect(pc().requests.map((r) => [r.operation, r.signatureValid])).toEqual([
      ['GetResourceSnapshotJob', true],
      ['GetResourceSnapshot', true],
      ['GetResourceSnapshot', true],
    ]);
    expect(JSON.parse(pc().requests[0]!.body)).toEqual({
      Catalog: 'AWS',
      ResourceSnapshotJobIdentifier: JOB,
    });
  });

  it('ResourceNotFoundException for a resource without snapshots and for a revision that does not exist', async () => {
    pc().addJob('AWS', JOB);
    const q = await snapshotQuery();
    expect((await errorOf(client().send(new GetResourceSnapshotCommand(q))))?.name).toBe(
      'ResourceNotFoundException',
    );
    pc().takeSnapshot('AWS', JOB);
    expect((await client().send(new GetResourceSnapshotCommand(q))).Revision).toBe(1);
    expect(
      (await errorOf(client().send(new GetResourceSnapshotCommand({ ...q, Revision: 2 }))))?.name,
    ).toBe('ResourceNotFoundException');
  });

  it('ValidationException names every bad member', async () => {
    const err = await errorOf(
      client().send(
        new GetResourceSnapshotCommand({
          Catalog: 'AWS',
          EngagementIdentifier: 'eng-short',
          ResourceType: 'Opportunity',
          ResourceIdentifier: '1000001',
          ResourceSnapshotTemplateIdentifier: 'AWS-Opportunity-Summary',
          Revision: 0,
        }),
      ),
    );
    expect(err?.name).toBe('ValidationException');
    expect(err?.ErrorList).toEqual(
      expect.arrayContaining(
        [
          ['EngagementIdentifier', 'INVALID_STRING_FORMAT'],
          ['ResourceIdentifier', 'INVALID_STRING_FORMAT'],
          ['ResourceSnapshotTemplateIdentifier', 'INVALID_STRING_FORMAT'],
          ['Revision', 'VALUE_OUT_OF_RANGE'],
        ].map(([FieldName, Code]) => expect.objectContaining({ FieldName, Code })),
      ),
    );
    expect(err?.ErrorList).toHaveLength(4);
  });

  it('a job with newSnapshotAfterMs takes revision + 1 that long after its start; failsAfterMs reports a new LastFailure and stops', async () => {
    pc().addJob('AWS', JOB, { snapshots: [3], newSnapshotAfterMs: 300 });
    pc().addJob('AWS', 'job-emusnap000002', {
      LastFailure: 'an old failure',
      failsAfterMs: 300,
      failsWith: 'Opportunity O1000002 is locked',
      stopsOnFailure: true,
    });
    const q = await snapshotQuery();
    for (const id of [JOB, 'job-emusnap000002'])
      await client().send(
        new StartResourceSnapshotJobCommand({ Catalog: 'AWS', ResourceSnapshotJobIdentifier: id }),
      );
    expect((await client().send(new GetResourceSnapshotCommand(q))).Revision).toBe(3);
    expect(pc().job('AWS', 'job-emusnap000002')).toMatchObject({
      Status: 'Running',
      LastFailure: 'an old failure',
    });
    await new Promise((r) => setTimeout(r, 600));
    const after = await client().send(new GetResourceSnapshotCommand(q));
    expect(after.Revision).toBe(4);
    expect(Date.now() - after.CreatedAt!.getTime()).toBeLessThan(5000);
    const failed = await client().send(
      new GetResourceSnapshotJobCommand({
        Catalog: 'AWS',
        ResourceSnapshotJobIdentifier: 'job-emusnap000002',
      }),
    );
    expect(failed).toMatchObject({
      Status: 'Stopped',
      LastFailure: 'Opportunity O1000002 is locked',
    });
    expect(Object.keys(failed)).not.toContain('failsAfterMs');
  });

  it('ListResourceSnapshots pages with NextToken and filters by resource', async () => {
    pc().addJob('AWS', JOB, { snapshots: [1, 2, 3], EngagementId: 'eng-0000000000list' });
    pc().addJob('AWS', 'job-emusnap000002', { snapshots: [1], EngagementId: 'eng-0000000000list' });
    const seen: number[] = [];
    let token: string | undefined;
    do {
      const page = await client().send(
        new ListResourceSnapshotsCommand({
          Catalog: 'AWS',
          EngagementIdentifier: 'eng-0000000000list',
          MaxResults: 2,
          NextToken: token,
        }),
      );
      expect(page.ResourceSnapshotSummaries!.length).toBeLessThanOrEqual(2);
      seen.push(...page.ResourceSnapshotSummaries!.map((s) => s.Revision!));
      token = page.NextToken;
    } while (token);
    expect(seen.sort()).toEqual([1, 1, 2, 3]);
    const one = await client().send(
      new ListResourceSnapshotsCommand({
        Catalog: 'AWS',
        EngagementIdentifier: 'eng-0000000000list',
        ResourceIdentifier: pc().job('AWS', 'job-emusnap000002').ResourceId,
      }),
    );
    expect(one.ResourceSnapshotSummaries).toEqual([
      expect.objectContaining({ Revision: 1, ResourceSnapshotTemplateName: DEFAULT_TEMPLATE }),
    ]);
    expect(one.NextToken).toBeUndefined();
  });

  it('deny and the read rate apply to the snapshot reads', async () => {
    pc().addJob('AWS', JOB, { snapshots: [1] });
    const q = await snapshotQuery();
    pc().setReadRate(0.5);
    expect((await client().send(new GetResourceSnapshotCommand(q))).Revision).toBe(1);
    const throttled = await errorOf(client().send(new GetResourceSnapshotCommand(q)));
    expect(throttled?.name).toBe('ThrottlingException');
    pc().setReadRate(0);
    pc().deny('ListResourceSnapshots');
    const denied = await errorOf(
      client().send(
        new ListResourceSnapshotsCommand({
          Catalog: 'AWS',
          EngagementIdentifier: q.EngagementIdentifier,
        }),
      ),
    );
    expect(denied?.name).toBe('AccessDeniedException');
    expect(denied?.message).toContain('partnercentral:ListResourceSnapshots');
  });
});
