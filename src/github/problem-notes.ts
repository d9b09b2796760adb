// What went wrong, one note per problem: what the annotations show (at most ten) and the job summary lists (all).
import type { FailureText } from '../http/failure-text.js';
import type { RunResult } from '../result.js';
import { cancelledFailure } from './step-failure.js';

interface Note {
  level: 'error' | 'warning';
  title: string;
  text: FailureText;
}

/**
 * Every invalid input; else the cancel; else the step's own failure; else each failed job (titled with its
 * identifier when the step has several).
 */
export function problemNotes(result: RunResult): Note[] {
  if (result.inputProblems?.length)
    return result.inputProblems.map((p) => ({
      level: 'error',
      title: `Invalid input: ${p.input}`,
      text: p.message,
    }));
  const failure = result.cancelled ? cancelledFailure(result) : result.failure;
  if (failure)
    return [{ level: failure.level ?? 'error', title: failure.title, text: failure.text }];
  const several = result.jobs.length > 1;
  return result.jobs.flatMap((j) =>
    j.failure
      ? [
          {
            level: 'error' as const,
            title: several ? `${j.jobIdentifier}: ${j.failure.title}` : j.failure.title,
            text: j.failure.text,
          },
        ]
      : [],
  );
}
