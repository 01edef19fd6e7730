/**
 * What happens around the RDP client (issue 11): a client that exits at once with an error is a
 * failed launch (decided by its exit event; the early window is set far beyond any machine's
 * pace), a tunnel's .rdp folder goes when the tunnel ends, and an instance SSM reports as not
 * Windows gets a warning instead of a client.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { launchRdp } from "../../native-host/src/rdp/launch-rdp";
import { makeRecorder } from "../support/rdp-client-recorder";
import { RDP_INSTANCE, startTunnelWorld, type TunnelWorld } from "../support/tunnel-world";

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});
function tmp(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), "bl-rdp-outcome-"));
  cleanups.push(() => fs.rmSync(d, { recursive: true, force: true }));
  return d;
}
/** Never reached: the client's exit event decides first, on a slow machine as on a fast one. */
const WINDOW = 10 * 60_000;

/** An RDP client on PATH that records its start and exits with `code`. */
function clientExiting(dir: string, name: string, code: number): { bin: string; record: string } {
  const bin = path.join(dir, "bin");
  const record = path.join(dir, "started.txt");
  fs.mkdirSync(bin, { recursive: true });
  fs.writeFileSync(path.join(bin, name), `#!/bin/sh\necho "$1" >> '${record}'\nexit ${code}\n`, {
    mode: 0o755,
  });
  return { bin, record };
}

describe("launchRdp", () => {
  it("a client that exits at once with an error is RDP_CLIENT_EXITED, not a launch", async () => {
    const d = tmp();
    const c = clientExiting(d, "xfreerdp", 131);
    await expect(
      launchRdp(
        { host: "127.0.0.1", port: 13389, instanceId: RDP_INSTANCE },
        { env: { PATH: c.bin }, platform: "linux", tmpDir: d, earlyExitMs: WINDOW },
      ),
    ).rejects.toMatchObject({ code: "RDP_CLIENT_EXITED", message: expect.stringContaining("exit code 131") });
    expect(fs.readFileSync(c.record, "utf8")).toContain(".rdp");
  });

  it("a client that hands the file on and exits 0 is a launch", async () => {
    const d = tmp();
    const c = clientExiting(d, "xdg-open", 0);
    const out = await launchRdp(
      { host: "127.0.0.1", port: 13389, instanceId: RDP_INSTANCE, tunnelId: "abcdefgh" },
      { env: { PATH: c.bin }, platform: "linux", tmpDir: d, earlyExitMs: WINDOW },
    );
    expect(out.client).toBe("xdg-open");
    expect(path.basename(path.dirname(out.file))).toMatch(/^bastionless-rdp-abcdefgh-/);
  });
});

describe("rdp through the tunnel service", () => {
  async function world(): Promise<{ w: TunnelWorld; tmpDir: string; env: NodeJS.ProcessEnv }> {
    const w = await startTunnelWorld({
      instances: [
        { instanceId: RDP_INSTANCE, name: "rdp-box", destination: { host: "127.0.0.1", port: 9 } },
        {
          instanceId: "i-0aaaaaaaaaaaaaaaa",
          name: "linux-box",
          platformType: "Linux",
          destination: { host: "127.0.0.1", port: 9 },
        },
      ],
    });
    cleanups.push(() => w.close());
    const tmpDir = tmp();
    const rec = makeRecorder(tmpDir, ["xfreerdp"]);
    // The service inherits TMPDIR from the CLI that starts it, so both see the same folder.
    return {
      w,
      tmpDir,
      env: { PATH: rec.bin, TMPDIR: tmpDir, BASTIONLESS_RDP_EARLY_EXIT_MS: String(WINDOW) },
    };
  }
  const rdpFolders = (dir: string) => fs.readdirSync(dir).filter((n) => n.startsWith("bastionless-rdp-"));

  it("removes the tunnel's .rdp folder when the tunnel ends", async () => {
    const { w, tmpDir, env } = await world();
    const r = await w.cli(["rdp", RDP_INSTANCE, "-p", "rdp-test", "--local-port", "0", "--json"], env);
    expect(r.code, r.stderr).toBe(0);
    const t = JSON.parse(r.stdout);
    expect(t.rdp.client).toBe("xfreerdp");
    expect(rdpFolders(tmpDir)).toEqual([expect.stringMatching(new RegExp(`^bastionless-rdp-${t.id}-`))]);
    // A second rdp to the same instance and port reuses the tunnel and opens the client again.
    const again = JSON.parse((await w.cli(["rdp", RDP_INSTANCE, "-p", "rdp-test", "--json"], env)).stdout);
    expect(again).toMatchObject({ id: t.id, rdp: { client: "xfreerdp" } });
    expect(rdpFolders(tmpDir)).toHaveLength(2);
    expect((await w.cli(["stop", t.id], env)).code).toBe(0);
    expect(rdpFolders(tmpDir)).toEqual([]);
  });

  it("warns instead of opening a client for an instance that is not Windows", async () => {
    const { w, tmpDir, env } = await world();
    const r = await w.cli(["rdp", "linux-box", "-p", "rdp-test", "--local-port", "0", "--json"], env);
    expect(r.code, r.stderr).toBe(0);
    const t = JSON.parse(r.stdout);
    expect(t).toMatchObject({
      platformType: "Linux",
      rdp: null,
      launchError: { code: "RDP_TARGET_NOT_WINDOWS" },
    });
    expect(r.stderr).toContain("runs Linux, not Windows");
    expect(fs.existsSync(path.join(tmpDir, "rdp-starts.txt"))).toBe(false);
    expect(rdpFolders(tmpDir)).toEqual([]);
  });
});
