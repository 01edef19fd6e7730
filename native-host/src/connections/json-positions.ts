/**
 * A JSON reader (RFC 8259) that keeps where each value starts, so a connections file with a
 * mistake is reported as `file:line:column` (docs/connections.md) and the entries around it still
 * load. Pure: text in, a tree of positioned values out. JSON.parse gives neither positions nor a
 * way to keep the good entries of a file with one bad value; this reader stops at the first
 * syntax error too (a broken file is one problem), but a well-formed file is judged entry by entry.
 */

export interface Position {
  line: number;
  column: number;
}

export type JsonNode =
  | ({ type: "object"; entries: { key: string; keyAt: Position; value: JsonNode }[] } & Position)
  | ({ type: "array"; items: JsonNode[] } & Position)
  | ({ type: "string"; value: string } & Position)
  | ({ type: "number"; value: number } & Position)
  | ({ type: "boolean"; value: boolean } & Position)
  | ({ type: "null" } & Position);

export class JsonSyntaxError extends Error {
  constructor(
    readonly at: Position,
    what: string,
  ) {
    super(what);
  }
}

/** Nesting deeper than this is refused: a connections file needs four levels. */
const MAX_DEPTH = 32;
const ESCAPES: Record<string, string> = {
  '"': '"',
  "\\": "\\",
  "/": "/",
  b: "\b",
  f: "\f",
  n: "\n",
  r: "\r",
  t: "\t",
};

export function parseJsonWithPositions(text: string): JsonNode {
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  let lineStart = i;
  const here = (): Position => ({ line, column: i - lineStart + 1 });
  const fail = (what: string): never => {
    throw new JsonSyntaxError(here(), what);
  };
  const skipSpace = () => {
    for (; i < text.length; i++) {
      const c = text[i];
      if (c === "\n") {
        line++;
        lineStart = i + 1;
      } else if (c !== " " && c !== "\t" && c !== "\r") break;
    }
  };
  const expect = (c: string) => {
    if (text[i] !== c) fail(i >= text.length ? `the file ends where "${c}" is expected` : `"${c}" expected`);
    i++;
  };
  const readString = (): string => {
    expect('"');
    let out = "";
    for (;;) {
      if (i >= text.length) fail("a string is not closed");
      const c = text[i]!;
      if (c === '"') break;
      if (c.charCodeAt(0) < 0x20) fail("a line break or control character inside a string");
      if (c === "\\") {
        const e = text[i + 1] ?? "";
        if (e === "u") {
          const hex = text.slice(i + 2, i + 6);
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) fail("a \\u escape needs four hex digits");
          out += String.fromCharCode(Number.parseInt(hex, 16));
          i += 6;
        } else if (e in ESCAPES) {
          out += ESCAPES[e];
          i += 2;
        } else fail(`the escape \\${e} does not exist in JSON`);
      } else {
        out += c;
        i++;
      }
    }
    i++;
    return out;
  };
  const value = (depth: number): JsonNode => {
    if (depth > MAX_DEPTH) fail("nested too deeply");
    skipSpace();
    const at = here();
    const c = text[i];
    if (c === "{") {
      i++;
      const entries: { key: string; keyAt: Position; value: JsonNode }[] = [];
      skipSpace();
      if (text[i] === "}") {
        i++;
        return { type: "object", entries, ...at };
      }
      for (;;) {
        skipSpace();
        const keyAt = here();
        if (text[i] !== '"') fail("a key in double quotes expected");
        const key = readString();
        if (entries.some((e) => e.key === key))
          throw new JsonSyntaxError(keyAt, `the key "${key}" appears twice`);
        skipSpace();
        expect(":");
        entries.push({ key, keyAt, value: value(depth + 1) });
        skipSpace();
        if (text[i] === ",") {
          i++;
          continue;
        }
        expect("}");
        return { type: "object", entries, ...at };
      }
    }
    if (c === "[") {
      i++;
      const items: JsonNode[] = [];
      skipSpace();
      if (text[i] === "]") {
        i++;
        return { type: "array", items, ...at };
      }
      for (;;) {
        items.push(value(depth + 1));
        skipSpace();
        if (text[i] === ",") {
          i++;
          continue;
        }
        expect("]");
        return { type: "array", items, ...at };
      }
    }
    if (c === '"') return { type: "string", value: readString(), ...at };
    const word = /^(?:true|false|null)/.exec(text.slice(i, i + 5))?.[0];
    if (word) {
      i += word.length;
      return word === "null" ? { type: "null", ...at } : { type: "boolean", value: word === "true", ...at };
    }
    const num = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(text.slice(i, i + 64))?.[0];
    if (num) {
      i += num.length;
      return { type: "number", value: Number(num), ...at };
    }
    return fail(
      i >= text.length
        ? "the file ends where a value is expected"
        : "a value expected (a string, number, object, list, true, false or null)",
    );
  };
  const root = value(0);
  skipSpace();
  if (i < text.length) fail("text after the end of the JSON value");
  return root;
}
