// The one shell that talks to @actions/core: wires real dependencies into runAction and reports what it returns.
import { setMaxListeners } from 'node:events';
import { homedir } from 'node:os';
import { format } from 'node:util';
import * as fs from 'node:fs/promises';
import * as core from '@actions/core';
import { EXIT_AFTER_CANCEL_MS, EXIT_AFTER_REPORT_MS } from './common/tunables.js';
import { runAction } from './run-action.js';
import { defaultProvider } from './aws/credential-chain.js';
import { chainSecrets } from './aws/chain-secrets.js';
import type { CredentialSources } from './aws/resolve-credentials.js';
import { annotationsOf } from './github/annotations.js';
import { outputsOf } from './github/outputs.js';
import { succeeded } from './github/step-failure.js';
import { summaryOf } from './github/summary.js';
import type { RunResult } from './result.js';
import { readRunContext, type RunContext } from './config/run-context.js';
import { neutraliseCommands, safeLine } from './common/safe-text.js';
import { createSecrets, rememberHeaderSecret, type Secrets } from './common/secrets.js';
import { httpTransport } from './http/transport.js';
import { userAgent } from './github/user-agent.js';

/**
 * The workflow's OIDC token, requested as core.getIDToken would but through the action's transport. Its code is
 * dist/'s role chunk (with STS's), loaded only when a step has role-to-assume.
 */
const requestIdToken: CredentialSources['getIdToken'] = async (audience, policy, deps) => {
  const oidc = await import(/* webpackChunkName: "role" */ './github/oidc-token.js');
  return oidc.requestIdToken({ env: process.env }, audience, policy, deps);
};

/** Every line, annotation, output and summary the action writes goes through one of these. */
interface Writer {
  info: (line: string) => void;
  debug: (text: string) => void;
  notice: (text: string, title?: string) => void;
  warning: (text: string, title?: string) => void;
  error: (text: string, title?: string) => void;
  output: (name: string, value: string) => void;
  summary: (markdown: string) => Promise<void>;
}

/**
 * The one place the action writes to the runner. Whatever a text holds (a service's words, an input, a path, an
 * exception), the step's secrets are scrubbed from it whole first, then each line is neutralised so that
 * neither command syntax can act (common/safe-text.ts): the runner reads commands on stdout and stderr, and a
 * later step may echo an output. The action's own `::` commands are core's, built around the cleaned text.
 */
function writerFor(secrets: Secrets): Writer {
  const clean = (text: string) =>
    secrets.scrub(text).split('\n').map(neutraliseCommands).join('\n');
  const props = (title?: string) => (title ? { title: clean(title) } : {});
  return {
    info: (line) => core.info(safeLine(secrets.scrub(line), 4000)),
    debug: (text) => core.debug(clean(text)),
    notice: (text, title) => core.notice(clean(text), props(title)),
    warning: (text, title) => core.warning(clean(text), props(title)),
    error: (text, title) => core.error(clean(text), props(title)),
    output: (name, value) => core.setOutput(name, clean(value)),
    summary: async (markdown) => {
      await core.summary.addRaw(secrets.scrub(markdown)).write();
    },
  };
}

function runContext(): RunContext {
  return readRunContext(process.env);
}

/**
 * Dependencies write to the console (the SDK's credential chain warns there, and may quote a profile or a
 * reply): through the same gate, one line each, on the stream they chose. The runner reads commands on both.
 */
