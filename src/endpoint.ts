// Resolves the Partner Central Selling and STS endpoints from a region, or checks an endpoint override.

export type Partition = 'aws' | 'aws-cn' | 'aws-us-gov';

/**
 * AWS region names: two letters, an optional `-gov` or `-iso*`, a direction word, a number (us-east-1,
 * us-gov-west-1, cn-north-1, us-isob-east-1, eu-isoe-west-1).
 */
export const REGION_PATTERN = /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d{1,2}$/;

/** The isolated partitions (aws-iso, aws-iso-b, aws-iso-e, aws-iso-f, ...): us-iso-east-1, eu-isoe-west-1. */
const ISOLATED_REGION = /^[a-z]{2}-iso[a-z]?-/;

export function partitionOf(region: string): Partition | undefined {
  if (ISOLATED_REGION.test(region)) return undefined; // Partner Central has no endpoint in the isolated partitions.
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}

function dnsSuffix(partition: Partition): string {
  return partition === 'aws-cn' ? 'api.amazonwebservices.com.cn' : 'api.aws';
}

/** The model's endpoint rule: `https://partnercentral-selling.{region}.{dualStackDnsSuffix}`. */
export function partnerCentralEndpoint(region: string, partition: Partition): URL {
  return new URL(`https://partnercentral-selling.${region}.${dnsSuffix(partition)}/`);
}

/** Regional STS, as the SDKs use by default since 2022: `sts.{region}.amazonaws.com(.cn)`. */
export function stsEndpoint(region: string, partition: Partition): URL {
  const suffix = partition === 'aws-cn' ? 'amazonaws.com.cn' : 'amazonaws.com';
  return new URL(`https://sts.${region}.${suffix}/`);
}

export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/^\[|\]$/g, '');
  return (
    host === 'localhost' ||
    host.endsWith('.localhost') ||
    /^127(\.\d{1,3}){3}$/.test(host) ||
    host === '::1' ||
    host === '0:0:0:0:0:0:0:1'
  );
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
      : 'uses plain http to a host that is not a loopback address; a signed request is only sent over https (http is allowed for 127.0.0.1, ::1 and localhost)';
  }
  return `uses ${url.protocol.replace(/:$/, '')}; only https (or http to a loopback address) is allowed`;
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
