// Runs the Partner Central emulator in the foreground (for the workflow that runs `uses: ./`, or by hand).
// Usage: npm run emulator -- [port]    Test credentials: see test/emulator/fixtures.mjs.
import { startPartnerCentral } from '../test/emulator/partner-central.mjs';
import {
  AWS_JOB,
  LONG_TERM,
  SANDBOX_JOB,
  defaultEmulatorOptions,
} from '../test/emulator/fixtures.mjs';

/**
 * A job whose resource has snapshot revision 1, and whose first start takes revision 2 two seconds later: for
 * wait-for-snapshot and snapshot-directory. A later start of the job, now running, takes none: the wait runs
 * out and the latest revision is still written. Restart the emulator for a new revision.
 */
const SNAPSHOT_JOB = 'job-snapshot00001';

const port = Number(process.argv[2] ?? process.env.EMULATOR_PORT ?? 4599);
const pc = await startPartnerCentral({ ...defaultEmulatorOptions(), port });
pc.addJob('AWS', SNAPSHOT_JOB, { snapshots: [1], newSnapshotAfterMs: 2000 });
console.log(`Partner Central emulator on ${pc.url}`);
console.log(
  `  jobs: AWS ${AWS_JOB}, Sandbox ${SANDBOX_JOB}; with snapshots (wait-for-snapshot): AWS ${SNAPSHOT_JOB}`,
);
console.log(
  `  credentials: AWS_ACCESS_KEY_ID=${LONG_TERM.accessKeyId} (secret in test/emulator/fixtures.mjs)`,
);
const stop = async () => {
  await pc.close();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
