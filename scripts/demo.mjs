// Runs the bundled action once against the local emulator and prints what the runner would show.
import { startPartnerCentral } from '../test/emulator/partner-central.mjs';
import { AWS_JOB, LONG_TERM, defaultEmulatorOptions } from '../test/emulator/fixtures.mjs';
import { runAction } from '../test/emulator/run-dist.mjs';

const started = Date.now();
const pc = await startPartnerCentral(defaultEmulatorOptions());
try {
  // One throttle first, so the demo shows a retry as it would look under parallel release runs.
  pc.script({ error: 'ThrottlingException', status: 429, message: 'Rate exceeded' });
  const inputs = { catalog: 'AWS', 'job-identifier': AWS_JOB, endpoint: pc.url };
  const env = {
    AWS_ACCESS_KEY_ID: LONG_TERM.accessKeyId,
    AWS_SECRET_ACCESS_KEY: LONG_TERM.secretAccessKey,
  };
  console.log(`Emulator on ${pc.url}; running dist/index.js with`);
  for (const [k, v] of Object.entries(inputs)) console.log(`  INPUT_${k.toUpperCase()}=${v}`);
  const run = await runAction(inputs, env);
  console.log('\n--- log (stdout) ---');
  // The runner hides ::add-mask:: lines, and ::debug:: lines unless debug logging is on (DEBUG=1 shows them here).
  const hidden = process.env.DEBUG ? /^::add-mask::/ : /^::(add-mask|debug)::/;
  process.stdout.write(
    run.stdout
      .split('\n')
      .filter((l) => !hidden.test(l))
      .join('\n'),
  );
  console.log('--- outputs (GITHUB_OUTPUT) ---');
  for (const [k, v] of Object.entries(run.outputs)) console.log(`  ${k} = ${v}`);
  console.log('--- annotations ---');
  console.log(
    run.annotations.length
      ? run.annotations.map((a) => `  ${a.level}: ${a.title ?? ''} ${a.message}`).join('\n')
      : '  (none)',
  );
  console.log('--- job summary (GITHUB_STEP_SUMMARY) ---');
  console.log(run.summary.trim());
  console.log(
    `--- exit code ${run.code}; the emulator saw ${pc.requests.length} requests, signatures valid: ${pc.requests.map((r) => r.signatureValid).join(', ')}; demo wall time ${Date.now() - started} ms ---`,
  );
  process.exitCode = run.code ?? 1;
} finally {
  await pc.close();
}
