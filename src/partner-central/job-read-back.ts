// describe-job after a start: the job read back, and read again while it is not yet Running, a few seconds at
// most and within the step's deadline.
import { RUNNING_WAIT } from '../common/tunables.js';
import type { SigningCredentials } from '../aws/credentials.js';
import type { Failure } from '../common/failure.js';
import type { FailedCall, RetryPolicy } from '../http/retry.js';
import type { CallDeps } from '../http/send-with-retry.js';
import {
  getResourceSnapshotJob,
  isRunning,
  type JobDescription,
  type JobTarget,
} from './operations.js';
import { describeFailure, jobNotRunning, type JobContext } from './job-failures.js';

/** describe-job after a start: the job as read, what is wrong with it, and the read's request id. */
interface ReadBack {
  description?: JobDescription;
  failure?: Failure;
  /** The read that failed, for the step to judge whether the later jobs would fail the same way. */
  failedCall?: FailedCall;
  requestId?: string;
}

/**
 * Reads a job just started; while it is not Running, reads it again every second for a few seconds
 * (a read is cheap), within the step's deadline.
 */
export async function describeStarted(
  target: JobTarget,
  credentials: SigningCredentials,
  reads: RetryPolicy,
  ctx: JobContext,
  deps: CallDeps,
): Promise<ReadBack> {
  const since = deps.timing.now();
  let count = 0;
  let requestId: string | undefined;
  for (;;) {
    const read = await getResourceSnapshotJob(target, credentials, reads, deps);
    count += 1;
    requestId = read.requestId ?? requestId;
    const ids = requestId ? { requestId } : {};
    if (!read.ok) return { failure: describeFailure(read, ctx, true), failedCall: read, ...ids };
    const description = read.value;
    if (isRunning(description)) return { description, ...ids };
    const waited = deps.timing.now() - since;
    if (!mayReadAgain(waited, reads.deadlineAt, deps)) {
      const { 'job-status': status, 'last-failure': lastFailure } = description;
      return {
        description,
        failure: jobNotRunning(ctx, status, lastFailure, count, waited),
        ...ids,
      };
    }
    deps.log.info(
      `${target.jobIdentifier} is ${description['job-status'] ?? 'without a status'} just after the start; reading it again in ${RUNNING_WAIT.everyMs / 1000} s`,
    );
    await deps.timing.sleep(RUNNING_WAIT.everyMs, deps.cancel);
  }
}

/** Another read of a job not yet Running fits RUNNING_WAIT and the step's deadline, and the step goes on. */
function mayReadAgain(waited: number, deadlineAt: number, deps: CallDeps): boolean {
  return !(
    waited + RUNNING_WAIT.everyMs > RUNNING_WAIT.totalMs ||
    deps.timing.now() + RUNNING_WAIT.everyMs >= deadlineAt ||
    deps.cancel?.aborted
  );
}
