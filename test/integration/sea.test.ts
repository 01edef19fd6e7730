/**
 * The single executable (npm run package): built from the current bundle when stale, then run
 * without any node on PATH, spoken to over native-messaging frames, and installed — which copies
 * the executable itself — while an installed host keeps running.
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { encodeFrame, FrameDecoder } from "../../native-host/src/protocol/framing";
import pkg from "../../package.json";
import { buildNative } from "../../scripts/package-sea";
import { allowCaller, HOST_BUNDLE, HostProcess, ROOT } from "../support/host-process";
import { makeSandbox, type Sandbox } from "../support/sandbox";
import { cli, cliJson, nativeHello } from "./install-support";

const SEA = path.join(ROOT, "dist/bastionless");
const ORIGIN = "chrome-extension://kokbnelligicogechcoofickipeemloj/";
const boxes: Sandbox[] = [];
afterEach(() => {
  for (const b of boxes.splice(0)) b.cleanup();
});
function sandbox(): Sandbox {
  const b = makeSandbox();
  boxes.push(b);
  return b;
}

beforeAll(async () => {
  const stale = !fs.existsSync(SEA) || fs.statSync(SEA).mtimeMs < fs.statSync(HOST_BUNDLE).mtimeMs;
  if (stale) await buildNative({ build: false });
}, 180_000);

describe("single executable", () => {
  it("runs with no node on PATH", () => {
    const box = sandbox();
    const r = cli(["--version"], { ...box.env, PATH: "/nonexistent" }, SEA);
    expect(r).toMatchObject({ status: 0, stdout: `${pkg.version}\n` });
    expect(cli(["install", "--browser", "netscape"], { ...box.env, PATH: "/nonexistent" }, SEA).status).toBe(
      2,
    );
  });

  it("answers hello over native-messaging frames", async () => {
    const box = sandbox();
    const reply = await nativeHello(SEA, [ORIGIN], allowCaller({ ...box.env, PATH: "/nonexistent" }, ORIGIN));
    expect(reply).toMatchObject({ id: 1, ok: true, result: { name: "bastionless", version: pkg.version } });
  });

  it("install copies the executable itself; uninstall removes it", async () => {
    const box = sandbox();
    const out = cliJson(["install", "--browser", "chromium"], box.env, SEA);
    const exe = path.join(box.home, ".local/share/bastionless/bin/bastionless");
    expect(out.host).toEqual({ path: exe, kind: "sea", files: [exe], version: pkg.version });
    expect(fs.readFileSync(exe).equals(fs.readFileSync(SEA))).toBe(true);
    expect(await nativeHello(exe, [ORIGIN], { ...box.env, PATH: "/nonexistent" })).toMatchObject({
      ok: true,
    });
    // Away from the build tree, the lazy chunks can only come from the executable's own assets;
    // stderr stays empty, so V8 took every chunk's code cache (chunk-loader.cjs warns otherwise).
    const host = new HostProcess([ORIGIN], { ...box.env, PATH: "/nonexistent" }, [exe]);
    try {
      expect(await host.request(2, "profiles.list")).toMatchObject({ ok: true, result: { profiles: [] } });
    } finally {
      await host.close();
    }
    expect(host.stderr).toBe("");
    expect(cli(["doctor", "--json"], { ...box.env, PATH: "/nonexistent" }, exe)).toMatchObject({
      stderr: "",
    });
    cliJson(["uninstall"], box.env, SEA);
    expect(fs.existsSync(exe)).toBe(false);
    expect(
      fs.existsSync(path.join(box.home, ".config/chromium/NativeMessagingHosts/com.bastionless.host.json")),
    ).toBe(false);
  });

  it("replacing the installed host does not disturb a host that is running", async () => {
    const box = sandbox();
    const exe = cliJson(["install", "--browser", "chromium"], box.env, SEA).host.path;
    const running = spawn(exe, [ORIGIN], { env: box.env, stdio: ["pipe", "pipe", "ignore"] });
    try {
      const decoder = new FrameDecoder();
      const frames: any[] = [];
      running.stdout.on("data", (c: Buffer) => frames.push(...decoder.push(c)));
      const ask = async (id: number) => {
        running.stdin.write(encodeFrame({ id, type: "hello" }));
        // No deadline of its own: the test runner's timeout is the one bound.
        while (!frames.some((f) => f.value?.id === id)) await new Promise((r) => setTimeout(r, 25));
        return frames.find((f) => f.value?.id === id)?.value;
      };
      expect(await ask(1)).toMatchObject({ ok: true });
      // Re-install from the node bundle: the executable is replaced by bundle + launcher (rename, not overwrite).
      const swapped = cliJson(["install", "--browser", "chromium"], box.env);
      expect(swapped.host.kind).toBe("bundle");
      expect(swapped.changes.map((c: any) => c.op)).toContain("copy");
      expect(await ask(2)).toMatchObject({ ok: true });
      expect(await nativeHello(swapped.host.path, [ORIGIN], box.env)).toMatchObject({ ok: true });
    } finally {
      running.kill("SIGKILL");
    }
  });
});
