// Contention benchmark: K runs of dist/index.js started together against the emulator limited to R requests/s.
// Usage: npm run bench -- [K ...] [--rate R]   (default: K = 8 and 32, R = 1)
import { availableParallelism } from 'node:os';
import { startPartnerCentral } from '../test/emulator/partner-central.mjs';
import { AWS_JOB, LONG_TERM, defaultEmulatorOptions } from '../test/emulator/fixtures.mjs';
import { runAction } from '../test/emulator/run-dist.mjs';

const args = process.argv.slice(2);
const rateAt = args.indexOf('--rate');
const rate = rateAt >= 0 ? Number(args[rateAt + 1]) : 1;
const counts = args
  .filter((a, i) => /^\d+$/.test(a) && !(rateAt >= 0 && i === rateAt + 1))
  .map(Number);
const ks = counts.length ? counts : [8, 32];

const pct = (sorted, p) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

console.log(
  `Contention benchmark: dist/index.js with default inputs (max-attempts auto, timeout-seconds 300)`,
);
console.log(
  `Node ${process.version}, ${availableParallelism()} cores; emulator token bucket: ${rate} request/s, capacity 1\n`,
);
console.log(
  '|  K | succeeded | wall time | ideal (K-1)/R | wall/ideal | throttled | throttled per success | attempts p50/p90/max | slowest run |',
);
console.log('|---:|---:|---:|---:|---:|---:|---:|---|---:|');
for (const k of ks) {
  const pc = await startPartnerCentral(defaultEmulatorOptions());
  pc.setRate(rate);
  const started = Date.now();
  const runs = await Promise.all(
    Array.from({ length: k }, () =>
      runAction(
        { catalog: 'AWS', 'job-identifier': AWS_JOB, endpoint: pc.url },
        {
          AWS_ACCESS_KEY_ID: LONG_TERM.accessKeyId,
          AWS_SECRET_ACCESS_KEY: LONG_TERM.secretAccessKey,
        },
      ),
    ),
  );
  const wall = (Date.now() - started) / 1000;
  await pc.close();
  const ok = runs.filter((r) => r.code === 0).length;
  const throttled = pc.requests.filter((r) => r.outcome === 'ThrottlingException').length;
  const attempts = runs.map((r) => Number(r.outputs.attempts)).sort((a, b) => a - b);
  const ideal = (k - 1) / rate;
  const slowest = Math.max(...runs.map((r) => r.wallMs)) / 1000;
  console.log(
    `| ${String(k).padStart(2)} | ${ok}/${k} | ${wall.toFixed(1)} s | ${ideal.toFixed(1)} s | ${(wall / Math.max(ideal, 1)).toFixed(2)} | ${throttled} | ${(throttled / Math.max(ok, 1)).toFixed(2)} | ${pct(attempts, 50)}/${pct(attempts, 90)}/${attempts.at(-1)} | ${slowest.toFixed(1)} s |`,
  );
  if (ok !== k) {
    for (const r of runs.filter((x) => x.code !== 0))
      console.log(`  failed: ${r.outputs['error-code']} ${r.errors[0]?.message ?? ''}`);
    process.exitCode = 1;
  }
}
