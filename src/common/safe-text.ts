// Makes text from outside (service replies, inputs echoed back) safe for a log line, an output or the summary.

// Anything the runner could read as a line break: CR, LF, NEL and the Unicode line separators.
const LINE_BREAKS = /[\r\n\u0085\u2028\u2029]+/g;
// Other control characters would garble the log or hide text; none belongs in a message. The
// bidirectional overrides and isolates (U+202A-U+202E, U+2066-U+2069) and marks (U+061C, U+200E, U+200F)
// can make a line read differently from what it says ("Trojan Source"), so they go too.
const CONTROLS =
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u0084\u0086-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/**
 * One line, no control characters, at most `max` characters, and never starting with `::`
 * (the runner treats a line that starts with `::` as a workflow command, e.g. `::add-mask::`).
 */
export function safeLine(text: string, max = 500): string {
  let line = text.replace(LINE_BREAKS, ' ').replace(CONTROLS, '').trim();
  if (line.length > max) line = `${line.slice(0, max - 1)}…`;
  // A leading colon pair is broken with a zero-width space, so the text still reads the same.
  if (line.startsWith(':')) line = `\u200b${line}`;
  return line;
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

/** For the job summary, which GitHub renders as Markdown with HTML: escapes markup and table pipes. */
export function escapeHtml(text: string): string {
  return safeLine(text, 2000).replace(/[&<>"'|`]/g, (c) => HTML_ESCAPES[c] ?? c);
}

/** A line of a code block in the job summary: escaped like escapeHtml, but its indentation kept. */
export function escapeCode(line: string): string {
  const indent = /^ */.exec(line)?.[0] ?? '';
  return indent + escapeHtml(line);
}
