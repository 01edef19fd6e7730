/**
 * RDP in a browser tab (issue 15, docs/rdp-in-browser.md), all real but AWS: Chromium with the
 * built extension, the host it starts (`bastionless install`), the tunnel through the fake
 * Session Manager agent, FreeRDP's shadow server with NLA. The rdp tab's wasm client logs in
 * through the host's RDCleanPath gateway; its pixels are compared with the server's own screen.
 */
import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GATEWAY_URL } from "../../contract/gateway-ticket";
import { connectionQuery, instanceQuery } from "../../extension/src/rdp-tab/tab-target";
import { decodeRequest, encodeRequest } from "../../native-host/src/rdp-gateway/rdcleanpath-pdu";
import { type FakeIdp, HOSTILE_HOST, startFakeIdp } from "../fakes/idp/index";
import { CHROME_EXTENSION_DIR, type ChromiumSession, launchChromiumWithExtension } from "../support/browser";
import { RDP_PASSWORD, RDP_USER, type RdpTarget, startRdpTarget } from "../support/rdp-target";
import { RDP_INSTANCE, startTunnelWorld, type TunnelWorld } from "../support/tunnel-world";
import { until } from "../support/until";

let rdp: RdpTarget;
let world: TunnelWorld;
let idp: FakeIdp;
let chromium: ChromiumSession;
let marker: ChildProcess;
let tunnelId: string;

/** A window of known content on the server's screen: red, at a known place. */
const MARK = { x: 100, y: 100, rgb: [255, 0, 0] };

beforeAll(async () => {
  rdp = await startRdpTarget();
  marker = spawn(
    "xmessage",
    ["-geometry", `+${MARK.x}+${MARK.y}`, "-bg", "red", "-fg", "white", "BASTIONLESS RDP TAB"],
    {
      env: { PATH: process.env.PATH, DISPLAY: rdp.display },
      stdio: "ignore",
    },
  );
  world = await startTunnelWorld({ destination: { host: "127.0.0.1", port: rdp.port } });
  const r = await world.cli(["rdp", RDP_INSTANCE, "--profile", "rdp-test", "--no-launch", "--json"]);
  expect(r.code, r.stderr).toBe(0);
  tunnelId = JSON.parse(r.stdout).id;
  idp = await startFakeIdp(world.sandbox.dir);
  chromium = await launchChromiumWithExtension({
    userDataDir: path.join(world.sandbox.dir, "chromium"),
    env: world.env,
    idp,
  });
});

afterAll(async () => {
  await chromium?.close();
  await idp?.close();
  await world?.close();
  marker?.kill();
  rdp?.close();
});

async function openTab(): Promise<Page> {
  const page = await chromium.context.newPage();
  await page.goto(`chrome-extension://${chromium.extensionId}/rdp.html?tunnel=${tunnelId}&name=rdp-box`);
  return page;
}

async function login(page: Page, password: string): Promise<string> {
  await page.fill("#username", RDP_USER);
  await page.fill("#password", password);
  await page.click("#connect");
  return until("the tab to connect or fail", () =>
    page.$eval("#status", (e) =>
      ["connected", "failed"].includes(e.dataset.state!) ? e.dataset.state! : null,
    ),
  );
}

/** RGB at each point of a PNG, read by the browser's own decoder. */
async function pixels(page: Page, png: Buffer, points: Array<[number, number]>): Promise<number[][]> {
  return page.evaluate(
    async ({ b64, points }) => {
      const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      const bmp = await createImageBitmap(new Blob([bytes], { type: "image/png" }));
      const c = new OffscreenCanvas(bmp.width, bmp.height);
      const g = c.getContext("2d")!;
      g.drawImage(bmp, 0, 0);
      return points.map(([x, y]) => [...g.getImageData(x, y, 1, 1).data.slice(0, 3)]);
    },
    { b64: png.toString("base64"), points },
  );
}

