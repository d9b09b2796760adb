// The one shell that talks to @actions/core: wires real dependencies into runAction and reports what it returns.
import * as core from '@actions/core';
import { context } from '@actions/github';
import { defaultProvider } from '@aws-sdk/credential-provider-node';
import { runAction } from './action.js';
import { annotationsOf, outputsOf, summaryOf, type RunResult } from './report.js';
import { safeLine } from './safe-text.js';
import { httpTransport } from './transport.js';
import { userAgent, type RunContext } from './user-agent.js';

function runContext(): RunContext {
  // context reads GITHUB_* lazily from the environment; outside a runner these are simply absent.
  return {
    repository: process.env.GITHUB_REPOSITORY
      ? `${context.repo.owner}/${context.repo.repo}`
      : undefined,
    runId: context.runId || undefined,
    runAttempt: context.runAttempt || undefined,
    serverUrl: context.serverUrl,
  };
}

async function report(result: RunResult, run: RunContext): Promise<void> {
  for (const [name, value] of Object.entries(outputsOf(result))) core.setOutput(name, value);
  const annotations = annotationsOf(result);
  for (const a of annotations) core.error(a.text, { title: a.title });
  if (process.env.GITHUB_STEP_SUMMARY) {
    try {
      await core.summary.addRaw(summaryOf(result, run)).write();
    } catch (err) {
      core.warning(`Could not write the job summary: ${safeLine((err as Error).message)}`);
    }
  }
  if (annotations.length > 0 || result.failure) process.exitCode = 1;
}

function failUnexpectedly(err: unknown): void {
  process.exitCode = 1;
  const message = safeLine(
    err instanceof Error ? `${err.name}: ${err.message}` : String(err),
    1000,
  );
  try {
    core.setOutput('error-code', 'InternalError');
    core.setOutput('error-message', message);
  } catch {
    // The output file itself may be what failed (GITHUB_OUTPUT unwritable): the annotation still goes out.
  }
  // The stack goes to the debug log the message points to (core.debug escapes its line breaks).
  if (err instanceof Error && err.stack) core.debug(`Unexpected error: ${err.stack}`);
  core.error(
    `The action failed unexpectedly: ${message}. Please report this with the step's debug log (re-run with debug logging).`,
    { title: 'Unexpected error' },
  );
}

export async function run(): Promise<void> {
  // A promise a dependency forgot to handle must still end as a red step with a message, not a crash.
  process.on('unhandledRejection', failUnexpectedly);
  try {
    const ctx = runContext();
    const result = await runAction({
      getInput: (name) => core.getInput(name),
      run: ctx,
      sources: {
        chain: () => defaultProvider()(),
        getIdToken: (audience) => core.getIDToken(audience),
        idTokenAvailable: Boolean(process.env.ACTIONS_ID_TOKEN_REQUEST_URL),
        mask: (value) => core.setSecret(value),
        env: process.env,
      },
      transport: httpTransport(userAgent(ctx, process.version)),
      timing: {
        now: () => Date.now(),
        sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
        random: Math.random,
      },
      log: {
        info: (line) => core.info(safeLine(line, 4000)),
        warning: (line, title) => core.warning(line, title ? { title } : {}),
        debug: (line) => core.debug(line),
      },
    });
    await report(result, ctx);
  } catch (err) {
    // A bug or an unforeseen fault: still a red step with a message, never a green one or an unhandled rejection.
    failUnexpectedly(err);
  }
}
