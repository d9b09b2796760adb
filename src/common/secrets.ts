// The gate at the sinks: removes every secret the step holds (and every run of SECRET_RUN characters of one) and
// AWS's echo shapes from text about to be shown; tells whether a file would hold one.
//
// At the sinks, never at the inlet: real secrets share long runs (the runner's token and the ID token it buys carry
// one JOSE header; every STS token starts IQoJb3JpZ2luX2Vj), so scrubbing replies would rewrite what the action must
// read exactly. main.ts's writer scrubs every line, annotation, output and the summary whole before it cuts;
// snapshot-files.ts asks `holds` before it writes. Secrets are told to the gate as the step gets them:
// run-action.ts (the environment), send-with-retry.ts (each request's), resolve-credentials.ts and oidc-token.ts.
import { asciiLower, htmlEscaped, visibleText } from './safe-text.js';

/** A run of this many characters of a secret is treated as the secret (the issue's and design's rule). */
export const SECRET_RUN = 12;
/** Shorter values are not secrets worth a filter (they would blank out ordinary words); none of ours is. */
export const MIN_SECRET_LENGTH = 8;
/**
 * Shorter values are not registered with the runner's mask, which has no minimum: AWS_ACCESS_KEY_ID=e would hide
 * every "e" in the job's log. Real credentials are longer (key ids 16 to 128 characters, secret keys 40).
 */
export const MIN_MASKED_LENGTH = 16;
/** What a removed secret reads as: the runner's own mask. */
export const REDACTED = '***';
/** Request signatures kept for the gate: the most recent ones (each costs 53 windows of memory). */
export const MAX_SIGNATURES = 2048;

export interface Secrets {
  /**
   * A secret the action obtained (credentials, the OIDC token): registered with the runner's masking and removed
   * from every text that passes scrub.
   */
  mask: (value: string | undefined) => void;
  /** A secret the runner already masks (a token from the environment): scrub only. */
  remember: (value: string | undefined) => void;
  /**
   * A request's signature: scrub only, and only the last MAX_SIGNATURES of them (a signature is good for one
   * request for minutes; a step of many polls signs tens of thousands).
   */
  rememberSignature: (value: string) => void;
  /** The text with every secret, every run of SECRET_RUN characters of one, and every echo shape replaced. */
  scrub: (text: string) => string;
  /**
   * Whether the text holds a secret or a run of SECRET_RUN characters of one, as written, behind JSON's escapes or
   * between invisible characters (a file would keep it). Echo shapes are no secret: partner prose may say `signature=`.
   */
  holds: (text: string) => boolean;
}

/**
 * The step's secrets. `runnerMask` is core.setSecret in main.ts (a no-op in tests). Linear in the text: a
 * rolling hash finds every window of SECRET_RUN characters that belongs to a secret, so a hostile 1 MiB reply
 * costs one pass, never a pattern that can backtrack. Only the windows' hashes are kept (two independent
 * hashes in 53 bits: a chance match is about one in 10^15 per window and position), not the secrets.
 */
export function createSecrets(runnerMask: (value: string) => void = () => {}): Secrets {
  const windows = new Map<number, number>();
  const shortValues = new Set<string>();
  const seen = new Set<string>();
  const masked = new Set<string>();
  const signatures: string[][] = [];

  /** The forms of a value not yet known, each added; returns them (to forget a signature later). */
  const learn = (value: string): string[] => {
    const added: string[] = [];
    for (const form of encodedForms(value)) {
      if (seen.has(form) || form.length < MIN_SECRET_LENGTH) continue;
      seen.add(form);
      added.push(form);
      let kept = 0;
      forEachWindow(form, (key, at) => {
        if (repeatsItself(form, at)) return;
        windows.set(key, (windows.get(key) ?? 0) + 1);
        kept += 1;
      });
      // Too short for a window, or nothing but repetition (a password of one letter): found whole.
      if (kept === 0) shortValues.add(form);
    }
    return added;
  };
  const forget = (forms: string[]) => {
    for (const form of forms) {
      seen.delete(form);
      shortValues.delete(form);
      forEachWindow(form, (key, at) => {
        if (repeatsItself(form, at)) return;
        const count = (windows.get(key) ?? 1) - 1;
        if (count > 0) windows.set(key, count);
        else windows.delete(key);
      });
    }
  };

  return {
    mask: (value) => {
      // Once is enough: the runner keeps a mask for the rest of the job.
      if (!value || masked.has(value)) return;
      masked.add(value);
      if (value.length >= MIN_MASKED_LENGTH) runnerMask(value);
      learn(value);
    },
    remember: (value) => {
      if (value) learn(value);
    },
    rememberSignature: (value) => {
      const added = learn(value);
      if (added.length === 0) return;
      signatures.push(added);
      if (signatures.length > MAX_SIGNATURES) forget(signatures.shift() ?? []);
    },
    scrub: (text) => {
      // Too short to hold a secret or an echo shape: most strings of a large JSON reply.
      if (text.length < MIN_SECRET_LENGTH) return text;
      const echoFree = removeEchoShapes(text);
      if (seen.size === 0) return echoFree;
      return replaceRanges(echoFree, secretRanges(echoFree, windows, shortValues));
    },
    holds: (text) => {
      if (seen.size === 0) return false;
      const found = (t: string) => secretRanges(t, windows, shortValues).length > 0;
      // As a reader would see it too: invisible characters between a secret's letters hide nothing.
      const read = text.includes('\\') ? jsonUnescaped(text) : text;
      return found(text) || found(visibleText(read));
    },
  };
}

