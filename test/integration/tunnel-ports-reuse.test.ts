/**
 * Tunnels that behave (issue 11): an explicit busy --local-port is an error naming its holder
 * while a default port moves on; a second Connect to the same instance and port reuses the open
 * tunnel; `stop` takes an id, an instance id or Name, or a local port; `tunnels` shows the account.
 */
import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { freePort } from "../support/free-port";
import { RDP_INSTANCE, startTunnelWorld, type TunnelWorld } from "../support/tunnel-world";

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function world(): Promise<TunnelWorld> {
  const w = await startTunnelWorld();
  cleanups.push(() => w.close());
  return w;
}

/** A port nobody holds right now (the kernel's pick), for a test to name explicitly. */

/** Another process listening on 127.0.0.1: what holds the port is not us. */
async function holder(): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(
    process.execPath,
    ["-e", "const s=require('net').createServer().listen(0,'127.0.0.1',()=>console.log(s.address().port))"],
    { stdio: ["ignore", "pipe", "ignore"] },
  );
  cleanups.push(() => void child.kill("SIGKILL"));
  const port = await new Promise<number>((r) =>
    child.stdout!.once("data", (d) => r(Number(String(d).trim()))),
  );
  return { child, port };
}

const json = (r: { stdout: string }) => JSON.parse(r.stdout);
const starts = (w: TunnelWorld) => w.ssm.calls.filter((c) => c.action === "StartSession").length;
const rdpArgs = (port: number | string, target = RDP_INSTANCE) => [
  "rdp",
  target,
  "-p",
  "rdp-test",
  "--local-port",
  String(port),
  "--no-launch",
  "--json",
];

describe("local ports", () => {
  it("a busy explicit --local-port is TUNNEL_LOCAL_PORT_BUSY naming the process, before any session", async () => {
    const w = await world();
    const { child, port } = await holder();
    const r = await w.cli(rdpArgs(port));
    expect(r.code).toBe(4);
    const err = json(r).error;
    expect(err.code).toBe("TUNNEL_LOCAL_PORT_BUSY");
    expect(err.message).toContain(`127.0.0.1:${port}`);
    expect(err.message).toContain(`node (pid ${child.pid})`);
    expect(starts(w)).toBe(0);
    expect(json(await w.cli(["tunnels", "--json"])).tunnels).toEqual([]);
  });

  it("a default local port that is busy moves on to the next free one", async () => {
    const w = await world();
    const { port } = await holder();
    // forward's default local port is the remote port (1024 and above).
    const r = await w.cli([
      "forward",
      RDP_INSTANCE,
      "--remote-port",
      String(port),
      "-p",
      "rdp-test",
      "--json",
    ]);
    expect(r.code, r.stderr + r.stdout).toBe(0);
    expect(json(r).localPort).toBeGreaterThan(port);
  });
});

describe("a second Connect", () => {
  it("to the same instance and port gets the open tunnel, not a second session", async () => {
    const w = await world();
    const first = json(await w.cli(rdpArgs(0)));
    const again = await w.cli(rdpArgs(0));
    expect(again.code, again.stderr).toBe(0);
    expect(json(again)).toMatchObject({
      id: first.id,
      localPort: first.localPort,
      sessionId: first.sessionId,
    });
    expect(starts(w)).toBe(1);
    // Another explicit local port is another tunnel.
    const other = json(await w.cli(rdpArgs(await freePort())));
    expect(other.id).not.toBe(first.id);
    expect(starts(w)).toBe(2);
  });
});

describe("stop WHAT", () => {
  it("stops by local port and instance id, and lists the matches when a Name means several", async () => {
    const w = await world();
    const [p1, p2] = [await freePort(), await freePort()];
    const a = json(await w.cli(rdpArgs(p1, "rdp-box")));
    const b = json(await w.cli(rdpArgs(p2)));
    expect(a.id).not.toBe(b.id);
    const ambiguous = await w.cli(["stop", "rdp-box"]);
    expect(ambiguous.code).toBe(2);
    expect(ambiguous.stderr).toContain('"rdp-box" matches 2 tunnels');
    expect(ambiguous.stderr).toContain(a.id);
    expect(ambiguous.stderr).toContain(b.id);
    expect(json(await w.cli(["stop", "--json", "rdp-box"])).error?.code).toBe("TUNNEL_AMBIGUOUS");
    expect(json(await w.cli(["tunnels", "--json"])).tunnels).toHaveLength(2);
    expect(await w.cli(["stop", String(a.localPort)])).toMatchObject({
      code: 0,
      stdout: `Stopped ${a.id}.\n`,
    });
    expect(await w.cli(["stop", RDP_INSTANCE])).toMatchObject({ code: 0, stdout: `Stopped ${b.id}.\n` });
    const none = await w.cli(["stop", "rdp-box"]);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('No tunnel has the id, instance id, Name or local port "rdp-box"');
  });
});

describe("tunnels", () => {
  it("shows the profile, the account its keys belong to, the instance name and bytes", async () => {
    const w = await world();
    // The profile as bastionless writes it: the keys and whose they are (x_principal_arn).
    fs.appendFileSync(
      w.sandbox.credentialsFile,
      "x_principal_arn = arn:aws:sts::123456789012:assumed-role/Admin/jane@contoso.example\n",
    );
    const t = json(await w.cli(rdpArgs(0)));
    expect(t).toMatchObject({ accountId: "123456789012", roleArn: "arn:aws:iam::123456789012:role/Admin" });
    const table = await w.cli(["tunnels"]);
    const [head, row] = table.stdout.split("\n");
    expect(head).toMatch(/PROFILE\s+ACCOUNT\s+IN\s+OUT/);
    expect(row).toContain("rdp-box (i-0123456789abcdef0)");
    expect(row).toMatch(/rdp-test\s+123456789012\s+\d+ B\s+\d+ B/);
    expect(json(await w.cli(["tunnels", "--json"])).tunnels[0]).toMatchObject({
      id: t.id,
      profile: "rdp-test",
      accountId: "123456789012",
      instanceName: "rdp-box",
      platformType: "Windows",
      bytesIn: expect.any(Number),
    });
  });
});
