// request-preview: a request as a dry run or the debug log shows it, every secret header's value as ***.
import { describe, expect, it } from 'vitest';
import { SECRET_HEADERS } from '../../../src/aws/aws-json.js';
import { previewRequest } from '../../../src/http/request-preview.js';
import type { OutgoingRequest } from '../../../src/http/transport.js';

const SIGNATURE = 'Signature=5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7';
const TOKEN = 'IQoJb3JpZ2luX2VjEXAMPLETOKEN';
const request = (headers: Record<string, string>): OutgoingRequest => ({
  method: 'POST',
  url: new URL('https://partnercentral-selling.us-east-1.api.aws/?x=1#f'),
  headers,
  body: '{"Catalog":"AWS","ResourceSnapshotJobIdentifier":"job-0123456789abc"}',
});

describe('previewRequest', () => {
  it('replaces each secret header value by ***, keeping every other header, the method, URL and body', () => {
    const req = request({
      authorization: `AWS4-HMAC-SHA256 Credential=AKIA/20261126/us-east-1/partnercentral-selling/aws4_request, ${SIGNATURE}`,
      'x-amz-security-token': TOKEN,
      'x-amz-date': '20261126T120000Z',
      'x-amz-target': 'AWSPartnerCentralSelling.StartResourceSnapshotJob',
      'content-type': 'application/x-amz-json-1.0',
    });
    const preview = previewRequest(req, new Set(['authorization', 'x-amz-security-token']));
    expect(preview).toEqual({
      method: 'POST',
      // A query or fragment (or a path) may hold a credential: shown as … only.
      url: 'https://partnercentral-selling.us-east-1.api.aws/?…#…',
      headers: {
        authorization: '***',
        'x-amz-security-token': '***',
        'x-amz-date': '20261126T120000Z',
        'x-amz-target': 'AWSPartnerCentralSelling.StartResourceSnapshotJob',
        'content-type': 'application/x-amz-json-1.0',
      },
      body: req.body,
    });
    expect(Object.keys(preview.headers)).toEqual(Object.keys(req.headers));
    expect(JSON.stringify(preview)).not.toMatch(/Signature=|IQoJ|AKIA/);
  });

  it('hides the headers the AWS requests sign with', () => {
    const preview = previewRequest(
      request({ authorization: SIGNATURE, 'x-amz-security-token': TOKEN, 'x-amz-date': 'd' }),
      SECRET_HEADERS,
    );
    expect(preview.headers).toEqual({
      authorization: '***',
      'x-amz-security-token': '***',
      'x-amz-date': 'd',
    });
  });

  it('hides a secret header even when its value is empty', () => {
    expect(
      previewRequest(request({ authorization: '' }), new Set(['authorization'])).headers,
    ).toEqual({ authorization: '***' });
  });

  it('changes nothing when no header is secret, and leaves the request itself untouched', () => {
    const headers = { authorization: SIGNATURE, 'x-amz-target': 'T' };
    const req = request(headers);
    expect(previewRequest(req, new Set()).headers).toEqual(headers);
    previewRequest(req, new Set(['authorization']));
    expect(req.headers.authorization).toBe(SIGNATURE);
  });

  it('shows a request without headers or body as it is', () => {
    expect(
      previewRequest(
        { method: 'GET', url: new URL('http://127.0.0.1:1/'), headers: {}, body: '' },
        SECRET_HEADERS,
      ),
    ).toEqual({ method: 'GET', url: 'http://127.0.0.1:1/', headers: {}, body: '' });
  });
});
