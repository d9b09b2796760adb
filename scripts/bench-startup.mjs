// Start-up benchmark: dist/index.js against an SDK anchor (AWS SDK client + @actions/core) and `node -e 0`, on Node 20 and 24.
// Usage: npm run bench:startup -- [runs per case, default 15]
// BENCH_BASELINE=path/to/other/index.js adds that bundle's two paths (e.g. main's dist/, for a before/after).
// Every case runs as a child process, interleaved round by round, NODE_EXTRA_CA_CERTS cleared, in the
// environment the runner builds (runnerEnv in test/emulator/run-dist.mjs, defaults read from action.yml). Wall time is measured around the child;
// peak RSS is /usr/bin/time's %M (kernel ru_maxrss of the node process).
import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';
import { startPartnerCentral } from '../test/emulator/partner-central.mjs';
import { AWS_JOB, LONG_TERM, defaultEmulatorOptions } from '../test/emulator/fixtures.mjs';
import { runnerEnv } from '../test/emulator/run-dist.mjs';
import { node24 } from './node24.mjs';

const root = path.resolve(import.meta.dirname, '..');
const runs = Number(process.argv[2] ?? 15);
const TIME = '/usr/bin/time';
if (!existsSync(TIME)) throw new Error(`${TIME} is needed to read each child's peak RSS`);

/**
 * Bundles the anchor with ncc, as the action is bundled, into .cache/ (rebuilt when its source or the lock file
 * changes). It is built from a copy beside an empty tsconfig.json, so the action's own bundle-time substitutions
 * (tsconfig.json "paths") do not lighten it: the anchor is what a plain ncc build of the SDK client gives.
 */
function buildAnchor() {
  const source = path.join(root, 'scripts/bench-startup-anchor.mjs');
  const base = path.join(root, '.cache/bench-startup');
  const out = path.join(base, 'anchor');
  const stamp = path.join(out, 'source.stamp');
  const want = createHash('sha256')
    .update(readFileSync(source))
    .update(readFileSync(path.join(root, 'package-lock.json')))
    .digest('hex');
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === want) return path.join(out, 'index.mjs');
  rmSync(base, { recursive: true, force: true });
  const copy = path.join(base, 'src');
  mkdirSync(copy, { recursive: true });
  copyFileSync(source, path.join(copy, 'index.mjs'));
  writeFileSync(path.join(copy, 'tsconfig.json'), '{ "compilerOptions": {} }\n');
  execFileSync(
    process.execPath,
    [
      path.join(root, 'node_modules/@vercel/ncc/dist/ncc/cli.js'),
      'build',
      path.join(copy, 'index.mjs'),
      '-o',
      out,
      '--minify',
      '--target',
      'es2022',
      '--quiet',
    ],
    { cwd: copy, stdio: 'inherit' },
  );
  writeFileSync(stamp, want);
  return path.join(out, 'index.mjs');
}

const anchor = buildAnchor();
const dist = path.join(root, 'dist/index.js');
const n24 = node24();
const nodes = [['20', process.execPath]];
if (n24) nodes.push(['24', n24]);
const versions = Object.fromEntries(
  nodes.map(([label, bin]) => [label, execFileSync(bin, ['-v'], { encoding: 'utf8' }).trim()]),
);

const pc = await startPartnerCentral(defaultEmulatorOptions());
const work = mkdtempSync(path.join(tmpdir(), 'bench-startup-'));
const rssFile = path.join(work, 'rss');

/** The step's environment as the runner builds it (run-dist's one runner model), NODE_EXTRA_CA_CERTS cleared. */
function childEnv(inputs) {
  return runnerEnv(
    inputs,
    {
      AWS_ACCESS_KEY_ID: LONG_TERM.accessKeyId,
      AWS_SECRET_ACCESS_KEY: LONG_TERM.secretAccessKey,
      NODE_EXTRA_CA_CERTS: undefined,
    },
    work,
  );
}

const success = { catalog: 'AWS', 'job-identifier': AWS_JOB, endpoint: pc.url };
const cases = [
  { name: 'node -e 0', argv: ['-e', '0'], env: childEnv({}), code: 0 },
  { name: 'SDK anchor (success)', argv: [anchor], env: childEnv(success), code: 0 },
  { name: 'action success', argv: [dist], env: childEnv(success), code: 0 },
  {
    name: 'action invalid input',
    argv: [dist],
    env: childEnv({ catalog: 'AWS', 'job-identifier': 'x' }),
    code: 1,
  },
];
const baseline = process.env.BENCH_BASELINE && path.resolve(process.env.BENCH_BASELINE);
if (baseline)
  for (const c of cases.slice(2))
    cases.push({ ...c, name: c.name.replace('action', 'baseline'), argv: [baseline] });

/** One child: wall ms and peak RSS KiB; the exit code must be the case's (a failing run measures nothing). */
async function measure(bin, c) {
  writeFileSync(path.join(work, 'output'), '');
  writeFileSync(path.join(work, 'summary'), '');
  const started = process.hrtime.bigint();
  const child = spawn(TIME, ['-f', '%M', '-o', rssFile, bin, ...c.argv], {
    env: c.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stdout.on('data', (d) => (log += d));
  child.stderr.on('data', (d) => (log += d));
  const code = await new Promise((resolve) => child.on('close', resolve));
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (code !== c.code)
    throw new Error(`${c.name} on ${bin} exited ${code}, expected ${c.code}:\n${log}`);
  const rss = Number(readFileSync(rssFile, 'utf8').trim().split('\n').at(-1));
  return { ms, rss };
}

/** @type {Map<string, {ms: number[], rss: number[]}>} */
const results = new Map();
try {
  for (let round = 0; round < runs; round++) {
    for (const [label, bin] of nodes) {
      for (const c of cases) {
        const key = `${label}\t${c.name}`;
        const r = await measure(bin, c);
        const slot = results.get(key) ?? { ms: [], rss: [] };
        slot.ms.push(r.ms);
        slot.rss.push(r.rss);
        results.set(key, slot);
      }
    }
  }
} finally {
  await pc.close();
  rmSync(work, { recursive: true, force: true });
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const mib = (kib) => (kib / 1024).toFixed(1);

console.log(
  `Start-up benchmark: ${runs} runs per case, interleaved; ${availableParallelism()} cores; NODE_EXTRA_CA_CERTS cleared`,
);
console.log(`anchor: @aws-sdk/client-partnercentral-selling + @actions/core, bundled with ncc`);
console.log('');
console.log('| Node | case | median | range | x anchor | peak RSS median | peak RSS range |');
console.log('|---|---|---:|---:|---:|---:|---:|');
for (const [label] of nodes) {
  const anchorMs = median(results.get(`${label}\tSDK anchor (success)`).ms);
  for (const c of cases) {
    const { ms, rss } = results.get(`${label}\t${c.name}`);
    const ratio =
      c.argv[0] === dist || c.argv[0] === baseline ? (median(ms) / anchorMs).toFixed(2) : '';
    console.log(
      `| ${versions[label]} | ${c.name} | ${median(ms).toFixed(0)} ms | ${Math.min(...ms).toFixed(0)}-${Math.max(...ms).toFixed(0)} ms | ${ratio} | ${mib(median(rss))} MiB | ${mib(Math.min(...rss))}-${mib(Math.max(...rss))} MiB |`,
    );
  }
}
