// job-identifier: one job or several (newlines, commas or spaces), each checked, each started once, at most
// LIMITS.jobs in one step.
import { quoted } from '../common/safe-text.js';
import { LIMITS, type InputProblem } from './input-values.js';

const JOB_IDENTIFIER_PATTERN = /^job-[0-9a-z]{13}$/;

/** Identifiers as the step gives them: one, or several separated by newlines, commas or whitespace. */
function splitJobIdentifiers(raw: string): string[] {
  return raw.split(/[\s,]+/).filter(Boolean);
}

function jobProblem(id: string): string | undefined {
  if (JOB_IDENTIFIER_PATTERN.test(id)) return undefined;
  if (JOB_IDENTIFIER_PATTERN.test(id.toLowerCase()))
    return `job-identifier ${quoted(id)} has capital letters; job identifiers are lowercase: ${id.toLowerCase()}`;
  return `job-identifier ${quoted(id)} is not a job identifier: "job-" followed by 13 lowercase letters or digits (e.g. job-0123456789abc)`;
}

/** Every identifier checked (every problem reported, each naming its identifier); duplicates kept once, order kept. */
export function parseJobIdentifiers(
  raw: string,
  problems: InputProblem[],
  notices: string[],
): string[] | undefined {
  const ids = splitJobIdentifiers(raw);
  if (ids.length === 0) {
    problems.push({
      input: 'job-identifier',
      message:
        'job-identifier is required: one job identifier such as job-0123456789abc, or several separated by newlines, commas or spaces',
    });
    return undefined;
  }
  const unique = [...new Set(ids)];
  const repeated = [...new Set(ids.filter((id, i) => ids.indexOf(id) !== i))];
  if (repeated.length)
    notices.push(
      `job-identifier lists ${repeated.join(', ')} more than once; each job is started once (${unique.length} jobs)`,
    );
  const before = problems.length;
  for (const id of unique) {
    const problem = jobProblem(id);
    if (problem) problems.push({ input: 'job-identifier', message: problem });
  }
  if (unique.length > LIMITS.jobs)
    problems.push({
      input: 'job-identifier',
      message: `job-identifier lists ${unique.length} jobs; one step starts at most ${LIMITS.jobs}: split them over several steps`,
    });
  return problems.length > before ? undefined : unique;
}

/** The identifiers that are well formed, for the outputs when other inputs have problems. */
export function validJobIdentifiers(raw: string): string[] {
  return splitJobIdentifiers(raw).filter((id) => !jobProblem(id));
}
