// The one shell that talks to @actions/core: wires real dependencies into runAction and reports what it returns.
import { setMaxListeners } from 'node:events';
import { homedir } from 'node:os';
import { format } from 'node:util';
import * as fs from 'node:fs/promises';
import * as core from '@actions/core';
import { EXIT_AFTER_CANCEL_MS, EXIT_AFTER_REPORT_MS } from './common/tunables.js';
import { runAction, type ActionDeps } from './run-action.js';
import { defaultProvider } from './aws/credential-chain.js';
import { chainSecrets } from './aws/chain-secrets.js';
import type { CredentialSources } from './aws/resolve-credentials.js';
import { annotationsOf } from './github/annotations.js';
import { outputsOf } from './github/outputs.js';
import { succeeded } from './github/step-failure.js';
import { summaryOf } from './github/summary.js';
import type { RunResult } from './result.js';
import { readRunContext, type RunContext } from './config/run-context.js';
import { safeLine, safeLines, visibleText } from './common/safe-text.js';
import { createSecrets, rememberHeaderSecret, type Secrets } from './common/secrets.js';
import { httpTransport } from './http/transport.js';
import { userAgent } from './github/user-agent.js';

/**
 * What the shell talks to: @actions/core's functions, the process, and the action itself. nodeShell() is the
 * real one; a test hands fakes and sees every line, output, annotation, exit and signal handler.
 */
export interface Shell {
  getInput: (name: string) => string;
  setOutput: (name: string, value: string) => void;
  /** Registers a value with the runner's masking (core.setSecret). */
  setSecret: (value: string) => void;
  info: (message: string) => void;
  debug: (message: string) => void;
  notice: (message: string, properties: { title?: string }) => void;
  warning: (message: string, properties: { title?: string }) => void;
  error: (message: string, properties: { title?: string }) => void;
  /** Appends markdown to the job summary (GITHUB_STEP_SUMMARY). */
  writeSummary: (markdown: string) => Promise<void>;
  env: NodeJS.ProcessEnv;
  setExitCode: (code: number) => void;
  exit: (code?: number) => void;
  onSignal: (signal: NodeJS.Signals, listener: (signal: NodeJS.Signals) => void) => void;
  onUnhandledRejection: (listener: (reason: unknown) => void) => void;
  /** The console dependencies write to, and the streams its writers are routed to. */
  console: Pick<Console, 'log' | 'info' | 'debug' | 'warn' | 'error'>;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Runs fn after ms, on a timer that does not keep the process alive. */
  later: (ms: number, fn: () => void) => void;
  runAction: (deps: ActionDeps) => Promise<RunResult>;
}

/** Every line, annotation, output and summary the action writes goes through one of these. */
interface Writer {
  info: (line: string) => void;
  debug: (text: string) => void;
  notice: (text: string, title?: string) => void;
  warning: (text: string, title?: string) => void;
  error: (text: string, title?: string) => void;
  output: (name: string, value: string) => void;
  summary: (markdown: string) => Promise<void>;
  /** The gate itself: the step's secrets removed from a text, for a sink that cuts a value it builds (outputs). */
  redact: (text: string) => string;
}

/**
 * The step: every sink gated (the writer, the console), SIGINT/SIGTERM turned into the run's cancel signal, the run
 * (runAction), then its report; an unexpected throw still ends as a red step with a message.
 */
export async function run(shell: Shell = nodeShell()): Promise<void> {
  const secrets = createSecrets((value) => shell.setSecret(value));
  const out = writerFor(shell, secrets);
  gateConsole(shell, out);
  // A promise a dependency forgot to handle must still end as a red step with a message, not a crash.
  shell.onUnhandledRejection((err) => failUnexpectedly(err, shell, out));
  const cancel = cancelOnSignals(shell, out);
  try {
    const ctx = readRunContext(shell.env);
    const result = await shell.runAction(actionDeps(shell, ctx, secrets, out, cancel));
    await report(result, ctx, shell, out);
  } catch (err) {
    // A bug or an unforeseen fault: still a red step with a message, never a green one or an unhandled rejection.
    failUnexpectedly(err, shell, out);
  }
  // Work given up at the deadline (a hung credential source, a proxy that never answers) may not hold the step.
  shell.later(EXIT_AFTER_REPORT_MS, () => shell.exit());
}

