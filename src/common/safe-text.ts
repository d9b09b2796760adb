// Makes text safe for a log line, an output or the summary: one line, nothing invisible, no workflow command, and
// cut where no piece of a token is left behind. (Secrets are the sinks': main.ts's writer scrubs every line whole.)

// Anything the runner could read as a line break: CR, LF, NEL and the Unicode line separators.
const LINE_BREAKS = /[\r\n\u0085\u2028\u2029]+/g;
// Other control characters would garble the log or hide text; none belongs in a message. The
// bidirectional overrides and isolates (U+202A-U+202E, U+2066-U+2069) and marks (U+061C, U+200E, U+200F)
// can make a line read differently from what it says ("Trojan Source"), so they go too.
const CONTROLS =
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u0084\u0086-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

// Default-ignorable code points (zero-width spaces and joiners, the soft hyphen, the word joiner, the BOM,
// variation selectors, tags): invisible, and the runner's culture-aware StartsWith and IndexOf may skip them, so
// "\u200b::add-mask::x" or "#\u2060#[add-mask]x" could still read as a command. None belongs in a log line.
const IGNORABLE = /\p{Default_Ignorable_Code_Point}/gu;
const PICTOGRAPH = /\p{Extended_Pictographic}/u;

/**
 * Every invisible character removed, but for the two an emoji needs (the presentation selector U+FE0F and the
 * joiner U+200D) right after a pictograph: "⚠️" stays as it reads, and a visible pictograph stands between any
 * two characters they could join, so no command can hide behind them.
 */
function removeInvisible(text: string): string {
  return text.replace(IGNORABLE, (ch: string, offset: number, whole: string) => {
    if ((ch !== '\ufe0f' && ch !== '\u200d') || offset === 0) return '';
    const low = whole.charCodeAt(offset - 1);
    const start = low >= 0xdc00 && low <= 0xdfff && offset >= 2 ? offset - 2 : offset - 1;
    const before = String.fromCodePoint(whole.codePointAt(start) ?? 0);
    return PICTOGRAPH.test(before) ? ch : '';
  });
}

/**
 * Neither of the runner's command syntaxes can act in this line (actions/runner ActionCommand): `::name::` where
 * the line starts, after its leading white space (TryParseV2), and `##[name]` anywhere (TryParse). Invisible
 * characters go first, so none can hide a command; `##[` reads `# #[`; a leading `::` reads `: :`. Both
 * replacements are visible characters on purpose: an invisible one could be skipped the same way.
 */
export function neutraliseCommands(line: string): string {
  return breakCommands(removeInvisible(line));
}

/**
 * A text of several lines as the runner reads them (CR, LF, CRLF, NEL and the Unicode separators each end one), every
 * line neutralised and cut at `max`, joined by LF (core escapes it in a command's data).
 */
export function safeLines(text: string, max = Infinity): string {
  return text
    .split(/\r\n|[\r\n\u0085\u2028\u2029]/)
    .map((line) => neutraliseCommands(cut(line, max)))
    .join('\n');
}

/** The two syntaxes broken in a line already free of invisible characters. */
function breakCommands(visible: string): string {
  const out = visible.replaceAll('##[', '# #[');
  const lead = /^\s*/.exec(out)?.[0].length ?? 0;
  return out.startsWith('::', lead) ? `${out.slice(0, lead)}: ${out.slice(lead + 1)}` : out;
}

/**
 * The text with every control and invisible character removed but its line breaks: what a reader sees, and so
 * what the sinks scrub of secrets (a secret quoted with zero-width spaces between its letters is still found).
 */
export function visibleText(text: string): string {
  return removeInvisible(text.replace(CONTROLS, ''));
}

/**
 * One line, no control or invisible characters, at most `max` characters (plus the few that neutralising a
 * command adds), and no workflow command in either syntax (neutraliseCommands).
 */
export function safeLine(text: string, max = 500): string {
  // Invisible characters go before the cut, so it counts what shows.
  const line = removeInvisible(text.replace(LINE_BREAKS, ' ').replace(CONTROLS, '')).trim();
  return breakCommands(cut(line, max));
}

/**
 * Characters a secret is written in: base64 and base64url, hex, a JWT's dots, percent-encoding and JSON's `\/`.
 * A secret is one run of them (a proxy password may hold others).
 */
const TOKEN_CHAR = /[A-Za-z0-9+/=_.%\\-]/;

/**
 * At most `max` characters, ending in `mark` when cut. A cut never ends inside a run of token characters: it
 * goes back to where the run began, so no piece of a token (a secret, or a signature not yet known) is left
 * behind for a reader to join with another; the sinks scrub whole tokens (main.ts).
 */
export function cut(text: string, max: number, mark = '…'): string {
  if (text.length <= max) return text;
  let end = Math.max(0, max - mark.length);
  if (TOKEN_CHAR.test(text[end] ?? '')) while (end > 0 && TOKEN_CHAR.test(text[end - 1]!)) end--;
  return `${text.slice(0, end)}${mark}`;
}

/**
 * Lower-cases A-Z only, so the text keeps its length and an index found in it holds in the original
 * (String#toLowerCase may not, e.g. for U+0130).
 */
export function asciiLower(text: string): string {
  return text.replace(/[A-Z]+/g, (run) => run.toLowerCase());
}

/**
 * A URL as the action shows it anywhere (a refusal, the dry-run line, the debug log, the summary): scheme, host and
 * port; a user name, password, path, query or fragment replaced, since any of them may hold a credential (a proxy's
 * or a gateway's key in the path) and the runner masks only values it was given.
 */
export function shownUrl(url: URL): string {
  const userinfo = url.username || url.password ? '***@' : '';
  const rest = `${url.pathname.length > 1 ? '/…' : '/'}${url.search ? '?…' : ''}${url.hash ? '#…' : ''}`;
  return `${url.protocol}//${userinfo}${url.host}${rest}`;
}

/** Text echoed back inside quotes in an error message, e.g. a rejected input value. */
export function quoted(text: string, max = 80): string {
  return JSON.stringify(safeLine(text, max));
}

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
  '|': '&#124;',
  '`': '&#96;',
};

/** Markup and table pipes as the job summary writes them (and the sinks look for a secret in). */
export function htmlEscaped(text: string): string {
  return text.replace(/[&<>"'|`]/g, (c) => HTML_ESCAPES[c] ?? c);
}

/** For the job summary, which GitHub renders as Markdown with HTML: one safe line, markup and table pipes escaped. */
export function escapeHtml(text: string): string {
  return htmlEscaped(safeLine(text, 2000));
}

/** A line of a code block in the job summary: escaped like escapeHtml, but its indentation kept. */
export function escapeCode(line: string): string {
  const indent = /^ */.exec(line)?.[0] ?? '';
  return indent + escapeHtml(line);
}
