/**
 * RDP in a browser tab (issue 15): frames per second of a moving window, the tab against
 * `xfreerdp` through the same tunnel in the same run. The server's screen carries an animation
 * (ImageMagick `animate`, a square cycling through 12 colours every 10 ms, faster than the
 * shadow server captures), and each client's displayed pixel at the square is sampled: in the tab
 * the canvas on every animation frame, for xfreerdp its Xvfb's framebuffer file (`-fbdir`, an XWD
 * image the X server keeps current), read directly many times per frame. A colour change seen is
 * a frame shown. Runs alternate so load on the shared machine hits both alike.
 */
import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import type { Page } from "playwright-core";
import { type FakeIdp, startFakeIdp } from "../fakes/idp/index";
import { type ChromiumSession, launchChromiumWithExtension } from "../support/browser";
import { RDP_PASSWORD, RDP_USER, type RdpTarget, runTool, startRdpTarget } from "../support/rdp-target";
import { RDP_INSTANCE, startTunnelWorld, type TunnelWorld } from "../support/tunnel-world";
import { until } from "../support/until";
import { median } from "./stats";
import type { BenchModule, BenchResult } from "./types";

const RUNS = Number(process.env.BENCH_RDP_FPS_RUNS || 3);
const WINDOW_MS = 5_000;
/** The middle of the animated square, in desktop pixels. */
const AT = { x: 500, y: 200 };

async function animation(rdp: RdpTarget, children: ChildProcess[]): Promise<void> {
  const frames: string[] = [];
  for (let i = 0; i < 12; i++) {
    const f = path.join(rdp.dir, `frame${String(i).padStart(2, "0")}.gif`);
    const r = await runTool("convert", ["-size", "200x200", `xc:rgb(${i * 20},${255 - i * 20},128)`, f], {
      PATH: process.env.PATH,
    });
    if (r.code !== 0) throw new Error(`convert failed: ${r.out}`);
    frames.push(f);
  }
  const env = { PATH: process.env.PATH, DISPLAY: rdp.display };
  children.push(
    spawn("animate", ["-delay", "1", "-loop", "0", "-geometry", "+400+100", ...frames], {
      env,
      stdio: "ignore",
    }),
  );
}

async function tabFps(chromium: ChromiumSession, tunnelId: string): Promise<number> {
  const page: Page = await chromium.context.newPage();
  try {
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto(`chrome-extension://${chromium.extensionId}/rdp.html?tunnel=${tunnelId}`);
    await page.fill("#username", RDP_USER);
    await page.fill("#password", RDP_PASSWORD);
    await page.click("#connect");
    await page.waitForFunction(() => document.getElementById("status")!.dataset.state === "connected", null, {
      timeout: 120_000,
    });
    // A string, not a function: tsx's name helper (__name) does not exist in the page.
    return await page.evaluate<number>(`new Promise((resolve) => {
      const g = document.getElementById("screen").getContext("2d");
      const px = () => g.getImageData(${AT.x}, ${AT.y}, 1, 1).data.join(",");
      let last = px(), changes = 0, t0 = 0;
      const tick = (t) => {
        const now = px();
        if (now !== last) {
          last = now;
          if (!t0) t0 = t; // counting starts at the first change: the motion is flowing
          else changes++;
        }
        if (t0 && t - t0 >= ${WINDOW_MS}) return resolve((changes * 1000) / (t - t0));
        requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
    })`);
  } finally {
    await page.close();
  }
}

