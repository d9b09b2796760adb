import { createSecrets } from '../../../src/common/secrets.js';
import { describe, expect, it } from 'vitest';
import { errorNameCases } from '../error-name-cases.js';
import { fakeTiming } from '../fake-timing.js';
import { silentLog } from '../../../src/common/log.js';
import type { HttpResponse } from '../../../src/http/transport.js';
import {
  assumeRoleBody,
  assumeRoleWithWebIdentity,
  readAssumeRoleReply,
  readStsError,
  xmlText,
} from '../../../src/aws/sts.js';
import { githubJwt, temporaryCredentials } from '../../fixtures/real-secrets.mjs';

const creds = temporaryCredentials('sts');
const idToken = githubJwt({ aud: 'sts.amazonaws.com', sub: 'repo:o/r:ref:refs/heads/main' });

describe('sts', () => {
  it('encodes the AssumeRoleWithWebIdentity form', () => {
    const body = assumeRoleBody({
      roleArn: 'arn:aws:iam::1:role/r',
      sessionName: 's@1',
      durationSeconds: 900,
      // The ID token (base64url and dots, left as is) and, derived from it, the characters the form must encode.
      webIdentityToken: `${idToken}+/=`,
    });
    expect(body).toBe(
      `Action=AssumeRoleWithWebIdentity&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam%3A%3A1%3Arole%2Fr&RoleSessionName=s%401&DurationSeconds=900&WebIdentityToken=${idToken}%2B%2F%3D`,
    );
  });
  it('reads credentials and decodes XML entities', () => {
    const key = creds.secretAccessKey.slice(0, 30);
    const r = readAssumeRoleReply({
      status: 200,
      headers: {},
      // A secret key derived from the fixture's, with the characters XML must escape.
      body: `<R><Credentials><AccessKeyId>${creds.accessKeyId}</AccessKeyId><SecretAccessKey>${key}&amp;&lt;&#43;&#x2F;</SecretAccessKey><SessionToken>${creds.sessionToken}</SessionToken></Credentials><AssumedRoleUser><Arn>arn:aws:sts::123456789012:assumed-role/r/s</Arn></AssumedRoleUser></R>`,
    });
    expect(r).toEqual({
      credentials: {
        accessKeyId: creds.accessKeyId,
        secretAccessKey: `${key}&<+/`,
        sessionToken: creds.sessionToken,
      },
      assumedRoleArn: 'arn:aws:sts::123456789012:assumed-role/r/s',
      accountId: '123456789012',
    });
  });
  it("reads the session's life by STS's own clock: Expiration less the reply's Date", () => {
    const body = (expiration: string) =>
      `<R><Credentials><AccessKeyId>${creds.accessKeyId}</AccessKeyId><SecretAccessKey>${creds.secretAccessKey}</SecretAccessKey><SessionToken>${creds.sessionToken}</SessionToken><Expiration>${expiration}</Expiration></Credentials><AssumedRoleUser><Arn>arn:aws:sts::123456789012:assumed-role/r/s</Arn></AssumedRoleUser></R>`;
    // An STS an hour behind everyone: its session still lasts 900 s.
    const dated = readAssumeRoleReply({
      status: 200,
      headers: { date: 'Thu, 26 Nov 2026 11:00:00 GMT' },
      body: body('2026-11-26T11:15:00Z'),
    });
    expect(dated).toMatchObject({ expiration: '2026-11-26T11:15:00Z', lifetimeMs: 900_000 });
    for (const date of [undefined, 'not a date'])
      expect(
        readAssumeRoleReply({
          status: 200,
          headers: date ? { date } : {},
          body: body('2026-11-26T11:15:00Z'),
        }).lifetimeMs,
      ).toBeUndefined();
  });
  it('refuses an AssumedRoleUser Arn that is not an assumed-role ARN (it reaches the log and outputs)', () => {
    const reply = (arn: string) => ({
      status: 200,
      headers: {},
      body: `<R><Credentials><AccessKeyId>${creds.accessKeyId}</AccessKeyId><SecretAccessKey>${creds.secretAccessKey}</SecretAccessKey><SessionToken>${creds.sessionToken}</SessionToken></Credentials><AssumedRoleUser><Arn>${arn}</Arn></AssumedRoleUser></R>`,
    });
    for (const arn of [
      'arn:aws:sts::123456789012:assumed-role/r/s ##[add-mask]x',
      'arn:aws:sts::12345:assumed-role/r/s',
      '::set-output name=x::y',
      'arn:aws:sts::123456789012:assumed-role/r/s\u2028next',
    ])
      expect(() => readAssumeRoleReply(reply(arn)), arn).toThrow(/not an assumed-role ARN/);
    expect(
      readAssumeRoleReply(reply('arn:aws-cn:sts::123456789012:assumed-role/path/r+=,.@-/s@1'))
        .accountId,
    ).toBe('123456789012');
  });
  it('finds an element by forward scans, and nothing in a hostile body', () => {
    expect(xmlText('<E><Code a="1">X</Code><CodeY>no</CodeY></E>', 'Code')).toBe('X');
    expect(xmlText('<CodeY>no</CodeY><Code>yes</Code>', 'Code')).toBe('yes');
    const MIB = 1024 * 1024;
    for (const body of [
      '<Code'.repeat(MIB / 5),
      '<Code '.repeat(MIB / 6),
      `<Code>${'<'.repeat(MIB)}`,
    ])
      expect(xmlText(body, 'Code')).toBeUndefined();
  });
  it('refuses credentials a runner mask could turn against the log (short or spaced values)', () => {
    const reply = (id: string, key: string, token: string) => ({
      status: 200,
      headers: {},
      body: `<R><Credentials><AccessKeyId>${id}</AccessKeyId><SecretAccessKey>${key}</SecretAccessKey><SessionToken>${token}</SessionToken></Credentials><AssumedRoleUser><Arn>arn:aws:sts::123456789012:assumed-role/r/s</Arn></AssumedRoleUser></R>`,
    });
    const good = [creds.accessKeyId, creds.secretAccessKey, creds.sessionToken] as const;
    expect(() => readAssumeRoleReply(reply(...good))).not.toThrow();
    const bads: [string, string, string][] = [
      ['Error', good[1], good[2]],
      [good[0], 'failed', good[2]],
      [good[0], good[1], 'Partner Central is down'],
      [good[0], good[1], 'e'],
    ];
    for (const bad of bads)
      expect(() => readAssumeRoleReply(reply(...bad)), bad.join(' ')).toThrow(
        /not shaped as credentials/,
      );
  });
  it('leaves a character reference past U+10FFFF as written instead of failing', () => {
    expect(xmlText('<M>a&#x110000;b&#99999999;c&#65;&#x1F600;</M>', 'M')).toBe(
      'a&#x110000;b&#99999999;cA\u{1F600}',
    );
    const e = readStsError({
      status: 400,
      headers: {},
      body: '<ErrorResponse><Error><Code>&#x110000;</Code><Message>&#99999999999;</Message></Error></ErrorResponse>',
    });
    expect(e.name).toBe('BadRequest');
    expect(e.message).toBe('&#99999999999;');
  });
  it('refuses a reply without credentials', () => {
    expect(() =>
      readAssumeRoleReply({ status: 200, headers: {}, body: '<html>proxy</html>' }),
    ).toThrow(/no Credentials/);
  });
  it('reads query-protocol errors and classifies them', () => {
    const e = readStsError({
      status: 400,
      headers: {},
      body: '<ErrorResponse><Error><Code>Throttling</Code><Message>Rate exceeded</Message></Error><RequestId>r1</RequestId></ErrorResponse>',
    });
    expect(e).toMatchObject({
      name: 'Throttling',
      message: 'Rate exceeded',
      requestId: 'r1',
      retryClass: 'throttling',
    });
    expect(
      readStsError({
        status: 400,
        headers: {},
        body: '<Error><Code>IDPCommunicationError</Code></Error>',
      }).retryClass,
    ).toBe('transient');
    expect(
      readStsError({ status: 403, headers: {}, body: '<Error><Code>AccessDenied</Code></Error>' })
        .retryClass,
    ).toBe('client');
    expect(readStsError({ status: 503, headers: {}, body: '' })).toMatchObject({
      name: 'ServiceUnavailable',
      retryClass: 'transient',
    });
  });
});

