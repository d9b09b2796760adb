// Holds the tests' runner model to what actions/runner does, and every run of the bundle to that one model.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { inputVariable, readActionYml, runnerInputs } from '../emulator/action-yml.mjs';
import { parseOutputFile, visibleLog } from '../emulator/run-dist.mjs';
import { INPUT_DEFAULTS } from '../../src/config/action-contract.js';
import { readInputs } from '../../src/config/inputs.js';

const root = path.resolve(import.meta.dirname, '../..');
const action = readActionYml();

/** readActionYml on `text` written to a throw-away action.yml. */
function readYml(text: string) {
  const dir = mkdtempSync(path.join(tmpdir(), 'action-yml-'));
  try {
    const file = path.join(dir, 'action.yml');
    writeFileSync(file, text);
    return readActionYml(file);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** core.getInput: INPUT_ + name with spaces as _, upper-cased, trimmed; '' when absent. */
const getInputFrom = (env: Record<string, string>) => (name: string) =>
  (env[inputVariable(name)] ?? '').trim();

describe('action.yml as the runner reads it', () => {
  it('declares catalog and job-identifier required without defaults, every other input optional with a quoted default', () => {
    expect(action.inputs.catalog).toMatchObject({ required: true });
    expect(action.inputs['job-identifier']).toMatchObject({ required: true });
    for (const [name, input] of Object.entries(action.inputs)) {
      if (input.required) expect(input.default, name).toBeUndefined();
      else expect(typeof input.default, name).toBe('string');
    }
    const text = readFileSync(path.join(root, 'action.yml'), 'utf8');
    for (const m of text.matchAll(/^ {4}default: (.*)$/gm)) expect(m[1]).toMatch(/^'.*'$/);
    expect(action.runs).toEqual({ using: 'node24', main: 'dist/index.js' });
  });

  it('reads descriptions as their text, without the quotes around them', () => {
    for (const [name, input] of Object.entries(action.inputs)) {
      expect(input.description, name).not.toBe('');
      expect(input.description, name).not.toMatch(/^['"]|['"]$/);
    }
    expect(action.inputs.catalog?.description).toBe(
      'Catalog of the job: AWS (production) or Sandbox (testing). Case-sensitive.',
    );
  });

  it('reads any YAML the runner reads: block scalars, quoting, comments, other indentation, flow maps', () => {
    const read = readYml(
      [
        'name: x # a comment',
        'inputs:',
        '    folded:',
        '        description: >-',
        '            one',
        '            two',
        "        default: 'it''s' # quoted, then a comment",
        '    literal:',
        '        description: |',
        '            line 1',
        '            line 2',
        '        required: true',
        '    number: { description: "a\\tb", default: 1.0, required: false }',
        '    block-default:',
        '        description: d',
        '        default: |-',
        '            first',
        '            second',
        'outputs:',
        '    out-1: { description: o }',
        'runs: { using: node24, main: "dist/index.js" }',
      ].join('\n'),
    );
    expect(read.inputs).toEqual({
      folded: { required: false, default: "it's", description: 'one two' },
      literal: { required: true, description: 'line 1\nline 2\n' },
      // Failsafe: the text as written, as the runner exports it, never the number 1.
      number: { required: false, default: '1.0', description: 'a\tb' },
      'block-default': { required: false, default: 'first\nsecond', description: 'd' },
    });
    expect(read.outputs).toEqual(['out-1']);
    expect(read.runs).toEqual({ using: 'node24', main: 'dist/index.js' });
    expect(runnerInputs({ literal: 'v' }, read)).toEqual({
      INPUT_FOLDED: "it's",
      INPUT_LITERAL: 'v',
      INPUT_NUMBER: '1.0',
      'INPUT_BLOCK-DEFAULT': 'first\nsecond',
    });
  });

  it('refuses what it cannot read as the runner would, never guessing', () => {
    const base = 'outputs: {}\nruns: { using: node24 }\n';
    expect(() => readYml(`inputs:\n  a: { default: '1' }\n  a: { default: '2' }\n${base}`)).toThrow(
      /unique/,
    );
    expect(() => readYml(`inputs:\n  a: { required: maybe }\n${base}`)).toThrow(
      /input a has required: maybe/,
    );
    expect(() => readYml(`inputs:\n  a:\n    default:\n${base}`)).toThrow(
      /input a default is empty/,
    );
    expect(() => readYml(`inputs:\n  a: { default: [1, 2] }\n${base}`)).toThrow(
      /input a default must be a single value/,
    );
    expect(() => readYml(`inputs:\n  a: 'text'\n${base}`)).toThrow(/input a must be a map/);
    expect(() => readYml(`inputs: {}\n${base}key: 'open\n`)).toThrow(/action\.yml/);
    expect(() => readYml(`outputs: {}\nruns: {}\n`)).toThrow(/inputs must be a map/);
  });

  it('exports every default the step does not give, hyphens kept, and nothing for required inputs not given', () => {
    const env = runnerInputs({ catalog: 'AWS' });
    expect(env.INPUT_CATALOG).toBe('AWS');
    expect('INPUT_JOB-IDENTIFIER' in env).toBe(false);
    for (const [name, input] of Object.entries(action.inputs))
      if (input.default !== undefined) expect(env[inputVariable(name)], name).toBe(input.default);
    expect(env['INPUT_ROLE-DURATION-SECONDS']).toBe('900');
    expect(inputVariable('some input')).toBe('INPUT_SOME_INPUT');
    expect(() => runnerInputs({ 'no-such-input': 'x' })).toThrow(/does not declare/);
  });

  it('keeps the code defaults equal to action.yml', () => {
    for (const [name, value] of Object.entries(INPUT_DEFAULTS))
      expect(action.inputs[name]?.default, name).toBe(value);
  });
});

describe('readInputs under the runner', () => {
  it('takes a step that gives only the required inputs, with every default exported, as valid', () => {
    const env = runnerInputs({ catalog: 'AWS', 'job-identifier': 'job-0123456789abc' });
    const r = readInputs(getInputFrom(env));
    expect(r.ok ? [] : r.problems).toEqual([]);
    if (!r.ok) return;
    expect(r.config.role).toBeUndefined();
    expect(r.config.maxAttempts).toBe('auto');
    expect(r.config.timeoutMs).toBe(Number(action.inputs['timeout-seconds']?.default) * 1000);
    expect(r.config.region).toBe(action.inputs.region?.default);
  });

  it('treats each optional input given with its default value exactly as not given', () => {
    const plain = readInputs(
      getInputFrom(runnerInputs({ catalog: 'AWS', 'job-identifier': 'job-0123456789abc' })),
    );
    for (const [name, input] of Object.entries(action.inputs)) {
      if (input.default === undefined) continue;
      const given = {
        catalog: 'AWS',
        'job-identifier': 'job-0123456789abc',
        [name]: input.default,
      };
      const r = readInputs(getInputFrom(runnerInputs(given)));
      expect(r, name).toEqual(plain);
    }
  });

  it('still rejects a role option the user chose without role-to-assume', () => {
    const env = runnerInputs({
      catalog: 'AWS',
      'job-identifier': 'job-0123456789abc',
      'role-duration-seconds': '3600',
    });
    const r = readInputs(getInputFrom(env));
    expect(!r.ok && r.problems.map((p) => p.input)).toEqual(['role-duration-seconds']);
  });
});

describe('the output file, read with the runner rules', () => {
  it('reads name=value and name<<DELIMITER entries', () => {
    const text =
      'a=1\nb=x=y\nc<<ghadelimiter_1\nline 1\nline 2\nghadelimiter_1\nd<<EOF\n\nEOF\ne=\n';
    expect(parseOutputFile(text)).toEqual({ a: '1', b: 'x=y', c: 'line 1\nline 2', d: '', e: '' });
  });
  it('fails where the runner fails the step', () => {
    expect(() => parseOutputFile('just text\n')).toThrow(/invalid format/);
    expect(() => parseOutputFile('=value\n')).toThrow(/no name/);
    expect(() => parseOutputFile('x<<EOF\nno end\n')).toThrow(/delimiter not found/);
    expect(() => parseOutputFile('x<<\n')).toThrow(/heredoc/);
  });
  it('consumes ::add-mask:: lines and hides ::debug:: unless debug logging is on', () => {
    const out = 'one\n::add-mask::s3cr3t\n::debug::detail\ntwo';
    expect(visibleLog(out)).toEqual({ log: 'one\ntwo', masks: ['s3cr3t'] });
    expect(visibleLog(out, { debug: true }).log).toBe('one\n::debug::detail\ntwo');
  });
});

describe('one runner model', () => {
  /** Every file that could start the bundle: tests, the emulator helpers and the scripts. */
  function sources(dir: string): string[] {
    return readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((e) =>
      e.isDirectory()
        ? sources(path.join(dir, e.name))
        : /\.(m?js|ts)$/.test(e.name)
          ? [path.join(dir, e.name)]
          : [],
    );
  }
  it('starts dist/index.js only through test/emulator/run-dist.mjs', () => {
    // check-dist builds dist/ and compares it; it never runs it. This file names the path to test it.
    const allowed = new Set([
      'test/emulator/run-dist.mjs',
      'scripts/check-dist.mjs',
      'test/unit/runner-model.test.ts',
    ]);
    const offenders = [...sources('test'), ...sources('scripts')]
      .filter((f) => !allowed.has(f))
      .filter((f) => {
        const text = readFileSync(path.join(root, f), 'utf8');
        const startsProcesses = /\b(spawn|spawnSync|execFile|execFileSync|fork|exec)\(/.test(text);
        // A quoted path to the bundle, or run-dist's DIST: a log line that merely mentions it does not count.
        const bundle =
          /['"`](\.\.?\/)*dist\/index\.js['"`]|['"]dist['"],\s*['"]index\.js['"]|\bDIST\b/;
        // A script that must wrap the bundle itself (bench-startup runs it under /usr/bin/time) still takes
        // its environment from run-dist's runnerEnv, and names no INPUT_ variable of its own.
        const usesRunnerEnv =
          /\brunnerEnv\(/.test(text) &&
          /from '[./]*\/?test\/emulator\/run-dist\.mjs'|from '\.\.\/emulator\/run-dist\.mjs'|from '\.\/run-dist\.mjs'/.test(
            text,
          ) &&
          !/INPUT_/.test(text);
        return startsProcesses && bundle.test(text) && !usesRunnerEnv;
      });
    expect(offenders).toEqual([]);
  });
});
