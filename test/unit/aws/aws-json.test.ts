import aws4 from 'aws4';
import { describe, expect, it } from 'vitest';
import { errorNameCases } from '../error-name-cases.js';
import {
  bodyExcerpt,
  cleanErrorName,
  parseErrorResponse,
  signJsonRequest,
} from '../../../src/aws/aws-json.js';
import { REPLY_LIMITS } from '../../../src/common/tunables.js';
import { secretAccessKey, stsSessionToken } from '../../fixtures/real-secrets.mjs';

const creds = {
  accessKeyId: 'AKIDEXAMPLE',
  secretAccessKey: secretAccessKey('aws-json'),
};
const signingTime = new Date('2015-08-30T12:36:00Z');
const call = {
  endpoint: new URL('https://partnercentral-selling.us-east-1.api.aws'),
  region: 'us-east-1',
  operation: 'StartResourceSnapshotJob',
  payload: { Catalog: 'AWS', ResourceSnapshotJobIdentifier: 'job-0123456789abc' },
  credentials: creds,
  signingTime,
};

/** The independent oracle: aws4 signs the same method, path, headers and body. */
function oracle(
  headers: Record<string, string>,
  body: string,
  c: typeof creds & { sessionToken?: string },
  host: string,
) {
  const signedNames =
    /SignedHeaders=([^,]+)/.exec(headers.authorization ?? '')?.[1]?.split(';') ?? [];
  const picked: Record<string, string> = {};
  for (const n of signedNames) picked[n] = headers[n] ?? '';
  return aws4.sign(
    {
      method: 'POST',
      host,
      path: '/',
      service: 'partnercentral-selling',
      region: 'us-east-1',
      headers: picked,
      body,
    },
    c,
  ).headers?.Authorization;
}

describe('signJsonRequest', () => {
  it('frames the call as awsJson1_0', async () => {
    const req = await signJsonRequest(call);
    expect(req.method).toBe('POST');
    expect(req.url.href).toBe('https://partnercentral-selling.us-east-1.api.aws/');
    expect(req.body).toBe('{"Catalog":"AWS","ResourceSnapshotJobIdentifier":"job-0123456789abc"}');
    expect(req.headers).toMatchObject({
      host: 'partnercentral-selling.us-east-1.api.aws',
      'content-type': 'application/x-amz-json-1.0',
      'content-length': '69',
      'x-amz-target': 'AWSPartnerCentralSelling.StartResourceSnapshotJob',
      'x-amz-date': '20150830T123600Z',
    });
  });

  it('signs exactly as the independent aws4 signer does (fixed vector)', async () => {
    const req = await signJsonRequest(call);
    expect(req.headers.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/20150830\/us-east-1\/partnercentral-selling\/aws4_request, SignedHeaders=content-length;content-type;host;x-amz-content-sha256;x-amz-date;x-amz-target, Signature=[0-9a-f]{64}$/,
    );
    expect(req.headers.authorization).toBe(
      oracle(req.headers, req.body, creds, 'partnercentral-selling.us-east-1.api.aws'),
    );
  });

  it('signs the session token of temporary credentials', async () => {
    const temp = { ...creds, sessionToken: stsSessionToken('aws-json') };
    const req = await signJsonRequest({ ...call, credentials: temp });
    expect(req.headers['x-amz-security-token']).toBe(temp.sessionToken);
    expect(req.headers.authorization).toContain('x-amz-security-token');
    expect(req.headers.authorization).toBe(
      oracle(req.headers, req.body, temp, 'partnercentral-selling.us-east-1.api.aws'),
    );
  });

  it('includes a non-default port in the signed host', async () => {
    const req = await signJsonRequest({ ...call, endpoint: new URL('http://127.0.0.1:4566') });
    expect(req.headers.host).toBe('127.0.0.1:4566');
    expect(req.headers.authorization).toBe(oracle(req.headers, req.body, creds, '127.0.0.1:4566'));
  });

  it('a different secret gives a different signature', async () => {
    const a = await signJsonRequest(call);
    const b = await signJsonRequest({
      ...call,
      credentials: { ...creds, secretAccessKey: secretAccessKey('aws-json-other') },
    });
    expect(a.headers.authorization).not.toBe(b.headers.authorization);
  });
});

const res = (status: number, body: string, headers: Record<string, string> = {}) => ({
  status,
  body,
  headers,
});

describe('cleanErrorName', () => {
  it('keeps the text before ":" and after "#"', () => {
    expect(cleanErrorName('aws.protocoltests#FooError:http://internal')).toBe('FooError');
    expect(cleanErrorName('com.amazonaws.partnercentralselling#ThrottlingException')).toBe(
      'ThrottlingException',
    );
    expect(cleanErrorName('ValidationException:http://internal.amazon.com/coral/')).toBe(
      'ValidationException',
    );
    expect(cleanErrorName('Plain')).toBe('Plain');
  });
});

