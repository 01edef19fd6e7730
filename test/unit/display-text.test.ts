/** Untrusted text on its way to a terminal or a notification (issue 17, finding 7). Pure. */
import { Writable } from "node:stream";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { displayLines, displayText, escapeForTerminal, jsonText } from "../../contract/display-text";
import { createNotifier } from "../../extension/src/background/notify";
import { terminalGuard } from "../../native-host/src/cli/terminal-guard";

/** Anything a terminal could obey or a reader could be fooled by: controls, format characters, separators. */
const UNSAFE = /[\p{Cc}\p{Cf}\p{Cs}\p{Zl}\p{Zp}]/u;

describe("displayText (one line)", () => {
  it.each([
    ["8-bit CSI", "\x9b31mred", "31mred"],
    ["OSC window title", "\x1b]0;title\x07box", "]0;titlebox"],
    ["7-bit CSI", "\x1b[2J\x1b[31mweb", "[2J[31mweb"],
    ["right-to-left override", "invoice\u202Efdp.exe", "invoicefdp.exe"],
    ["bidi isolates and marks", "\u2066a\u2069\u200Eb\u200F\u061Cc\u202Ad\u202Ce", "abcde"],
    ["zero-width look-alike", "pro\u200Bd\uFEFF\u2060", "prod"],
    ["tag characters (astral Cf)", "web\u{E0041}\u{E0042}", "web"],
    ["lone surrogate", "a\uD800b", "ab"],
    ["DEL and NUL", "a\x7fb\x00c", "abc"],
    ["line breaks become spaces", "web-1\nFAKE ROW\r\tx\u2028y\u0085z", "web-1 FAKE ROW  x y z"],
  ])("%s", (_what, raw, shown) => {
    expect(displayText(raw)).toBe(shown);
  });

  it("keeps ordinary names of every script untouched", () => {
    for (const s of ["web-01", "Büro-PC (Köln)", "サーバー", "сервер", "خادم", "prod/web #2", "🙂"])
      expect(displayText(s)).toBe(s);
  });

  it("never lets an unsafe character through, whatever the input", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), (s) => {
        expect(displayText(s)).not.toMatch(UNSAFE);
        expect(displayLines(s).replace(/[\n\t]/g, "")).not.toMatch(UNSAFE);
      }),
      { seed: 17, numRuns: 3000 },
    );
  });
});

describe("displayLines (a message with its hint)", () => {
  it("keeps newlines and tabs, normalises CR and Unicode separators, strips the rest", () => {
    expect(displayLines("denied\x1b[8m\r\nhint:\tretry\u2028\x9b0m\u202Edone")).toBe(
      "denied[8m\nhint:\tretry\n0mdone",
    );
  });
});

describe("jsonText (--json on a terminal)", () => {
  it("escapes what JSON.stringify leaves raw and keeps the value", () => {
    const value = { name: "a\x9b31m\u202Eb\x7f\u2028\u{E0041}", list: ["\x1b]0;t\x07"] };
    const text = jsonText(value, 2);
    expect(text.replace(/\n/g, "")).not.toMatch(UNSAFE);
    expect(text).toContain("\\u009b31m\\u202eb\\u007f\\u2028\\udb40\\udc41");
    expect(JSON.parse(text)).toEqual(value);
    expect(escapeForTerminal('{"a":1}')).toBe('{"a":1}');
  });

  it("round-trips any value", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        const text = jsonText(v);
        expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(v)));
        expect(text.slice(0, -1)).not.toMatch(UNSAFE);
      }),
      { seed: 17, numRuns: 1000 },
    );
  });
});

describe("the CLI's terminal guard", () => {
  it("strips what a command wrote raw, keeping line breaks", () => {
    let out = "";
    const sink = new Writable({
      write(chunk, _e, done) {
        out += chunk.toString();
        done();
      },
    });
    const guarded = terminalGuard(sink);
    guarded.write("bastionless: AWS said \x9b2J\u202Eno\n");
    guarded.write(Buffer.from("hint \x1b]0;x\x07\n"));
    expect(out).toBe("bastionless: AWS said 2Jno\nhint ]0;x\n");
  });
});

describe("notifications", () => {
  it("show titles and messages stripped of control and bidi characters", async () => {
    const shown: Array<{ title: string; message: string }> = [];
    const notifier = createNotifier(
      {
        create: async (_id, o) => shown.push({ title: o.title, message: o.message }),
        clear: async () => undefined,
      },
      async () => ({ notifications: true }) as never,
    );
    await notifier.show("sign-in", "Signed in to \u202Ekcab\x1b[5m", "Role \x9b31mAdmin\nin evil\u2066");
    expect(shown).toEqual([{ title: "Signed in to kcab[5m", message: "Role 31mAdmin\nin evil" }]);
  });
});
