/** Log files stay bounded: one previous file kept, both 0600 (issue 17, finding 7). Real files in a temp folder. */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { logFileWriter, rotateLog } from "../../native-host/src/config/log-file";

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});
function tempLog(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bl-log-"));
  dirs.push(dir);
  return path.join(dir, "logs", "host.log");
}
const mode = (f: string) => fs.statSync(f).mode & 0o777;

describe("log files", () => {
  it("rotate while written: the file stays under the bound plus one line, one previous file kept", () => {
    const file = tempLog();
    const write = logFileWriter(file, 1000);
    const line = `${"x".repeat(99)}\n`;
    for (let i = 0; i < 60; i++) write(line);
    expect(fs.readdirSync(path.dirname(file)).sort()).toEqual(["host.log", "host.log.1"]);
    expect(fs.statSync(file).size).toBeLessThanOrEqual(1000 + line.length);
    expect(fs.statSync(`${file}.1`).size).toBeGreaterThan(1000);
    expect(fs.statSync(`${file}.1`).size).toBeLessThanOrEqual(1000 + line.length);
    // 60 lines of 100 bytes, a 1000-byte bound: rotations after lines 11, 22, 33, 44 and 55.
    expect(fs.statSync(`${file}.1`).size).toBe(11 * 100);
    expect(fs.statSync(file).size).toBe(5 * 100);
    if (process.platform !== "win32") {
      expect(mode(file)).toBe(0o600);
      expect(mode(`${file}.1`)).toBe(0o600);
      expect(mode(path.dirname(file))).toBe(0o700);
    }
  });

  it("rotate a file already over the bound when a writer starts", () => {
    const file = tempLog();
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, "y".repeat(2000), { mode: 0o600 });
    const write = logFileWriter(file, 1000);
    write("first\n");
    expect(fs.readFileSync(file, "utf8")).toBe("first\n");
    expect(fs.statSync(`${file}.1`).size).toBe(2000);
  });

  it("leave a file within the bound, and a missing one, alone", () => {
    const file = tempLog();
    expect(rotateLog(file, 10)).toBe(0);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, "small");
    expect(rotateLog(file, 10)).toBe(5);
    expect(fs.existsSync(`${file}.1`)).toBe(false);
  });
});
