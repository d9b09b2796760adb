// Every tunable number of the action in one place, each with the reason for its value: backoff, pacing, the
// time an attempt and a cancel get, the reads and waits. Tests derive their expectations from these names.

// ---- retries (http/retry.ts) ----

export const BACKOFF = {
  throttlingBaseMs: 500,
  transientBaseMs: 100,
  maxDelayMs: 20_000,
  /** A Retry-After hint is honoured up to the backoff ceiling plus this. */
  hintAllowanceMs: 5_000,
  /** With max-attempts auto: transient faults get this many attempts, like the SDK's 3 and then some. */
  autoTransientAttempts: 5,
  /** With max-attempts auto: throttling is bounded by the deadline; this only guards against a runaway. */
  autoAttemptCeiling: 100,
  /**
   * No attempt starts with less time than this (or its whole timeout, if shorter) before the deadline: it
   * could not be answered, and a start sent that way only turns a known outcome into an unknown one (it may
   * start the job, unseen). A retry whose drawn wait would leave less is moved up instead, so one last
   * attempt still gets this much.
   */
  minAttemptMs: 500,
  /** A last attempt fitted before its wait is still sent when the timer fires up to this much late. */
  timerSlackMs: 50,
  /** The SDK's skew threshold: a Date header this far from local time means the runner clock is off. */
  skewThresholdMs: 4 * 60_000,
  /**
   * With a known quota rate R, throttling is retried in step with the quota's refills: retry n (0 = first)
   * waits 1/R x (1 + S_n x U^throttleSpreadSkew), S_n = min(throttleSpread x throttleSpreadGrowth^n,
   * throttleSpreadCap), i.e. 1/R plus up to 0.1, 0.25, 0.6, 1.6, 3.9, then 6 intervals. A run throttled once
   * retries when the token is back; runs that keep meeting each other spread out; most retries land just after
   * a refill. How these four values were chosen: BENCHMARKS.md, "How the throttling retry was chosen".
   */
  throttleSpread: 0.1,
  throttleSpreadGrowth: 2.5,
  throttleSpreadCap: 6,
  throttleSpreadSkew: 4,
} as const;

// ---- a reply (http/transport.ts, http/send-with-retry.ts; REPLY_LIMITS where a reply is read or shown) ----

/** A larger success is not read (ResponseTooLarge: a snapshot is never this large; a body past it is not the service's). */
export const MAX_BODY_BYTES = 1024 * 1024;
/**
 * An error reply (any status but 2xx) is cut here: AWS error bodies and proxy pages are a few KiB, and a hostile
 * 1 MiB error on each of a hundred jobs kept hundreds of MiB of large strings alive between collections.
 */
export const MAX_ERROR_BODY_BYTES = 64 * 1024;

/** A reply's Date further than this from the runner's clock is not believed (no runner drifts a year). */
export const BELIEVED_SKEW_MS = 366 * 24 * 60 * 60 * 1000;

/**
 * What is kept of a hostile reply, so no reply can make the report itself huge (one 1 MiB ValidationException
 * once became a 7 MB annotation line, and 700 of them exhausted the heap): the first ErrorList entries, the
 * head of a non-JSON page that the excerpt is read from, and the longest failure text of one job.
 */
export const REPLY_LIMITS = {
  fieldErrors: 20,
  excerptScanChars: 16 * 1024,
  excerptChars: 200,
  failureTextChars: 8000,
  /** GitHub refuses a job summary over 1 MiB (bytes); the summary is cut before it, with a note. */
  summaryBytes: 1000 * 1000,
} as const;

// ---- pacing (http/pacer.ts: QuotaPacer, ConcurrentPacer; config/step-budget.ts) ----

/**
 * Every request goes at least 1/R after the previous one, whatever its answer (a quota counts every request
 * the service answers, a 404 or a throttle as much as a success). The spacing runs from the previous request's
 * answer, not its send, so it reaches the service at least 1/R after that one did whatever the network or the
 * service's queue did to either (measured here: spacing from the send, even with a 30 ms margin, was throttled
 * on a loaded machine). A request that got no answer (a timeout, a reset) is spaced from its send: spacing
 * from the moment it was given up cost a hung service its third attempt within timeout-seconds. A retry's
 * backoff counts toward the spacing (withRetry waits the longer of the two). A few ms more cover timer
 * granularity.
 */
export const PACE_MARGIN_MS = 2;
/** The least spacing between one request's answer and the next send, at R requests a second. */
export function paceIntervalMs(ratePerSecond: number): number {
  return 1000 / ratePerSecond + PACE_MARGIN_MS;
}
/** After throttling the interval between jobs doubles, up to this factor; each success brings it back down. */
export const MAX_SLOWDOWN = 4;
/** Each accepted request brings the slowdown back down by this factor (towards 1). */
export const PACE_RECOVERY = 0.75;

