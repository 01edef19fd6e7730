/**
 * RDP in a browser tab (issue 15): from the Connect click to the first frame showing the
 * server's screen (a red window at a known place), in real Chromium through the host's gateway,
 * the tunnel and FreeRDP's shadow server with NLA. Reference in the same run, through the same
 * tunnel port: `xfreerdp +auth-only` (TCP, TLS and NLA, no graphics), the native client's part
 * of the same path. Runs are interleaved so load on the shared machine hits both alike.
 */
import { type ChildProcess, spawn } from "node:child_process";
import path from "node:path";
import { type FakeIdp, startFakeIdp } from "../fakes/idp/index";
import { type ChromiumSession, launchChromiumWithExtension } from "../support/browser";
import { RDP_PASSWORD, RDP_USER, type RdpTarget, startRdpTarget } from "../support/rdp-target";
import { RDP_INSTANCE, startTunnelWorld, type TunnelWorld } from "../support/tunnel-world";
import { median } from "./stats";
import type { BenchModule, BenchResult } from "./types";

const RUNS = Number(process.env.BENCH_RDP_TAB_RUNS || 5);
const now = () => Number(process.hrtime.bigint()) / 1e6;

/** ms from the click to connect() resolving and to the marker's red in the canvas. */
async function tabRun(
  chromium: ChromiumSession,
  tunnelId: string,
): Promise<{ connected: number; frame: number }> {
  const page = await chromium.context.newPage();
  try {
    await page.goto(`chrome-extension://${chromium.extensionId}/rdp.html?tunnel=${tunnelId}`);
    await page.fill("#username", RDP_USER);
    await page.fill("#password", RDP_PASSWORD);
    const t0 = await page.evaluate(() => performance.now());
    await page.click("#connect");
    const connected = await (
      await page.waitForFunction(
        () => document.getElementById("status")!.dataset.state === "connected" && performance.now(),
        null,
        { polling: "raf", timeout: 120_000 },
      )
    ).jsonValue();
    const frame = await (
      await page.waitForFunction(
        () => {
          const c = document.getElementById("screen") as HTMLCanvasElement;
          const d = c.getContext("2d")!.getImageData(108, 130, 1, 1).data;
          return d[0]! > 200 && d[1]! < 50 && performance.now();
        },
        null,
        { polling: "raf", timeout: 120_000 },
      )
    ).jsonValue();
    return { connected: (connected as number) - t0, frame: (frame as number) - t0 };
  } finally {
    await page.close();
  }
}

async function authOnlyRun(rdp: RdpTarget, port: number): Promise<number> {
  const t0 = now();
  const r = await rdp.authOnly(port);
  if (r.code !== 0) throw new Error(`xfreerdp +auth-only failed: ${r.out}`);
  return now() - t0;
}

const bench: BenchModule = {
  async run(): Promise<BenchResult[]> {
    let rdp: RdpTarget | null = null;
    let world: TunnelWorld | null = null;
    let idp: FakeIdp | null = null;
    let chromium: ChromiumSession | null = null;
    let marker: ChildProcess | null = null;
    const s = { connected: [] as number[], frame: [] as number[], authOnly: [] as number[] };
    try {
      rdp = await startRdpTarget();
      marker = spawn("xmessage", ["-geometry", "+100+100", "-bg", "red", "BASTIONLESS"], {
        env: { PATH: process.env.PATH, DISPLAY: rdp.display },
        stdio: "ignore",
      });
      world = await startTunnelWorld({ destination: { host: "127.0.0.1", port: rdp.port }, idleMs: 60_000 });
      const r = await world.cli(["rdp", RDP_INSTANCE, "--profile", "rdp-test", "--no-launch", "--json"]);
      if (r.code !== 0) throw new Error(`rdp failed: ${r.stderr}`);
      const tunnel = JSON.parse(r.stdout) as { id: string; localPort: number };
      idp = await startFakeIdp(world.sandbox.dir);
      chromium = await launchChromiumWithExtension({
        userDataDir: path.join(world.sandbox.dir, "chromium"),
        env: world.env,
        idp,
      });
      await tabRun(chromium, tunnel.id); // warm: the wasm compiled once, the host started
      for (let i = 0; i < RUNS; i++) {
        const t = await tabRun(chromium, tunnel.id);
        s.connected.push(t.connected);
        s.frame.push(t.frame);
        s.authOnly.push(await authOnlyRun(rdp, tunnel.localPort));
      }
    } finally {
      await chromium?.close();
      await idp?.close();
      await world?.close();
      marker?.kill();
      rdp?.close();
    }
    const reference = {
      name: "xfreerdp +auth-only, same tunnel (median)",
      value: median(s.authOnly),
      unit: "ms",
    };
    const round = (xs: number[]) => xs.map((x) => Math.round(x));
    return [
      {
        name: `RDP tab: click → logged in (median of ${RUNS})`,
        value: median(s.connected),
        unit: "ms",
        reference,
        detail: { samples: round(s.connected), authOnly: round(s.authOnly) },
      },
      {
        name: `RDP tab: click → first frame of the server's screen (median of ${RUNS})`,
        value: median(s.frame),
        unit: "ms",
        reference,
        detail: { samples: round(s.frame) },
      },
    ];
  },
};

export default bench;
