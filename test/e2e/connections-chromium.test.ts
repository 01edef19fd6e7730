/**
 * The popup's Connections panel (issue 13) in real Chromium with the real host: saved connections
 * from the user's file and the team file it points at, above the instance list; one click opens a
 * database's tunnel and shows its address to copy (a second click reuses the tunnel), a web UI
 * opens in a new tab at http://127.0.0.1:PORT/, ssh shows its command, a broken entry is shown
 * with its file:line, RDP opens its tunnel (or its desktop in a tab), and a database behind the instance
 * opens through the remote-host document.
 */
import fs from "node:fs";
import path from "node:path";
import type { Request } from "playwright-core";
import { afterEach, expect, it } from "vitest";
import { makeSamlResponse, role } from "../fixtures/saml";
import { openPopup, putSettings, signIn, warmUp } from "../support/browser";
import { type BrowserWorld, startBrowserWorld } from "../support/browser-world";
import { echoThrough, startEchoServer } from "../support/echo";
import { freePort } from "../support/free-port";
import { until } from "../support/until";

let world: BrowserWorld | null = null;
const closers: (() => unknown)[] = [];
afterEach(async () => {
  await world?.close();
  world = null;
  for (const close of closers.splice(0)) await close();
});

const WEB = "i-0a1b2c3d4e5f60718";

