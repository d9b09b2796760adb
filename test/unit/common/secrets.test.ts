import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  createSecrets,
  MAX_SIGNATURES,
  REDACTED,
  rememberHeaderSecret,
  SECRET_RUN,
  MIN_MASKED_LENGTH,
  secretsInEnvironment,
} from '../../../src/common/secrets.js';
import { escapeHtml } from '../../../src/common/safe-text.js';
import {
  EARLIER_STEP,
  PROXY_PASSWORD,
  proxyWithoutScheme,
  runtimeToken,
  secretAccessKey,
  stsSessionToken,
} from '../../fixtures/real-secrets.mjs';

// Shaped as STS issues them (test/fixtures/real-secrets.mjs): long base64 with + and /, the common prefix.
const TOKEN = stsSessionToken('secrets.test');
const KEY = secretAccessKey('secrets.test');
const SIGNATURE = 'fe5f80f77d5fa3beca038a248ff027d0445342fe2855ddc963176630326f1024';

/** Every run of SECRET_RUN characters of `secret` that appears in `text`. */
function pieces(text: string, secret: string): string[] {
  const found: string[] = [];
  for (let i = 0; i + SECRET_RUN <= secret.length; i++) {
    const piece = secret.slice(i, i + SECRET_RUN);
    if (text.includes(piece)) found.push(piece);
  }
  return found;
}

function withAll() {
  const masked: string[] = [];
  const secrets = createSecrets((v) => masked.push(v));
  secrets.mask(TOKEN);
  secrets.mask(KEY);
  secrets.remember(SIGNATURE);
  return { secrets, masked };
}

describe('createSecrets: scrub', () => {
  it('removes a whole secret, and masks with the runner only what mask was given, once', () => {
    const { secrets, masked } = withAll();
    secrets.mask(TOKEN);
    expect(masked).toEqual([TOKEN, KEY]);
    // A value first only remembered (from the environment) is still masked when the action obtains it.
    secrets.remember('remembered-first-then-masked');
    secrets.mask('remembered-first-then-masked');
    expect(masked).toEqual([TOKEN, KEY, 'remembered-first-then-masked']);
    expect(secrets.scrub(`token ${TOKEN} key ${KEY}.`)).toBe(`token ${REDACTED} key ${REDACTED}.`);
  });

  it('removes every run of 12 characters of a secret, wherever a cut left it', () => {
    const { secrets } = withAll();
    for (let cut = 0; cut < TOKEN.length - SECRET_RUN; cut += 7) {
      const fragment = TOKEN.slice(cut, cut + 40 + (cut % 13));
      const out = secrets.scrub(`The token ${fragment} is bad`);
      expect(pieces(out, TOKEN), `fragment at ${cut}`).toEqual([]);
      expect(out).toMatch(/^The token .*\*\*\*.* is bad$/);
    }
    // Eleven characters are not a piece: ordinary text that shares a few letters survives.
    const eleven = TOKEN.slice(20, 31);
    expect(secrets.scrub(`x ${eleven} y`)).toBe(`x ${eleven} y`);
  });

  it('finds the URL-encoded, JSON-escaped and differently cased forms', () => {
    const { secrets } = withAll();
    const forms = [
      encodeURIComponent(TOKEN),
      encodeURIComponent(TOKEN).replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase()),
      TOKEN.replaceAll('/', '\\/'),
      SIGNATURE.toUpperCase(),
    ];
    for (const form of forms) {
      const out = secrets.scrub(`before ${form} after`);
      expect(out, form.slice(0, 20)).toBe(`before ${REDACTED} after`);
    }
  });

  it('removes the shapes AWS echoes a signed request in, whoever holds the secret', () => {
    const secrets = createSecrets();
    const message =
      'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method.\n\n' +
      "The Canonical String for this request should have been\n'POST\n/\n\nhost:x\nx-amz-security-token:UNKNOWNTOKEN\n'\n\n" +
      "The String-to-Sign should have been\n'AWS4-HMAC-SHA256\n20261206T000000Z\n'";
    const out = secrets.scrub(message);
    expect(out).toContain('Check your AWS Secret Access Key and signing method.');
    expect(out).not.toContain('UNKNOWNTOKEN');
    expect(out).not.toContain('AWS4-HMAC-SHA256');
    expect(out).toContain('(the service quoted the signed request here; removed)');
    expect(
      secrets.scrub(
        'Authorization: AWS4-HMAC-SHA256 Credential=AKIAEXAMPLE/20261206/us-east-1/partnercentral-selling/aws4_request, SignedHeaders=host, Signature=abcdef0123456789',
      ),
    ).toBe(
      `Authorization: AWS4-HMAC-SHA256 Credential=${REDACTED}, SignedHeaders=host, Signature=${REDACTED}`,
    );
    expect(
      secrets.scrub('?X-Amz-Security-Token=abc%2Fdef&x=1 and "x-amz-security-token": "zzz"'),
    ).toBe(`?X-Amz-Security-Token=${REDACTED}&x=1 and "x-amz-security-token": "${REDACTED}"`);
  });

  it('leaves text without secrets as it was, and ignores values too short to be secrets', () => {
    const secrets = createSecrets();
    secrets.mask('short');
    secrets.remember('');
    secrets.remember(undefined);
    const text = 'ThrottlingException: Rate exceeded (short)';
    expect(secrets.scrub(text)).toBe(text);
  });

  it('a value of 8 to 11 characters is removed only whole', () => {
    const secrets = createSecrets();
    secrets.remember('p4ssw0rd!');
    expect(secrets.scrub('a p4ssw0rd! b p4ssw0rd c')).toBe(`a ${REDACTED} b p4ssw0rd c`);
  });

  it('merges overlapping pieces into one mask and keeps the text around them', () => {
    const { secrets } = withAll();
    expect(secrets.scrub(`[${TOKEN}${KEY}]`)).toBe(`[${REDACTED}]`);
    expect(secrets.scrub(`${KEY}`)).toBe(REDACTED);
  });

  it('a reply that is one secret repeated becomes one mask, in one range', () => {
    const { secrets } = withAll();
    expect(secrets.scrub(`a ${TOKEN.repeat(500)} b`)).toBe(`a ${REDACTED} b`);
  });

  it('scrubs a hostile megabyte in one pass', () => {
    const { secrets } = withAll();
    const big = `${'<'.repeat(500_000)}${TOKEN}${'a'.repeat(500_000)}`;
    const out = secrets.scrub(big);
    expect(out.length).toBe(1_000_000 + REDACTED.length);
    expect(pieces(out, TOKEN)).toEqual([]);
  });
});

