/**
 * `npm run demo`: the whole journey on this machine, with a local AWS stand-in and a local
 * Windows-like RDP target, in real Chromium with the extension and the installed host:
 * captured → profile written → instances listed → Connect → port open → RDP authenticated → stopped.
 * Each step prints its timing; popup screenshots are saved and their paths printed. Nothing is
 * left running: the browser, the fakes, the RDP server and the tunnel service all end.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import type { Page } from "playwright-core";
import { makeSamlResponse, role } from "../test/fixtures/saml";
import {
  connectFromPopup,
  extensionState,
  openPopup,
  signIn,
  stopFromPopup,
  warmUp,
} from "../test/support/browser";
import { type BrowserWorld, startBrowserWorld } from "../test/support/browser-world";
import { echoThrough } from "../test/support/echo";
import { missingRdpTools, type RdpTarget, startRdpTarget } from "../test/support/rdp-target";
import { refused } from "../test/support/tunnel-rig";

const ROOT = path.resolve(__dirname, "..");
const OUT = path.join(ROOT, "dist", "demo");
const INSTANCE = "i-0d3e4a5b6c7d8e9f0";
const rows: Array<{ step: string; ms: number; detail: string }> = [];
const shots: string[] = [];

async function step<T>(name: string, fn: () => Promise<T>, detail: (v: T) => string = () => ""): Promise<T> {
  const t0 = performance.now();
  const value = await fn();
  const ms = performance.now() - t0;
  rows.push({ step: name, ms, detail: detail(value) });
  console.log(`  ✔ ${name.padEnd(20)} ${ms.toFixed(0).padStart(6)} ms  ${detail(value)}`);
  return value;
}

async function shot(page: Page, name: string): Promise<void> {
  const file = path.join(OUT, `${String(shots.length + 1).padStart(2, "0")}-${name}.png`);
  await page.screenshot({ path: file });
  shots.push(file);
}

function systemPackages(): void {
  const r = spawnSync("bash", [path.join(ROOT, "scripts/install-system-deps.sh")], { stdio: "inherit" });
  if (r.status !== 0 && !fs.existsSync("/usr/bin/chromium")) {
    throw new Error(
      "Chromium is needed for the demo: run the apt-get command above, then `npm run demo` again.",
    );
  }
}

/** The tunnel service removes its socket when it exits, a few seconds after the last tunnel. */
async function waitForServiceExit(world: BrowserWorld): Promise<boolean> {
  const socket = path.join(world.env.BASTIONLESS_RUNTIME_DIR!, "tunnels.sock");
  for (let i = 0; i < 100 && fs.existsSync(socket); i++) await new Promise((r) => setTimeout(r, 100));
  return !fs.existsSync(socket);
}