/** The shell of a real step: @actions/core and this process. */
export function nodeShell(): Shell {
  return {
    getInput: (name) => core.getInput(name),
    setOutput: (name, value) => core.setOutput(name, value),
    setSecret: (value) => core.setSecret(value),
    info: (message) => core.info(message),
    debug: (message) => core.debug(message),
    notice: (message, properties) => core.notice(message, properties),
    warning: (message, properties) => core.warning(message, properties),
    error: (message, properties) => core.error(message, properties),
    writeSummary: async (markdown) => {
      await core.summary.addRaw(markdown).write();
    },
    env: process.env,
    setExitCode: (code) => {
      process.exitCode = code;
    },
    // process.exit(undefined) would reset an exit code already set: called without one, it keeps it.
    exit: (code) => (code === undefined ? process.exit() : process.exit(code)),
    onSignal: (signal, listener) => process.on(signal, listener),
    onUnhandledRejection: (listener) => process.on('unhandledRejection', listener),
    // The console dependencies write to: run() routes its writers through the gate.
    console,
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    later: (ms, fn) => setTimeout(fn, ms).unref(),
    runAction,
  };
}

/** What runAction needs, from the shell and this process: credentials, transport, clock, files, the writer. */
function actionDeps(
  shell: Shell,
  ctx: RunContext,
  secrets: Secrets,
  out: Writer,
  cancel: AbortSignal,
): ActionDeps {
  const env = shell.env;
  return {
    getInput: (name) => shell.getInput(name),
    run: ctx,
    sources: {
      chain: defaultProvider(env, undefined, (value) => rememberHeaderSecret(secrets, value)),
      chainSecrets: () => chainSecrets(env, homedir(), fs),
      getIdToken: idTokenRequester(env),
      idTokenAvailable: Boolean(env.ACTIONS_ID_TOKEN_REQUEST_URL),
      env,
    },
    secrets,
    transport: httpTransport(userAgent(ctx, process.version)),
    timing: { now: () => Date.now(), sleep, random: Math.random },
    cancel,
    // snapshot-directory: the one place this action writes files (partner-central/snapshot-files.ts).
    files: fs,
    platform: process.platform,
    log: out,
  };
}

/**
 * The workflow's OIDC token, requested as core.getIDToken would but through the action's transport. Its code is
 * dist/'s role chunk (with STS's), loaded only when a step has role-to-assume.
 */
function idTokenRequester(env: NodeJS.ProcessEnv): CredentialSources['getIdToken'] {
  return async (audience, policy, deps) => {
    const oidc = await import(/* webpackChunkName: "role" */ './github/oidc-token.js');
    return oidc.requestIdToken({ env }, audience, policy, deps);
  };
}

/**
 * The one place the action writes to the runner: the gate. Whatever a text holds (a service's words, an input, a
 * path, an exception), it is made what a reader sees (no invisible or control characters), the step's secrets are
 * scrubbed from it whole, with every secret known by now, and only then is it cut and each line neutralised so
 * that neither command syntax can act (common/safe-text.ts): the runner reads commands on stdout and stderr, and
 * a later step may echo an output. The action's own `::` commands are core's, built around the cleaned text.
 */
function writerFor(shell: Shell, secrets: Secrets): Writer {
  const shown = (text: string) => secrets.scrub(visibleText(text));
  const clean = (text: string) => safeLines(shown(text));
  // A title is one line, whatever it quotes (a job's Status, say).
  const props = (title?: string) => (title ? { title: safeLine(shown(title), 1000) } : {});
  return {
    info: (line) => shell.info(safeLine(shown(line), 4000)),
    // A debug line may quote a whole reply: each of its lines is cut like an info line, after the scrub.
    debug: (text) => shell.debug(safeLines(shown(text), 4000)),
    notice: (text, title) => shell.notice(clean(text), props(title)),
    warning: (text, title) => shell.warning(clean(text), props(title)),
    error: (text, title) => shell.error(clean(text), props(title)),
    output: (name, value) => shell.setOutput(name, clean(value)),
    summary: (markdown) => shell.writeSummary(shown(markdown)),
    redact: shown,
  };
}

