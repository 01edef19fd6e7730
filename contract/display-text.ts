/**
 * Untrusted text made safe to show (issue 17, finding 7). EC2 Name tags, ComputerName, account
 * aliases, role names and AWS error messages are written by others; shown raw, a terminal obeys
 * the escape sequences inside them (ESC, and the 8-bit CSI U+009B that many terminals honour) and
 * a bidi override (U+202E) makes "exe.txt" read as "txt.exe". Applied where text is rendered (the
 * CLI's output, the extension's notifications), never to the data itself, which keeps its bytes
 * for AWS calls and for `--json`. Pure and free of Node APIs: the extension imports it.
 *
 * What goes: every control character (Cc: C0, DEL, C1), every format character (Cf: the bidi
 * embeddings, overrides, isolates and marks U+202A–202E, U+2066–2069, U+200E/F, U+061C; the
 * zero-width characters and U+FEFF that make two different names look alike; the tag
 * characters), lone surrogates (Cs), and the line and paragraph separators (Zl, Zp).
 */

/** Characters that break a line, turned into one space so words around them do not merge. */
const LINE_BREAKS = /\r\n|[\t\n\v\f\r\u0085\u2028\u2029]/g;
/** Everything else a terminal or a notification could interpret or hide. */
const UNSAFE = /[\p{Cc}\p{Cf}\p{Cs}\p{Zl}\p{Zp}]/gu;
/** The same, except the newline and tab that multi-line output keeps. */
const UNSAFE_IN_LINES = /(?![\n\t])[\p{Cc}\p{Cf}\p{Cs}\p{Zl}\p{Zp}]/gu;

/** One line of display text: a table cell, a name in a sentence, a notification title. */
export function displayText(s: string): string {
  return s.replace(LINE_BREAKS, " ").replace(UNSAFE, "");
}

/** Multi-line display text (an error with its hint, a notification body): keeps `\n` and tab. */
export function displayLines(s: string): string {
  return s.replace(/\r\n?|[\u0085\u2028\u2029]/g, "\n").replace(UNSAFE_IN_LINES, "");
}

const escapeUnit = (c: string, i: number) => `\\u${c.charCodeAt(i).toString(16).padStart(4, "0")}`;

/**
 * JSON.stringify output with each such character inside its strings written as a \uXXXX escape:
 * the same JSON value for a program reading it, nothing live for a terminal showing it.
 * JSON.stringify escapes C0 and lone surrogates itself but leaves DEL, C1, bidi, U+2028/9 raw;
 * the newlines and spaces of indented JSON sit between tokens and stay.
 */
export function escapeForTerminal(json: string): string {
  return json.replace(UNSAFE_IN_LINES, (c) =>
    c.length === 2 ? escapeUnit(c, 0) + escapeUnit(c, 1) : escapeUnit(c, 0),
  );
}

/** `--json` output for a terminal: JSON.stringify, then escapeForTerminal. */
export function jsonText(value: unknown, indent?: number): string {
  return `${escapeForTerminal(JSON.stringify(value, null, indent))}\n`;
}