describe('parseErrorResponse', () => {
  it('prefers the x-amzn-ErrorType header, then code, then __type', () => {
    expect(
      parseErrorResponse(
        res(400, '{"__type":"A#B","code":"C"}', { 'x-amzn-errortype': 'H:http://x' }),
      ).name,
    ).toBe('H');
    expect(parseErrorResponse(res(400, '{"__type":"A#B","Code":"C"}')).name).toBe('C');
    expect(parseErrorResponse(res(400, '{"__type":"A#B"}')).name).toBe('B');
  });

  it('reads message or Message, the request id, Reason and ErrorList', () => {
    const e = parseErrorResponse(
      res(
        400,
        JSON.stringify({
          __type: 'ValidationException',
          Message: 'bad',
          Reason: 'REQUEST_VALIDATION_FAILED',
          ErrorList: [
            { FieldName: 'Catalog', Code: 'INVALID_STRING_FORMAT', Message: 'nope' },
            'junk',
          ],
        }),
        { 'x-amzn-requestid': 'rid-1' },
      ),
    );
    expect(e).toMatchObject({
      name: 'ValidationException',
      message: 'bad',
      requestId: 'rid-1',
      reason: 'REQUEST_VALIDATION_FAILED',
      retryClass: 'client',
    });
    expect(e.fieldErrors).toEqual([
      { fieldName: 'Catalog', code: 'INVALID_STRING_FORMAT', message: 'nope' },
    ]);
  });

  it('names HTML and empty bodies by their status', () => {
    const html = parseErrorResponse(
      res(
        502,
        '<html><head><style>x{}</style></head><body><h1>502 Bad Gateway</h1></body></html>',
        { 'content-type': 'text/html' },
      ),
    );
    expect(html.name).toBe('BadGateway');
    expect(html.message).toBe(
      'HTTP 502 Bad Gateway with a non-JSON body (text/html): 502 Bad Gateway',
    );
    expect(html.retryClass).toBe('transient');
    const empty = parseErrorResponse(res(503, ''));
    expect(empty).toMatchObject({
      name: 'ServiceUnavailable',
      message: 'HTTP 503 Service Unavailable with an empty body',
      retryClass: 'transient',
    });
    expect(parseErrorResponse(res(418, 'not json {')).name).toBe('ImATeapot');
  });

  it('never lets service text break the log line', () => {
    const e = parseErrorResponse(
      res(400, JSON.stringify({ __type: 'X', message: 'a\r\n::add-mask::b\u2028c' })),
    );
    expect(e.message).toBe('a ::add-mask::b c');
  });
});

describe('parseErrorResponse: hostile replies', () => {
  const MIB = 1024 * 1024;

  it('reads an excerpt of any page in one forward pass: tags, scripts and styles skipped, the head only', () => {
    expect(bodyExcerpt('<p>a</p><script>x<y</script> b <style>z</style>c')).toBe('a b c');
    // Indices found in the lower-cased text hold in the original, whatever letters come first.
    expect(bodyExcerpt('\u0130\u0130\u0130 <script>hidden()</script>ok')).toBe(
      '\u0130\u0130\u0130 ok',
    );
    // Shapes that made a backtracking pattern take minutes: each is read at once, to an empty or short text.
    for (const body of [
      '<'.repeat(MIB),
      '<script'.repeat(MIB / 7),
      `<script>${'<'.repeat(MIB)}`,
      `${'a'.repeat(MIB)}<`,
    ])
      expect(bodyExcerpt(body).length).toBeLessThanOrEqual(REPLY_LIMITS.excerptChars);
    expect(bodyExcerpt(`text <b>${'word '.repeat(200)}`)).toMatch(/^text (word ?)+…$/);
    // A run of token characters is never cut into (it may be a secret's).
    expect(bodyExcerpt(`text <b>${'x'.repeat(1000)}`)).toBe('text …');
  });

  it('keeps the first ErrorList entries and counts the rest', () => {
    const list = Array.from({ length: 50_000 }, (_, i) => ({
      FieldName: `f${i}`,
      Code: 'C',
      Message: 'm',
    }));
    const e = parseErrorResponse(
      res(400, JSON.stringify({ __type: 'ValidationException', message: 'bad', ErrorList: list })),
    );
    expect(e.fieldErrors).toHaveLength(REPLY_LIMITS.fieldErrors);
    expect(e.fieldErrors?.[0]).toEqual({ fieldName: 'f0', code: 'C', message: 'm' });
    expect(e.fieldErrorsOmitted).toBe(50_000 - REPLY_LIMITS.fieldErrors);
    const few = parseErrorResponse(
      res(400, JSON.stringify({ __type: 'ValidationException', ErrorList: list.slice(0, 2) })),
    );
    expect(few.fieldErrors).toHaveLength(2);
    expect(few.fieldErrorsOmitted).toBeUndefined();
  });

  it('takes the first well-formed error name of header, code and __type; a request id only in its alphabet', () => {
    const e = parseErrorResponse(
      res(403, JSON.stringify({ __type: 'com.amazon#InvalidSignatureException', message: 'x' }), {
        'x-amzn-errortype': 'InvalidSignatureException *** ##[add-mask]x',
        'x-amzn-requestid': '::set-output name=a::b',
      }),
    );
    expect(e.name).toBe('InvalidSignatureException');
    expect(e.requestId).toBeUndefined();
    const none = parseErrorResponse(res(503, '', { 'x-amzn-errortype': '##[stop-commands]tok' }));
    expect(none.name).toBe('ServiceUnavailable');
  });
});

describe('parseErrorResponse: the error name (test/fixtures/error-names.json)', () => {
  it.each(errorNameCases('awsJson1_0'))('%s', (_, c) => {
    expect(parseErrorResponse({ status: c.status, headers: c.headers, body: c.body }).name).toBe(
      c.name,
    );
  });
});
