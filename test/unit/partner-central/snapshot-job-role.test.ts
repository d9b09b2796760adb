// GetSellingSystemSettings: the reply read exactly (a role, none, a hostile shape), and what each finding says.
import { describe, expect, it } from 'vitest';
import {
  jobRoleUnread,
  noJobRoleWarning,
  noSnapshotJobRole,
  readSettingsReply,
} from '../../../src/partner-central/snapshot-job-role.js';
import type { CallError } from '../../../src/http/call-error.js';

const target = {
  catalog: 'Sandbox',
  region: 'us-east-1',
  endpoint: new URL('https://partnercentral-selling.us-east-1.api.aws'),
};
const reply = (body: string) => ({ status: 200, headers: {}, body });
const ROLE = 'arn:aws:iam::111122223333:role/PartnerCentralSnapshotJobs';

describe('readSettingsReply', () => {
  it('reads the role as written; absent, null or empty is no role', () => {
    expect(
      readSettingsReply(
        reply(JSON.stringify({ Catalog: 'AWS', ResourceSnapshotJobRoleArn: ROLE })),
      ),
    ).toEqual({ roleArn: ROLE });
    for (const body of [
      '{"Catalog":"AWS"}',
      '{"ResourceSnapshotJobRoleArn":null}',
      '{"ResourceSnapshotJobRoleArn":""}',
      '',
    ])
      expect(readSettingsReply(reply(body)), body).toEqual({});
  });
  it('refuses what is not the settings: a list, a number for the role, not JSON', () => {
    expect(() => readSettingsReply(reply('[]'))).toThrow('expected a JSON object');
    expect(() => readSettingsReply(reply('{"ResourceSnapshotJobRoleArn":7}'))).toThrow(
      'not a string',
    );
    expect(() => readSettingsReply(reply('<html>'))).toThrow();
  });
});

describe('what the role check says', () => {
  it('a dry run with no role fails naming PutSellingSystemSettings and the managed policy', () => {
    const f = noSnapshotJobRole(target);
    expect(f).toMatchObject({
      code: 'NoSnapshotJobRole',
      title: 'No snapshot job role in the Sandbox catalog',
    });
    expect(f.text).toContain('without it a job starts and runs but takes no snapshot');
    expect(f.text).toContain('AWSPartnerCentralSellingResourceSnapshotJobExecutionRolePolicy');
    expect(f.text).toContain(
      'aws partnercentral-selling put-selling-system-settings --catalog Sandbox --resource-snapshot-job-role-identifier <role ARN> --region us-east-1',
    );
    expect(noJobRoleWarning(target)).toMatch(
      /^The Sandbox catalog has no snapshot job role .*PutSellingSystemSettings/,
    );
  });
  it('a denied read names the optional IAM action and goes on; another failure says what it was', () => {
    const failed = (error: CallError) => ({
      ok: false as const,
      error,
      attempts: 1,
      elapsedMs: 1,
      stop: 'client' as const,
    });
    const denied = jobRoleUnread(
      failed({ name: 'AccessDeniedException', message: 'no', status: 403, retryClass: 'client' }),
      target,
    );
    expect(denied).toContain(
      'the credentials may not call partnercentral:GetSellingSystemSettings',
    );
    expect(denied).toContain('The step goes on.');
    const throttled = jobRoleUnread(
      failed({
        name: 'ThrottlingException',
        message: 'Rate exceeded',
        status: 429,
        retryClass: 'throttling',
        requestId: 'rid-7',
      }),
      target,
    );
    expect(throttled).toBe(
      "The Sandbox catalog's snapshot job role was not checked: GetSellingSystemSettings failed with ThrottlingException (HTTP 429), request id rid-7: Rate exceeded. The step goes on.",
    );
  });
});
