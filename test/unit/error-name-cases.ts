// The error-name cases of test/fixtures/error-names.json, one table per protocol, for it.each.
import { readFileSync } from 'node:fs';

export interface ErrorNameCase {
  case: string;
  status: number;
  headers: Record<string, string>;
  body: string;
  /** The name the reader must give. */
  name: string;
}

const fixture = JSON.parse(
  readFileSync(new URL('../fixtures/error-names.json', import.meta.url), 'utf8'),
) as { awsJson1_0: ErrorNameCase[]; query: ErrorNameCase[] };

/** [case, row] pairs: the case names the test. */
export function errorNameCases(protocol: 'awsJson1_0' | 'query') {
  return fixture[protocol].map((c) => [c.case, c] as const);
}
