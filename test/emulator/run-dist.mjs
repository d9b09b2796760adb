// Runs dist/index.js as the runner does: INPUT_ variables, GITHUB_OUTPUT, GITHUB_STEP_SUMMARY; reads back what it left.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { baseEnv } from './fixtures.mjs';

export const DIST = path.resolve(import.meta.dirname, '../../dist/index.js');
/** The Node binary under test: E2E_NODE (set by scripts/e2e.mjs), else this process's. */
export const NODE = process.env.E2E_NODE || process.execPath;

/**
 * @typedef {{ level: 'error' | 'warning' | 'notice', title?: string, message: string }} Annotation
 * @typedef {{ code: number | null, stdout: string, stderr: string, outputs: Record<string, string>,
 *   summary: string, annotations: Annotation[], errors: Annotation[], warnings: Annotation[], wallMs: number }} RunOutcome
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

/** GITHUB_OUTPUT holds `name<<delimiter`, the value's lines, then `delimiter`. */
export function parseOutputFile(text) {
  /** @type {Record<string, string>} */
  const out = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const m = /^([^<]+)<<(.+)$/.exec(lines[i]);
    if (!m) continue;
    const value = [];
    for (i++; i < lines.length && lines[i] !== m[2]; i++) value.push(lines[i]);
    out[m[1]] = value.join('\n');
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

/** Inputs as the runner passes them: INPUT_ and the name upper-cased, hyphens kept. */
export function inputEnv(inputs) {
  /** @type {Record<string, string>} */
  const env = {};
  for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.toUpperCase()}`] = value;
  return env;
}

/**
 * @param {Record<string, string>} inputs
 * @param {Record<string, string | undefined>} [env]
 * @param {{ node?: string }} [options]
 * @returns {Promise<RunOutcome>}
 */
export async function runAction(inputs, env = {}, options = {}) {
  const dir = mkdtempSync(path.join(tmpdir(), 'snapshot-e2e-'));
  const outputFile = path.join(dir, 'output');
  const summaryFile = path.join(dir, 'summary');
  writeFileSync(outputFile, '');
  writeFileSync(summaryFile, '');
  /** @type {Record<string, string | undefined>} */
  const childEnv = {
    ...baseEnv(),
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: summaryFile,
    GITHUB_REPOSITORY: 'octo-org/partner-release',
    GITHUB_RUN_ID: '4242',
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_SERVER_URL: 'https://github.com',
    ...inputEnv(inputs),
    ...env,
  };
  for (const [k, v] of Object.entries(childEnv)) if (v === undefined) delete childEnv[k];
  const started = Date.now();
  const child = spawn(options.node ?? NODE, [DIST], {
    env: /** @type {NodeJS.ProcessEnv} */ (childEnv),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c) => (stdout += c.toString()));
  child.stderr.on('data', (c) => (stderr += c.toString()));
  /** @type {number | null} */
  const code = await new Promise((resolve) => child.on('close', resolve));
  const wallMs = Date.now() - started;
  const annotations = parseAnnotations(stdout);
  const outcome = {
    code,
    stdout,
    stderr,
    outputs: parseOutputFile(readFileSync(outputFile, 'utf8')),
    summary: readFileSync(summaryFile, 'utf8'),
    annotations,
    errors: annotations.filter((a) => a.level === 'error'),
    warnings: annotations.filter((a) => a.level === 'warning'),
    wallMs,
  };
  rmSync(dir, { recursive: true, force: true });
  return outcome;
}

/**
 * Everything a person could see: the log less the ::add-mask:: lines (the runner consumes those),
 * stderr, the job summary and the outputs. No secret may appear in it.
 * @param {RunOutcome} run
 */
export function visibleText(run) {
  const log = run.stdout
    .split('\n')
    .filter((l) => !l.startsWith('::add-mask::'))
    .join('\n');
  return [log, run.stderr, run.summary, JSON.stringify(run.outputs)].join('\n');
}
