// End to end: the step ends by its deadline even when what it waits on never answers: a credential_process that
// sleeps, a proxy that accepts a CONNECT and says nothing. The report is written at timeout-seconds and the process
// exits EXIT_AFTER_REPORT_MS later, whatever the abandoned work still holds.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT_AFTER_REPORT_MS } from '../../src/common/tunables.js';
import { AWS_JOB, LONG_TERM } from '../emulator/fixtures.mjs';
import { runStep } from '../emulator/run-dist.mjs';

const TIMEOUT_SECONDS = 5;
/** The deadline, the exit grace, and a second for a busy machine's start-up and exit. */
const LATEST_EXIT_MS = TIMEOUT_SECONDS * 1000 + EXIT_AFTER_REPORT_MS + 1000;
const job = {
  catalog: 'AWS',
  'job-identifier': AWS_JOB,
  'timeout-seconds': String(TIMEOUT_SECONDS),
};

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'step-deadline-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the step deadline holds against sources that never answer', () => {
  it('a credential_process that sleeps past timeout-seconds', async () => {
    const config = path.join(dir, 'config');
    // Longer than the deadline and the grace, short enough not to outlive the test file by much.
    writeFileSync(config, '[profile slow]\ncredential_process = sleep 9\n');
    const run = await runStep(job, {
      AWS_CONFIG_FILE: config,
      AWS_SHARED_CREDENTIALS_FILE: path.join(dir, 'none'),
      AWS_PROFILE: 'slow',
    });
    expect(run.code).toBe(1);
    expect(run.outputs['error-code']).toBe('TimeoutError');
    expect(run.errors[0]?.title).toBe('Timed out looking for AWS credentials');
    expect(run.wallMs).toBeLessThan(LATEST_EXIT_MS);
  }, 30_000);

  it('a proxy that accepts the CONNECT and never answers', async () => {
    const held = new Set<net.Socket>();
    const proxy = net.createServer((socket) => {
      held.add(socket);
      socket.on('error', () => {});
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    const port = (proxy.address() as net.AddressInfo).port;
    try {
      // The default endpoint goes through the proxy; the proxy holds the tunnel, so nothing leaves this machine.
      const run = await runStep(
        { ...job, 'max-attempts': '1' },
        {
          AWS_ACCESS_KEY_ID: LONG_TERM.accessKeyId,
          AWS_SECRET_ACCESS_KEY: LONG_TERM.secretAccessKey,
          HTTPS_PROXY: `http://127.0.0.1:${port}`,
        },
      );
      expect(run.code).toBe(1);
      expect(run.outputs['error-code']).toBe('TimeoutError');
      expect(held.size).toBeGreaterThan(0);
      expect(run.wallMs).toBeLessThan(LATEST_EXIT_MS);
    } finally {
      for (const s of held) s.destroy();
      await new Promise((resolve) => proxy.close(resolve));
    }
  }, 30_000);
});
