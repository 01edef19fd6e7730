/**
 * tunnel.start with `keyFile` over native messaging (the popup's per-connection key file): the
 * built host decrypts the EC2 password and hands it to the RDP client on stdin. A stand-in
 * `xfreerdp` records its argv and what it read on stdin. The password reaches the client's stdin
 * only: not its argv, not the .rdp file, not the reply, not host.log. A missing key file fails
 * the request before any session; a relative path is refused by the contract.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { freePort } from "../support/free-port";
import { allowCaller, HostProcess, TEST_ORIGIN } from "../support/host-process";
import { RDP_INSTANCE, startTunnelWorld, type TunnelWorld } from "../support/tunnel-world";
import { until } from "../support/until";
import { EC2_PASSWORD, makeKeyPair } from "../support/windows-password";

const worlds: TunnelWorld[] = [];
const hosts: HostProcess[] = [];
const dirs: string[] = [];
afterEach(async () => {
  for (const h of hosts.splice(0)) await h.close();
  for (const w of worlds.splice(0)) await w.close();
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

async function setup() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bl-pw-native-"));
  dirs.push(dir);
  const pair = makeKeyPair();
  const w = await startTunnelWorld({
    instances: [
      {
        instanceId: RDP_INSTANCE,
        name: "win-box",
        windowsPassword: { password: EC2_PASSWORD, publicKeyPem: pair.publicKeyPem },
      },
    ],
  });
  worlds.push(w);
  const bin = path.join(dir, "bin");
  fs.mkdirSync(bin);
  // Shell builtins only (PATH is this folder alone): argv one per line, then stdin as read.
  fs.writeFileSync(
    path.join(bin, "xfreerdp"),
    `#!/bin/sh\nfor a in "$@"; do printf '%s\\n' "$a"; done > '${dir}/argv'\nwhile IFS= read -r l; do printf '%s\\n' "$l"; done > '${dir}/stdin'\nprintf done > '${dir}/finished'\n`,
    { mode: 0o755 },
  );
  const host = new HostProcess([TEST_ORIGIN], allowCaller({ ...w.env, PATH: bin }));
  hosts.push(host);
  return { w, host, dir, keyFile: pair.writePem(dir) };
}

describe("tunnel.start with a key file", () => {
  it("hands the decrypted password to FreeRDP on stdin and nowhere else", async () => {
    const { w, host, dir, keyFile } = await setup();
    const reply = await host.request(1, "tunnel.start", {
      profile: "rdp-test",
      target: "win-box",
      localPort: await freePort(),
      keyFile,
    });
    expect(reply, host.stderr).toMatchObject({ ok: true, result: { target: RDP_INSTANCE, lastError: null } });
    await until("the client read its stdin", () => fs.existsSync(path.join(dir, "finished")));
    expect(fs.readFileSync(path.join(dir, "stdin"), "utf8")).toBe(`${EC2_PASSWORD}\n`);
    const argv = fs.readFileSync(path.join(dir, "argv"), "utf8").trimEnd().split("\n");
    expect(argv.slice(1)).toEqual(["/cert:ignore", "/from-stdin:force"]);
    const rdpFile = fs.readFileSync(argv[0]!, "utf8");
    expect(rdpFile).toContain("username:s:Administrator\r\n");
    expect(rdpFile).not.toContain(EC2_PASSWORD);
    expect(JSON.stringify(reply)).not.toContain(EC2_PASSWORD);
    const log = fs.readFileSync(path.join(w.env.BASTIONLESS_LOG_DIR!, "host.log"), "utf8");
    expect(log).toContain("rdp client started");
    expect(log + host.stderr).not.toContain(EC2_PASSWORD);
  });

  it("does the same for a saved connection whose rdp options name the key file", async () => {
    const { w, host, dir, keyFile } = await setup();
    fs.mkdirSync(w.env.BASTIONLESS_CONFIG_DIR!, { recursive: true, mode: 0o700 });
    const entry = {
      name: "win-admin",
      profile: "rdp-test",
      target: "win-box",
      kind: "rdp",
      localPort: await freePort(),
      rdp: { keyFile },
    };
    fs.writeFileSync(
      path.join(w.env.BASTIONLESS_CONFIG_DIR!, "connections.json"),
      JSON.stringify({ version: 1, connections: [entry] }),
      { mode: 0o600 },
    );
    const listed = await host.request(1, "connections.list", {});
    expect(listed, host.stderr).toMatchObject({ ok: true, result: { problems: [] } });
    expect(JSON.stringify(listed)).not.toContain("PRIVATE KEY");
    const reply = await host.request(2, "connection.open", { name: "win-admin" });
    expect(reply, host.stderr).toMatchObject({ ok: true, result: { tunnel: { lastError: null } } });
    await until("the client read its stdin", () => fs.existsSync(path.join(dir, "finished")));
    expect(fs.readFileSync(path.join(dir, "stdin"), "utf8")).toBe(`${EC2_PASSWORD}\n`);
    const argv = fs.readFileSync(path.join(dir, "argv"), "utf8").trimEnd().split("\n");
    expect(argv.slice(1)).toEqual(["/cert:ignore", "/from-stdin:force"]);
    const rdpFile = fs.readFileSync(argv[0]!, "utf8");
    expect(rdpFile).toContain("username:s:Administrator\r\n");
    expect(rdpFile).not.toContain(EC2_PASSWORD);
    expect(JSON.stringify(reply)).not.toContain(EC2_PASSWORD);
    const log = fs.readFileSync(path.join(w.env.BASTIONLESS_LOG_DIR!, "host.log"), "utf8");
    expect(log + host.stderr).not.toContain(EC2_PASSWORD);
  });

  it("fails on a missing key file before any session, and refuses a relative path", async () => {
    const { w, host, dir } = await setup();
    const missing = await host.request(1, "tunnel.start", {
      profile: "rdp-test",
      target: RDP_INSTANCE,
      localPort: await freePort(),
      keyFile: path.join(dir, "nope.pem"),
    });
    expect(missing).toMatchObject({ ok: false, error: { code: "KEY_FILE_NOT_FOUND" } });
    const relative = await host.request(2, "tunnel.start", {
      profile: "rdp-test",
      target: RDP_INSTANCE,
      keyFile: "keys/prod.pem",
    });
    expect(relative).toMatchObject({ ok: false, error: { code: "BAD_REQUEST" } });
    expect(w.ssm.calls.filter((c) => c.action === "StartSession")).toHaveLength(0);
  });
});
