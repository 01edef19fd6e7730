/**
 * A tunnel carrying RDP outlives its credentials (issue 12): real Chromium renews a profile whose
 * STS keys live 45 s (a pasted source, taught its profile by one Renew now, then the schedule), the keys the tunnel started with expire (the fake SSM refuses them as AWS
 * does, ExpiredTokenException), then the service closes the websocket with 1000 "Bye" on an
 * explicit call. The tunnel resumes with ResumeSession signed by the renewed keys, and the FreeRDP
 * session that was logged in through it with NLA before the Bye is still up and still gets the
 * server's screen updates afterwards.
 */
import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { afterEach, expect, it } from "vitest";
import { role } from "../fixtures/saml";
import { openPopup, putSettings, warmUp } from "../support/browser";
import { type BrowserWorld, startBrowserWorld } from "../support/browser-world";
import { RDP_PASSWORD, RDP_USER, type RdpTarget, startRdpTarget, startXvfb } from "../support/rdp-target";
import { runHost } from "../support/tunnel-world";
import { until } from "../support/until";

let world: BrowserWorld | null = null;
let rdp: RdpTarget | null = null;
const children: ChildProcess[] = [];
afterEach(async () => {
  for (const c of children.splice(0).reverse()) if (c.exitCode === null) c.kill("SIGKILL");
  await world?.close();
  world = null;
  rdp?.close();
  rdp = null;
});

const ADMIN = role("123456789012", "Admin");
const PROFILE = "123456789012-Admin";
const INSTANCE = "i-0a1b2c3d4e5f60789";
const APP_ID = "5d2e8f1a-3c4b-4d6e-9f0a-1b2c3d4e5f6a";
const LIFETIME_S = 45;

const credentials = (w: BrowserWorld) => fs.readFileSync(w.sandbox.credentialsFile, "utf8");
const keyOf = (text: string) =>
  new RegExp(`\\[${PROFILE}\\][^[]*?aws_access_key_id = (\\S+)`).exec(text)?.[1] ?? null;
const expiryOf = (text: string) =>
  Date.parse(new RegExp(`\\[${PROFILE}\\][^[]*?x_security_token_expires = (\\S+)`).exec(text)?.[1] ?? "");
const ssmCalls = (w: BrowserWorld, action: string) => w.ssm.calls.filter((c) => c.action === action);

