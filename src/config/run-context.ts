// Which repository, run and attempt this step belongs to, read from the runner's GITHUB_* variables.

export interface RunContext {
  repository?: string;
  runId?: number | string;
  runAttempt?: number | string;
  serverUrl?: string;
}

/** A positive run number as @actions/github's context reads it (parseInt), else undefined. */
function runNumber(value: string | undefined): number | undefined {
  const n = parseInt(value ?? '', 10);
  return n || undefined;
}

/** owner/repo from GITHUB_REPOSITORY (its first two segments, as @actions/github's context.repo splits it). */
function repositoryOf(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const [owner, repo] = value.split('/');
  return repo === undefined ? value : `${owner}/${repo}`;
}

/** Outside a runner the variables are simply absent; GITHUB_SERVER_URL defaults to github.com as on the runner. */
export function readRunContext(env: Record<string, string | undefined>): RunContext {
  return {
    repository: repositoryOf(env.GITHUB_REPOSITORY),
    runId: runNumber(env.GITHUB_RUN_ID),
    runAttempt: runNumber(env.GITHUB_RUN_ATTEMPT),
    serverUrl: env.GITHUB_SERVER_URL ?? 'https://github.com',
  };
}
