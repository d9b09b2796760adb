import { describe, expect, it } from 'vitest';
import { readSnapshotReply, snapshotTargetOf } from '../../../src/partner-central/snapshots.js';

const res = (body: string) => ({ status: 200, headers: {}, body });
const job = {
  catalog: 'AWS',
  jobIdentifier: 'job-0123456789abc',
  region: 'us-east-1',
  endpoint: new URL('https://x/'),
};

describe('GetResourceSnapshot reply', () => {
  it('reads the revision, ARN and date exactly as written, and keeps the body only as received', () => {
    const body =
      '{"Revision":3,"Arn":"arn:x ","CreatedAt":"2026-01-02T03:04:05Z","Payload":{"OpportunitySummary":{}}}';
    expect(readSnapshotReply(res(body))).toEqual({
      revision: 3,
      arn: 'arn:x ',
      createdAt: '2026-01-02T03:04:05Z',
      bytes: Buffer.from(body),
    });
    // The transport's bytes, when it gives them, are the file's: not a re-encoding of the text.
    const bytes = Buffer.from([...Buffer.from('{"Revision":1,"X":"'), 0xff, ...Buffer.from('"}')]);
    expect(readSnapshotReply({ ...res(bytes.toString('utf8')), bytes }).bytes).toBe(bytes);
    expect(readSnapshotReply(res('{"Revision":1,"CreatedAt":1700000000}')).createdAt).toBe(
      '2023-11-14T22:13:20.000Z',
    );
  });

  it.each(['', '[]', '{}', '{"Revision":0}', '{"Revision":"2"}', '{"Revision":1.5}'])(
    'refuses %s (then retried as a malformed reply)',
    (body) => expect(() => readSnapshotReply(res(body))).toThrow(),
  );

  it('never quotes the body in the error of a reply it cannot read (the body is partner data)', () => {
    const cut = '{"Revision":2,"Payload":{"OpportunitySummary":{"Customer":"ACME-SECRET';
    expect(() => readSnapshotReply(res(cut))).toThrow('the body is not valid JSON');
    try {
      readSnapshotReply(res(`${cut} x`));
    } catch (err) {
      expect((err as Error).message).not.toContain('ACME');
    }
  });

  it('names the snapshot from the job, or which members the job did not report', () => {
    expect(
      snapshotTargetOf(job, {
        'engagement-id': 'eng-0123456789abcd',
        'resource-type': 'Opportunity',
        'resource-id': 'O1',
        'resource-snapshot-template-name': 'T1',
      }),
    ).toMatchObject({
      engagementId: 'eng-0123456789abcd',
      resourceId: 'O1',
      templateName: 'T1',
      catalog: 'AWS',
    });
    expect(snapshotTargetOf(job, { 'resource-type': 'Opportunity' })).toEqual({
      missing: ['EngagementId', 'ResourceId', 'ResourceSnapshotTemplateName'],
    });
  });
});
