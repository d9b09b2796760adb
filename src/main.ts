// The one shell that talks to @actions/core: wires real dependencies into runAction and reports what it returns.
import { setMaxListeners } from 'node:events';
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import * as core from '@actions/core';
import { EXIT_AFTER_CANCEL_MS } from './common/tunables.js';
import { runAction } from './run-action.js';
import { defaultProvider } from './aws/credential-chain.js';
import type { CredentialSources } from './aws/resolve-credentials.js';
import { annotationsOf } from './github/annotations.js';
import { outputsOf } from './github/outputs.js';
import { succeeded } from './github/step-failure.js';
import { summaryOf } from './github/summary.js';
import type { RunResult } from './result.js';
import { readRunContext, type RunContext } from './github/run-context.js';
import { safeLine } from './common/safe-text.js';
import { httpTransport } from './http/transport.js';
import { userAgent } from './github/user-agent.js';

/**
 * The workflow's OIDC token, requested as core.getIDToken would but through the action's transport. Its code is
 * dist/'s role chunk (with STS's), loaded only when a step has role-to-assume.
 */
const requestIdToken: CredentialSources['getIdToken'] = async (audience, policy, deps) => {
  const oidc = await import(/* webpackChunkName: "role" */ './github/oidc-token.js');
  return oidc.requestIdToken(
    { env: process.env, mask: (value) => core.setSecret(value) },
    audience,
    policy,
    deps,
  );
};

function runContext(): RunContext {
  return readRunContext(process.env);
}

/** Why a runner file could not be written, naming the variable and the file (the fault alone names neither). */
function runnerFileProblem(variable: string, err: unknown): string {
  const path = process.env[variable];
  const reason = safeLine(err instanceof Error ? err.message : String(err), 500);
  return `${variable} (${path ? safeLine(path, 300) : 'not set'}) could not be written: ${reason}`;
}

/**
 * Outputs, annotations, summary: each written whatever became of the others, so an unwritable runner file
 * never hides a failed job's annotation, and the exit code follows the jobs alone.
 */
async function report(result: RunResult, run: RunContext): Promise<void> {
  let outputProblem: string | undefined;
  for (const [name, value] of Object.entries(outputsOf(result))) {
    try {
      core.setOutput(name, value);
    } catch (err) {
      outputProblem ??= runnerFileProblem('GITHUB_OUTPUT', err);
    }
  }
  for (const a of annotationsOf(result))
    (a.level === 'warning' ? core.warning : core.error)(a.text, { title: a.title });
  let summaryProblem: string | undefined;
  if (process.env.GITHUB_STEP_SUMMARY) {
    try {
      await core.summary.addRaw(summaryOf(result, run)).write();
    } catch (err) {
      summaryProblem = runnerFileProblem('GITHUB_STEP_SUMMARY', err);
    }
  }
  const summaryWritten = Boolean(process.env.GITHUB_STEP_SUMMARY) && !summaryProblem;
  if (outputProblem)
    core.warning(
      `${outputProblem}. The step's outputs (started-count, results, error-code, ...) are not set; later steps that read them see empty values. ` +
        `The log${summaryWritten ? ' and the job summary still say' : ' still says'} what happened.`,
      { title: 'Step outputs not written' },
    );
  if (summaryProblem) core.warning(summaryProblem, { title: 'Job summary not written' });
  if (!succeeded(result)) process.exitCode = 1;
}

/** A sleep that a cancelled step ends at once, its timer cleared so nothing keeps the process alive. */
function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}

/**
 * The runner cancels a step with SIGINT, then SIGTERM 7.5 s later, then kills it. The first signal stops
 * new work and lets the run report what it started; a second one ends the process at once.
 */
function cancelOnSignals(): AbortSignal {
  const controller = new AbortController();
  // Jobs waited for together each hold a listener (a sleep, a request): many at once is no leak, so no warning.
  setMaxListeners(0, controller.signal);
  const onSignal = (signal: NodeJS.Signals) => {
    if (controller.signal.aborted) process.exit(1);
    core.info(`Received ${signal}: starting no more jobs; reporting what was started.`);
    controller.abort();
    // Whatever still holds the event loop (a socket closing, a grace timer) may not hold it past this.
    setTimeout(() => process.exit(1), EXIT_AFTER_CANCEL_MS).unref();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return controller.signal;
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
  const cancel = cancelOnSignals();
  try {
    const ctx = runContext();
    const result = await runAction({
      getInput: (name) => core.getInput(name),
      run: ctx,
      sources: {
        chain: () => defaultProvider()(),
        getIdToken: requestIdToken,
        idTokenAvailable: Boolean(process.env.ACTIONS_ID_TOKEN_REQUEST_URL),
        mask: (value) => core.setSecret(value),
        env: process.env,
      },
      transport: httpTransport(userAgent(ctx, process.version)),
      timing: { now: () => Date.now(), sleep, random: Math.random },
      cancel,
      // snapshot-directory: the one place this action writes files.
      files: { mkdir, writeFile, chmod },
      log: {
        info: (line) => core.info(safeLine(line, 4000)),
        notice: (line, title) => core.notice(line, title ? { title } : {}),
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
