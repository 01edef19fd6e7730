import { afterEach, describe, expect, it, vi } from "vitest";
import type { HostEvent } from "../../contract/events";
import { HostConnection } from "../../extension/src/background/host-connection";
import { errorFromDisconnect, installCommand } from "../../extension/src/background/host-errors";
import { HostLink } from "../../extension/src/background/host-link";
import { FakeHostPort, type HostScript } from "../support/browser-ext-fakes";

const CHROME = { browser: "chrome" as const, extensionId: "kokbnelligicogechcoofickipeemloj" };

function link(script: HostScript, opts: { refuse?: string; events?: HostEvent[]; lost?: string[] } = {}) {
  const ports: FakeHostPort[] = [];
  const hellos: string[] = [];
  const host = new HostLink({
    connect: () => {
      const p = new FakeHostPort(script, opts.refuse ?? null);
      ports.push(p);
      return p;
    },
    disconnectReason: (p) => (p as FakeHostPort).error?.message ?? null,
    target: CHROME,
    onHello: (h) => void hellos.push(h.state),
    onEvent: (e) => void opts.events?.push(e),
    onLost: (e) => void opts.lost?.push(e.code),
    now: () => 0,
    setTimer: (fn, ms) => setTimeout(fn, ms),
    clearTimer: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
    lingerMs: 20,
  });
  return { host, ports, hellos };
}

afterEach(() => vi.useRealTimers());

