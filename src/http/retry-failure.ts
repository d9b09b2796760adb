// The wording every service shares for a call that failed under the retry policy: why retrying stopped (the
// deadline, the attempts) or, for an error that is not retried, the service's answer and its advice.
import { seconds, type Failure } from '../common/failure.js';
import type { CallError } from './call-error.js';
import { BACKOFF } from '../common/tunables.js';
import { isCredentialsLapsed } from './error-kinds.js';
import type { FailedCall } from './retry.js';

/**
 * The failure of a call under the retry policy, in words a release engineer can act on: why retrying
 * stopped (deadline, attempts) or, for an error that is not retried, the service's own advice. Its text is
 * prose only, so a service may add to it.
 */
export function retryFailure(
  outcome: FailedCall,
  service: string,
  timeoutMs: number,
  advice: (error: CallError) => string,
  maxAttempts?: number | 'auto',
): Failure & { text: string } {
  const { error, attempts, elapsedMs } = outcome;
  const base = { code: error.name, message: error.message };
  const tries = `${attempts} attempt${attempts === 1 ? '' : 's'}`;
  const throttled = error.retryClass === 'throttling';
  if (isCredentialsLapsed(error))
    return {
      ...base,
      title: error.name,
      text:
        `${attempts ? `After ${tries}, n` : 'N'}o further request was sent: ${error.message}. ` +
        "The step's annotation says which credentials, when, and what to do.",
    };
  if (outcome.stop === 'deadline') {
    return {
      ...base,
      title: `Timed out: ${error.name}`,
      text:
        `timeout-seconds (${timeoutMs / 1000}) ran out after ${tries} in ${seconds(elapsedMs)}; the last attempt failed with ${said(error)}. ` +
        (throttled
          ? `${service} throttled every attempt: spread parallel jobs out (strategy.max-parallel) or raise timeout-seconds.`
          : 'Raise timeout-seconds, or re-run the job if the service was unavailable.'),
    };
  }
  if (outcome.stop === 'attempts') {
    return {
      ...base,
      title: `${error.name}: gave up after ${tries}`,
      text:
        // Says who answered only of the last attempt: an earlier one may have been a reset or a timeout.
        `Gave up after ${tries} in ${seconds(elapsedMs)}; ` +
        lastAttempt(error, service) +
        (throttled
          ? maxAttempts === 'auto'
            ? `That is the most max-attempts auto makes (${BACKOFF.autoAttemptCeiling}): spread parallel jobs out (strategy.max-parallel), or run the step when the quota is less used.`
            : 'Set max-attempts to auto (the default: retries until timeout-seconds) or higher, or spread parallel jobs out (strategy.max-parallel).'
          : 'These faults are usually brief: re-run the job; if they persist, check the AWS Health Dashboard. Raising max-attempts or timeout-seconds rides out longer outages.'),
    };
  }
  return {
    ...base,
    title: error.name,
    text: `${service} ${error.status ? 'answered' : 'gave no answer:'} ${said(error)}. ${advice(error)}`,
  };
}

function said(error: CallError): string {
  const id = error.requestId ? ` (request id ${error.requestId})` : '';
  const message = id ? error.message.replace(/\.$/, '') : error.message;
  return `${error.name}${error.status ? ` (HTTP ${error.status})` : ''}: ${message}${id}`;
}

/** What became of the last attempt: answered (a status came), sent and unanswered, or never delivered. */
function lastAttempt(error: CallError, service: string): string {
  if (error.status !== undefined) return `${service} answered the last with ${said(error)}. `;
  if (error.unanswered) return `the last got no reply from ${service} (${said(error)}). `;
  return `the last did not reach ${service} (${said(error)}). `;
}