/** xfreerdp on its own Xvfb whose framebuffer is a file; its window sits at 0,0 (no window manager). */
async function xfreerdpFps(rdp: RdpTarget, port: number, extra: string[]): Promise<number> {
  const dir = fs.mkdtempSync(path.join(rdp.dir, "fb-"));
  const children: ChildProcess[] = [];
  try {
    const x = spawn(
      "Xvfb",
      ["-displayfd", "3", "-screen", "0", "1280x800x24", "-fbdir", dir, "-nolisten", "tcp"],
      {
        stdio: ["ignore", "ignore", "ignore", "pipe"],
      },
    );
    children.push(x);
    const display = await new Promise<string>((r) =>
      x.stdio[3]!.once("data", (d: Buffer) => r(`:${d.toString().trim()}`)),
    );
    const env = { PATH: process.env.PATH, HOME: path.join(rdp.dir, "client-home"), DISPLAY: display };
    const args = [
      `/v:127.0.0.1:${port}`,
      `/u:${RDP_USER}`,
      `/p:${RDP_PASSWORD}`,
      "/cert:ignore",
      "/size:1280x800",
      ...extra,
    ];
    children.push(spawn("xfreerdp", args, { env, stdio: "ignore" }));
    const fd = fs.openSync(path.join(dir, "Xvfb_screen0"), "r");
    try {
      // XWD header (X11 XWDFile.h): big-endian CARD32s; pixels after the header and the colormap.
      const h = Buffer.alloc(100);
      fs.readSync(fd, h, 0, 100, 0);
      const offset = h.readUInt32BE(0) + h.readUInt32BE(76) * 12 + AT.y * h.readUInt32BE(48) + AT.x * 4;
      const px = Buffer.alloc(4);
      const read = () => {
        fs.readSync(fd, px, 0, 4, offset);
        return px.readUInt32LE(0) & 0xffffff;
      };
      let last = read();
      await until("the animation in xfreerdp's window", () => read() !== last);
      last = read();
      let changes = 0;
      const t0 = performance.now();
      let t = t0;
      while (t - t0 < WINDOW_MS) {
        const v = read();
        if (v !== last) {
          last = v;
          changes++;
        }
        t = performance.now();
        if (changes % 64 === 0) await new Promise((r) => setImmediate(r)); // let the loop breathe
      }
      return (changes * 1000) / (t - t0);
    } finally {
      fs.closeSync(fd);
    }
  } finally {
    for (const c of children.reverse()) c.kill("SIGKILL");
  }
}

const bench: BenchModule = {
  async run(): Promise<BenchResult[]> {
    let rdp: RdpTarget | null = null;
    let world: TunnelWorld | null = null;
    let idp: FakeIdp | null = null;
    let chromium: ChromiumSession | null = null;
    const children: ChildProcess[] = [];
    const s = { tab: [] as number[], native: [] as number[], noGfx: [] as number[] };
    try {
      rdp = await startRdpTarget();
      await animation(rdp, children);
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
      for (let i = 0; i < RUNS; i++) {
        s.tab.push(await tabFps(chromium, tunnel.id));
        s.native.push(await xfreerdpFps(rdp, tunnel.localPort, []));
        s.noGfx.push(await xfreerdpFps(rdp, tunnel.localPort, ["-gfx"]));
      }
    } finally {
      await chromium?.close();
      await idp?.close();
      await world?.close();
      for (const c of children) c.kill();
      rdp?.close();
    }
    const round = (xs: number[]) => xs.map((x) => Math.round(x * 10) / 10);
    return [
      {
        name: `RDP tab: frames per second of a moving window (median of ${RUNS})`,
        value: median(s.tab),
        unit: "fps",
        reference: { name: "xfreerdp (its defaults), same tunnel (median)", value: median(s.native) },
        detail: { samples: round(s.tab), xfreerdp: round(s.native) },
      },
      {
        name: `RDP tab: frames per second of a moving window, against xfreerdp -gfx (median of ${RUNS})`,
        value: median(s.tab),
        unit: "fps",
        // Without the graphics pipeline (RDPGFX) xfreerdp gets plain bitmap updates, as the tab.
        reference: { name: "xfreerdp -gfx, same tunnel (median)", value: median(s.noGfx) },
        detail: { xfreerdpNoGfx: round(s.noGfx) },
      },
    ];
  },
};

export default bench;
