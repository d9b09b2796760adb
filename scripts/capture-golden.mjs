// Captures the golden report: runs every scenario of test/golden/report-scenarios.mjs through the bundle (as the
// runner runs it, against local emulators on 127.0.0.1) and writes test/golden/report.golden.json, which
// test/e2e/golden-report.e2e.test.ts compares every later run with.
//
//   E2E_DIST=<bundle> node scripts/capture-golden.mjs [output file]
//
// E2E_DIST is the bundle to capture from (default dist/index.js); E2E_NODE the Node binary (default this one).
// Run it only when the report is meant to change, and review the diff of the golden file before committing it:
// that diff is the change of the report. A refactor that is meant to keep the report byte-identical never
// runs it: the test is its proof.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { DIST, NODE } from '../test/emulator/run-dist.mjs';
import { captureReport, runScenario, SCENARIOS } from '../test/golden/report-scenarios.mjs';

const root = path.resolve(import.meta.dirname, '..');
const out = path.resolve(process.argv[2] ?? path.join(root, 'test/golden/report.golden.json'));
/** Scenarios run at once: most of their time is waiting (retries, polls, deadlines), not CPU. */
const CONCURRENCY = 4;

console.log(`Capturing ${SCENARIOS.length} scenarios from ${DIST} on ${NODE}`);
const records = new Array(SCENARIOS.length);
let next = 0;
async function worker() {
  while (next < SCENARIOS.length) {
    const i = next++;
    const started = Date.now();
    records[i] = captureReport(await runScenario(SCENARIOS[i]));
    console.log(`  ${SCENARIOS[i].name}: exit ${records[i].code} (${Date.now() - started} ms)`);
  }
}
await Promise.all(Array.from({ length: CONCURRENCY }, worker));

/** Scenario order, then each record's keys in the order captureReport builds them (outputs sorted by name). */
const golden = Object.fromEntries(SCENARIOS.map((s, i) => [s.name, records[i]]));
writeFileSync(out, `${JSON.stringify(golden, null, 2)}\n`);
console.log(`Wrote ${out}`);
