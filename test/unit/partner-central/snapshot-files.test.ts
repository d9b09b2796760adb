// The snapshot writer on a real file system (a temporary directory): links, modes, partial writes, the directory check.
import * as fs from 'node:fs/promises';
import { lstatSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  checkSnapshotDirectory,
  SNAPSHOT_DIRECTORY_MODE,
  SNAPSHOT_FILE_MODE,
  writeSnapshotFile,
  type SnapshotFiles,
} from '../../../src/partner-central/snapshot-files.js';
import { memoryFiles } from '../memory-files.js';

const JOB = 'job-0123456789abc';
// The reply as it came, with what a parse and re-serialise would change (spacing, a big integer, an escape).
const BODY =
  '{"Revision":2, "Payload":{"Customer":"partner data","N":12345678901234567890123,"E":"caf\\u00e9"}}\n';
const BYTES = Buffer.from(BODY, 'utf8');
const noSecret = () => false;
const posix = process.platform !== 'win32';

let root: string;
let dir: string;
let victim: string;
beforeEach(async () => {
  root = mkdtempSync(path.join(tmpdir(), 'snapshot-files-'));
  dir = path.join(root, 'snapshots');
  await fs.mkdir(dir, { mode: 0o700 });
  victim = path.join(root, 'victim.txt');
  await fs.writeFile(victim, 'the victim', { mode: 0o644 });
  await fs.chmod(victim, 0o644);
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const mode = (p: string) => statSync(p).mode & 0o777;
const target = () => path.join(dir, `${JOB}.json`);
/** Nothing but the snapshot file is left behind (no temporary file). */
const leftovers = () => readdirSync(dir).filter((f) => f !== `${JOB}.json`);

describe('writeSnapshotFile', () => {
  it('writes nothing when the reply holds a secret of the step, and says so', async () => {
    const seen: string[] = [];
    const out = await writeSnapshotFile(fs, dir, JOB, BYTES, (text) => {
      seen.push(text);
      return true;
    });
    expect(seen).toEqual([BODY]);
    expect(out).toMatchObject({ ok: false, path: target(), heldSecret: true });
    expect(readdirSync(dir)).toEqual([]);
  });

  it('writes the reply byte for byte, mode 0600 whatever the umask, and leaves no temporary file', async () => {
    const old = process.umask(0o277);
    try {
      const out = await writeSnapshotFile(fs, dir, JOB, BYTES, noSecret);
      expect(out).toEqual({ ok: true, path: target() });
    } finally {
      process.umask(old);
    }
    expect(readFileSync(target(), 'utf8')).toBe(BODY);
    if (posix) expect(mode(target())).toBe(SNAPSHOT_FILE_MODE);
    expect(leftovers()).toEqual([]);
  });

  it.runIf(posix)('replaces a symbolic link instead of writing through it', async () => {
    await fs.symlink(victim, target());
    const out = await writeSnapshotFile(fs, dir, JOB, BYTES, noSecret);
    expect(out.ok).toBe(true);
    expect(readFileSync(victim, 'utf8')).toBe('the victim');
    expect(mode(victim)).toBe(0o644);
    expect(lstatSync(target()).isSymbolicLink()).toBe(false);
    expect(readFileSync(target(), 'utf8')).toBe(BODY);
    expect(mode(target())).toBe(0o600);
  });

  it.runIf(posix)('replaces a dangling symbolic link without creating its target', async () => {
    const planted = path.join(root, 'planted.txt');
    await fs.symlink(planted, target());
    expect((await writeSnapshotFile(fs, dir, JOB, BYTES, noSecret)).ok).toBe(true);
    await expect(fs.stat(planted)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('replaces a hard link: its other name keeps the old content', async () => {
    await fs.link(victim, target());
    expect((await writeSnapshotFile(fs, dir, JOB, BYTES, noSecret)).ok).toBe(true);
    expect(readFileSync(victim, 'utf8')).toBe('the victim');
    expect(readFileSync(target(), 'utf8')).toBe(BODY);
  });

  it.runIf(posix)(
    'replaces an existing 0644 file with a 0600 one (never the data at 0644)',
    async () => {
      await fs.writeFile(target(), 'old', { mode: 0o644 });
      await fs.chmod(target(), 0o644);
      const before = statSync(target()).ino;
      expect((await writeSnapshotFile(fs, dir, JOB, BYTES, noSecret)).ok).toBe(true);
      expect(mode(target())).toBe(0o600);
      // A new file, not the old one rewritten: its inode changed.
      expect(statSync(target()).ino).not.toBe(before);
    },
  );

  it('a failure midway removes its temporary file and keeps the old snapshot', async () => {
    await fs.writeFile(target(), 'old snapshot');
    const failing: SnapshotFiles = {
      ...fs,
      open: async (p, flags, m) => {
        const handle = await fs.open(p, flags, m);
        return Object.assign(handle, {
          sync: () =>
            Promise.reject(Object.assign(new Error('EIO: i/o error, fsync'), { code: 'EIO' })),
        });
      },
    };
    const out = await writeSnapshotFile(failing, dir, JOB, BYTES, noSecret);
    expect(out).toEqual({ ok: false, path: target(), reason: 'EIO: i/o error, fsync' });
    expect(readFileSync(target(), 'utf8')).toBe('old snapshot');
    expect(leftovers()).toEqual([]);
  });

  it.runIf(posix)('refuses a directory swapped for a link after the check', async () => {
    const elsewhere = path.join(root, 'elsewhere');
    await fs.mkdir(elsewhere);
    await fs.rename(dir, path.join(root, 'moved'));
    await fs.symlink(elsewhere, dir);
    const out = await writeSnapshotFile(fs, dir, JOB, BYTES, noSecret);
    expect(out).toEqual({
      ok: false,
      path: target(),
      reason: 'snapshot-directory was replaced by a symbolic link or a file after it was checked',
    });
    expect(readdirSync(elsewhere)).toEqual([]);
  });

  it('never removes a file it did not create (the temporary name was taken)', async () => {
    const { files, calls } = memoryFiles({
      op: 'open',
      message: 'EEXIST: file already exists',
      code: 'EEXIST',
    });
    await files.mkdir('/d', { recursive: true, mode: 0o700 });
    calls.length = 0;
    const out = await writeSnapshotFile(files, '/d', JOB, BYTES, noSecret);
    expect(out).toMatchObject({ ok: false, reason: 'EEXIST: file already exists' });
    expect(calls.map((c) => c.op)).toEqual(['lstat', 'open']);
  });

  it('opens exclusive and no-follow (where the system has it)', async () => {
    const { files, calls } = memoryFiles();
    await files.mkdir('/d', { recursive: true, mode: 0o700 });
    await writeSnapshotFile(files, '/d', JOB, BYTES, noSecret);
    const flags = calls.find((c) => c.op === 'open')?.flags ?? 0;
    const { constants } = await import('node:fs');
    expect(flags & constants.O_EXCL).toBe(constants.O_EXCL);
    expect(flags & constants.O_CREAT).toBe(constants.O_CREAT);
    if (constants.O_NOFOLLOW) expect(flags & constants.O_NOFOLLOW).toBe(constants.O_NOFOLLOW);
  });
});

describe('checkSnapshotDirectory', () => {
  it('creates a missing directory (and its parents) for the user only', async () => {
    const fresh = path.join(root, 'a', 'b');
    expect(await checkSnapshotDirectory(fs, fresh, process.platform)).toEqual({ ok: true });
    expect(statSync(fresh).isDirectory()).toBe(true);
    if (posix) expect(mode(fresh)).toBe(SNAPSHOT_DIRECTORY_MODE & ~process.umask());
  });

  it.runIf(posix)(
    'refuses a directory that is a symbolic link, naming snapshot-directory',
    async () => {
      const link = path.join(root, 'link');
      await fs.symlink(dir, link);
      const checked = await checkSnapshotDirectory(fs, link, process.platform);
      expect(checked).toEqual({
        ok: false,
        problem: expect.stringMatching(
          /^snapshot-directory ".*link" is a symbolic link; /,
        ) as string,
      });
    },
  );

  it('refuses a path that is a file', async () => {
    const checked = await checkSnapshotDirectory(fs, victim, process.platform);
    expect(checked).toMatchObject({ ok: false });
    expect(!checked.ok && checked.problem).toMatch(
      /^snapshot-directory ".*victim.txt" exists and is not a directory; give a directory path/,
    );
  });

  it.runIf(posix)('warns when other users may write to the directory', async () => {
    await fs.chmod(dir, 0o777);
    const checked = await checkSnapshotDirectory(fs, dir, process.platform);
    expect(checked).toEqual({
      ok: true,
      warning: expect.stringMatching(
        /^snapshot-directory ".*" is writable by other users \(mode 777\)/,
      ) as string,
    });
    await fs.chmod(dir, 0o755);
    expect(await checkSnapshotDirectory(fs, dir, process.platform)).toEqual({ ok: true });
    // Windows has no such bits: no warning there whatever the mode reads.
    await fs.chmod(dir, 0o777);
    expect(await checkSnapshotDirectory(fs, dir, 'win32')).toEqual({ ok: true });
  });

  it('names the input and the system reason when the directory cannot be made', async () => {
    const checked = await checkSnapshotDirectory(fs, path.join(victim, 'sub'), process.platform);
    expect(!checked.ok && checked.problem).toMatch(
      /^snapshot-directory ".*sub" cannot be used: (ENOTDIR|EEXIST)/,
    );
  });
});
