/** The popup's search and export lines (issue 11): pure rules, apart from the DOM. */
import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { exportLine } from "../../extension/src/popup/export-line";
import { findWords, matchesAll, moveIndex, shownText } from "../../extension/src/popup/find-match";

describe("search in the popup", () => {
  it("matches rows holding every word, in any order and case", () => {
    const row = "contoso-prod-Admin Admin contoso-prod (123456789012) eu-west-1";
    expect(matchesAll(findWords(""), row)).toBe(true);
    expect(matchesAll(findWords("  PROD  admin "), row)).toBe(true);
    expect(matchesAll(findWords("1234 west"), row)).toBe(true);
    expect(matchesAll(findWords("prod readonly"), row)).toBe(false);
    expect(matchesAll(findWords("i-0abc"), row)).toBe(false);
  });

  it("moves between visible rows and back to the search box", () => {
    expect(moveIndex(-1, 3, "ArrowDown")).toBe(0);
    expect(moveIndex(0, 3, "ArrowDown")).toBe(1);
    expect(moveIndex(2, 3, "ArrowDown")).toBe(2);
    expect(moveIndex(1, 3, "ArrowUp")).toBe(0);
    expect(moveIndex(0, 3, "ArrowUp")).toBe(-1);
    expect(moveIndex(1, 3, "Home")).toBe(0);
    expect(moveIndex(0, 3, "End")).toBe(2);
    expect(moveIndex(-1, 0, "ArrowDown")).toBe(-1);
  });

  it("says how many rows the filter shows", () => {
    expect(shownText(40, 40)).toBe("");
    expect(shownText(3, 40)).toBe("3 of 40");
    expect(shownText(0, 40)).toBe("No match");
  });
});

describe("export lines", () => {
  it("names the profile for sh and PowerShell", () => {
    expect(exportLine("contoso-prod-Admin", "sh")).toBe("export AWS_PROFILE='contoso-prod-Admin'");
    expect(exportLine("contoso-prod-Admin", "powershell")).toBe("$env:AWS_PROFILE = 'contoso-prod-Admin'");
  });

  it("quotes names no shell may read as code", () => {
    expect(exportLine("it's $(id)", "sh")).toBe(`export AWS_PROFILE='it'\\''s $(id)'`);
    expect(exportLine("it's $(id)", "powershell")).toBe("$env:AWS_PROFILE = 'it''s $(id)'");
    expect(exportLine("a\u2019b", "powershell")).toBe("$env:AWS_PROFILE = 'a\u2019\u2019b'");
  });

  it("is read back by a real sh as exactly the name", () => {
    for (const name of ["plain", "it's", "$(touch /tmp/x)`id`", "a'b'c", "spaces  and\ttabs", "\\n"]) {
      const out = execFileSync("sh", ["-c", `${exportLine(name, "sh")}; printf %s "$AWS_PROFILE"`], {
        env: { PATH: process.env.PATH },
      }).toString();
      expect(out).toBe(name);
    }
  });
});
