// Fails when the committed dist/ differs from a fresh build of src/ (the runner executes dist/, not src/).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const out = mkdtempSync(path.join(tmpdir(), 'dist-check-'));
try {
  execFileSync(
    process.execPath,
    [
      path.join(root, 'node_modules/@vercel/ncc/dist/ncc/cli.js'),
      'build',
      'src/index.ts',
      '-o',
      out,
      '--minify',
      '--license',
      // One licenses file per chunk ([name]): ncc writes a single name once per chunk, the last one wins.
      '[name].licenses.txt',
      '--target',
      'es2022',
      '--quiet',
    ],
    { cwd: root, stdio: 'inherit' },
  );
  const fresh = readdirSync(out).sort();
  const committed = readdirSync(path.join(root, 'dist')).sort();
  const stale = [];
  if (JSON.stringify(fresh) !== JSON.stringify(committed))
    stale.push(`files differ: built [${fresh}] vs dist [${committed}]`);
  for (const f of fresh) {
    const a = readFileSync(path.join(out, f));
    let b;
    try {
      b = readFileSync(path.join(root, 'dist', f));
    } catch {
      continue;
    }
    if (!a.equals(b)) stale.push(`dist/${f} differs from a fresh build`);
  }
  if (stale.length) {
    console.error(
      `dist/ is stale:\n  ${stale.join('\n  ')}\nRun "npm run build" and commit dist/.`,
    );
    process.exit(1);
  }
  const size = readFileSync(path.join(out, 'index.js')).length;
  console.log(
    `dist/ matches a fresh build of src/ (dist/index.js ${(size / 1024).toFixed(0)} KiB)`,
  );
} finally {
  rmSync(out, { recursive: true, force: true });
}
