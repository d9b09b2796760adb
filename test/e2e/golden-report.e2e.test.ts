// End to end: the report (exit code, outputs, annotations, job summary) of every scenario in
// test/golden/report-scenarios.mjs is the one captured in test/golden/report.golden.json, byte for byte but for
// what captureReport normalises (request ids, ports, temporary paths, run-time dates and measured durations).
// The bundle under test is dist/index.js, or E2E_DIST. A change of the report is made on purpose: recapture with
// scripts/capture-golden.mjs and review the golden file's diff.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { captureReport, runScenario, SCENARIOS } from '../golden/report-scenarios.mjs';

type Record = ReturnType<typeof captureReport>;
const golden = JSON.parse(
  readFileSync(path.resolve(import.meta.dirname, '../golden/report.golden.json'), 'utf8'),
) as { [name: string]: Record };

/**
 * Each scenario runs on emulators of its own, so they run concurrently (vitest.e2e.config.ts caps it). The
 * slowest waits about 5 s on its own (a job read back for 5 s, a snapshot polled every 4 s); this is for a
 * busy 2-core machine.
 */
const SCENARIO_TIMEOUT_MS = 30_000;

describe('the golden report', () => {
  it('has one captured record per scenario, and no other', () => {
    expect(Object.keys(golden)).toEqual(SCENARIOS.map((s) => s.name));
  });

  for (const scenario of SCENARIOS)
    it.concurrent(
      scenario.name,
      async () => {
        const run = await runScenario(scenario);
        expect(
          captureReport(run),
          `${scenario.name} (${scenario.covers}): the report differs from test/golden/report.golden.json. ` +
            'If the change is meant: npm run build && node scripts/capture-golden.mjs, then review the diff',
        ).toEqual(golden[scenario.name]);
      },
      SCENARIO_TIMEOUT_MS,
    );
});
