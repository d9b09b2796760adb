// Runs the bundled action against the local emulator, exactly as the runner would, and prints what a user sees:
// first a step that succeeds (after one throttle), then a red step (a job that is not in the catalog).
import { startPartnerCentral } from '../test/emulator/partner-central.mjs';
import { AWS_JOB, LONG_TERM, defaultEmulatorOptions } from '../test/emulator/fixtures.mjs';
import { runStep } from '../test/emulator/run-dist.mjs';

const credentials = {
  AWS_ACCESS_KEY_ID: LONG_TERM.accessKeyId,
  AWS_SECRET_ACCESS_KEY: LONG_TERM.secretAccessKey,
};

async function show(title, pc, inputs) {
  // Only the step's own `with:`; the runner model adds every action.yml default, as a real runner does.
  const env = { ...credentials, AWS_ENDPOINT_URL_PARTNERCENTRAL_SELLING: pc.url };
  const seen = pc.requests.length;
  const run = await runStep(inputs, env);
  console.log(`\n===== ${title} =====`);
  console.log('with:');
  for (const [k, v] of Object.entries(inputs)) console.log(`  ${k}: ${v}`);
  console.log(`env: AWS_ENDPOINT_URL_PARTNERCENTRAL_SELLING=${pc.url} and emulator credentials`);
  console.log('--- log (as the runner shows it; DEBUG=1 to include debug lines) ---');
  const shown = process.env.DEBUG ? run.stdout.replace(/^::add-mask::.*\n/gm, '') : run.log;
  process.stdout.write(shown.endsWith('\n') ? shown : `${shown}\n`);
  console.log('--- outputs (GITHUB_OUTPUT) ---');
  for (const [k, v] of Object.entries(run.outputs)) console.log(`  ${k} = ${v}`);
  console.log('--- annotations ---');
  console.log(
    run.annotations.length
      ? run.annotations
          .map((a) => `  ${a.level}: ${a.title ?? ''}\n    ${a.message.replace(/\n/g, '\n    ')}`)
          .join('\n')
      : '  (none)',
  );
  console.log('--- job summary (GITHUB_STEP_SUMMARY) ---');
  console.log(run.summary.trim());
  const requests = pc.requests.slice(seen);
  console.log(
    `--- exit code ${run.code}; the emulator saw ${requests.length} request(s), signatures valid (checked by aws4): ${requests.map((r) => r.signatureValid).join(', ')} ---`,
  );
  return run;
}

const started = Date.now();
const pc = await startPartnerCentral(defaultEmulatorOptions());
try {
  // One throttle first, so the demo shows a retry as it would look under parallel release runs.
  pc.script({ error: 'ThrottlingException', status: 429, message: 'Rate exceeded' });
  console.log(
    '\n(The emulator is scripted to throttle the first request, to show a retry as it looks under parallel runs.)',
  );
  const ok = await show('A step that starts a job (first request throttled by script)', pc, {
    catalog: 'AWS',
    'job-identifier': AWS_JOB,
  });
  const red = await show('A red step: the job is not in the Sandbox catalog', pc, {
    catalog: 'Sandbox',
    'job-identifier': AWS_JOB,
  });
  console.log(`\ndemo wall time ${Date.now() - started} ms`);
  process.exitCode = ok.code === 0 && red.code === 1 ? 0 : 1;
} finally {
  await pc.close();
}
