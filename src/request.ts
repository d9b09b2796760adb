// Builds an awsJson1_0 request for one Partner Central operation and signs it with SigV4.
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';

export const SIGNING_NAME = 'partnercentral-selling';
export const TARGET_PREFIX = 'AWSPartnerCentralSelling';
export const JSON_CONTENT_TYPE = 'application/x-amz-json-1.0';

export interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

export interface SignedRequest {
  url: URL;
  method: 'POST';
  /** Lower-case names; includes `authorization`, which must never be logged. */
  headers: Record<string, string>;
  body: string;
}

export interface JsonCall {
  endpoint: URL;
  region: string;
  operation: string;
  payload: Record<string, unknown>;
  credentials: Credentials;
  signingTime: Date;
}

export async function signJsonRequest(call: JsonCall): Promise<SignedRequest> {
  const body = JSON.stringify(call.payload);
  const url = new URL(call.endpoint.href);
  const headers: Record<string, string> = {
    host: url.host,
    'content-type': JSON_CONTENT_TYPE,
    'content-length': String(Buffer.byteLength(body)),
    'x-amz-target': `${TARGET_PREFIX}.${call.operation}`,
  };
  const signer = new SignatureV4({
    credentials: call.credentials,
    region: call.region,
    service: SIGNING_NAME,
    sha256: Sha256,
    uriEscapePath: true,
  });
  const signed = await signer.sign(
    {
      method: 'POST',
      protocol: url.protocol,
      hostname: url.hostname,
      port: url.port ? Number(url.port) : undefined,
      path: url.pathname || '/',
      query: {},
      headers,
      body,
    },
    { signingDate: call.signingTime },
  );
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(signed.headers)) out[name.toLowerCase()] = value;
  return { url, method: 'POST', headers: out, body };
}

/** Header names whose values are secret or a signature: never printed, even in debug mode. */
export const SECRET_HEADERS = new Set(['authorization', 'x-amz-security-token']);
