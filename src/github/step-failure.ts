// Which failure the step reports (its error-code and error-message), and whether the step succeeded.
import { CANCELLED } from '../http/error-kinds.js';
import type { Failure } from '../common/failure.js';
import type { InputProblem } from '../config/inputs.js';
import type { RunResult } from '../result.js';

const INPUT_FAILURE = (problems: InputProblem[]): Failure => ({
  code: 'InvalidInput',
  message: problems.map((p) => p.message).join('; '),
  title: 'Invalid input',
  text: problems.map((p) => p.message).join('\n'),
});

/** The failure the step's error-code and error-message describe: its own, else the first failed job's. */
export function stepFailure(result: RunResult): Failure | undefined {
  if (result.inputProblems?.length) return INPUT_FAILURE(result.inputProblems);
  // The cancel is what ended the step, whatever the job in flight had last been told.
  if (result.cancelled) return cancelledFailure(result);
  if (result.failure) return result.failure;
  const first = result.jobs.find((j) => j.failure)?.failure;
  if (first) return first;
  if (result.jobs.some((j) => j.status === 'not-attempted'))
    return {
      code: 'NotAttempted',
      message: 'some jobs were not attempted',
      title: 'Some jobs were not attempted',
      text: 'Some jobs were not attempted; see the job summary.',
    };
  return undefined;
}

export function succeeded(result: RunResult): boolean {
  return (
    !stepFailure(result) &&
    result.jobs.length > 0 &&
    result.jobs.every((j) => j.status === 'started' || j.status === 'dry-run')
  );
}

/** What a cancelled step reports: what started, what may have, and whether re-running is needed. */
export function cancelledFailure(result: RunResult): Failure {
  const started = result.jobs.filter((j) => j.status === 'started').map((j) => j.jobIdentifier);
  const unknown = result.jobs.filter((j) => j.status === 'unknown').map((j) => j.jobIdentifier);
  const total = result.jobIdentifiers.length;
  if (total > 0 && started.length === total)
    return {
      code: CANCELLED,
      message: `the step was cancelled after all ${total} jobs had started`,
      title: `Cancelled after every job started (${total} of ${total})`,
      text:
        `The step was cancelled, but not before every job had started: ${started.join(', ')}. ` +
        'Nothing is left to start; what the step did after the starts (reading or waiting) may be cut short.',
      level: 'warning',
    };
  return {
    code: CANCELLED,
    message: `the step was cancelled after ${started.length} of ${total} jobs started`,
    title: `Cancelled: ${started.length} of ${total} job${total === 1 ? '' : 's'} started`,
    text:
      `The step was cancelled. Started: ${started.length ? started.join(', ') : 'none'}.` +
      (unknown.length
        ? ` Sent but unanswered (they may have started): ${unknown.join(', ')}.`
        : '') +
      ' Re-running the step is safe: starting a job that is already running changes nothing (the operation is idempotent).',
  };
}