/**
 * Whether the window at `at` is one unit of at most 3 characters repeated (`////////////`, `%2F%2F%2F%2F`,
 * `\\/\\/\\/\\/\\/\\/`): it tells nothing about the secret (an STS token holds ten slashes in a row) and stands in
 * ordinary text, so it is no window of one. The secret's other windows still find it.
 */
function repeatsItself(form: string, at: number, length = SECRET_RUN): boolean {
  for (let period = 1; period <= 3; period++) {
    let i = at + period;
    while (i < at + length && form[i] === form[i - period]) i++;
    if (i === at + length) return true;
  }
  return false;
}

/** JSON's escapes read (\u00e9, \/, \n): one linear pass, no parse, so any text may be given. */
function jsonUnescaped(text: string): string {
  return text.replace(
    /\\(?:u([0-9a-fA-F]{4})|(["\\/bfnrt]))/g,
    (_, hex: string | undefined, c: string) =>
      hex ? String.fromCharCode(parseInt(hex, 16)) : (JSON_ESCAPES[c] ?? c),
  );
}
const JSON_ESCAPES: Record<string, string> = { b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

/**
 * Secrets the step holds from its environment before it obtains any: keys a previous step exported, the runner's
 * tokens, a proxy's password. The runner masks most of these already; the gate also removes their pieces.
 */
export function secretsInEnvironment(env: Record<string, string | undefined>): string[] {
  const found = [
    env.AWS_SECRET_ACCESS_KEY,
    env.AWS_SESSION_TOKEN,
    env.ACTIONS_ID_TOKEN_REQUEST_TOKEN,
    env.ACTIONS_RUNTIME_TOKEN,
  ];
  for (const name of ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy'])
    found.push(...proxyPasswords(env[name]));
  return found.filter((v): v is string => Boolean(v));
}

/**
 * A proxy variable's password, as sent and decoded. http-client takes `user:password@host:3128` without a scheme
 * (as http://); the WHATWG parser reads that as a scheme `user:` with no password, so both readings are tried.
 */
function proxyPasswords(value: string | undefined): string[] {
  if (!value) return [];
  const passwords: string[] = [];
  for (const candidate of [value, `http://${value}`]) {
    try {
      const { password } = new URL(candidate);
      if (password) passwords.push(password, decodeURIComponent(password));
    } catch {
      // Not a URL in this reading: http-client will not use it so either.
    }
  }
  return passwords;
}

/**
 * Remembers what is secret in a secret header's value: the signature of a SigV4 `Authorization` (as a
 * signature), the token of a `Bearer` one, else the whole value (`x-amz-security-token`). The rest
 * (`Credential=AKIA.../aws4_request, SignedHeaders=host;x-amz-date`) is ordinary text that error messages
 * legitimately quote.
 */
export function rememberHeaderSecret(secrets: Secrets, headerValue: string): void {
  const signature = /Signature=([0-9a-fA-F]+)/.exec(headerValue)?.[1];
  if (signature) return secrets.rememberSignature(signature);
  const bearer = /^Bearer\s+(\S+)/i.exec(headerValue)?.[1];
  secrets.remember(bearer ?? headerValue);
}

/**
 * The forms a secret takes where it could be shown: as sent, URL-encoded (a presigned query), JSON-escaped (with and
 * without `\/`, as a service or the results output writes it), and HTML-escaped (the job summary).
 */
function encodedForms(value: string): string[] {
  const json = JSON.stringify(value).slice(1, -1);
  return [value, encodeURIComponent(value), json, json.replaceAll('/', '\\/'), htmlEscaped(value)];
}

// Two Rabin-Karp hashes over UTF-16 code units, case-folded for A-Z (a percent-encoding may come back as %2f or
// %2F), combined into one exact 53-bit number: 31 bits of one, 22 of the other.
const BASE_A = 257;
const MOD_A = 2_147_483_629; // primes below 2^31: hash * base stays an exact double
const BASE_B = 263;
const MOD_B = 2_147_483_587;
const LOW_BITS = 2 ** 22;
const highPower = (base: number, mod: number) => {
  let power = 1;
  for (let i = 1; i < SECRET_RUN; i++) power = (power * base) % mod;
  return power;
};
const HIGH_A = highPower(BASE_A, MOD_A);
const HIGH_B = highPower(BASE_B, MOD_B);

function foldedCode(text: string, i: number): number {
  const c = text.charCodeAt(i);
  return c >= 65 && c <= 90 ? c + 32 : c;
}

/** Calls visit with each window's key and start, in one pass. */
function forEachWindow(text: string, visit: (key: number, start: number) => void): void {
  if (text.length < SECRET_RUN) return;
  let a = 0;
  let b = 0;
  for (let i = 0; i < text.length; i++) {
    if (i >= SECRET_RUN) {
      const out = foldedCode(text, i - SECRET_RUN);
      a = (a - ((out * HIGH_A) % MOD_A) + MOD_A) % MOD_A;
      b = (b - ((out * HIGH_B) % MOD_B) + MOD_B) % MOD_B;
    }
    const c = foldedCode(text, i);
    a = (a * BASE_A + c) % MOD_A;
    b = (b * BASE_B + c) % MOD_B;
    if (i >= SECRET_RUN - 1) visit(a * LOW_BITS + (b % LOW_BITS), i - SECRET_RUN + 1);
  }
}

type Range = [start: number, end: number];

/**
 * Where secrets stand in the text, touching and overlapping pieces merged as they are found (the windows come
 * in order): a reply that is one secret repeated makes one range, not a million.
 */
function secretRanges(
  text: string,
  windows: ReadonlyMap<number, number>,
  shortValues: ReadonlySet<string>,
): Range[] {
  const ranges: Range[] = [];
  let current: Range | undefined;
  forEachWindow(text, (key, start) => {
    if (!windows.has(key)) return;
    const end = start + SECRET_RUN;
    // A gap that only repeats itself (the windows no secret keeps, repeatsItself) lies inside the same secret.
    if (current && (start <= current[1] || repeatsItself(text, current[1], start - current[1])))
      current[1] = end;
    else ranges.push((current = [start, end]));
  });
  for (const value of shortValues) {
    for (let at = text.indexOf(value); at >= 0; at = text.indexOf(value, at + value.length))
      ranges.push([at, at + value.length]);
  }
  return ranges;
}

/** Overlapping and touching ranges merge, so a whole secret reads as one `***`. */
function replaceRanges(text: string, ranges: Range[]): string {
  if (ranges.length === 0) return text;
  ranges.sort((a, b) => a[0] - b[0]);
  let out = '';
  let from = 0;
  let [start, end] = ranges[0]!;
  for (const [s, e] of ranges.slice(1)) {
    if (s <= end) end = Math.max(end, e);
    else {
      out += text.slice(from, start) + REDACTED;
      from = end;
      [start, end] = [s, e];
    }
  }
  return out + text.slice(from, start) + REDACTED + text.slice(end);
}

/**
 * Where AWS quotes what it expected to be signed: everything from here on repeats signed header values. Words may
 * stand apart by any white space, line breaks included (a text is scrubbed before it is folded to one line).
 */
const ECHO_BLOCK =
  /the\s+canonical\s+string\s+for\s+this\s+request\s+should\s+have\s+been|the\s+string[-\s]to[-\s]sign\s+should\s+have\s+been|<canonicalrequest>|<stringtosign>/i;
/** Words every echo shape contains: a text with none of them is left alone at the cost of a few scans. */
const ECHO_MARKS = ['canonical', 'sign', 'security-token', 'credential='];
const ECHO_BLOCK_REMOVED = '(the service quoted the signed request here; removed)';

/**
 * The shapes a signed request is echoed in, whoever's secret is inside: a canonical-request or string-to-sign
 * block (cut from its first words to the end of the text, or to the next `<`, where an XML or HTML text ends),
 * `Signature=<hex>`, `x-amz-security-token: value` or `X-Amz-Security-Token=` in a query, and
 * `Credential=<key id>/<scope>`. Each pattern is literals and character classes that never overlap: linear.
 */
function removeEchoShapes(text: string): string {
  const lower = asciiLower(text);
  if (!ECHO_MARKS.some((mark) => lower.includes(mark))) return text;
  // Each block goes, from its first words to the next `<` or the end; a text may hold several (an HTML page).
  let kept = '';
  let rest = text;
  for (let found = ECHO_BLOCK.exec(rest); found; found = ECHO_BLOCK.exec(rest)) {
    const markup = rest.indexOf('<', found.index + 1);
    kept += `${rest.slice(0, found.index)}${ECHO_BLOCK_REMOVED}`;
    rest = markup < 0 ? '' : rest.slice(markup);
  }
  // A value ends at a backslash too: in JSON text (the results output) it escapes the closing quote.
  return (kept + rest)
    .replace(/(signature=)[0-9a-f]{8,}/gi, `$1${REDACTED}`)
    .replace(/(x-amz-security-token["']?\s{0,4}[:=]\s{0,4}["']?)[^\s"'&,;<\\]+/gi, `$1${REDACTED}`)
    .replace(/(credential=)[^\s"'&,;<\\]+/gi, `$1${REDACTED}`);
}
