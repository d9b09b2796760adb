// Runs the Partner Central emulator in the foreground (for the workflow that runs `uses: ./`, or by hand).
// Usage: npm run emulator -- [port]    Test credentials: see test/emulator/fixtures.mjs.
import { startPartnerCentral } from '../test/emulator/partner-central.mjs';
import {
  AWS_JOB,
  LONG_TERM,
  SANDBOX_JOB,
  defaultEmulatorOptions,
} from '../test/emulator/fixtures.mjs';

const port = Number(process.argv[2] ?? process.env.EMULATOR_PORT ?? 4599);
const pc = await startPartnerCentral({ ...defaultEmulatorOptions(), port });
console.log(`Partner Central emulator on ${pc.url}`);
console.log(`  jobs: AWS ${AWS_JOB}, Sandbox ${SANDBOX_JOB}`);
console.log(
  `  credentials: AWS_ACCESS_KEY_ID=${LONG_TERM.accessKeyId} (secret in test/emulator/fixtures.mjs)`,
);
const stop = async () => {
  await pc.close();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