describe("host link", () => {
  it("says hello first, reuses one host process for a burst, closes it when idle", async () => {
    const { host, ports, hellos } = link({
      "profiles.list": () => ({ profiles: [] }),
      "tunnel.list": () => ({ tunnels: [] }),
    });
    await Promise.all([host.call("profiles.list", {}), host.call("tunnel.list", {})]);
    expect(ports).toHaveLength(1);
    expect(ports[0]!.requests.map((r) => r.type)).toEqual(["hello", "profiles.list", "tunnel.list"]);
    expect(hellos).toEqual(["ok"]);
    await new Promise((r) => setTimeout(r, 60));
    expect(ports[0]!.disconnected).toBe(true);
    await host.call("profiles.list", {});
    expect(ports).toHaveLength(2);
  });

  it("stays open while kept for events, and reports a lost host", async () => {
    const events: HostEvent[] = [];
    const lost: string[] = [];
    const { host, ports } = link({ "tunnel.list": () => ({ tunnels: [] }) }, { events, lost });
    host.keep("tunnels", true);
    await host.call("tunnel.list", {});
    await new Promise((r) => setTimeout(r, 60));
    expect(ports[0]!.disconnected).toBe(false);
    const t = {
      id: "t1",
      target: "i-0123456789abcdef0",
      instanceName: null,
      profile: "saml",
      region: "eu-west-1",
      sessionId: "s",
      localPort: 13389,
      remotePort: 3389,
      state: "open",
      bytesIn: 1,
      bytesOut: 2,
      connections: 1,
      since: "2026-11-28T12:00:00Z",
      lastError: null,
      accountId: null,
      roleArn: null,
      accountAlias: null,
      platformType: null,
      remoteHost: null,
    };
    ports[0]!.emit({ event: "tunnel.changed", tunnel: t });
    ports[0]!.emit({ event: "tunnel.changed", tunnel: { ...t, state: "exploded" } });
    ports[0]!.emit({ event: "tunnel.changed" });
    expect(events).toEqual([{ event: "tunnel.changed", tunnel: t }]);
    ports[0]!.drop("Native host has exited.");
    expect(lost).toEqual(["HOST_EXITED"]);
    host.keep("tunnels", false);
  });

  it("turns a missing, foreign or broken host into coded errors with the command to run", async () => {
    const missing = link({}, { refuse: "Specified native messaging host not found." });
    await expect(missing.host.call("profiles.list", {})).rejects.toMatchObject({
      code: "HOST_NOT_INSTALLED",
      command: "bastionless install",
    });
    const firefox = errorFromDisconnect("No such native application com.bastionless.host", {
      browser: "firefox",
      extensionId: "bastionless@bastionless.dev",
    });
    expect(firefox).toMatchObject({
      code: "HOST_NOT_INSTALLED",
      command: "bastionless install --browser firefox",
    });
    expect(
      errorFromDisconnect("Access to the specified native messaging host is forbidden.", CHROME).code,
    ).toBe("HOST_FORBIDDEN");
    expect(
      errorFromDisconnect("Error when communicating with the native messaging host.", CHROME),
    ).toMatchObject({ code: "HOST_FAILED", command: "bastionless doctor" });
    expect(installCommand({ browser: "chrome", extensionId: "abcdefghijklmnopabcdefghijklmnop" })).toBe(
      "bastionless install --extension-id abcdefghijklmnopabcdefghijklmnop",
    );
  });

  it("refuses a host with another protocol or without a capability", async () => {
    const old = link({
      hello: () => ({
        name: "bastionless",
        version: "0.0.1",
        protocol: 0,
        capabilities: ["hello"],
        platform: "linux",
      }),
    });
    await expect(old.host.call("profiles.list", {})).rejects.toMatchObject({ code: "HOST_OUTDATED" });
    expect(old.hellos).toEqual(["outdated"]);
    const partial = link({
      hello: () => ({
        name: "bastionless",
        version: "0.1.0",
        protocol: 1,
        capabilities: ["hello", "saml.inspect", "some.future.type"],
        platform: "linux",
      }),
    });
    await expect(
      partial.host.call("tunnel.start", { profile: "p", target: "i-0123456789abcdef0" }),
    ).rejects.toMatchObject({ code: "HOST_OUTDATED", message: expect.stringContaining("no tunnel.start") });
  });

  it("keeps the host's code and hint, and refuses malformed answers", async () => {
    const { host } = link({
      "credentials.assume": () => ({
        error: { code: "STS_REFUSED", message: "No.", hint: "Sign in again." },
      }),
      "profiles.list": () => ({ profiles: [{ profile: 42 }] }),
      "tunnel.list": () => "nonsense",
      "instances.list": () => ({ error: { code: "<script>", message: 5 } }),
    });
    await expect(host.call("credentials.assume", { samlResponse: "x" })).rejects.toMatchObject({
      code: "STS_REFUSED",
      hint: "Sign in again.",
    });
    await expect(host.call("profiles.list", {})).rejects.toMatchObject({
      code: "HOST_BAD_REPLY",
      message: expect.stringContaining("result.profiles[0].profile"),
    });
    await expect(host.call("tunnel.list", {})).rejects.toMatchObject({ code: "HOST_BAD_REPLY" });
    await expect(host.call("instances.list", { profile: "p" })).rejects.toMatchObject({
      code: "HOST_ERROR",
      message: "The bastionless helper reported an error.",
    });
  });

  it("times out a request the host never answers, and maps an id-less refusal", async () => {
    vi.useFakeTimers();
    const port = new FakeHostPort({ "instances.list": () => new Promise(() => {}) });
    const conn = new HostConnection({
      port,
      disconnectReason: () => null,
      target: CHROME,
      onEvent: () => {},
      onClose: () => {},
      setTimer: (f, ms) => setTimeout(f, ms),
      clearTimer: (h) => clearTimeout(h as number),
    });
    const slow = conn.request("instances.list", { profile: "p" });
    const caught = slow.catch((e) => e);
    await vi.advanceTimersByTimeAsync(60_001);
    expect(await caught).toMatchObject({ code: "HOST_TIMEOUT" });
    vi.useRealTimers();

    const p2 = new FakeHostPort({ "profiles.list": () => new Promise(() => {}) });
    const closed: Array<string | null> = [];
    const c2 = new HostConnection({
      port: p2,
      disconnectReason: () => null,
      target: CHROME,
      onEvent: () => {},
      onClose: (e) => void closed.push(e?.code ?? null),
      setTimer: (f, ms) => setTimeout(f, ms),
      clearTimer: (h) => clearTimeout(h as number),
    });
    const pending = c2.request("profiles.list", {});
    p2.emit({
      id: null,
      ok: false,
      error: { code: "ORIGIN_NOT_ALLOWED", message: "Not installed for you.", hint: "Run install." },
    });
    await expect(pending).rejects.toMatchObject({
      code: "ORIGIN_NOT_ALLOWED",
      command: "bastionless install",
    });
    expect(closed).toEqual(["ORIGIN_NOT_ALLOWED"]);
    await expect(c2.request("profiles.list", {})).rejects.toMatchObject({ code: "ORIGIN_NOT_ALLOWED" });
  });
});
