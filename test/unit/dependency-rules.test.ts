// The house's lint rule (.dependency-cruiser.cjs) catches what it is for: an upward import, an import cycle
// (type-only included), a file outside the layers, @actions/core outside the shell. Run on small trees.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

/** Cruises a tree of `files` (path -> source) with the project's rules; the violations as "rule from -> to". */
function violations(files: Record<string, string>): string[] {
  const dir = mkdtempSync(path.join(tmpdir(), 'layers-'));
  made.push(dir);
  for (const [file, source] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), source);
  }
  writeFileSync(
    path.join(dir, 'tsconfig.json'),
    JSON.stringify({ compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext' } }),
  );
  symlinkSync(path.join(root, 'node_modules'), path.join(dir, 'node_modules'));
  const cli = path.join(root, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs');
  const config = path.join(root, '.dependency-cruiser.cjs');
  let out: string;
  try {
    out = execFileSync(
      process.execPath,
      [cli, 'src', '--config', config, '--output-type', 'json'],
      {
        cwd: dir,
        encoding: 'utf8',
      },
    );
  } catch (err) {
    // Exit code = number of errors; the JSON report is on stdout all the same.
    out = (err as { stdout: string }).stdout;
  }
  const report = JSON.parse(out) as {
    summary: { violations: { rule: { name: string }; from: string; to: string }[] };
  };
  // node_modules is a symlink to the project's: its resolved path is shortened back.
  const short = (p: string) => p.replace(/^.*node_modules\//, 'node_modules/');
  return report.summary.violations.map((v) => `${v.rule.name} ${v.from} -> ${short(v.to)}`).sort();
}

const lowest = { 'src/common/text.ts': 'export const text = "x";\n' };

// Each case runs dependency-cruiser as a child process (a few seconds on a busy machine).
describe('the layer rule', { timeout: 60_000 }, () => {
  it('passes a tree whose imports all point down', () => {
    expect(
      violations({
        ...lowest,
        'src/http/send.ts':
          "import { text } from '../common/text.js';\nexport const send = text;\n",
        'src/run-action.ts': "import { send } from './http/send.js';\nexport const run = send;\n",
        'src/main.ts':
          "import * as core from '@actions/core';\nimport { run } from './run-action.js';\ncore.info(run);\n",
      }),
    ).toEqual([]);
  });

  it('fails an upward import, a type-only cycle, files outside the layers, an unused file and @actions/core below the shell', () => {
    expect(
      violations({
        ...lowest,
        // Upward: common may import nothing above it.
        'src/common/format.ts': "import { send } from '../http/send.js';\nexport const f = send;\n",
        'src/http/send.ts':
          "import { text } from '../common/text.js';\nexport const send = text;\n",
        // A cycle closed by type imports alone, inside one layer.
        'src/aws/a.ts':
          "import type { B } from './b.js';\nexport interface A { b?: B }\nexport const a = 1;\n",
        'src/aws/b.ts': "import type { A } from './a.js';\nexport interface B { a?: A }\n",
        // Not in any layer: a file that imports, and a file that only is imported.
        'src/helpers.ts': "import { text } from './common/text.js';\nexport const h = text;\n",
        'src/util.ts': 'export const u = 1;\n',
        'src/run-action.ts': "import { u } from './util.js';\nexport const r = u;\n",
        // Imports nothing, imported by nothing: dead code.
        'src/config/dead.ts': 'export const d = 1;\n',
        // Only main.ts talks to @actions/core.
        'src/github/log.ts':
          "import * as core from '@actions/core';\nexport const log = (s: string) => core.info(s);\n",
      }),
    ).toEqual(
      [
        'layer-common-imports-upward src/common/format.ts -> src/http/send.ts',
        'no-cycle src/aws/a.ts -> src/aws/b.ts',
        'file-outside-layers src/helpers.ts -> src/common/text.ts',
        'import-of-file-outside-layers src/run-action.ts -> src/util.ts',
        'unused-file src/config/dead.ts -> src/config/dead.ts',
        'actions-core-outside-shell src/github/log.ts -> node_modules/@actions/core/lib/core.js',
      ].sort(),
    );
  });
});
