// snapshot-directory: checks the directory before anything starts, and writes each job's latest snapshot as <directory>/<job-identifier>.json: the reply's bytes, never a secret, new, no-follow, 0600, renamed into place.
import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import path from 'node:path';

/** What the writer needs of the file system: node:fs/promises in main.ts; a real temporary directory or a fake in tests. */
export interface SnapshotFiles {
  mkdir(path: string, options: { recursive: true; mode: number }): Promise<unknown>;
  lstat(path: string): Promise<{ isSymbolicLink(): boolean; isDirectory(): boolean; mode: number }>;
  open(path: string, flags: number, mode: number): Promise<SnapshotFileHandle>;
  rename(from: string, to: string): Promise<void>;
  unlink(path: string): Promise<void>;
}

/** The open temporary file (node:fs/promises FileHandle). */
export interface SnapshotFileHandle {
  chmod(mode: number): Promise<void>;
  writeFile(data: Uint8Array): Promise<void>;
  sync(): Promise<void>;
  close(): Promise<void>;
}

/** A snapshot holds partner data (customer, project, team): only the runner's user may read it. */
export const SNAPSHOT_FILE_MODE = 0o600;
/** A directory the action creates is the user's only too; an existing one is left as it is. */
export const SNAPSHOT_DIRECTORY_MODE = 0o700;

type DirectoryCheck = { ok: true; warning?: string } | { ok: false; problem: string };

/**
 * Before anything is started: creates the directory if missing, then refuses one that is a symbolic link (the
 * files would land wherever it points) or not a directory, so no job is started whose snapshot cannot be kept.
 * A directory other users may write to is used, with a warning. `platform` is process.platform (Windows has
 * no group or other write bits to read).
 */
export async function checkSnapshotDirectory(
  files: SnapshotFiles,
  directory: string,
  platform: NodeJS.Platform,
): Promise<DirectoryCheck> {
  const shown = JSON.stringify(directory);
  try {
    let stat = await files.lstat(directory).catch((err: { code?: string }) => {
      if (err.code !== 'ENOENT') throw err;
      return undefined;
    });
    if (!stat) {
      await files.mkdir(directory, { recursive: true, mode: SNAPSHOT_DIRECTORY_MODE });
      stat = await files.lstat(directory);
    }
    if (stat.isSymbolicLink())
      return {
        ok: false,
        problem: `snapshot-directory ${shown} is a symbolic link; the action writes snapshots only into a real directory (a link could send partner data anywhere). Give the directory itself, not a link to it`,
      };
    if (!stat.isDirectory())
      return {
        ok: false,
        problem: `snapshot-directory ${shown} exists and is not a directory; give a directory path (it is created if missing)`,
      };
    const othersWrite = platform !== 'win32' && (stat.mode & 0o022) !== 0;
    if (!othersWrite) return { ok: true };
    return {
      ok: true,
      warning:
        `snapshot-directory ${shown} is writable by other users (mode ${(stat.mode & 0o7777).toString(8)}). ` +
        'Each snapshot file is still created new, readable by the runner’s user only, and renamed into place, but another user ' +
        'could replace it afterwards: use a directory only this user can write to (e.g. under RUNNER_TEMP, or mode 700).',
    };
  } catch (err) {
    return { ok: false, problem: `snapshot-directory ${shown} cannot be used: ${reasonOf(err)}` };
  }
}

/** Written; or not, and why (`heldSecret`: refused, not failed: the reply would have put a secret on disk). */
type WriteOutcome =
  { ok: true; path: string } | { ok: false; path: string; reason: string; heldSecret?: true };

/**
 * Writes the snapshot, the reply's bytes as they came, as a new temporary file in the directory (exclusive,
 * no-follow, mode 0600), flushes it to disk, then renames it over <job-identifier>.json. A rename replaces whatever
 * was there (a file, a symbolic or a hard link) instead of writing through it, and no reader ever sees a partial
 * file or a wider mode. Windows has no O_NOFOLLOW: there the exclusive create (a fresh random name) is what keeps a
 * planted link from being used. A reply that holds a secret of the step (`holdsSecret`: whole, or a run of one) is
 * not written at all: a file has no sink to scrub it. The reason of a failure is the system's error code and
 * message, never the data.
 */
export async function writeSnapshotFile(
  files: SnapshotFiles,
  directory: string,
  jobIdentifier: string,
  bytes: Uint8Array,
  holdsSecret: (text: string) => boolean,
): Promise<WriteOutcome> {
  const file = path.join(directory, `${jobIdentifier}.json`);
  if (holdsSecret(Buffer.from(bytes).toString('utf8')))
    return {
      ok: false,
      path: file,
      reason: 'the reply holds a secret of this step (a credential or token, or a piece of one)',
      heldSecret: true,
    };
  const temporary = path.join(
    directory,
    `.${jobIdentifier}.json.${randomBytes(8).toString('hex')}.tmp`,
  );
  let created = false;
  let handle: SnapshotFileHandle | undefined;
  try {
    // Looked at again right before the write: a directory swapped for a link since the start is refused.
    const stat = await files.lstat(directory);
    if (stat.isSymbolicLink() || !stat.isDirectory())
      return {
        ok: false,
        path: file,
        reason: 'snapshot-directory was replaced by a symbolic link or a file after it was checked',
      };
    handle = await files.open(temporary, NEW_FILE_FLAGS, SNAPSHOT_FILE_MODE);
    created = true;
    // The mode given to open is narrowed by the umask; the file must be exactly the owner's.
    await handle.chmod(SNAPSHOT_FILE_MODE);
    await handle.writeFile(bytes);
    await handle.sync();
    await handle.close();
    handle = undefined;
    await files.rename(temporary, file);
    return { ok: true, path: file };
  } catch (err) {
    await handle?.close().catch(() => undefined);
    if (created) await files.unlink(temporary).catch(() => undefined);
    return { ok: false, path: file, reason: reasonOf(err) };
  }
}

/** Create, never open an existing file, never follow a link (where the system has O_NOFOLLOW). */
const NEW_FILE_FLAGS =
  constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | (constants.O_NOFOLLOW ?? 0);

function reasonOf(err: unknown): string {
  const e = err as { code?: string; message?: string };
  return e.message || e.code || String(err);
}
