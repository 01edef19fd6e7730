/**
 * Issue 17 finding 2: a tunnel service socket planted by another local user is never talked to.
 * Run as root, the test plays the other user by chown to uid 65534 (nobody); as another user it
 * uses what it can (modes, symlinks). Every client door is tried: `tunnels`, `stop`, the native
 * host's link, the spawn path and doctor; the planted server must see no connection at all.
 */
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { PassThrough } from "node:stream";
import { afterEach, describe, expect, it } from "vitest";
import { stop } from "../../native-host/src/cli/commands/stop";
import { tunnels } from "../../native-host/src/cli/commands/tunnels";
import { tunnelServiceCheck } from "../../native-host/src/doctor/tool-checks";
import { connectService, ensureService } from "../../native-host/src/tunnel/service/client/ensure-service";
import { ServiceLink } from "../../native-host/src/tunnel/service/client/service-link";
import { serviceEndpoint } from "../../native-host/src/tunnel/service/ipc/endpoint";

const isRoot = process.getuid?.() === 0;
const NOBODY = 65534;
const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const c of cleanups.splice(0).reverse()) c();
});

/** A base folder of ours (0700), removed after the test. */
function base(): string {
  const b = fs.mkdtempSync(path.join(os.tmpdir(), "bl-trust-"));
  cleanups.push(() => fs.rmSync(b, { recursive: true, force: true }));
  return b;
}

/** A server on `address` that counts what reaches it. */
async function plant(address: string): Promise<{ connections: number; bytes: number }> {
  const seen = { connections: 0, bytes: 0 };
  const server = net.createServer((c) => {
    seen.connections++;
    c.on("data", (d) => (seen.bytes += d.length));
  });
  await new Promise<void>((r) => server.listen(address, r));
  cleanups.push(() => server.close());
  return seen;
}

function io(env: NodeJS.ProcessEnv) {
  return { stdout: new PassThrough(), stderr: new PassThrough(), stdin: new PassThrough(), env };
}

/** Every door to the service, each expected to refuse with `code`. */
async function everyClientRefuses(runtimeDir: string, code: string): Promise<void> {
  const env = { ...process.env, BASTIONLESS_RUNTIME_DIR: runtimeDir, BASTIONLESS_LOG_DIR: base() };
  const endpoint = serviceEndpoint(env);
  const refused = expect.objectContaining({ code });
  await expect(tunnels.run([], io(env))).rejects.toEqual(refused);
  await expect(stop.run(["--all"], io(env))).rejects.toEqual(refused);
  await expect(new ServiceLink(env).request("list", {}, false)).rejects.toEqual(refused);
  await expect(new ServiceLink(env).request("list", {}, true)).rejects.toEqual(refused);
  await expect(ensureService(endpoint, env)).rejects.toEqual(refused);
  expect(await tunnelServiceCheck(env)).toMatchObject({ status: "fail" });
}

describe("the tunnel service socket is checked before any connect", () => {
  it.runIf(isRoot)("refuses a runtime folder and socket another user made, sending nothing", async () => {
    const dir = path.join(base(), "run");
    fs.mkdirSync(dir, { mode: 0o700 });
    const seen = await plant(path.join(dir, "tunnels.sock"));
    fs.chownSync(path.join(dir, "tunnels.sock"), NOBODY, NOBODY);
    fs.chownSync(dir, NOBODY, NOBODY);
    await everyClientRefuses(dir, "RUNTIME_DIR_UNSAFE");
    expect(seen).toEqual({ connections: 0, bytes: 0 });
  });

  it.runIf(isRoot)("refuses a socket of another user in our own folder", async () => {
    const dir = path.join(base(), "run");
    fs.mkdirSync(dir, { mode: 0o700 });
    const seen = await plant(path.join(dir, "tunnels.sock"));
    fs.chownSync(path.join(dir, "tunnels.sock"), NOBODY, NOBODY);
    await everyClientRefuses(dir, "SERVICE_SOCKET_UNSAFE");
    expect(seen).toEqual({ connections: 0, bytes: 0 });
  });

  it("refuses a folder others can write to (0777), and one under a non-sticky shared folder", async () => {
    const open = path.join(base(), "run");
    fs.mkdirSync(open);
    fs.chmodSync(open, 0o777);
    const seen = await plant(path.join(open, "tunnels.sock"));
    await everyClientRefuses(open, "RUNTIME_DIR_UNSAFE");

    const shared = path.join(base(), "shared");
    fs.mkdirSync(shared);
    fs.chmodSync(shared, 0o777); // no sticky bit: anyone could rename our folder away
    const inside = path.join(shared, "run");
    fs.mkdirSync(inside, { mode: 0o700 });
    const seenInside = await plant(path.join(inside, "tunnels.sock"));
    await everyClientRefuses(inside, "RUNTIME_DIR_UNSAFE");
    expect([seen, seenInside]).toEqual([
      { connections: 0, bytes: 0 },
      { connections: 0, bytes: 0 },
    ]);
  });

  it("refuses a runtime folder that is a symbolic link, and a socket path that is not a socket", async () => {
    const b = base();
    const real = path.join(b, "real");
    fs.mkdirSync(real, { mode: 0o700 });
    const seen = await plant(path.join(real, "tunnels.sock"));
    fs.symlinkSync(real, path.join(b, "link"));
    await everyClientRefuses(path.join(b, "link"), "RUNTIME_DIR_UNSAFE");
    expect(seen).toEqual({ connections: 0, bytes: 0 });

    const plain = path.join(b, "plain");
    fs.mkdirSync(plain, { mode: 0o700 });
    fs.writeFileSync(path.join(plain, "tunnels.sock"), "");
    await everyClientRefuses(plain, "SERVICE_SOCKET_UNSAFE");
  });

  it("connects to a socket of ours in a private folder, and says no service when there is none", async () => {
    const dir = path.join(base(), "run");
    const endpoint = serviceEndpoint({ BASTIONLESS_RUNTIME_DIR: dir });
    expect(await connectService(endpoint)).toBeNull();
    fs.mkdirSync(dir, { mode: 0o700 });
    expect(await connectService(endpoint)).toBeNull();
    const seen = await plant(endpoint.address);
    const conn = await connectService(endpoint);
    expect(conn).not.toBeNull();
    conn!.close();
    expect(seen.connections).toBe(1);
  });
});