it("lists saved connections above the instances and opens each with one click", async () => {
  // orders-rds: a database web-01 reaches by name (an echo server stands in for it).
  const database = await startEchoServer();
  closers.push(() => database.close());
  world = await startBrowserWorld({
    instances: [
      {
        instanceId: WEB,
        name: "web-01",
        platformType: "Windows",
        pingStatus: "Online",
        network: {
          names: { "orders.internal": ["10.0.9.9"] },
          listening: { "10.0.9.9:5432": { host: "127.0.0.1", port: database.port } },
        },
      },
    ],
  });
  const w = world;
  const [webPort, dbPort, rdsPort] = [await freePort(), await freePort(), await freePort()];
  // The team's file, named by the user's own file; entries name the role, not a profile.
  const team = path.join(w.sandbox.dir, "ops", "connections.json");
  fs.mkdirSync(path.dirname(team), { recursive: true });
  const as = '"account": "123456789012", "role": "Admin"';
  fs.writeFileSync(
    team,
    [
      '{ "version": 1, "connections": [',
      `  { "name": "grafana", ${as}, "target": "web-01", "kind": "port", "port": 3000, "localPort": ${webPort}, "open": "browser" },`,
      `  { "name": "orders-db", ${as}, "target": "${WEB}", "kind": "port", "port": 5432, "localPort": ${dbPort} },`,
      `  { "name": "orders-rds", ${as}, "target": "web-01", "kind": "remote-host", "remote": "orders.internal:5432", "localPort": ${rdsPort} },`,
      `  { "name": "build-1", ${as}, "target": "${WEB}", "kind": "ssh" },`,
      `  { "name": "broken", ${as}, "target": "web-01", "kind": "port" },`,
      `  { "name": "jump-rdp", ${as}, "target": "web-01", "kind": "rdp", "rdp": { "screen": "full" } }`,
      "] }",
    ].join("\n"),
  );
  const configDir = w.env.BASTIONLESS_CONFIG_DIR!;
  fs.mkdirSync(configDir, { recursive: true, mode: 0o700 });
  fs.writeFileSync(path.join(configDir, "connections.json"), JSON.stringify({ version: 1, team }));

  await putSettings(w.chromium, { launchRdp: false });
  await warmUp(w.chromium);
  await signIn(w.chromium, w.idp, {
    samlResponse: makeSamlResponse({ roles: [role("123456789012", "Admin")] }).base64,
  });
  const popup = await openPopup(w.chromium);
  const open = (name: string) => `#connections li[data-connection='${name}'] button:not([disabled])`;
  await popup.waitForSelector(open("orders-db"), { timeout: 20_000 });
  await popup.waitForSelector(`#instances li[data-instance='${WEB}']`, { timeout: 20_000 });

  // Above the instance list; every usable entry listed, the broken one as a problem at its line.
  expect(
    await popup.evaluate(() =>
      [...document.querySelectorAll("main > section:not([hidden])")].map((s) => s.id),
    ),
  ).toEqual(expect.arrayContaining(["connections", "instances"]));
  expect(
    await popup.evaluate(
      () =>
        document
          .getElementById("connections")!
          .compareDocumentPosition(document.getElementById("instances")!) & Node.DOCUMENT_POSITION_FOLLOWING,
    ),
  ).toBeTruthy();
  expect(
    await popup
      .locator("#connections li[data-connection]")
      .evaluateAll((l) => l.map((e) => e.getAttribute("data-connection"))),
  ).toEqual(["grafana", "orders-db", "orders-rds", "build-1", "jump-rdp"]);
  const problem = popup.locator("#connections li.problem[data-code='CONNECTION_INVALID']");
  expect(await problem.textContent()).toBe(`${team}:6:3 broken"port" is needed for kind "port"`);

  // A database: the tunnel opens, the address is shown to copy; a second click reuses the tunnel.
  const startsFor = (port: string) =>
    w.ssm.calls.filter(
      (c) => c.action === "StartSession" && JSON.stringify(c.body).includes(`"portNumber":["${port}"]`),
    );
  await popup.click(open("orders-db"));
  const address = popup.locator("[data-testid=connection-address]");
  await address.waitFor({ timeout: 30_000 });
  expect(await address.textContent()).toBe(`127.0.0.1:${dbPort}`);
  expect(await echoThrough(dbPort, "select 1")).toBe("select 1");
  await popup.waitForSelector(
    `#tunnels li[data-state='open'] [data-testid=tunnel-address]:text("127.0.0.1:${dbPort}")`,
  );
  await popup.click(open("orders-db"));
  await popup.waitForSelector(open("orders-db"));
  expect(startsFor("5432")).toHaveLength(1);
  await w.chromium.context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await popup.click("#connections [data-testid=connection-opened] button");
  await until(
    "the Copied mark",
    async () =>
      (await popup.locator("#connections [data-testid=connection-opened] button").textContent()) === "Copied",
  );
  expect(await popup.evaluate(() => navigator.clipboard.readText())).toBe(`127.0.0.1:${dbPort}`);

  // A web UI: the extension opens a tab at the tunnel's loopback URL.
  const url = `http://127.0.0.1:${webPort}/`;
  const landed = w.chromium.context.waitForEvent("request", {
    predicate: (r: Request) => r.url() === url,
    timeout: 30_000,
  });
  await popup.click(open("grafana"));
  expect((await landed).isNavigationRequest()).toBe(true);
  expect(startsFor("3000")).toHaveLength(1);

  // ssh needs a terminal: the popup shows the command.
  await popup.click(open("build-1"));
  const command = popup.locator("[data-testid=connection-command]");
  await command.waitFor({ timeout: 30_000 });
  expect(await command.textContent()).toBe("bastionless connect build-1");

  // RDP: the tunnel to 3389 (the options here turn the client off, as for Connect (RDP)).
  await popup.click(open("jump-rdp"));
  await until("the RDP tunnel", () => startsFor("3389").length === 1);
  await popup.waitForSelector("#tunnels li[data-state='open']:nth-child(3)", { timeout: 30_000 });

  // Or the desktop in a tab: the RDP page opens the connection itself (test/e2e/rdp-browser-tab.test.ts logs in).
  const [tab] = await Promise.all([
    w.chromium.context.waitForEvent("page"),
    popup.click("[data-key='open-connection-tab-jump-rdp']"),
  ]);
  await tab.waitForLoadState();
  expect(new URL(tab.url()).pathname).toBe("/rdp.html");
  expect(new URL(tab.url()).searchParams.get("connection")).toBe("jump-rdp");
  await tab.close();

  // A database behind the instance: the remote-host document, its address to copy.
  await popup.click(open("orders-rds"));
  await popup.waitForSelector(`[data-testid=connection-address]:text("127.0.0.1:${rdsPort}")`, {
    timeout: 30_000,
  });
  expect(await echoThrough(rdsPort, "select 2")).toBe("select 2");
  const remote = w.ssm.calls.filter(
    (c) =>
      c.action === "StartSession" && c.body.DocumentName === "AWS-StartPortForwardingSessionToRemoteHost",
  );
  expect(remote.map((c) => c.body.Parameters)).toEqual([
    expect.objectContaining({ host: ["orders.internal"], portNumber: ["5432"] }),
  ]);
  expect(w.ssm.calls.filter((c) => c.action === "StartSession")).toHaveLength(4);
});