/**
 * Dependencies write to the console (the SDK's credential chain warns there, and may quote a profile or a
 * reply): through the same gate, one line each, on the stream they chose. The runner reads commands on both.
 */
function gateConsole(shell: Shell, out: Writer): void {
  const to =
    (write: (text: string) => void) =>
    (...args: unknown[]) => {
      write(`${safeLine(out.redact(format(...args)), 4000)}\n`);
    };
  const gated = shell.console;
  gated.log = gated.info = gated.debug = to(shell.stdout);
  gated.warn = gated.error = to(shell.stderr);
}

/** Why a runner file could not be written, naming the variable and the file (the fault alone names neither). */
function runnerFileProblem(env: NodeJS.ProcessEnv, variable: string, err: unknown): string {
  const path = env[variable];
  const reason = safeLine(err instanceof Error ? err.message : String(err), 500);
  return `${variable} (${path ? safeLine(path, 300) : 'not set'}) could not be written: ${reason}`;
}

/**
 * Outputs, annotations, summary: each written whatever became of the others, so an unwritable runner file
 * never hides a failed job's annotation, and the exit code follows the jobs alone.
 */
async function report(
  result: RunResult,
  run: RunContext,
  shell: Shell,
  out: Writer,
): Promise<void> {
  let outputProblem: string | undefined;
  for (const [name, value] of Object.entries(outputsOf(result, out.redact))) {
    try {
      out.output(name, value);
    } catch (err) {
      outputProblem ??= runnerFileProblem(shell.env, 'GITHUB_OUTPUT', err);
    }
  }
  for (const a of annotationsOf(result))
    (a.level === 'warning' ? out.warning : out.error)(a.text, a.title);
  let summaryProblem: string | undefined;
  if (shell.env.GITHUB_STEP_SUMMARY) {
    try {
      await out.summary(summaryOf(result, run));
    } catch (err) {
      summaryProblem = runnerFileProblem(shell.env, 'GITHUB_STEP_SUMMARY', err);
    }
  }
  const summaryWritten = Boolean(shell.env.GITHUB_STEP_SUMMARY) && !summaryProblem;
  if (outputProblem)
    out.warning(
      `${outputProblem}. The step's outputs (started-count, results, error-code, ...) are not set; later steps that read them see empty values. ` +
        `The log${summaryWritten ? ' and the job summary still say' : ' still says'} what happened.`,
      'Step outputs not written',
    );
  if (summaryProblem) out.warning(summaryProblem, 'Job summary not written');
  if (!succeeded(result)) shell.setExitCode(1);
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
function cancelOnSignals(shell: Shell, out: Writer): AbortSignal {
  const controller = new AbortController();
  // Jobs waited for together each hold a listener (a sleep, a request): many at once is no leak, so no warning.
  setMaxListeners(0, controller.signal);
  const onSignal = (signal: NodeJS.Signals) => {
    if (controller.signal.aborted) return shell.exit(1);
    out.info(`Received ${signal}: starting no more jobs; reporting what was started.`);
    controller.abort();
    // Whatever still holds the event loop (a socket closing, a grace timer) may not hold it past this.
    shell.later(EXIT_AFTER_CANCEL_MS, () => shell.exit(1));
  };
  shell.onSignal('SIGINT', onSignal);
  shell.onSignal('SIGTERM', onSignal);
  return controller.signal;
}

function failUnexpectedly(err: unknown, shell: Shell, out: Writer): void {
  shell.setExitCode(1);
  // Scrubbed before the cut: the message may quote a reply.
  const message = safeLine(
    out.redact(err instanceof Error ? `${err.name}: ${err.message}` : String(err)),
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