it("keeps an RDP session up across credential expiry and a 1000 Bye, resuming with the renewed keys", async () => {
  const display = await startXvfb(children);
  process.env.DISPLAY = display;
  rdp = await startRdpTarget();
  world = await startBrowserWorld({
    sts: { lifetimeSeconds: LIFETIME_S },
    headless: false,
    ssmChecksKeys: true,
    instances: [
      {
        instanceId: INSTANCE,
        name: "rdp-box",
        platformType: "Windows",
        pingStatus: "Online",
        destination: { host: "127.0.0.1", port: rdp.port },
      },
    ],
  });
  const w = world;
  await putSettings(w.chromium, { renewalFloorSeconds: 10, renewalTimeoutSeconds: 30, launchRdp: false });
  await warmUp(w.chromium);
  const launchUrl = w.idp.entra.addApp({
    appId: APP_ID,
    roles: [ADMIN],
    sessionName: "dana@contoso.example",
  });

  // The user signs in once through the app's launch; renewal on, with the launch URL as its source.
  const user = await w.chromium.context.newPage();
  await user.goto(launchUrl);
  const signIn = await until("the sign-in tab", () =>
    w.chromium.context.pages().find((p) => p.url().startsWith("https://login.microsoftonline.com/")),
  );
  await signIn.waitForSelector("#idSIButton9");
  await signIn.click("#idSIButton9");
  await until("the first profile", () => fs.existsSync(w.sandbox.credentialsFile) && keyOf(credentials(w)));
  const options = await w.chromium.context.newPage();
  await options.goto(`chrome-extension://${w.chromium.extensionId}/options.html`);
  await options.waitForSelector("#renewal[data-ready]");
  await options.evaluate(() => chrome.runtime.sendMessage({ type: "renewal-enable", enabled: true }));
  await options.fill("#renewal-url", launchUrl);
  await options.fill("#renewal-name", "AWS production");
  await options.click("#renewal-add");
  await options.waitForSelector("#renewal-sources li[data-source]");
  await options.close();
  // A pasted source learns its profiles from a sign-in through it: Renew now, once (docs/renewal.md).
  const k0 = keyOf(credentials(w));
  const popup = await openPopup(w.chromium);
  await popup.click("#renewal li[data-source] button[data-key^='renew-']");
  await until("the profile renewed now", () => keyOf(credentials(w)) !== k0);
  await popup.close();

  // The tunnel, started with the first keys.
  const first = credentials(w);
  const k1 = keyOf(first)!;
  const opened = await runHost(["rdp", INSTANCE, "--profile", PROFILE, "--no-launch", "--json"], w.env);
  expect(opened.code, opened.stderr).toBe(0);
  const tunnel = JSON.parse(opened.stdout) as { id: string; sessionId: string; localPort: number };
  expect(ssmCalls(w, "StartSession").map((c) => c.accessKeyId)).toEqual([k1]);
  const info = () => w.sessions.session(tunnel.sessionId)!;

  // What an NLA login alone costs, so that the long session below is known to be past it.
  const auth = await rdp.authOnly(tunnel.localPort);
  expect(auth.code, auth.out).toBe(0);
  await until("the auth-only stream closed", () => info().counts.openStreams === 0);
  const authBytes = info().counts.bytesFromDestination;

  // A long-lived FreeRDP session through the tunnel (its window on the browser's X server, so the
  // shadowed screen does not show itself).
  const client = spawn(
    "xfreerdp",
    [
      `/v:127.0.0.1:${tunnel.localPort}`,
      `/u:${RDP_USER}`,
      `/p:${RDP_PASSWORD}`,
      "/cert:ignore",
      "/size:640x480",
    ],
    {
      env: { PATH: process.env.PATH, HOME: path.join(rdp.dir, "client-home"), DISPLAY: display },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  children.push(client);
  let clientOut = "";
  client.stdout!.on("data", (c) => (clientOut += c));
  client.stderr!.on("data", (c) => (clientOut += c));
  await until("the RDP session past NLA", () => {
    if (client.exitCode !== null) throw new Error(`xfreerdp exited (${client.exitCode}): ${clientOut}`);
    return info().counts.openStreams === 1 && info().counts.bytesFromDestination > 2 * authBytes;
  });

  // Renewal rewrites the profile before the first keys expire, with no user action.
  await until("the renewed profile", () => keyOf(credentials(w)) !== k1);
  expect(Date.now()).toBeLessThan(expiryOf(first));
  // Then the keys the tunnel started with expire.
  await until("the first keys expired", () => Date.now() > expiryOf(first));

  // The service says Bye; the tunnel resumes with whatever keys the profile holds now.
  const resumesBefore = ssmCalls(w, "ResumeSession").length;
  w.sessions.disconnect(tunnel.sessionId);
  await until("the reconnected websocket", () => info().counts.connections === 2);
  expect(info().counts.byes).toBe(1);
  const resumes = ssmCalls(w, "ResumeSession").slice(resumesBefore);
  expect(resumes).toHaveLength(1);
  expect(resumes[0]!.body).toEqual({ SessionId: tunnel.sessionId });
  expect(resumes[0]!.accessKeyId).not.toBe(k1);
  const renewedKeys = w.sts.calls.flatMap((c) => (c.credentials ? [c.credentials.accessKeyId] : []));
  expect(renewedKeys.indexOf(resumes[0]!.accessKeyId!)).toBeGreaterThan(renewedKeys.indexOf(k1));
  expect(ssmCalls(w, "StartSession")).toHaveLength(1);

  // The RDP session is the same one and the server's updates still reach it: a window drawn on
  // the shadowed screen puts more bytes on its stream.
  expect(client.exitCode).toBeNull();
  expect(info().counts.openStreams).toBe(1);
  const before = info().counts.bytesFromDestination;
  const message = spawn("xmessage", ["-center", "renewed"], {
    env: { PATH: process.env.PATH, DISPLAY: rdp.display },
    stdio: "ignore",
  });
  children.push(message);
  await until("screen updates after the resume", () => info().counts.bytesFromDestination > before);
  expect(client.exitCode).toBeNull();
  // And a new NLA login through the resumed tunnel still succeeds.
  const again = await rdp.authOnly(tunnel.localPort);
  expect(again.code, again.out).toBe(0);
  const list = JSON.parse((await runHost(["tunnels", "--json"], w.env)).stdout).tunnels;
  expect(list).toMatchObject([{ id: tunnel.id, state: "open" }]);
});