/**
 * A QuotaPacer spaces a request from the previous ANSWER, which bounds the rate only when requests go one at
 * a time. Jobs waited for together read concurrently: two of them could both see "no wait" and send at once.
 * So a ConcurrentPacer's send also reserves its slot: the next may go no earlier than 1/R plus this margin
 * after it. The margin is larger than the QuotaPacer's because here spacing is from the send, and a send's
 * arrival at the service may be delayed a little more than the next one's (the quota is a token bucket of one).
 */
export const CONCURRENT_SEND_MARGIN_MS = 20;

// ---- one attempt, a cancelled step (run-action.ts, http/send-with-retry.ts, main.ts) ----

/** Longest single attempt; the deadline (timeout-seconds) may cut it shorter. */
export const ATTEMPT_TIMEOUT_MS = 30_000;
/**
 * One attempt gets at most a third of the step's time, so a connection that hangs never eats the whole budget:
 * at least two more attempts fit after it.
 */
export const ATTEMPT_SHARE_OF_STEP = 1 / 3;
/** ... and at least a second, however short timeout-seconds is. */
export const MIN_ATTEMPT_TIMEOUT_MS = 1000;

/** How long a request in flight may still answer after the step is cancelled (the runner kills at 7.5 s). */
export const CANCEL_GRACE_MS = 1000;

/**
 * After the first cancel signal, whatever still holds the event loop (a socket closing, a grace timer) may hold
 * it this long at most before the process exits: well inside the runner's 7.5 s before it kills the step.
 */
export const EXIT_AFTER_CANCEL_MS = 5000;
/**
 * Once the report is written, what still holds the event loop may hold it this long at most: a credential
 * source the SDK gave no timeout (a credential_process that sleeps, an SSO or container endpoint that never
 * answers), a proxy's CONNECT never answered. The step's deadline is the report's, and the exit follows it.
 */
export const EXIT_AFTER_REPORT_MS = 1000;

// ---- reads and waits (run-action.ts, partner-central/job-read-back.ts, snapshot-wait.ts; config/step-budget.ts) ----

/** Published read quota of Partner Central Selling (GetResourceSnapshotJob is a read). */
export const READ_REQUESTS_PER_SECOND = 10;
/**
 * GetSellingSystemSettings (the snapshot job role, read once per dry run or wait) is an optional check: it gets at
 * most this many attempts and this long, so a throttled or slow read never eats the time the starts need.
 */
export const SETTINGS_READ = { maxAttempts: 3, budgetMs: 5_000 } as const;
/** describe-job: how long to keep re-reading a job that is not Running yet, and how often. */
export const RUNNING_WAIT = { totalMs: 5000, everyMs: 1000 } as const;

export const SNAPSHOT_WAIT = {
  /**
   * Each job waited for is read every 4 s (its latest snapshot and the job: 2 reads). The read quota is
   * 10 requests/s and 100,000 a day per partner account, shared with every other tool the partner runs: one
   * job waited for uses 0.5 reads/s, so a 2-minute wait costs 60 reads, and a new revision is seen within 4 s.
   */
  pollEveryMs: 4000,
  /** No two reads of a job closer than this, the last one included: a job's reads come every 3 to 5 s. */
  minGapMs: 3000,
  readsPerPoll: 2,
  /**
   * The polls of all the jobs waited for together use at most this share of the read quota, so the reads
   * before each start (and other tools) keep the rest: with more than 10 jobs waited for, each is read
   * less often than every 4 s (20 jobs: every 8 s).
   */
  quotaShare: 0.5,
  /** A job just started may not show Running yet (describe-job gives it the same): not a failure before this. */
  startGraceMs: 5000,
  /** The wait ends this long before timeout-seconds runs out, so its last reads still fit. */
  finalReadsMs: 3000,
  /**
   * What the timeout-seconds check adds to the starts and the wait: credentials (an STS call), and the last
   * poll's reads (fixedMarginMs), plus the two reads before each start (perJobMarginMs: two reads at 10/s
   * with their round trips).
   */
  fixedMarginMs: 10_000,
  perJobMarginMs: 300,
} as const;

// ---- credentials that last the step (aws/lasting-credentials.ts) ----

export const CREDENTIAL_RENEWAL = {
  /**
   * Credentials are renewed this long before they expire: the AWS SDKs' own margin (credential-provider-node
   * treats credentials as expired 5 minutes early). A role session of 900 s is renewed after 600 s.
   */
  marginMs: 5 * 60_000,
  /** Credentials that live less than twice the margin are renewed halfway through their life instead. */
  shortLivedShare: 0.5,
  /**
   * Credentials that cannot be renewed (the environment's) sign nothing this close to their expiry: a request
   * must reach AWS before they run out, and one that arrives after is refused.
   */
  minUsableMs: 2_000,
  /**
   * A source asked for new credentials that hands back the same (the chain's provider renews on its own clock and
   * margin) is asked again this much later, while the old ones still sign.
   */
  askAgainMs: 30_000,
  /**
   * STS issues no session longer than 12 hours: a life read from a reply (Expiration less its Date) outside
   * (0, this] says the Date is wrong (a reply dated the year 275760), and the session's end is read as stated.
   */
  longestSessionMs: 12 * 3600_000,
} as const;
