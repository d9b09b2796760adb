// Runs dist/index.js exactly as the GitHub runner runs a step, and reads back what the runner would read.
//
// The one runner model of the project: every test, the demo and the benchmark start the bundle through runStep
// (test/unit/runner-model.test.ts fails when anything else spawns it). What it does, as actions/runner does:
// - INPUT_<NAME> for every input the step gives, and for every input with a default in action.yml that the step
//   does not give, that default (name upper-cased, spaces to _, hyphens kept);
// - GITHUB_OUTPUT, GITHUB_STEP_SUMMARY, GITHUB_STATE, GITHUB_ENV and GITHUB_PATH files, RUNNER_TEMP, GITHUB_ACTIONS=true
//   and the usual GITHUB_* context variables, with an event payload file;
// - reads GITHUB_OUTPUT with the runner's file-command rules (`name=value` and `name<<DELIMITER`), failing on a
//   line the runner would reject;
// - consumes ::add-mask:: lines (they never show in the log) and shows ::debug:: lines only with debug logging.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { readActionYml, runnerInputs } from './action-yml.mjs';
import { baseEnv } from './fixtures.mjs';

/** The bundle under test: E2E_DIST (e.g. a frozen copy of an earlier build), else this checkout's dist/index.js. */
export const DIST = process.env.E2E_DIST
  ? path.resolve(process.env.E2E_DIST)
  : path.resolve(import.meta.dirname, '../../dist/index.js');
/** The Node binary under test: E2E_NODE (set by scripts/e2e.mjs), else this process's. */
export const NODE = process.env.E2E_NODE || process.execPath;

/**
 * @typedef {{ level: 'error' | 'warning' | 'notice', title?: string, message: string }} Annotation
 * @typedef {{ code: number | null, signal: NodeJS.Signals | null, stdout: string, stderr: string,
 *   log: string, outputs: Record<string, string>, summary: string, annotations: Annotation[],
 *   errors: Annotation[], warnings: Annotation[], notices: Annotation[], masks: string[], wallMs: number, env: Record<string, string> }} RunOutcome
 */

/** Undoes @actions/core's escaping of command data and properties. */
function unescape(s) {
  return s
    .replace(/%3A/g, ':')
    .replace(/%2C/g, ',')
    .replace(/%0D/g, '\r')
    .replace(/%0A/g, '\n')
    .replace(/%25/g, '%');
}

/**
 * GITHUB_OUTPUT as the runner reads it (SetOutputFileCommand): each entry is `name=value` on one line, or
 * `name<<DELIMITER`, the value's lines, and a line equal to DELIMITER. Anything else fails the step, so it
 * throws here.
 */
export function parseOutputFile(text) {
  /** @type {Record<string, string>} */
  const out = {};
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].replace(/\r$/, '');
    if (line === '') continue;
    const eq = line.indexOf('=');
    const heredoc = line.indexOf('<<');
    if (eq >= 0 && (heredoc < 0 || eq < heredoc)) {
      const name = line.slice(0, eq);
      if (!name) throw new Error(`GITHUB_OUTPUT: an entry has no name: ${JSON.stringify(line)}`);
      out[name] = line.slice(eq + 1);
      continue;
    }
    if (heredoc < 0) throw new Error(`GITHUB_OUTPUT: invalid format ${JSON.stringify(line)}`);
    const name = line.slice(0, heredoc);
    const delimiter = line.slice(heredoc + 2);
    if (!name || !delimiter)
      throw new Error(`GITHUB_OUTPUT: invalid heredoc header ${JSON.stringify(line)}`);
    const value = [];
    for (i++; ; i++) {
      if (i >= lines.length)
        throw new Error(`GITHUB_OUTPUT: matching delimiter not found '${delimiter}'`);
      if (lines[i].replace(/\r$/, '') === delimiter) break;
      value.push(lines[i].replace(/\r$/, ''));
    }
    out[name] = value.join('\n');
  }
  return out;
}

/** @returns {Annotation[]} */
export function parseAnnotations(stdout) {
  const found = [];
  for (const line of stdout.split(/\r?\n/)) {
    const m = /^::(error|warning|notice)( [^:]*)?::(.*)$/.exec(line);
    if (!m) continue;
    const title = /title=([^,]*)/.exec(m[2] ?? '')?.[1];
    found.push({
      level: /** @type {Annotation['level']} */ (m[1]),
      ...(title ? { title: unescape(title) } : {}),
      message: unescape(m[3]),
    });
  }
  return found;
}

/**
 * The log a person sees: ::add-mask:: lines consumed, ::debug:: lines only with debug logging, each
 * registered secret replaced by *** as the runner does.
 */
export function visibleLog(stdout, { debug = false } = {}) {
  const masks = [];
  const shown = [];
  for (const line of stdout.split('\n')) {
    const mask = /^::add-mask::(.*)$/.exec(line);
    if (mask) {
      if (mask[1]) masks.push(unescape(mask[1]));
      continue;
    }
    if (!debug && line.startsWith('::debug::')) continue;
    shown.push(line);
  }
  return { log: shown.join('\n'), masks };
}

/**
 * The environment of a step, as the runner builds it, in `dir`: the files, the context variables and the
 * INPUT_ variables (the given inputs over action.yml's defaults). `env` is the step's own `env:` (plus the
 * credentials a previous step exported); a value of undefined removes a variable.
 * @param {Record<string, string>} inputs
 * @param {Record<string, string | undefined>} env
 * @param {string} dir
 */
