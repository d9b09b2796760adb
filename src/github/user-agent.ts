// The User-Agent: names the action, its version, and the repository and run it came from (AWS SDK style).
import type { RunContext } from '../config/run-context.js';
import { ACTION_NAME, ACTION_VERSION } from './version.js';

/** Keeps a User-Agent token to the characters RFC 9110 allows, so the header can never be split or rejected. */
function token(value: string): string {
  return value.replace(/[^A-Za-z0-9!#$%&'*+.^_`|~/-]/g, '-').slice(0, 120);
}

export function userAgent(run: RunContext, nodeVersion: string): string {
  const parts = [
    `${ACTION_NAME}/${ACTION_VERSION}`,
    'lang/js',
    `md/nodejs#${token(nodeVersion.replace(/^v/, ''))}`,
  ];
  if (run.repository) parts.push(`md/github-repository#${token(run.repository)}`);
  if (run.runId) parts.push(`md/github-run-id#${token(String(run.runId))}`);
  return parts.join(' ');
}
