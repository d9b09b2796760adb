// Runs the end-to-end suite against dist/index.js twice: on this machine's Node and on Node 24 (action.yml's runtime).
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { node24 } from './node24.mjs';

const root = path.resolve(import.meta.dirname, '..');
const vitest = path.join(root, 'node_modules/vitest/vitest.mjs');
const runtimes = [['machine', process.execPath]];
const n24 = node24();
if (n24) runtimes.push(['node24', n24]);
else
  console.warn(
    'Node 24 is not available for this platform: the end-to-end suite runs on this Node only.',
  );

for (const [index, [label, binary]] of runtimes.entries()) {
  const version = spawnSync(binary, ['-v'], { encoding: 'utf8' }).stdout.trim();
  console.log(`\n=== end-to-end suite: dist/index.js on Node ${version} (${label}) ===`);
  const report = `--outputFile.json=.cache/test-results/e2e-node${version.replace(/^v/, '')}.json`;
  const args = [
    vitest,
    'run',
    '-c',
    'vitest.e2e.config.ts',
    '--reporter=default',
    '--reporter=json',
  ];
  const r = spawnSync(process.execPath, [...args, report, ...process.argv.slice(2)], {
    cwd: root,
    stdio: 'inherit',
    // The 32-run contention test (about a minute) and all 200 fault schedules run once, on the last (the
    // action's) runtime; the other Node runs the first 60 schedules.
    env: {
      ...process.env,
      E2E_NODE: binary,
      E2E_CONTENTION_32: index === runtimes.length - 1 ? '1' : '0',
      E2E_FAULT_SCHEDULES: index === runtimes.length - 1 ? '200' : '60',
    },
  });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