export function runnerEnv(inputs, env, dir, action = readActionYml()) {
  const temp = path.join(dir, 'runner-temp');
  mkdirSync(temp, { recursive: true });
  const files = {
    GITHUB_OUTPUT: path.join(dir, 'output'),
    GITHUB_STEP_SUMMARY: path.join(dir, 'summary'),
    GITHUB_STATE: path.join(dir, 'state'),
    GITHUB_ENV: path.join(dir, 'env'),
    GITHUB_PATH: path.join(dir, 'path'),
    GITHUB_EVENT_PATH: path.join(dir, 'event.json'),
  };
  for (const f of Object.values(files)) writeFileSync(f, '');
  writeFileSync(files.GITHUB_EVENT_PATH, JSON.stringify({ ref: 'refs/heads/main' }));
  /** @type {Record<string, string | undefined>} */
  const all = {
    ...baseEnv(),
    ...files,
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    RUNNER_TEMP: temp,
    RUNNER_OS: 'Linux',
    RUNNER_ARCH: 'X64',
    RUNNER_NAME: 'emulated-runner',
    GITHUB_WORKSPACE: dir,
    GITHUB_REPOSITORY: 'octo-org/partner-release',
    GITHUB_REPOSITORY_OWNER: 'octo-org',
    GITHUB_RUN_ID: '4242',
    GITHUB_RUN_NUMBER: '7',
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_API_URL: 'https://api.github.com',
    GITHUB_GRAPHQL_URL: 'https://api.github.com/graphql',
    GITHUB_EVENT_NAME: 'push',
    GITHUB_SHA: '0123456789abcdef0123456789abcdef01234567',
    GITHUB_REF: 'refs/heads/main',
    GITHUB_REF_NAME: 'main',
    GITHUB_WORKFLOW: 'release',
    GITHUB_JOB: 'snapshot',
    GITHUB_ACTOR: 'octocat',
    GITHUB_ACTION: 'snapshot',
    GITHUB_ACTION_PATH: path.dirname(DIST),
    ...runnerInputs(inputs, action),
    ...env,
  };
  /** @type {Record<string, string>} */
  const clean = {};
  for (const [k, v] of Object.entries(all)) if (v !== undefined) clean[k] = v;
  return clean;
}

/** A case may point a file command at a path that cannot exist, to test the action's handling of it. */
function readIfThere(file) {
  try {
    // Only a regular file holds what the runner would read (/dev/full, a directory: nothing).
    return statSync(file).isFile() ? readFileSync(file, 'utf8') : '';
  } catch (err) {
    if (err.code === 'ENOENT') return '';
    throw err;
  }
}

/**
 * Runs the step as the runner would run dist/index.js (runStep; src/run-action.ts's runAction is the action's own run). `inputs`
 * are the step's `with:`; `env` its `env:` (and a previous step's exports).
 * options.node: the Node binary; options.onSpawn(child, outcomeSoFar): for tests that signal the process.
 * @param {Record<string, string>} inputs
 * @param {Record<string, string | undefined>} [env]
 * @param {{ node?: string, onSpawn?: (child: import('node:child_process').ChildProcess, live: { stdout: string }) => void }} [options]
 * @returns {Promise<RunOutcome>}
 */
export async function runStep(inputs, env = {}, options = {}) {
  const dir = mkdtempSync(path.join(tmpdir(), 'snapshot-e2e-'));
  try {
    const childEnv = runnerEnv(inputs, env, dir);
    const started = Date.now();
    const child = spawn(options.node ?? NODE, [DIST], {
      env: childEnv,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const live = { stdout: '' };
    let stderr = '';
    child.stdout.on('data', (c) => (live.stdout += c.toString()));
    child.stderr.on('data', (c) => (stderr += c.toString()));
    options.onSpawn?.(child, live);
    /** @type {[number | null, NodeJS.Signals | null]} */
    const [code, signal] = await new Promise((resolve) =>
      child.on('close', (c, s) => resolve([c, s])),
    );
    const wallMs = Date.now() - started;
    const stdout = live.stdout;
    const annotations = parseAnnotations(stdout);
    const { log, masks } = visibleLog(stdout, { debug: childEnv.RUNNER_DEBUG === '1' });
    return {
      code,
      signal,
      stdout,
      stderr,
      log,
      masks,
      outputs: parseOutputFile(readIfThere(childEnv.GITHUB_OUTPUT)),
      summary: readIfThere(childEnv.GITHUB_STEP_SUMMARY),
      annotations,
      errors: annotations.filter((a) => a.level === 'error'),
      warnings: annotations.filter((a) => a.level === 'warning'),
      notices: annotations.filter((a) => a.level === 'notice'),
      wallMs,
      env: childEnv,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Everything a person could see: the log less the ::add-mask:: lines (the runner consumes those), debug
 * lines included, stderr, the job summary and the outputs. No secret may appear in it, masked or not.
 * @param {RunOutcome} run
 */
export function visibleText(run) {
  const { log } = visibleLog(run.stdout, { debug: true });
  return [log, run.stderr, run.summary, JSON.stringify(run.outputs)].join('\n');
}

/** The action's declared inputs and outputs, for tests that hold the code to the contract. */
export const ACTION = readActionYml();
