// An in-memory snapshot-directory for tests on a virtual clock (real file I/O is no virtual-time event): records
// each call, keeps what was written, and fails the named operation on cue.
import path from 'node:path';
import type { SnapshotFiles } from '../../src/partner-central/snapshot-files.js';

export interface FileCall {
  op: 'mkdir' | 'lstat' | 'open' | 'chmod' | 'write' | 'sync' | 'close' | 'rename' | 'unlink';
  path: string;
  mode?: number;
  flags?: number;
  to?: string;
}

type Op = FileCall['op'];

export function memoryFiles(fail?: { op: Op; message: string; code?: string }) {
  const calls: FileCall[] = [];
  const directories = new Map<string, number>();
  const contents = new Map<string, { data: string; mode: number }>();
  const step = (call: FileCall) => {
    calls.push(call);
    if (fail?.op === call.op)
      throw Object.assign(new Error(fail.message), { code: fail.code ?? 'EACCES' });
  };
  const files: SnapshotFiles = {
    mkdir: async (dir, options) => {
      step({ op: 'mkdir', path: dir, mode: options.mode });
      for (let d = dir; !directories.has(d) && d !== path.dirname(d); d = path.dirname(d))
        directories.set(d, 0o40000 | options.mode);
      return undefined;
    },
    lstat: async (p) => {
      step({ op: 'lstat', path: p });
      const mode = directories.get(p);
      if (mode === undefined) throw Object.assign(new Error(`ENOENT: ${p}`), { code: 'ENOENT' });
      return { isSymbolicLink: () => false, isDirectory: () => true, mode };
    },
    open: async (p, flags, mode) => {
      step({ op: 'open', path: p, flags, mode });
      const file = { data: '', mode };
      // Kept as text for the tests to read; the writer hands bytes.
      return {
        chmod: async (m) => {
          step({ op: 'chmod', path: p, mode: m });
          file.mode = m;
        },
        writeFile: async (data) => {
          step({ op: 'write', path: p });
          file.data = Buffer.from(data).toString('utf8');
          contents.set(p, file);
        },
        sync: async () => step({ op: 'sync', path: p }),
        close: async () => step({ op: 'close', path: p }),
      };
    },
    rename: async (from, to) => {
      step({ op: 'rename', path: from, to });
      const file = contents.get(from);
      if (file) contents.set(to, file);
      contents.delete(from);
    },
    unlink: async (p) => {
      step({ op: 'unlink', path: p });
      contents.delete(p);
    },
  };
  return { files, calls, contents, directories };
}
