// End to end: the credential chain's in-between secrets. A profile assumes a role from source credentials that only
// the SDK ever holds (a credential_process's output); the chain's STS refuses, quoting the session token it was
// sent. The gate must know that token from the request itself: no 12-character piece of it may show anywhere.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AWS_JOB } from '../emulator/fixtures.mjs';
import { runStep, visibleText } from '../emulator/run-dist.mjs';

const SOURCE = {
  Version: 1,
  AccessKeyId: 'ASIASOURCEPROCESS001',
  SecretAccessKey: randomBytes(30).toString('base64'),
  SessionToken: `IQoJb3JpZ2luX2VjESource${randomBytes(300).toString('base64')}`,
};

let dir: string;
let sts: http.Server;
let stsUrl: string;
const received: string[] = [];
beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'chain-secrets-'));
  sts = http.createServer((req, res) => {
    const token = String(req.headers['x-amz-security-token'] ?? '');
    received.push(token);
    req.resume();
    res
      .writeHead(403, { 'content-type': 'text/xml' })
      .end(
        `<ErrorResponse><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>User with session ${token} is not authorized to perform: sts:AssumeRole</Message></Error><RequestId>a1b2c3d4-0000-0000-0000-000000000000</RequestId></ErrorResponse>`,
      );
  });
  await new Promise<void>((resolve) => sts.listen(0, '127.0.0.1', resolve));
  stsUrl = `http://127.0.0.1:${(sts.address() as { port: number }).port}`;
});
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await new Promise((resolve) => sts.close(resolve));
});

describe("the chain's in-between secrets", () => {
  it("a role's source session token, known only to the SDK, is scrubbed when STS quotes it", async () => {
    const output = path.join(dir, 'source.json');
    writeFileSync(output, JSON.stringify(SOURCE));
    const config = path.join(dir, 'config');
    writeFileSync(
      config,
      `[profile release]\nrole_arn = arn:aws:iam::111122223333:role/partner-release\nsource_profile = src\n` +
        `[profile src]\ncredential_process = cat ${output}\n`,
    );
    const run = await runStep(
      { catalog: 'AWS', 'job-identifier': AWS_JOB, 'timeout-seconds': '10' },
      {
        AWS_CONFIG_FILE: config,
        AWS_SHARED_CREDENTIALS_FILE: path.join(dir, 'none'),
        AWS_PROFILE: 'release',
        AWS_ENDPOINT_URL_STS: stsUrl,
        RUNNER_DEBUG: '1',
      },
    );
    // The chain really sent the source token, and the step failed on STS's refusal.
    expect(received).toContain(SOURCE.SessionToken);
    expect(run.code).toBe(1);
    expect(run.outputs['error-message']).toMatch(/User with session \*\*\* is not authorized/);
    const seen = `${visibleText(run)}\n${run.stdout}`;
    for (let i = 0; i + 12 <= SOURCE.SessionToken.length; i += 1)
      expect(seen.includes(SOURCE.SessionToken.slice(i, i + 12)), `piece at ${i}`).toBe(false);
  }, 30_000);
});
