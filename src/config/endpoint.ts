// Resolves the Partner Central Selling and STS endpoints from a region (the AWS SDK's own partition data), or checks an endpoint override.
import { partitionsInfo } from './aws-partitions.js';
import { isLoopbackHost, LOOPBACK_RULE } from '../common/loopback.js';
import { quoted, shownUrl } from '../common/safe-text.js';

/** A partition id from the SDK's data: aws, aws-cn, aws-us-gov, aws-eusc, aws-iso, ... */
export type Partition = string;

interface PartitionInfo {
  id: Partition;
  /** Regional service endpoints (STS): `sts.{region}.{dnsSuffix}`. */
  dnsSuffix: string;
  /** Partner Central Selling's rule uses this one: `partnercentral-selling.{region}.{dualStackDnsSuffix}`. */
  dualStackDnsSuffix: string;
  /** The region a partition's global endpoints sign for (us-east-1 for aws). */
  implicitGlobalRegion: string;
  regionRegex: RegExp;
  /** The region names the data lists, in its order (pseudo-regions such as aws-global included). */
  regions: string[];
}

/** Every partition the pinned @aws-sdk/core knows, in its order (a new partition arrives with a dependency update). */
export const PARTITIONS: readonly PartitionInfo[] = partitionsInfo.partitions.map((p) => ({
  id: p.id,
  dnsSuffix: p.outputs.dnsSuffix,
  dualStackDnsSuffix: p.outputs.dualStackDnsSuffix,
  implicitGlobalRegion: p.outputs.implicitGlobalRegion,
  regionRegex: new RegExp(p.regionRegex),
  regions: Object.keys(p.regions),
}));

/**
 * AWS's isolated (air-gapped) partitions are named aws-iso, aws-iso-b, aws-iso-e, aws-iso-f: Partner Central
 * Selling is a commercial-partition service (documented in us-east-1 only), and these partitions are cut off
 * from the internet and from GitHub. A new isolated partition is refused by its id, with no code change.
 */
export function isIsolated(partition: Partition): boolean {
  return /^aws-iso(-|$)/.test(partition);
}

/** The partition the SDK's `partition()` gives a region: listed regions first, then each partition's regionRegex. */
function findPartition(region: string): PartitionInfo | undefined {
  return (
    PARTITIONS.find((p) => p.regions.includes(region)) ??
    PARTITIONS.find((p) => p.regionRegex.test(region))
  );
}

function byId(partition: Partition): PartitionInfo {
  const found = PARTITIONS.find((p) => p.id === partition);
  if (!found) throw new Error(`unknown partition ${partition}`);
  return found;
}

type RegionResolution =
  | { ok: true; partition: Partition }
  | { ok: false; refusal: 'not-a-region' | 'pseudo-region' | 'isolated'; message: string };

/** One region of each partition the action serves, for the message about a name that is no region. */
function examples(): string {
  return PARTITIONS.filter((p) => !isIsolated(p.id))
    .map((p) => p.implicitGlobalRegion)
    .join(', ');
}

/**
 * Which partition a `region` input is in, or why the action refuses it (each message names the input and says
 * why). Accepted: every name the SDK's partition data lists or whose pattern it matches (so a region newer than
 * the data resolves as the SDK resolves it). Refused, before anything is sent: names no partition matches
 * (the SDK would fall back to aws and build a host that does not exist), pseudo-regions such as aws-global
 * (listed, but not a region a request is signed for), and the isolated partitions.
 */
