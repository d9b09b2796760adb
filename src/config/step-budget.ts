// The least time a step needs for what it was asked (K starts at R a second, each waited for W seconds), and the
// problem with timeout-seconds when it is shorter: inputs reports it before anything is sent.
import { paceIntervalMs, SNAPSHOT_WAIT } from '../common/tunables.js';
import type { InputProblem } from './input-values.js';

/** The least time K requests at R a second take: the first goes at once, then one every interval (round trips aside). */
export function pacedSpanMs(count: number, ratePerSecond: number): number {
  return Math.max(0, count - 1) * paceIntervalMs(ratePerSecond);
}

/**
 * The least time a step of K jobs at R a second, each waited for W seconds, needs: the jobs are waited for
 * together while later ones are still being started, so (K-1)/R of starts, then the last job's wait, plus
 * the margin for credentials and reads.
 */
export function waitStepSpanMs(jobs: number, ratePerSecond: number, waitSeconds: number) {
  const startsMs = pacedSpanMs(jobs, ratePerSecond);
  const marginMs = SNAPSHOT_WAIT.fixedMarginMs + jobs * SNAPSHOT_WAIT.perJobMarginMs;
  return {
    startsMs,
    waitMs: waitSeconds * 1000,
    marginMs,
    totalMs: startsMs + waitSeconds * 1000 + marginMs,
  };
}

/** What timeout-seconds is checked against: the parts of the step that take time. */
interface StepAsked {
  jobIdentifiers: string[] | undefined;
  requestsPerSecond: number | undefined;
  timeoutSeconds: number | undefined;
  dryRun: boolean | undefined;
  waitSeconds: number | undefined;
}

/** K jobs at R a second need (K-1)/R seconds at the least: say so now rather than run out of time later. */
export function stepBudgetProblem(step: StepAsked): InputProblem | undefined {
  const { jobIdentifiers, requestsPerSecond, timeoutSeconds, dryRun, waitSeconds } = step;
  if (!jobIdentifiers || !requestsPerSecond || !timeoutSeconds || dryRun) return undefined;
  const message = waitSeconds
    ? tooShortForWait(jobIdentifiers.length, requestsPerSecond, timeoutSeconds, waitSeconds)
    : tooShortForStarts(jobIdentifiers.length, requestsPerSecond, timeoutSeconds);
  return message ? { input: 'timeout-seconds', message } : undefined;
}

/** With wait-for-snapshot: the starts, then the last job's wait, then the margin for credentials and reads. */
function tooShortForWait(
  jobs: number,
  requestsPerSecond: number,
  timeoutSeconds: number,
  waitSeconds: number,
): string | undefined {
  const need = waitStepSpanMs(jobs, requestsPerSecond, waitSeconds);
  if (need.totalMs <= timeoutSeconds * 1000) return undefined;
  const s = (ms: number) => Math.ceil(ms / 1000);
  const tenths = (ms: number) => (ms / 1000).toFixed(1);
  const one = jobs === 1;
  return (
    `timeout-seconds (${timeoutSeconds}) is too short for wait-for-snapshot ${waitSeconds}: ` +
    `${one ? '1 job needs' : `${jobs} jobs at requests-per-second ${requestsPerSecond} need`} at least ${s(need.totalMs)} s ` +
    `(${one ? '' : `${tenths(need.startsMs)} s of starts, `}${waitSeconds} s of wait, ${tenths(need.marginMs)} s for credentials and reads). ` +
    `Raise timeout-seconds to ${s(need.totalMs)} or more, or lower wait-for-snapshot${one ? '' : ', or split the jobs over several steps'}.`
  );
}

function tooShortForStarts(
  jobs: number,
  requestsPerSecond: number,
  timeoutSeconds: number,
): string | undefined {
  const needMs = pacedSpanMs(jobs, requestsPerSecond);
  if (needMs < timeoutSeconds * 1000) return undefined;
  return (
    `timeout-seconds (${timeoutSeconds}) is too short for ${jobs} jobs at requests-per-second ${requestsPerSecond}: ` +
    `they need at least ${Math.ceil(needMs / 1000)} s. Raise timeout-seconds to ${Math.ceil(needMs / 1000) + 60} or more, or split the jobs over several steps`
  );
}
