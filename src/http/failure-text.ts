// A failure's text: prose, and snippets to copy (YAML, JSON) where they go; and how it reads as plain text.

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