export function resolveRegion(region: string): RegionResolution {
  const found = /^[a-z0-9-]+$/.test(region) ? findPartition(region) : undefined;
  if (!found) {
    const lower = region.toLowerCase();
    const hint =
      lower !== region && /^[a-z0-9-]+$/.test(lower) && findPartition(lower)
        ? `: region names are lowercase (${lower})`
        : ` (such as ${examples()}: a region of one of the partitions the AWS SDK knows)`;
    return {
      ok: false,
      refusal: 'not-a-region',
      message: `region must be an AWS region name${hint}, got ${quoted(region)}`,
    };
  }
  if (!found.regionRegex.test(region))
    return {
      ok: false,
      refusal: 'pseudo-region',
      message: `region ${region} is the ${found.id} partition's global pseudo-region, not a region a request is signed for; set region: ${found.implicitGlobalRegion}`,
    };
  if (isIsolated(found.id))
    return {
      ok: false,
      refusal: 'isolated',
      message: `region ${region} is in the isolated partition ${found.id}, where Partner Central Selling has no endpoint (AWS documents it in us-east-1 only, and the isolated partitions are air-gapped from GitHub); nothing was sent`,
    };
  return { ok: true, partition: found.id };
}

/** Every partition id in the data (for ARNs: arn:aws-eusc:iam::...). */
export const PARTITION_IDS: readonly Partition[] = PARTITIONS.map((p) => p.id);

/** The model's endpoint rule: `https://partnercentral-selling.{region}.{dualStackDnsSuffix}`. */
export function partnerCentralEndpoint(region: string, partition: Partition): URL {
  return new URL(`https://partnercentral-selling.${region}.${byId(partition).dualStackDnsSuffix}/`);
}

/** Regional STS, as the SDKs use by default since 2022: `sts.{region}.{dnsSuffix}` (amazonaws.com, .com.cn, .eu). */
export function stsEndpoint(region: string, partition: Partition): URL {
  return new URL(`https://sts.${region}.${byId(partition).dnsSuffix}/`);
}

/** Whether an endpoint override's host names the region (a regional or VPC endpoint: ...selling.eu-west-1.vpce...). */
export function endpointNamesRegion(endpoint: URL, region: string): boolean {
  return endpoint.hostname.toLowerCase().split('.').includes(region);
}

/**
 * An endpoint URL as a refusal may show it: scheme, host and port, with any user name, password, path, query or
 * fragment replaced (they may hold a credential, and the runner masks only values it was given).
 */
export function shownEndpoint(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    // Not a URL: no part of it can be told apart from a credential, so only its scheme is shown.
    const scheme = /^[a-z][a-z0-9+.-]{0,20}:\/\//i.exec(raw)?.[0];
    return quoted(`${scheme ?? ''}…`);
  }
  return quoted(shownUrl(url).replace(/\/$/, ''), 300);
}

/** Why an endpoint override cannot be used, or undefined when it can. */
export function endpointProblem(raw: string): string | undefined {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'is not an absolute URL (expected e.g. https://vpce-0abc.partnercentral-selling.us-east-1.vpce.amazonaws.com)';
  }
  if (url.username || url.password) return 'must not carry a user name or password';
  if (url.search || url.hash) return 'must not have a query string or fragment';
  if (url.protocol === 'https:') return undefined;
  if (url.protocol === 'http:') {
    return isLoopbackHost(url.hostname)
      ? undefined
      : `uses plain http to a host that is not a literal loopback address: a signed request is sent over https; ${LOOPBACK_RULE}`;
  }
  return `uses ${url.protocol.replace(/:$/, '')}; only https is allowed (${LOOPBACK_RULE})`;
}

/** The SDKs' service-specific endpoint variable for Partner Central Selling (sdkId "PartnerCentral Selling"). */
export const PARTNER_CENTRAL_ENDPOINT_VARIABLE = 'AWS_ENDPOINT_URL_PARTNERCENTRAL_SELLING';

/**
 * An endpoint configured in the environment, as the AWS SDKs read it: the service's own variable, then
 * AWS_ENDPOINT_URL; neither when AWS_IGNORE_CONFIGURED_ENDPOINT_URLS is true.
 */
export function configuredEndpoint(
  env: Record<string, string | undefined>,
  serviceVariable: string,
): { variable: string; raw: string } | undefined {
  if (env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS?.trim().toLowerCase() === 'true') return undefined;
  for (const variable of [serviceVariable, 'AWS_ENDPOINT_URL']) {
    const raw = env[variable]?.trim();
    if (raw) return { variable, raw };
  }
  return undefined;
}
