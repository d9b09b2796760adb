// Runs dist/index.js as the runner does: INPUT_ variables, GITHUB_OUTPUT, GITHUB_STEP_SUMMARY; reads back what it left.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
// @ts-expect-error plain ESM helper without types
import { baseEnv } from '../emulator/fixtures.mjs';

export const DIST = path.resolve(import.meta.dirname, '../../dist/index.js');
/** The Node binary under test: E2E_NODE (set by scripts/e2e.mjs), else this process's. */
export const NODE = process.env.E2E_NODE || process.execPath;

export interface Annotation {
  level: 'error' | 'warning' | 'notice';
  title?: string;
  message: string;
}

export interface RunOutcome {
  code: number | null;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  summary: string;
  annotations: Annotation[];
  errors: Annotation[];
  wallMs: number;
}

/** Undoes @actions/core's escaping of command data and properties. */
function unescape(s: string): string {
  return s.replace(/%3A/g, ':').replace(/%2C/g, ',').replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%');
}

export function parseOutputFile(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const m = /^([^<]+)<<(.+)$/.exec(lines[i] ?? '');
    if (!m) continue;
    const [, name, delimiter] = m as unknown as [string, string, string];
    const value: string[] = [];
    for (i++; i < lines.length && lines[i] !== delimiter; i++) value.push(lines[i] ?? '');
    out[name] = value.join('\n');
  }
  return out;
}

export function parseAnnotations(stdout: string): Annotation[] {
  const found: Annotation[] = [];
  for (const line of stdout.split(/\r?\n/)) {
    const m = /^::(error|warning|notice)( [^:]*)?::(.*)$/.exec(line);
    if (!m) continue;
    const props = m[2] ?? '';
    const title = /title=([^,]*)/.exec(props)?.[1];
    found.push({ level: m[1] as Annotation['level'], ...(title ? { title: unescape(title) } : {}), message: unescape(m[3] ?? '') });
  }
  return found;
}

export function inputEnv(inputs: Record<string, string>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.toUpperCase()}`] = value;
  return env;
}

export async function runAction(
  inputs: Record<string, string>,
  env: Record<string, string | undefined> = {},
  options: { node?: string } = {},
): Promise<RunOutcome> {
  const dir = mkdtempSync(path.join(tmpdir(), 'snapshot-e2e-'));
  const outputFile = path.join(dir, 'output');
  const summaryFile = path.join(dir, 'summary');
  writeFileSync(outputFile, '');
  writeFileSync(summaryFile, '');
  const childEnv = {
    ...(baseEnv() as Record<string, string>),
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
  const child = spawn(options.node ?? NODE, [DIST], { env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  const annotations = parseAnnotations(stdout);
  return {
    code,
    stdout,
    stderr,
    outputs: parseOutputFile(readFileSync(outputFile, 'utf8')),
    summary: readFileSync(summaryFile, 'utf8'),
    annotations,
    errors: annotations.filter((a) => a.level === 'error'),
    wallMs: Date.now() - started,
  };
}