async function journey(world: BrowserWorld, rdp: RdpTarget | null): Promise<void> {
  const c = world.chromium;
  await warmUp(c);
  const samlResponse = makeSamlResponse({
    roles: [role("123456789012", "WindowsAdmins")],
    sessionName: "dana@contoso.example",
  }).base64;
  await step(
    "captured",
    async () => {
      await signIn(c, world.idp, { samlResponse });
      for (;;) {
        const s = await extensionState(c);
        if (s.lastSignIn) return s.lastSignIn;
        await new Promise((r) => setTimeout(r, 25));
      }
    },
    (s) => `SAML POST to ${s.url} for ${s.sessionName}`,
  );
  const popup = await openPopup(c);
  await step(
    "profile written",
    async () => {
      await popup.waitForSelector("#profiles tr[data-profile='123456789012-WindowsAdmins']", {
        timeout: 20_000,
      });
    },
    () => `[123456789012-WindowsAdmins] in ${world.sandbox.credentialsFile}`,
  );
  await shot(popup, "profile-written");
  await step(
    "instances listed",
    () => popup.waitForSelector(`#instances li[data-instance='${INSTANCE}']`, { timeout: 20_000 }),
    () => `${INSTANCE} (win-demo-01) via SSM DescribeInstanceInformation`,
  );
  await shot(popup, "instances");
  const port = await step(
    "Connect",
    () => connectFromPopup(popup, INSTANCE),
    (p) => `tunnel open on 127.0.0.1:${p}`,
  );
  await step(
    "port open",
    async () => {
      if (await refused(port)) throw new Error(`127.0.0.1:${port} does not accept connections`);
    },
    () => `127.0.0.1:${port} accepts TCP`,
  );
  if (rdp) {
    await step(
      "RDP authenticated",
      async () => {
        const r = await rdp.authOnly(port);
        if (r.code !== 0) throw new Error(`xfreerdp +auth-only failed (${r.code}): ${r.out.slice(-400)}`);
      },
      () => "xfreerdp +auth-only with NLA through the tunnel",
    );
  } else {
    await step(
      "bytes echoed",
      async () => {
        const data = "hello through the tunnel";
        if ((await echoThrough(port, data)) !== data)
          throw new Error("the echo target answered different bytes");
      },
      () => "TCP echo target (FreeRDP not installed)",
    );
  }
  await popup
    .waitForFunction(
      () => !(document.querySelector("#tunnels li")?.textContent ?? "").includes("↓ 0 B"),
      null,
      { timeout: 10_000 },
    )
    .catch(() => {});
  await shot(popup, "tunnel-open");
  await step(
    "stopped",
    async () => {
      await stopFromPopup(popup);
      if (!(await refused(port))) throw new Error(`127.0.0.1:${port} still accepts after Stop`);
    },
    () => "SSM session terminated, port closed",
  );
  await shot(popup, "stopped");
}

async function main(): Promise<void> {
  console.log("bastionless demo: Entra-shaped sign-in → AWS CLI profile → RDP over SSM, all local.\n");
  systemPackages();
  fs.rmSync(OUT, { recursive: true, force: true });
  fs.mkdirSync(OUT, { recursive: true });
  const missing = missingRdpTools();
  const rdp = missing.length ? null : await startRdpTarget();
  console.log(
    rdp
      ? `RDP target: FreeRDP shadow server with NLA on 127.0.0.1:${rdp.port}`
      : `RDP target: a TCP echo server (missing ${missing.join(", ")}; run scripts/install-system-deps.sh as root for real RDP)`,
  );
  const headless = !process.env.DISPLAY;
  console.log(
    `Chromium: ${headless ? "headless (no DISPLAY)" : `on DISPLAY ${process.env.DISPLAY}`}; AWS: local stand-ins; host: installed with \`bastionless install\`\n`,
  );
  const instance = {
    instanceId: INSTANCE,
    name: "win-demo-01",
    platformType: "Windows" as const,
    platformName: "Microsoft Windows Server 2022 Datacenter",
    pingStatus: "Online" as const,
  };
  let world: BrowserWorld | null = null;
  try {
    world = await startBrowserWorld({
      headless,
      instances: [rdp ? { ...instance, destination: { host: "127.0.0.1", port: rdp.port } } : instance],
    });
    await journey(world, rdp);
    const clean = await waitForServiceExit(world);
    console.log(
      `\n  total ${rows.reduce((a, r) => a + r.ms, 0).toFixed(0)} ms over ${rows.length} steps; tunnel service ${clean ? "exited" : "STILL RUNNING"}`,
    );
    console.log("\nScreenshots of the popup:");
    for (const s of shots) console.log(`  ${path.relative(process.cwd(), s)}`);
    fs.writeFileSync(path.join(OUT, "steps.json"), `${JSON.stringify(rows, null, 2)}\n`);
    if (!clean) process.exitCode = 1;
  } finally {
    await world?.close();
    rdp?.close();
  }
}

main().catch((err) => {
  console.error(`\ndemo failed: ${(err as Error).message}`);
  process.exitCode = 1;
});
