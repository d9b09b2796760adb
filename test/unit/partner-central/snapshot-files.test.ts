import { describe, expect, it } from 'vitest';
import {
  SNAPSHOT_DIRECTORY_MODE,
  SNAPSHOT_FILE_MODE,
  writeSnapshotFile,
  type SnapshotFiles,
} from '../../../src/partner-central/snapshot-files.js';

describe('writeSnapshotFile', () => {
  it('creates the directory, writes pretty JSON with mode 0600 and sets the mode again', async () => {
    const calls: unknown[][] = [];
    const files: SnapshotFiles = {
      mkdir: (...a) => (calls.push(['mkdir', ...a]), Promise.resolve()),
      writeFile: (...a) => (calls.push(['writeFile', ...a]), Promise.resolve()),
      chmod: (...a) => (calls.push(['chmod', ...a]), Promise.resolve()),
    };
    const out = await writeSnapshotFile(files, '/d', 'job-0123456789abc', '{"Revision":2}');
    expect(out).toEqual({ ok: true, path: '/d/job-0123456789abc.json' });
    expect(SNAPSHOT_FILE_MODE).toBe(0o600);
    expect(calls).toEqual([
      ['mkdir', '/d', { recursive: true, mode: SNAPSHOT_DIRECTORY_MODE }],
      [
        'writeFile',
        '/d/job-0123456789abc.json',
        '{\n  "Revision": 2\n}\n',
        { mode: 0o600, encoding: 'utf8' },
      ],
      ['chmod', '/d/job-0123456789abc.json', 0o600],
    ]);
  });

  it('reports the path and the system reason, never the data', async () => {
    const files: SnapshotFiles = {
      mkdir: () =>
        Promise.reject(
          Object.assign(new Error("ENOTDIR: not a directory, mkdir '/f'"), { code: 'ENOTDIR' }),
        ),
      writeFile: () => Promise.resolve(),
      chmod: () => Promise.resolve(),
    };
    const out = await writeSnapshotFile(files, '/f', 'job-0123456789abc', '{"Payload":"secret"}');
    expect(out).toEqual({
      ok: false,
      path: '/f/job-0123456789abc.json',
      reason: "ENOTDIR: not a directory, mkdir '/f'",
    });
  });
});
