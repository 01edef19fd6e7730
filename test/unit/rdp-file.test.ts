/** The .rdp file and the launcher table. Pure. */
import { describe, expect, it } from "vitest";
import { launchersFor } from "../../native-host/src/rdp/launchers";
import { rdpFileBytes, rdpFileLines } from "../../native-host/src/rdp/rdp-file";

describe(".rdp file", () => {
  it("points at the tunnel's loopback port and always prompts for the password", () => {
    const lines = rdpFileLines({ host: "127.0.0.1", port: 13390 });
    expect(lines[0]).toBe("full address:s:127.0.0.1:13390");
    expect(lines).toContain("prompt for credentials:i:1");
    expect(lines.some((l) => l.startsWith("username:"))).toBe(false);
    expect(lines.every((l) => /^[a-z ]+:[si]:[^\r\n]*$/.test(l))).toBe(true);
    expect(lines.join("\n")).not.toMatch(/password/i);
  });

  it("shares the clipboard only when asked (issue 17)", () => {
    expect(rdpFileLines({ host: "127.0.0.1", port: 13389 })).toContain("redirectclipboard:i:0");
    expect(rdpFileLines({ host: "127.0.0.1", port: 13389, clipboard: false })).toContain(
      "redirectclipboard:i:0",
    );
    expect(rdpFileLines({ host: "127.0.0.1", port: 13389, clipboard: true })).toContain(
      "redirectclipboard:i:1",
    );
    expect(
      rdpFileLines({ host: "127.0.0.1", port: 13389 }).filter((l) => l.includes("clipboard")),
    ).toHaveLength(1);
  });

  it("pre-fills a valid user name", () => {
    expect(rdpFileLines({ host: "127.0.0.1", port: 13389, username: "CORP\\jane" })).toContain(
      "username:s:CORP\\jane",
    );
    expect(rdpFileLines({ host: "127.0.0.1", port: 13389, username: "jane@corp.example" })).toContain(
      "username:s:jane@corp.example",
    );
  });

  it.each([
    [{ username: "jane\r\nfull address:s:evil.example:3389" }],
    [{ username: "jane\u0000" }],
    [{ username: " jane" }],
    [{ username: "" }],
    [{ port: 0 }],
    [{ port: 65536 }],
    [{ port: 13389.5 }],
    [{ host: "0.0.0.0" }],
  ])("refuses %j", (bad) => {
    expect(() => rdpFileLines({ host: "127.0.0.1", port: 13389, ...(bad as object) } as never)).toThrow(
      expect.objectContaining({ code: "RDP_INPUT_INVALID" }),
    );
  });

  it("is UTF-16LE with a BOM for mstsc and UTF-8 elsewhere, with CRLF lines", () => {
    const win = rdpFileBytes({ host: "127.0.0.1", port: 13389, username: "jäne" }, "win32");
    expect([...win.subarray(0, 2)]).toEqual([0xff, 0xfe]);
    expect(win.subarray(2).toString("utf16le")).toContain("username:s:jäne\r\n");
    const linux = rdpFileBytes({ host: "127.0.0.1", port: 13389 }, "linux").toString("utf8");
    expect(linux.startsWith("full address:s:127.0.0.1:13389\r\n")).toBe(true);
  });
});

describe("launcher table", () => {
  it("opens mstsc on Windows, the registered app on macOS, and a present client on Linux", () => {
    expect(launchersFor("win32").map((l) => [l.program, l.args("C:\\t\\i.rdp")])).toEqual([
      ["mstsc", ["C:\\t\\i.rdp"]],
    ]);
    expect(launchersFor("darwin").map((l) => [l.program, l.args("/t/i.rdp")])).toEqual([
      ["open", ["/t/i.rdp"]],
    ]);
    expect(launchersFor("linux").map((l) => l.program)).toEqual([
      "remmina",
      "xfreerdp",
      "xfreerdp3",
      "xdg-open",
    ]);
    expect(launchersFor("freebsd")).toBe(launchersFor("linux"));
  });

  it("passes the file as one argument, whatever its name", () => {
    const odd = "/tmp/x y;$(rm -rf ~)/i.rdp";
    for (const l of launchersFor("linux")) expect(l.args(odd)).toContain(odd);
  });
});