describe('rememberHeaderSecret', () => {
  const seen = (header: string) => {
    const secrets = createSecrets();
    rememberHeaderSecret(secrets, header);
    return secrets;
  };
  it('takes the signature of a SigV4 Authorization, the token of a Bearer one, else the value', () => {
    const sigV4 = seen(
      `AWS4-HMAC-SHA256 Credential=AKIA/20261206/us-east-1/s/aws4_request, SignedHeaders=host;x-amz-date, Signature=${SIGNATURE}`,
    );
    expect(sigV4.scrub(`sig ${SIGNATURE}`)).toBe(`sig ${REDACTED}`);
    // The rest of the header is ordinary text an error may quote.
    expect(sigV4.scrub('SignedHeaders host;x-amz-date')).toBe('SignedHeaders host;x-amz-date');
    expect(seen('Bearer eyJhbGciOi.payload.sig').scrub('t eyJhbGciOi.payload.sig')).toBe(
      `t ${REDACTED}`,
    );
    expect(seen(TOKEN).scrub(TOKEN)).toBe(REDACTED);
  });
  it('keeps the last MAX_SIGNATURES signatures, and every other secret for good', () => {
    const secrets = createSecrets();
    secrets.mask(KEY);
    const signature = (i: number) => createHash('sha256').update(String(i)).digest('hex');
    for (let i = 0; i <= MAX_SIGNATURES; i++) secrets.rememberSignature(signature(i));
    expect(secrets.scrub(signature(0))).toBe(signature(0));
    expect(secrets.scrub(signature(1))).toBe(REDACTED);
    expect(secrets.scrub(signature(MAX_SIGNATURES))).toBe(REDACTED);
    expect(secrets.scrub(KEY)).toBe(REDACTED);
  });
});

describe('secretsInEnvironment', () => {
  it('finds keys, runner tokens and proxy passwords', () => {
    const bearer = runtimeToken('secrets.test');
    expect(
      secretsInEnvironment({
        AWS_SECRET_ACCESS_KEY: KEY,
        AWS_SESSION_TOKEN: TOKEN,
        ACTIONS_ID_TOKEN_REQUEST_TOKEN: bearer,
        ACTIONS_RUNTIME_TOKEN: bearer,
        HTTPS_PROXY: 'http://user:p%40ssword@127.0.0.1:3128',
        http_proxy: 'not a url',
        AWS_ACCESS_KEY_ID: 'AKIANOTSECRET',
      }),
    ).toEqual([KEY, TOKEN, bearer, bearer, 'p%40ssword', 'p@ssword']);
  });
  it('finds the password of a proxy given without a scheme, as http-client reads it', () => {
    expect(secretsInEnvironment({ HTTPS_PROXY: proxyWithoutScheme() })).toContain(PROXY_PASSWORD);
    expect(secretsInEnvironment({ https_proxy: 'proxy.internal:3128' })).toEqual([]);
  });
});

