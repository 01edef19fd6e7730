import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { LOG_ROTATE_BYTES } from "../../native-host/src/config/log-file";
import { allowCaller, HostProcess, TEST_ORIGIN } from "../support/host-process";

const hosts: HostProcess[] = [];
function start(env: NodeJS.ProcessEnv = {}, origin = TEST_ORIGIN) {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), "bl-host-"));
  const h = new HostProcess([origin], allowCaller({ PATH: process.env.PATH, HOME: home, ...env }));
  hosts.push(h);
  return h;
}
afterEach(async () => {
  for (const h of hosts.splice(0)) await h.close();
});

describe("native host over real stdin/stdout", () => {
  it("answers hello with versions and capabilities", async () => {
    const h = start();
    const reply = await h.request(1, "hello");
    expect(reply).toMatchObject({ id: 1, ok: true, result: { name: "bastionless", protocol: 1 } });
    expect(reply.result.capabilities).toContain("credentials.assume");
  });

  it("refuses an origin it was not installed for, then exits", async () => {
    const h = start({}, "chrome-extension://pppppppppppppppppppppppppppppppp/");
    const frame = await h.next();
    expect(frame).toMatchObject({ id: null, ok: false, error: { code: "ORIGIN_NOT_ALLOWED" } });
    expect(await h.close()).toBe(1);
  });

  it("rotates host.log when it is over its bound (issue 17)", async () => {
    const logs = fs.mkdtempSync(path.join(os.tmpdir(), "bl-host-logs-"));
    const file = path.join(logs, "host.log");
    fs.writeFileSync(file, "old\n".repeat(LOG_ROTATE_BYTES / 4 + 1), { mode: 0o600 });
    const h = start({ BASTIONLESS_LOG_DIR: logs }, "chrome-extension://pppppppppppppppppppppppppppppppp/");
    expect(await h.next()).toMatchObject({ error: { code: "ORIGIN_NOT_ALLOWED" } });
    expect(await h.close()).toBe(1);
    expect(fs.statSync(`${file}.1`).size).toBe(LOG_ROTATE_BYTES + 4);
    expect(fs.readFileSync(file, "utf8")).toMatch(/^\{[^\n]*"caller refused"[^\n]*\}\n$/);
    fs.rmSync(logs, { recursive: true, force: true });
  });

  it("lets no environment variable add a caller (issue 17)", async () => {
    const other = "chrome-extension://pppppppppppppppppppppppppppppppp/";
    const h = start({ BASTIONLESS_ALLOWED_ORIGINS: other }, other);
    h.send({ id: 1, type: "hello" });
    expect(await h.next()).toMatchObject({ id: null, ok: false, error: { code: "ORIGIN_NOT_ALLOWED" } });
    expect(await h.close()).toBe(1);
  });

  it("answers bad frames with coded errors and keeps serving", async () => {
    const h = start();
    h.sendRaw(Buffer.from([2, 0, 0, 0, 0x7b, 0x7b]));
    expect(await h.next()).toMatchObject({ id: null, ok: false, error: { code: "FRAME_NOT_JSON" } });
    const huge = Buffer.alloc(8);
    huge.writeUInt32LE(5 * 1024 * 1024, 0);
    h.sendRaw(huge.subarray(0, 4));
    h.sendRaw(Buffer.alloc(5 * 1024 * 1024, 0x20));
    expect(await h.next()).toMatchObject({ id: null, ok: false, error: { code: "FRAME_TOO_LARGE" } });
    expect(await h.request("x", "no.such.type")).toMatchObject({
      id: "x",
      ok: false,
      error: { code: "UNKNOWN_TYPE" },
    });
    expect(await h.request(2, "hello", { extra: 1 })).toMatchObject({
      id: 2,
      ok: false,
      error: { code: "BAD_REQUEST" },
    });
    expect(await h.request(3, "hello")).toMatchObject({ id: 3, ok: true });
  });

  it("writes nothing but frames to stdout", async () => {
    const h = start();
    await h.request(1, "hello");
    h.sendRaw(Buffer.from("not a frame at all, just text\n"));
    expect(await h.close()).toBe(0);
  });
});

describe("the host's own log file", () => {
  it("ends 0600 whatever mode it had", async () => {
    const logs = fs.mkdtempSync(path.join(os.tmpdir(), "bl-logs-"));
    const file = path.join(logs, "host.log");
    fs.writeFileSync(file, "earlier line\n", { mode: 0o644 });
    fs.chmodSync(file, 0o644);
    const h = start({ BASTIONLESS_LOG_DIR: logs }, "chrome-extension://pppppppppppppppppppppppppppppppp/");
    expect(await h.close()).toBe(1);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.readFileSync(file, "utf8")).toMatch(/^earlier line\n.*caller refused/s);
  });

  it.runIf(process.getuid?.() === 0)("is not written when another user owns it", async () => {
    const logs = fs.mkdtempSync(path.join(os.tmpdir(), "bl-logs-"));
    const file = path.join(logs, "host.log");
    fs.writeFileSync(file, "planted\n", { mode: 0o666 });
    fs.chownSync(file, 65534, 65534);
    const h = start({ BASTIONLESS_LOG_DIR: logs }, "chrome-extension://pppppppppppppppppppppppppppppppp/");
    expect(await h.close()).toBe(1);
    expect(fs.readFileSync(file, "utf8")).toBe("planted\n");
    expect(h.stderr).toMatch(/host log not used.*uid 65534/);
    expect(h.stderr).toContain("caller refused");
  });
});
