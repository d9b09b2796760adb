// What a step that did not succeed reports, whichever layer found it: the error code and message (outputs), and the
// annotation's title and text, which is prose and snippets to copy (YAML, JSON). github/ turns it into the report.

export interface Failure {
  /** The error-code output: the service's error name, or this action's own (InvalidInput, ...). */
  code: string;
  /** The error-message output: the service's message, made safe. */
  message: string;
  title: string;
  /** The annotation's text and the summary's account: prose, and any snippet to copy. */
  text: FailureText;
  /** How the annotation shows it: an error unless said otherwise (a cancel after every job started warns). */
  level?: 'error' | 'warning';
}

/** Something to copy as it is (YAML, JSON): kept apart from the prose, so its indentation survives. */
export interface Snippet {
  code: string;
}

/**
 * What went wrong and what to do: prose, or prose and snippets in reading order. In prose a line break
 * starts a new paragraph; prose never becomes code, however it is indented: only a Snippet does.
 */
export type FailureText = string | readonly (string | Snippet)[];

/** A snippet in plain text: on lines of its own, each indented by four spaces, as Markdown shows code. */
function indented(snippet: Snippet): string {
  return `\n${snippet.code
    .split('\n')
    .map((line) => `    ${line}`)
    .join('\n')}\n`;
}

/** The text as an annotation shows it: the prose as written, each snippet indented in its place. */
export function plainText(text: FailureText): string {
  if (typeof text === 'string') return text;
  return text.map((part) => (typeof part === 'string' ? part : indented(part))).join('');
}

/** A duration as the report words it: `1.5 s`. */
export function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}
