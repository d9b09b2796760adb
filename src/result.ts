// RunResult, the one value a run produces (runAction) and src/github/ reports (outputs, annotations, summary): what
// the step was asked, each job's finished result, and why it stopped.
import type { InputProblem } from './config/inputs.js';
import type { Failure } from './common/failure.js';
import type { JobResult } from './partner-central/jobs.js';

export interface RunResult {
  catalog?: string;
  /** Every identifier the step gave (valid ones, when some were not). */
  jobIdentifiers: string[];
  /** One per job, in input order (not attempted when the inputs were invalid). */
  jobs: JobResult[];
  /**
   * x-amzn-RequestId of the last StartResourceSnapshotJob response, whichever job it was (reads never set it; when
   * the role could not be assumed, STS's request id is in the failure's text, not here).
   */
  requestId?: string;
  attempts: number;
  elapsedMs: number;
  /** A failure of the step itself, before any job (credentials, the role). */
  failure?: Failure;
  inputProblems?: InputProblem[];
  accountId?: string;
  assumedRoleArn?: string;
  cancelled?: boolean;
  dryRun?: boolean;
  describeJob?: boolean;
  waitForSnapshot?: boolean;
}
