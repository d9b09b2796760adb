// A scripted Partner Central for unit tests on the virtual clock: jobs, their snapshots by revision, denials, throttling.
import type { HttpResponse, OutgoingRequest, Transport } from '../../src/http/transport.js';
import type { Timing } from '../../src/http/retry.js';

/** What one job does: its snapshot revision before the start, and what happens how long after the start. */
export interface JobScript {
  /** The latest revision before the start; 0: no snapshot yet. */
  revision: number;
  /** A new revision appears this long after the start. */
  newAfterMs?: number;
  /** A LastFailure appears this long after the start. */
  failAfterMs?: number;
  /** The job stops this long after the start. */
  stopAfterMs?: number;
  /** A LastFailure the job already reports before the start. */
  lastFailureBefore?: string;
}

/** Partner data in every snapshot: a test fails when it shows up anywhere but a file. */
export const PAYLOAD_MARKER = 'ACME-SECRET-CUSTOMER-7731';
export const ROUND_TRIP_MS = 20;
/** The role the catalog's snapshot jobs run as, unless a test says it has none. */
export const JOB_ROLE = 'arn:aws:iam::111122223333:role/PartnerCentralSnapshotJobs';

export interface Sent {
  at: number;
  operation: string;
  job?: string;
}

export function fakePartnerCentral(
  timing: Timing,
  scripts: Record<string, JobScript>,
  opts: {
    /** Operations answered AccessDeniedException; `afterStart`: only once the job was started. */
    deny?: { operation: string; afterStart?: boolean };
    /** The first n GetResourceSnapshot requests are throttled. */
    throttleSnapshotReads?: number;
    /** GetSellingSystemSettings' ResourceSnapshotJobRoleArn; null: the catalog has none. */
    jobRole?: string | null;
    /** Every GetSellingSystemSettings request is throttled. */
    throttleSettings?: boolean;
  } = {},
) {
  const sent: Sent[] = [];
  const startedAt: Record<string, number> = {};
  const ids = Object.keys(scripts);
  let throttles = opts.throttleSnapshotReads ?? 0;
  let n = 0;
  const reply = (
    status: number,
    body: unknown,
    extra: Record<string, string> = {},
  ): HttpResponse => ({
    status,
    headers: { 'x-amzn-requestid': `rid-${++n}`, ...extra },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const error = (status: number, type: string, message: string) =>
    reply(status, { __type: type, message }, { 'x-amzn-errortype': type });
  const since = (job: string) =>
    startedAt[job] === undefined ? undefined : timing.now() - (startedAt[job] as number);
  const after = (job: string, ms: number | undefined) => {
    const t = since(job);
    return ms !== undefined && t !== undefined && t >= ms;
  };
  const revisionOf = (job: string) => {
    const s = scripts[job] as JobScript;
    return s.revision + (after(job, s.newAfterMs) ? 1 : 0);
  };

  const answer = async (req: OutgoingRequest): Promise<HttpResponse> => {
    const operation = (req.headers['x-amz-target'] ?? '').split('.')[1] ?? '';
    const body = JSON.parse(req.body) as Record<string, string>;
    const job =
      body.ResourceSnapshotJobIdentifier ??
      ids[Number((body.ResourceIdentifier ?? 'O-1').slice(1))] ??
      undefined;
    sent.push({ at: timing.now(), operation, ...(job ? { job } : {}) });
    await timing.sleep(ROUND_TRIP_MS);
    if (operation === 'GetSellingSystemSettings') {
      if (opts.deny?.operation === operation)
        return error(403, 'AccessDeniedException', `not authorized to perform ${operation}`);
      if (opts.throttleSettings) return error(429, 'ThrottlingException', 'Rate exceeded');
      const role = opts.jobRole === undefined ? JOB_ROLE : opts.jobRole;
      return reply(200, {
        Catalog: body.Catalog,
        ...(role ? { ResourceSnapshotJobRoleArn: role } : {}),
      });
    }
    if (!job || !scripts[job]) return error(404, 'ResourceNotFoundException', 'no such job');
    const script = scripts[job];
    if (
      opts.deny?.operation === operation &&
      (!opts.deny.afterStart || startedAt[job] !== undefined)
    )
      return error(403, 'AccessDeniedException', `not authorized to perform ${operation}`);
    switch (operation) {
      case 'StartResourceSnapshotJob':
        startedAt[job] ??= timing.now();
        return reply(200, '');
      case 'GetResourceSnapshotJob': {
        const running = startedAt[job] !== undefined && !after(job, script.stopAfterMs);
        const lastFailure = after(job, script.failAfterMs)
          ? 'Template TEMPLATE1 no longer matches the opportunity'
          : script.lastFailureBefore;
        return reply(200, {
          Catalog: body.Catalog,
          Id: job,
          Arn: `arn:aws:partnercentral:us-east-1:111122223333:catalog/AWS/resource-snapshot-job/${job}`,
          EngagementId: 'eng-0123456789abcd',
          ResourceType: 'Opportunity',
          ResourceId: `O${ids.indexOf(job)}`,
          ResourceSnapshotTemplateName: 'TEMPLATE1',
          Status: running ? 'Running' : 'Stopped',
          ...(lastFailure ? { LastFailure: lastFailure } : {}),
        });
      }
      case 'GetResourceSnapshot': {
        if (throttles > 0) {
          throttles -= 1;
          return error(429, 'ThrottlingException', 'Rate exceeded');
        }
        const revision = revisionOf(job);
        if (!revision) return error(404, 'ResourceNotFoundException', 'no snapshot');
        return reply(200, {
          Catalog: body.Catalog,
          Arn: `arn:aws:partnercentral:us-east-1:111122223333:catalog/AWS/engagement/eng-0123456789abcd/resource-snapshot/${revision}`,
          CreatedAt: `2026-11-26T12:00:0${revision % 10}Z`,
          EngagementId: 'eng-0123456789abcd',
          ResourceType: 'Opportunity',
          ResourceId: body.ResourceIdentifier,
          ResourceSnapshotTemplateName: 'TEMPLATE1',
          Revision: revision,
          Payload: {
            OpportunitySummary: { Customer: { Account: { CompanyName: PAYLOAD_MARKER } } },
          },
        });
      }
      default:
        return error(400, 'UnknownOperationException', operation);
    }
  };
  const transport: Transport = async (req) => ({ ok: true, response: await answer(req) });
  return { transport, sent, startedAt };
}