describe('readStsError: the error name (test/fixtures/error-names.json)', () => {
  it.each(errorNameCases('query'))('%s', (_, c) => {
    expect(readStsError({ status: c.status, headers: c.headers, body: c.body }).name).toBe(c.name);
  });
});

describe('assumeRoleWithWebIdentity: a clock-skew error', () => {
  it('is retried once, at once, after the clock is corrected from the reply', async () => {
    const timing = fakeTiming();
    const ahead = new Date(timing.now() + 10 * 60_000).toUTCString();
    const replies: HttpResponse[] = [
      {
        status: 400,
        headers: { date: ahead },
        body: '<ErrorResponse><Error><Code>SignatureDoesNotMatch</Code><Message>time</Message></Error></ErrorResponse>',
      },
      {
        status: 200,
        headers: { date: ahead },
        body: `<R><Credentials><AccessKeyId>${creds.accessKeyId}</AccessKeyId><SecretAccessKey>${creds.secretAccessKey}</SecretAccessKey><SessionToken>${creds.sessionToken}</SessionToken></Credentials><AssumedRoleUser><Arn>arn:aws:sts::123456789012:assumed-role/r/s</Arn></AssumedRoleUser></R>`,
      },
    ];
    const clock = { offsetMs: 0 };
    const out = await assumeRoleWithWebIdentity(
      new URL('https://sts.us-east-1.amazonaws.com'),
      {
        roleArn: 'arn:aws:iam::1:role/r',
        sessionName: 's',
        durationSeconds: 900,
        webIdentityToken: idToken,
      },
      { maxAttempts: 3, deadlineAt: timing.now() + 60_000, attemptTimeoutMs: 30_000 },
      {
        transport: () => Promise.resolve({ ok: true, response: replies.shift() as HttpResponse }),
        timing,
        clock,
        log: silentLog,
        secrets: createSecrets(),
      },
    );
    expect(out).toMatchObject({ ok: true, attempts: 2 });
    expect(timing.sleeps).toEqual([]);
    expect(Math.round(clock.offsetMs / 1000)).toBe(600);
  });
});
