// The step's annotations: one per problem, at most ten (GitHub's limit), and one naming the jobs not attempted.
import { plainText } from '../common/failure.js';
import type { RunResult } from '../result.js';
import { problemNotes } from './problem-notes.js';

export interface Annotation {
  level: 'error' | 'warning';
  title: string;
  text: string;
}

/** GitHub shows at most 10 error annotations of a step. */
export const MAX_ANNOTATIONS = 10;

/**
 * The annotations: problemNotes, at most MAX_ANNOTATIONS (the last of them counting the rest), and one naming
 * the jobs not attempted.
 */
export function annotationsOf(result: RunResult): Annotation[] {
  const failed: Annotation[] = problemNotes(result).map((n) => ({ ...n, text: plainText(n.text) }));
  if (result.inputProblems?.length || result.cancelled) return failed;
  const notes = failed.length > MAX_ANNOTATIONS ? failed.slice(0, MAX_ANNOTATIONS - 1) : failed;
  if (failed.length > notes.length)
    notes.push({
      level: 'error',
      title: `${failed.length - notes.length} more jobs failed`,
      text: `${failed.length} of ${result.jobs.length} jobs failed; the job summary lists every one with what to do.`,
    });
  // The step's own failure says which jobs it kept from starting (no credentials, credentials that ran out).
  const skipped = result.failure ? [] : result.jobs.filter((j) => j.status === 'not-attempted');
  if (skipped.length && notes.length < MAX_ANNOTATIONS)
    notes.push({
      level: 'error',
      title: `${skipped.length} job${skipped.length === 1 ? '' : 's'} not attempted`,
      text: `Not attempted because ${skipped[0]?.skipped ?? 'the step stopped'}: ${skipped.map((j) => j.jobIdentifier).join(', ')}. Re-run the step once the cause is fixed.`,
    });
  return notes;
}