function gateConsole(secrets: Secrets): void {
  const to =
    (stream: NodeJS.WriteStream) =>
    (...args: unknown[]) => {
      stream.write(`${safeLine(secrets.scrub(format(...args)), 4000)}\n`);
    };
  /* eslint-disable no-console -- replacing the console's writers is the point here */
  console.log = console.info = console.debug = to(process.stdout);
  console.warn = console.error = to(process.stderr);
  /* eslint-enable no-console */
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
async function report(result: RunResult, run: RunContext, out: Writer): Promise<void> {
  let outputProblem: string | undefined;
  for (const [name, value] of Object.entries(outputsOf(result))) {
    try {
      out.output(name, value);
    } catch (err) {
      outputProblem ??= runnerFileProblem('GITHUB_OUTPUT', err);
    }
  }
  for (const a of annotationsOf(result))
    (a.level === 'warning' ? out.warning : out.error)(a.text, a.title);
  let summaryProblem: string | undefined;
  if (process.env.GITHUB_STEP_SUMMARY) {
    try {
      await out.summary(summaryOf(result, run));
    } catch (err) {
      summaryProblem = runnerFileProblem('GITHUB_STEP_SUMMARY', err);
    }
  }
  const summaryWritten = Boolean(process.env.GITHUB_STEP_SUMMARY) && !summaryProblem;
  if (outputProblem)
    out.warning(
      `${outputProblem}. The step's outputs (started-count, results, error-code, ...) are not set; later steps that read them see empty values. ` +
        `The log${summaryWritten ? ' and the job summary still say' : ' still says'} what happened.`,
      'Step outputs not written',
    );
  if (summaryProblem) out.warning(summaryProblem, 'Job summary not written');
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
function cancelOnSignals(out: Writer): AbortSignal {
  const controller = new AbortController();
  // Jobs waited for together each hold a listener (a sleep, a request): many at once is no leak, so no warning.
  setMaxListeners(0, controller.signal);
  const onSignal = (signal: NodeJS.Signals) => {
    if (controller.signal.aborted) process.exit(1);
    out.info(`Received ${signal}: starting no more jobs; reporting what was started.`);
    controller.abort();
    // Whatever still holds the event loop (a socket closing, a grace timer) may not hold it past this.
    setTimeout(() => process.exit(1), EXIT_AFTER_CANCEL_MS).unref();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return controller.signal;
}

function failUnexpectedly(err: unknown, out: Writer, secrets: Secrets): void {
  process.exitCode = 1;
  // Scrubbed before the cut: the message may quote a reply.
  const message = safeLine(
    secrets.scrub(err instanceof Error ? `${err.name}: ${err.message}` : String(err)),
    1000,
  );
  try {
    out.output('error-code', 'InternalError');
    out.output('error-message', message);
  } catch {
    // The output file itself may be what failed (GITHUB_OUTPUT unwritable): the annotation still goes out.
  }
  // The stack goes to the debug log the message points to (core.debug escapes its line breaks).
  if (err instanceof Error && err.stack) out.debug(`Unexpected error: ${err.stack}`);
  out.error(
    `The action failed unexpectedly: ${message}. Please report this with the step's debug log (re-run with debug logging).`,
    'Unexpected error',
  );
}

export async function run(): Promise<void> {
  const secrets = createSecrets((value) => core.setSecret(value));
  const out = writerFor(secrets);
  gateConsole(secrets);
  // A promise a dependency forgot to handle must still end as a red step with a message, not a crash.
  process.on('unhandledRejection', (err) => failUnexpectedly(err, out, secrets));
  const cancel = cancelOnSignals(out);
  try {
    const ctx = runContext();
    const result = await runAction({
      getInput: (name) => core.getInput(name),
      run: ctx,
      sources: {
        chain: () =>
          defaultProvider(process.env, undefined, (value) =>
            rememberHeaderSecret(secrets, value),
          )(),
        chainSecrets: () => chainSecrets(process.env, homedir(), fs),
        getIdToken: requestIdToken,
        idTokenAvailable: Boolean(process.env.ACTIONS_ID_TOKEN_REQUEST_URL),
        env: process.env,
      },
      secrets,
      transport: httpTransport(userAgent(ctx, process.version)),
      timing: { now: () => Date.now(), sleep, random: Math.random },
      cancel,
      // snapshot-directory: the one place this action writes files (partner-central/snapshot-files.ts).
      files: fs,
      platform: process.platform,
      log: out,
    });
    await report(result, ctx, out);
  } catch (err) {
    // A bug or an unforeseen fault: still a red step with a message, never a green one or an unhandled rejection.
    failUnexpectedly(err, out, secrets);
  }
  // Work given up at the deadline (a hung credential source, a proxy that never answers) may not hold the step.
  setTimeout(() => process.exit(), EXIT_AFTER_REPORT_MS).unref();
}
