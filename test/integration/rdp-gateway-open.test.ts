/**
 * rdp.gateway.open through the built host over real stdin/stdout, with tunnels from the fake
 * Session Manager world: a ticket only for an open tunnel to 3389, and the gateway it names
 * admits only the calling extension's origin (docs/rdp-in-browser.md).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { FIREFOX_EXTENSION_IDS } from "../../contract/extension-ids";
import { GATEWAY_URL } from "../../contract/gateway-ticket";
import { decodePdu, encodeRequest } from "../../native-host/src/rdp-gateway/rdcleanpath-pdu";
import { allowCaller, HostProcess, TEST_ORIGIN } from "../support/host-process";
import { X224_REQUEST } from "../support/rdcleanpath-vectors";
import { RDP_INSTANCE, startTunnelWorld, type TunnelWorld } from "../support/tunnel-world";

let world: TunnelWorld;
let host: HostProcess;
let rdpTunnel: string;
let otherTunnel: string;

beforeAll(async () => {
  world = await startTunnelWorld({
    instances: [{ instanceId: RDP_INSTANCE, name: "box", ports: { 22: { host: "127.0.0.1", port: 9 } } }],
    idleMs: 60_000,
  });
  const open = async (args: string[]) => {
    const r = await world.cli([...args, "--profile", "rdp-test", "--local-port", "0", "--json"]);
    expect(r.code, r.stderr).toBe(0);
    return JSON.parse(r.stdout).id as string;
  };
  rdpTunnel = await open(["rdp", RDP_INSTANCE, "--no-launch"]);
  otherTunnel = await open(["forward", RDP_INSTANCE, "--remote-port", "22"]);
  host = new HostProcess([TEST_ORIGIN], allowCaller({ ...world.env }));
});
afterAll(async () => {
  await host?.close();
  await world?.close();
});

function upgradeStatus(url: string, origin: string): Promise<number> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, { headers: { Origin: origin } });
    ws.on("unexpected-response", (_q, res) => resolve(res.statusCode ?? 0));
    ws.on("open", () => {
      ws.close();
      resolve(101);
    });
    ws.on("error", () => {});
  });
}

describe("rdp.gateway.open", () => {
  it("gives a loopback ticket for an open RDP tunnel; the gateway admits only the caller's origin", async () => {
    const reply = await host.request(1, "rdp.gateway.open", { tunnelId: rdpTunnel });
    expect(reply.ok, JSON.stringify(reply)).toBe(true);
    const { url, secret, destination } = reply.result;
    expect(url).toMatch(GATEWAY_URL);
    expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(destination).toBe(`${RDP_INSTANCE}:3389`);
    expect(await upgradeStatus(url, "chrome-extension://pppppppppppppppppppppppppppppppp")).toBe(403);
    expect(await upgradeStatus(url, TEST_ORIGIN)).toBe(403); // with the trailing slash: not an Origin
    expect(await upgradeStatus(url, TEST_ORIGIN.replace(/\/$/, ""))).toBe(101);
    // A second ticket has its own secret; the first one's does not open it.
    const second = (await host.request(2, "rdp.gateway.open", { tunnelId: rdpTunnel })).result;
    expect(second.secret).not.toBe(secret);
    const answer = await new Promise<Buffer>((resolve) => {
      const ws = new WebSocket(second.url, { headers: { Origin: TEST_ORIGIN.replace(/\/$/, "") } });
      ws.on("open", () =>
        ws.send(
          encodeRequest({
            destination,
            proxyAuth: secret,
            preconnectionBlob: null,
            x224ConnectionRequest: X224_REQUEST,
          }),
        ),
      );
      ws.on("message", (d: Buffer) => resolve(d));
    });
    expect(decodePdu(answer).error).toEqual({ errorCode: 1, httpStatusCode: 403 });
  });

  it("refuses an unknown tunnel and a tunnel to another port", async () => {
    expect(await host.request(3, "rdp.gateway.open", { tunnelId: "nosuchtunnel" })).toMatchObject({
      ok: false,
      error: { code: "TUNNEL_NOT_FOUND" },
    });
    expect(await host.request(4, "rdp.gateway.open", { tunnelId: otherTunnel })).toMatchObject({
      ok: false,
      error: { code: "RDP_TUNNEL_NOT_OPEN" },
    });
    expect(await host.request(5, "rdp.gateway.open", { tunnelId: "../x" })).toMatchObject({
      ok: false,
      error: { code: "BAD_REQUEST" },
    });
  });

  it("a Chromium caller may not name another page origin", async () => {
    const reply = await host.request(6, "rdp.gateway.open", { tunnelId: rdpTunnel, pageOrigin: MOZ_PAGE });
    expect(reply).toMatchObject({ ok: false, error: { code: "RDP_GATEWAY_ORIGIN_INVALID" } });
  });

  it("the host still exits when the browser closes its stdin, though its gateway listens", async () => {
    expect(await host.close()).toBe(0);
  });
});

/** A Firefox page origin: the add-on's per-install UUID, which only the extension knows. */
const MOZ_PAGE = "moz-extension://5c0f1b0e-6a51-4d57-9d35-b1a5710e55aa";

describe("rdp.gateway.open from Firefox (the host is given the add-on id, not the page origin)", () => {
  let firefox: HostProcess;
  beforeAll(() => {
    // Firefox starts the host with the host manifest's path and the add-on id (MDN, Native manifests).
    firefox = new HostProcess(
      ["/home/u/.mozilla/native-messaging-hosts/x.json", FIREFOX_EXTENSION_IDS[0]!],
      allowCaller({ ...world.env }, FIREFOX_EXTENSION_IDS[0]!),
    );
  });
  afterAll(async () => {
    await firefox?.close();
  });

  it("an extension that does not say its page origin is refused as before", async () => {
    expect(await firefox.request(1, "rdp.gateway.open", { tunnelId: rdpTunnel })).toMatchObject({
      ok: false,
      error: { code: "RDP_GATEWAY_BROWSER_UNSUPPORTED" },
    });
  });

  it("the page origin it says is the only one the gateway admits", async () => {
    const reply = await firefox.request(2, "rdp.gateway.open", { tunnelId: rdpTunnel, pageOrigin: MOZ_PAGE });
    expect(reply.ok, JSON.stringify(reply)).toBe(true);
    const { url } = reply.result;
    expect(url).toMatch(GATEWAY_URL);
    expect(await upgradeStatus(url, "moz-extension://00000000-0000-4000-8000-000000000000")).toBe(403);
    expect(await upgradeStatus(url, TEST_ORIGIN.replace(/\/$/, ""))).toBe(403);
    expect(await upgradeStatus(url, MOZ_PAGE)).toBe(101);
  });

  it.each([
    `${MOZ_PAGE}/`,
    "https://evil.example",
    MOZ_PAGE.toUpperCase(),
    "moz-extension://bastionless@bastionless.dev",
  ])("refuses a page origin that is not a moz-extension origin: %s", async (pageOrigin) => {
    expect(await firefox.request(3, "rdp.gateway.open", { tunnelId: rdpTunnel, pageOrigin })).toMatchObject({
      ok: false,
      error: { code: "BAD_REQUEST" },
    });
  });
});