describe("RDP in a browser tab (Chromium, FreeRDP with NLA, through the tunnel)", () => {
  it("the built extension may run wasm and ships IronRDP's client", async () => {
    const manifest = (await import(path.join(CHROME_EXTENSION_DIR, "manifest.json"))).default;
    expect(manifest.content_security_policy.extension_pages).toContain("'wasm-unsafe-eval'");
    expect(manifest.content_security_policy.extension_pages).not.toMatch(/'unsafe-eval'/);
  });

  it("the popup opens the RDP tab for the open tunnel", async () => {
    const popup = await chromium.context.newPage();
    await popup.goto(`chrome-extension://${chromium.extensionId}/popup.html`);
    const button = `[data-key='open-tab-${tunnelId}']`;
    await popup.waitForSelector(button, { timeout: 30_000 });
    const [tab] = await Promise.all([chromium.context.waitForEvent("page"), popup.click(button)]);
    await tab.waitForLoadState();
    const url = new URL(tab.url());
    expect(url.pathname).toBe("/rdp.html");
    expect(url.searchParams.get("tunnel")).toBe(tunnelId);
    expect(await tab.textContent("#title")).toBe("rdp-box");
    await tab.close();
    await popup.close();
  });

  it("a wrong password fails the NLA login, after the gateway let the client through", async () => {
    const page = await openTab();
    expect(await login(page, "Wrong-Pass-1")).toBe("failed");
    expect(await page.isHidden("#screen")).toBe(true);
    // Not the gateway refusing: the client got its answer and CredSSP failed at the server.
    expect(await page.getAttribute("#status", "data-kind")).not.toBe("RDCleanPath");
    expect(await page.getAttribute("#status", "data-http-status")).toBeNull();
    await page.close();
  });

  it("Open in browser beside Connect: the tab opens the tunnel itself (the open one is reused)", async () => {
    const page = await chromium.context.newPage();
    const q = instanceQuery(RDP_INSTANCE, "rdp-test", null, "rdp-box");
    await page.goto(`chrome-extension://${chromium.extensionId}/rdp.html?${q}`);
    expect(await login(page, RDP_PASSWORD)).toBe("connected");
    const hostLog = fs.readFileSync(path.join(world.env.BASTIONLESS_LOG_DIR!, "host.log"), "utf8");
    const issued = [...hostLog.matchAll(/rdp gateway ticket issued[^\n]*"tunnel":"([^"]+)"/g)];
    expect(issued.at(-1)?.[1]).toBe(tunnelId);
    await page.click("#disconnect");
    await until("the disconnected state", () =>
      page.$eval("#status", (e) => e.dataset.state === "disconnected"),
    );
    await page.close();
  });

  it("Open in browser on a saved RDP connection: the tab opens the connection (its open tunnel is reused)", async () => {
    const dir = world.env.BASTIONLESS_CONFIG_DIR!;
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    const entry = { name: "rdp-box-saved", profile: "rdp-test", target: RDP_INSTANCE, kind: "rdp" };
    fs.writeFileSync(
      path.join(dir, "connections.json"),
      JSON.stringify({ version: 1, connections: [entry] }),
      { mode: 0o600 },
    );
    const page = await chromium.context.newPage();
    await page.goto(`chrome-extension://${chromium.extensionId}/rdp.html?${connectionQuery(entry.name)}`);
    expect(await login(page, RDP_PASSWORD)).toBe("connected");
    const hostLog = fs.readFileSync(path.join(world.env.BASTIONLESS_LOG_DIR!, "host.log"), "utf8");
    const issued = [...hostLog.matchAll(/rdp gateway ticket issued[^\n]*"tunnel":"([^"]+)"/g)];
    expect(issued.at(-1)?.[1]).toBe(tunnelId);
    await page.click("#disconnect");
    await until("the disconnected state", () =>
      page.$eval("#status", (e) => e.dataset.state === "disconnected"),
    );
    await page.close();
    fs.rmSync(path.join(dir, "connections.json"));
  });

  it("a tab whose address names no tunnel or instance says so and cannot connect", async () => {
    const page = await chromium.context.newPage();
    await page.goto(`chrome-extension://${chromium.extensionId}/rdp.html?instance=i-1&profile=a%0ab`);
    expect(await page.textContent("#status")).toContain("params.profile");
    expect(await page.isDisabled("#connect")).toBe(true);
    await page.close();
  });

  it("the gateway refuses a missing secret, as the wasm client reports it", async () => {
    const page = await chromium.context.newPage();
    let gatewayUrl = "";
    // The tab's own WebSocket, with the secret taken out of its RDCleanPath request.
    await page.routeWebSocket(/^ws:\/\/127\.0\.0\.1:/, (ws) => {
      gatewayUrl = ws.url();
      const server = ws.connectToServer();
      ws.onMessage((m) => {
        const r = decodeRequest(Buffer.from(m as Buffer));
        expect(r.proxyAuth.length).toBeGreaterThanOrEqual(32);
        server.send(Buffer.from(encodeRequest({ ...r, proxyAuth: "" })));
      });
      server.onMessage((m) => ws.send(m));
    });
    await page.goto(`chrome-extension://${chromium.extensionId}/rdp.html?tunnel=${tunnelId}`);
    expect(await login(page, RDP_PASSWORD)).toBe("failed");
    expect(await page.getAttribute("#status", "data-kind")).toBe("RDCleanPath");
    expect(await page.getAttribute("#status", "data-http-status")).toBe("401");
    expect(gatewayUrl).toMatch(GATEWAY_URL);

    await page.close();
  });

  it("the right password logs in; the tab shows the server's desktop; pointer and keys reach it", async () => {
    const page = await openTab();
    // The server's whole desktop (1280x800) fits this tab unscaled, so its pixels compare 1:1.
    await page.setViewportSize({ width: 1280, height: 800 });
    const state = await login(page, RDP_PASSWORD);
    expect(state, (await page.textContent("#status")) ?? "").toBe("connected");
    expect(await page.inputValue("#password")).toBe("");
    const points: Array<[number, number]> = [
      [MARK.x + 8, MARK.y + 30],
      [MARK.x + 60, MARK.y + 40],
      [700, 500],
      [20, 700],
    ];
    const serverPng = await runPng(rdp.display);
    const want = await pixels(page, serverPng, points);
    expect(want[0]).toEqual(MARK.rgb);
    // The tab shows the server's screen once its first frames are drawn.
    const got = await until("the tab to show the server's screen", async () => {
      const seen = await pixels(page, await page.screenshot(), points);
      return near(seen, want) ? seen : null;
    });
    expect(near(got, want)).toBe(true);

    // The pointer moves onto a window away from where X starts it (the screen centre; X focus
    // follows the pointer without a window manager), and keys typed in the tab arrive there.
    const keys = spawn("xev", ["-geometry", "300x200+100+400"], {
      env: { PATH: process.env.PATH, DISPLAY: rdp.display },
      stdio: ["ignore", "pipe", "ignore"],
    });
    let seen = "";
    keys.stdout.on("data", (c) => (seen += c));
    try {
      await until("xev's window", () => seen.includes("MapNotify"));
      await page.mouse.move(250, 500);
      await until("the pointer to reach xev's window", () => seen.includes("EnterNotify"));
      await page.keyboard.type("rdp");
      await until("the typed keys on the server", () =>
        ["r", "d", "p"].every((k) =>
          new RegExp(`KeyRelease event[^]*?keysym 0x[0-9a-f]+, ${k}\\)`).test(seen),
        ),
      );
      // Ctrl+V: the V waits for the page's paste event (the local text goes to the server's
      // clipboard first, rdp-tab/input.ts), then reaches the server once, with Control held.
      await page.keyboard.press("Control+KeyV");
      const ctrlV = () => [
        ...seen.matchAll(/KeyPress event[^\n]*\n[^\n]*\n\s*state 0x4, keycode \d+ \(keysym 0x76, v\)/g),
      ];
      await until("Ctrl+V on the server", () => ctrlV().length > 0);
      await until("V's release on the server", () =>
        /KeyRelease event[^\n]*\n[^\n]*\n[^\n]*\(keysym 0x76, v\)/.test(seen),
      );
      expect(ctrlV()).toHaveLength(1);
    } finally {
      keys.kill();
    }
    // FreeRDP's shadow server has no Display Control channel, so the desktop keeps its size and
    // the tab scales it down to fit: the red window is now at half its place.
    await page.setViewportSize({ width: 640, height: 600 });
    const fitted = await until("the desktop scaled to the tab", () =>
      page.$eval("#screen", (c) => {
        const r = (c as HTMLCanvasElement).getBoundingClientRect();
        return r.width === 640 ? [r.width, r.height, (c as HTMLCanvasElement).width] : null;
      }),
    );
    expect(fitted).toEqual([640, 400, 1280]);
    const half = await until("the scaled desktop", async () => {
      const [p] = await pixels(page, await page.screenshot(), [[(MARK.x + 60) / 2, (MARK.y + 40) / 2]]);
      return near([p!], [MARK.rgb]) ? p : null;
    });
    expect(near([half], [MARK.rgb])).toBe(true);
    // While the session runs (its host process and gateway are alive), a web page (an https
    // origin the browser trusts here) tries the ticket's URL, read from the host's log.
    const hostLog = () => fs.readFileSync(path.join(world.env.BASTIONLESS_LOG_DIR!, "host.log"), "utf8");
    const port = [...hostLog().matchAll(/rdp gateway listening[^\n]*"port":(\d+)/g)].at(-1)![1];
    const ticket = [...hostLog().matchAll(/rdp gateway ticket issued[^\n]*"ticket":"([0-9a-f]{32})"/g)].at(
      -1,
    )![1];
    const gatewayUrl = `ws://127.0.0.1:${port}/rdp/${ticket}`;
    const web = await chromium.context.newPage();
    await web.goto(`https://${HOSTILE_HOST}/`);
    const outcome = await web.evaluate(
      (url) =>
        new Promise<string>((resolve) => {
          const ws = new WebSocket(url);
          ws.onopen = () => resolve("open");
          ws.onerror = () => resolve("refused");
        }),
      gatewayUrl,
    );
    expect(outcome).toBe("refused");
    // Refused by the gateway's origin check, not by the browser before it got there.
    expect(hostLog()).toMatch(/rdp gateway refused an upgrade.*"why":"origin"/);
    await web.close();
    await page.click("#disconnect");
    await until("the disconnected state", () =>
      page.$eval("#status", (e) => e.dataset.state === "disconnected"),
    );
    expect(await page.textContent("#connect")).toBe("Reconnect");
    await page.close();
  });
});

/**
 * Same colours within a few levels per channel: the server's bitmap codec and the client's
 * colour conversion are not exact (254,0,0 for 255,0,0 and 1,0,1 for black were seen).
 */
function near(a: number[][], b: number[][]): boolean {
  return a.length === b.length && a.every((p, i) => p.every((v, j) => Math.abs(v - b[i]![j]!) <= 8));
}

/** The server's own screen as PNG bytes (ImageMagick's import reads the X root window). */
function runPng(display: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const p = spawn("import", ["-window", "root", "png:-"], {
      env: { PATH: process.env.PATH, DISPLAY: display },
      stdio: ["ignore", "pipe", "ignore"],
    });
    const chunks: Buffer[] = [];
    p.stdout.on("data", (c) => chunks.push(c));
    p.on("close", (code) =>
      code === 0 ? resolve(Buffer.concat(chunks)) : reject(new Error(`import exited ${code}`)),
    );
  });
}
