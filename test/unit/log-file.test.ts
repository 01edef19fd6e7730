/** Log files stay bounded: one previous file kept, both 0600 (issue 17, finding 7). Real files in a temp folder. */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { logFileProblem, logFileWriter, rotateLog } from "../../native-host/src/config/log-file";
import { openServiceLog } from "../../native-host/src/tunnel/service/client/spawn-service";

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

/** One rule for every log file bastionless writes (issue 10: the host had it, the tunnel service's log did not). */
describe("a log file's owner and mode", () => {
  it("is tightened to 0600 when it is ours", () => {
    const file = tempLog();
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, "earlier\n", { mode: 0o644 });
    fs.chmodSync(file, 0o644);
    expect(logFileProblem(file)).toBeNull();
    if (process.platform !== "win32") expect(mode(file)).toBe(0o600);
    expect(logFileProblem(`${file}.missing`)).toBeNull();
  });

  it("is refused when another user owns it, for host.log and for tunnel-service.log alike", () => {
    const file = tempLog();
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, "planted\n", { mode: 0o666 });
    const owner = fs.statSync(file).uid;
    expect(logFileProblem(file, owner + 1)).toBe(`${file} is owned by another user (uid ${owner})`);
    expect(fs.readFileSync(file, "utf8")).toBe("planted\n");
  });

  it.runIf(process.getuid?.() === 0)(
    "the tunnel service's output goes nowhere rather than into another user's log",
    () => {
      const file = tempLog();
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, "planted\n", { mode: 0o666 });
      fs.chownSync(file, 65534, 65534);
      expect(openServiceLog(file)).toBe("ignore");
      expect(fs.readFileSync(file, "utf8")).toBe("planted\n");
      fs.chownSync(file, 0, 0);
      const fd = openServiceLog(file);
      expect(typeof fd).toBe("number");
      fs.closeSync(fd as number);
      expect(mode(file)).toBe(0o600);
    },
  );
});
