// Shared test identities: emulator credentials, jobs, and the environment that points dist/index.js at the emulator.
export const LONG_TERM = {
  accessKeyId: 'AKIAEMULATOR00000001',
  secretAccessKey: 'emulatorSecretKey/LongTerm+0000000000000001',
};
export const TEMPORARY = {
  accessKeyId: 'ASIAEMULATOR00000002',
  secretAccessKey: 'emulatorSecretKey/Temporary+000000000000002',
  sessionToken: 'IQoJb3JpZ2luX2VjEmulatorSessionToken//////////ZXhhbXBsZQ==',
};
export const AWS_JOB = 'job-0123456789abc';
export const SANDBOX_JOB = 'job-sandbox000001';

export const defaultEmulatorOptions = () => ({
  credentials: [LONG_TERM, TEMPORARY],
  jobs: { AWS: [AWS_JOB], Sandbox: [SANDBOX_JOB] },
});

/** A clean environment for the bundle: no real AWS config, no instance metadata, only what the test gives. */
export function baseEnv(extra = {}) {
  const keep = ['PATH', 'HOME', 'TMPDIR', 'LANG', 'SYSTEMROOT'];
  const env = {};
  for (const k of keep) if (process.env[k] !== undefined) env[k] = process.env[k];
  return {
    ...env,
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/credentials',
    AWS_CONFIG_FILE: '/nonexistent/config',
    ...extra,
  };
}
