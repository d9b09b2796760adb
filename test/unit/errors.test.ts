import { describe, expect, it } from 'vitest';
import { classify, cleanErrorName, networkError, parseErrorResponse } from '../../src/errors.js';

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

describe('classify', () => {
  it('classifies by name first, status second', () => {
    expect(classify('ThrottlingException', 400)).toBe('throttling');
    expect(classify('SlowDown', 503)).toBe('throttling');
    expect(classify('Whatever', 429)).toBe('throttling');
    expect(classify('InternalServerException', 400)).toBe('transient');
    expect(classify('RequestTimeoutException', 400)).toBe('transient');
    expect(classify('Whatever', 504)).toBe('transient');
    expect(classify('AccessDeniedException', 403)).toBe('client');
    expect(classify('ResourceNotFoundException', 404)).toBe('client');
    expect(classify('NotImplemented', 501)).toBe('client');
  });
});

describe('networkError', () => {
  it('retries connection faults, not TLS failures', () => {
    expect(networkError(Object.assign(new Error('x'), { code: 'ECONNRESET' }), 1000)).toMatchObject(
      { name: 'ECONNRESET', retryClass: 'transient' },
    );
    expect(
      networkError(Object.assign(new Error('x'), { code: 'EAI_AGAIN' }), 1000).retryClass,
    ).toBe('transient');
    expect(
      networkError(Object.assign(new Error('cut'), { code: 'ResponseTruncated' }), 1000).retryClass,
    ).toBe('transient');
    expect(
      networkError(Object.assign(new Error('x'), { code: 'CERT_HAS_EXPIRED' }), 1000).retryClass,
    ).toBe('client');
    expect(networkError('weird', 1000)).toMatchObject({
      name: 'NetworkError',
      retryClass: 'transient',
    });
  });
  it('names timeouts TimeoutError with the attempt timeout', () => {
    const err = Object.assign(new Error('slow'), { name: 'TimeoutError' });
    expect(networkError(err, 2500)).toEqual({
      name: 'TimeoutError',
      message: 'no complete response within 2.5 s',
      retryClass: 'transient',
    });
  });
});