describe('createSecrets: mask', () => {
  it('registers with the runner only what is long enough to be a credential', () => {
    const masked: string[] = [];
    const secrets = createSecrets((v) => masked.push(v));
    secrets.mask('e');
    secrets.mask('x'.repeat(MIN_MASKED_LENGTH - 1));
    secrets.mask(EARLIER_STEP.accessKeyId);
    secrets.mask(EARLIER_STEP.secretAccessKey);
    expect(masked).toEqual([EARLIER_STEP.accessKeyId, EARLIER_STEP.secretAccessKey]);
    // Nothing blanks out ordinary letters either.
    expect(secrets.scrub('every e stays')).toBe('every e stays');
  });
});

describe('createSecrets: the forms a sink may show', () => {
  it('finds a secret JSON-escaped (results) and HTML-escaped (the summary)', () => {
    const password = 'p&ss"w<r>d|`quote\\d-1234';
    const secrets = createSecrets();
    secrets.remember(password);
    expect(secrets.scrub(JSON.stringify({ m: `said ${password}` }))).toBe(
      `{"m":"said ${REDACTED}"}`,
    );
    // As the job summary writes it.
    const html = escapeHtml(password);
    expect(secrets.scrub(`<p>${html}</p>`)).toBe(`<p>${REDACTED}</p>`);
  });
});

describe('createSecrets: holds', () => {
  it('tells whether a text holds a secret or a run of one, as written or behind JSON escapes', () => {
    const { secrets } = withAll();
    expect(secrets.holds('{"a":"partner prose, signature=0123456789abcdef"}')).toBe(false);
    expect(secrets.holds(`{"a":"${TOKEN.slice(40, 52)}"}`)).toBe(true);
    expect(secrets.holds(`{"a":"${KEY.replaceAll('/', '\\/')}"}`)).toBe(true);
    const escaped = [...KEY.slice(0, 14)].map(
      (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
    );
    expect(secrets.holds(`{"a":"${escaped.join('')}"}`)).toBe(true);
    expect(createSecrets().holds(TOKEN)).toBe(false);
  });
  it('sees a secret as a reader would: between invisible characters, raw or JSON-escaped', () => {
    const { secrets } = withAll();
    const pieces = TOKEN.slice(0, 60).match(/.{1,6}/g)!;
    expect(secrets.holds(`{"a":"${pieces.join('\u200b')}"}`)).toBe(true);
    expect(secrets.holds(`{"a":"${pieces.join('\\u00ad')}"}`)).toBe(true);
  });
  it('a value in JSON text ends at the backslash that escapes its quote, so JSON stays JSON', () => {
    const { secrets } = withAll();
    const json = JSON.stringify({
      m: 'header x-amz-security-token="abc" refused, Credential="AKIA/x"',
    });
    expect(JSON.parse(secrets.scrub(json))).toEqual({
      m: 'header x-amz-security-token="abc" refused, Credential="AKIA/x"',
    });
    expect(secrets.scrub('x-amz-security-token="abc"')).toBe('x-amz-security-token="***"');
  });
  it('removes every echo block of a text, not only the first', () => {
    const { secrets } = withAll();
    const page =
      '<p>The Canonical String for this request should have been\nA</p>\n<p>The String-to-Sign should have been\nB</p>';
    expect(secrets.scrub(page)).toBe(
      '<p>(the service quoted the signed request here; removed)</p>\n<p>(the service quoted the signed request here; removed)</p>',
    );
  });
  it('keeps no window that only repeats itself: a run of %2F or \\/ in partner data is no piece of a token', () => {
    const { secrets } = withAll();
    // Real STS tokens hold ten slashes in a row: their URL-encoded form would match any %2F%2F%2F%2F.
    expect(TOKEN).toContain('//////////');
    expect(
      secrets.holds('{"to":"file%3A%2F%2F%2F%2Fshare","img":"\\/\\/\\/\\/\\/\\/\\/\\/"}'),
    ).toBe(false);
    expect(secrets.scrub('a ============ line')).toBe('a ============ line');
    // A secret that is nothing but repetition is still found, whole.
    const dull = createSecrets();
    dull.remember('a'.repeat(20));
    expect(dull.scrub(`pw ${'a'.repeat(20)} end`)).toBe(`pw ${REDACTED} end`);
    // The token itself, in every form, is still removed whole.
    expect(secrets.scrub(`before ${encodeURIComponent(TOKEN)} after`)).toBe(
      `before ${REDACTED} after`,
    );
  });
  it('finds an echo block whose words a line break separates', () => {
    const { secrets } = withAll();
    expect(
      secrets.scrub(
        'The canonical string\nfor this request   should have been\nPOST / x-amz-date:20261208',
      ),
    ).toBe('(the service quoted the signed request here; removed)');
  });
});
