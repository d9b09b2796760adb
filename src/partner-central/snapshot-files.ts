// snapshot-directory: each job's latest snapshot as <directory>/<job-identifier>.json, readable by its owner only.
import path from 'node:path';

/** What writing a snapshot needs of the file system: node:fs/promises in main.ts, a fake in tests. */
export interface SnapshotFiles {
  mkdir(path: string, options: { recursive: true; mode: number }): Promise<unknown>;
  writeFile(path: string, data: string, options: { mode: number; encoding: 'utf8' }): Promise<void>;
  chmod(path: string, mode: number): Promise<void>;
}

/** A snapshot holds partner data (customer, project, team): only the runner's user may read it. */
export const SNAPSHOT_FILE_MODE = 0o600;
/** A directory the action creates is the user's only too; an existing one is left as it is. */
export const SNAPSHOT_DIRECTORY_MODE = 0o700;

function snapshotFilePath(directory: string, jobIdentifier: string): string {
  return path.join(directory, `${jobIdentifier}.json`);
}

/** The reply pretty-printed (a reply that is not JSON, which readSnapshotReply already refused, goes as it is). */
function pretty(body: string): string {
  try {
    return `${JSON.stringify(JSON.parse(body), null, 2)}\n`;
  } catch {
    return body;
  }
}

type WriteOutcome = { ok: true; path: string } | { ok: false; path: string; reason: string };

/**
 * Creates the directory if missing and writes the file with mode 0600; chmod as well, because the mode given
 * to open applies only to a new file (and the umask could narrow but never widen it; an existing file keeps
 * its mode otherwise). The reason of a failure is the system's error code and message, never the data.
 */
export async function writeSnapshotFile(
  files: SnapshotFiles,
  directory: string,
  jobIdentifier: string,
  body: string,
): Promise<WriteOutcome> {
  const file = snapshotFilePath(directory, jobIdentifier);
  try {
    await files.mkdir(directory, { recursive: true, mode: SNAPSHOT_DIRECTORY_MODE });
    await files.writeFile(file, pretty(body), { mode: SNAPSHOT_FILE_MODE, encoding: 'utf8' });
    await files.chmod(file, SNAPSHOT_FILE_MODE);
    return { ok: true, path: file };
  } catch (err) {
    const e = err as { code?: string; message?: string };
    return { ok: false, path: file, reason: e.message || e.code || String(err) };
  }
}
