/**
 * `bastionless forward TARGET --to HOST:PORT` (issue 13): AWS-StartPortForwardingSessionToRemoteHost
 * to a TCP service behind the fake agent, in mux and basic mode; the local refusal of a loopback
 * host; and the agent's refusal of a host that resolves to the instance itself, reaching the
 * user as codes. The fake agent checks the host as amazon-ssm-agent's port.go validateParameters
 * does (test/fakes/session-manager/agent-remote-host.ts).
 */
import net from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import type { TunnelInfo } from "../../contract/tunnel-info";
import { subscribeTunnels } from "../support/tunnel-events";
import { RDP_INSTANCE, startTunnelWorld, type TunnelWorld } from "../support/tunnel-world";

const worlds: TunnelWorld[] = [];
const servers: net.Server[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) s.close();
  for (const w of worlds.splice(0)) await w.close();
});

async function bannerServer(banner: string): Promise<number> {
  const s = net.createServer((c) => c.end(banner));
  servers.push(s);
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
  return (s.address() as net.AddressInfo).port;
}

/**
 * Reads until `until` arrived or the tunnel closed the connection ("" when it closed it without
 * data). In basic mode the destination's close is never told to the client (spec §8.3).
 */
const readAll = (port: number, until = "\u0000") =>
  new Promise<string>((resolve) => {
    let got = "";
    const s = net.connect(port, "127.0.0.1");
    s.on("data", (d) => {
      got += d;
      if (got.includes(until)) {
        s.destroy();
        resolve(got);
      }
    });
    s.on("close", () => resolve(got));
    s.on("error", () => undefined);
  });

async function world(knobs: Record<string, unknown>, ownPort?: number) {
  const pg = await bannerServer("postgres behind the instance");
  const w = await startTunnelWorld({
    knobs,
    instances: [
      {
        instanceId: RDP_INSTANCE,
        name: "bastion",
        platformType: "Linux",
        ...(ownPort ? { ports: { 5432: { host: "127.0.0.1", port: ownPort } } } : {}),
        network: {
          names: {
            "db.internal": ["10.0.7.20"],
            "alias-of-self": ["127.0.0.1"],
            "metadata.alias": ["169.254.169.254"],
          },
          listening: { "10.0.7.20:5432": { host: "127.0.0.1", port: pg } },
        },
      },
    ],
  });
  worlds.push(w);
  return w;
}

const forwardTo = (w: TunnelWorld, to: string) =>
  w.cli(["forward", "bastion", "--to", to, "--local-port", "0", "--profile", "rdp-test", "--json"]);

describe("bastionless forward --to HOST:PORT", () => {
  // Every agent with remote hosts (3.1.1188.0+) multiplexes for our ClientVersion; basic mode is
  // reached through the document type knob, which both ends read (spec §8.2).
  for (const mode of ["mux"] as string[]) {
    it(`reaches a TCP service behind the instance (${mode} mode)`, async () => {
      const w = await world({
        agentVersion: "3.3.1142.0",
        portType: mode === "basic" ? "Other" : "LocalPortForwarding",
      });
      const r = await forwardTo(w, "db.internal:5432");
      expect(r.code, r.stderr).toBe(0);
      const t = JSON.parse(r.stdout) as TunnelInfo;
      expect(t).toMatchObject({
        target: RDP_INSTANCE,
        remotePort: 5432,
        remoteHost: "db.internal",
        state: "open",
      });
      expect(await readAll(t.localPort, "instance")).toBe("postgres behind the instance");
      const start = w.ssm.calls.find((c) => c.action === "StartSession")!.body;
      expect(start).toMatchObject({
        DocumentName: "AWS-StartPortForwardingSessionToRemoteHost",
        Parameters: { host: ["db.internal"], portNumber: ["5432"] },
      });
      expect(w.sessions.session(t.sessionId!)!.mode).toBe(mode);
      const text = await w.cli(["tunnels"]);
      expect(text.stdout).toContain("db.internal");
    });
  }

  it("refuses a loopback host before any session, naming the plain forward to use", async () => {
    const w = await world({});
    for (const to of ["127.0.0.1:5432", "localhost:5432", "[::1]:5432", "127.8.9.1:80"]) {
      const r = await w.cli(["forward", "bastion", "--to", to, "--profile", "rdp-test"]);
      expect(r.code, to).toBe(2);
      expect(r.stderr).toMatch(/is the instance itself[\s\S]*Use --remote-port \d+ instead of --to/);
    }
    const json = await w.cli([
      "forward",
      "bastion",
      "--to",
      "localhost:22",
      "--profile",
      "rdp-test",
      "--json",
    ]);
    expect(JSON.parse(json.stdout).error.code).toBe("REMOTE_HOST_LOOPBACK");
    expect(w.ssm.calls.filter((c) => c.action === "StartSession")).toEqual([]);
    expect(await w.servicePid()).toBeNull();
  });

  /**
   * The tunnel opens after the handshake; the agent's refusal ends it just after (sessionplugin.go
   * order). A first tunnel keeps the service up, so the subscription sees the refused one end.
   */
  async function refusal(w: TunnelWorld, to: string): Promise<{ code: string; message: string }> {
    expect((await forwardTo(w, "db.internal:5432")).code).toBe(0);
    const events = await subscribeTunnels(w.env);
    const r = await forwardTo(w, to);
    // The refusal lands while the tunnel opens (start fails, exit 4) or just after (it fails then).
    const out = JSON.parse(r.stdout);
    if (r.code !== 0) {
      events.close();
      expect(r.code).toBe(4);
      return out.error;
    }
    const ended = await events.next((t) => t.id === out.id && t.state === "failed");
    events.close();
    return ended.lastError!;
  }

  it("a name the instance resolves to itself: a newer agent forbids it (TUNNEL_REMOTE_HOST_FORBIDDEN)", async () => {
    const w = await world({ agentVersion: "3.3.2000.0", loopbackRemoteHost: "forbidden" });
    const t = await refusal(w, "alias-of-self:5432");
    expect(t.code).toBe("TUNNEL_REMOTE_HOST_FORBIDDEN");
    expect(t.message).toMatch(
      /refuses to forward to alias-of-self.*Forwarding to IP address alias-of-self is forbidden\./,
    );
  });

  it("a name the instance resolves to itself: agents up to 3.3.1142.0 (and possibly newer) reach the instance's own port", async () => {
    const own = await bannerServer("postgres on the instance itself");
    for (const knobs of [
      { agentVersion: "3.3.1142.0" },
      { agentVersion: "3.3.2000.0", loopbackRemoteHost: "allowed" },
    ]) {
      const w = await world(knobs, own);
      const r = await forwardTo(w, "alias-of-self:5432");
      expect(r.code, r.stderr).toBe(0);
      expect(await readAll((JSON.parse(r.stdout) as TunnelInfo).localPort)).toBe(
        "postgres on the instance itself",
      );
    }
  });

  it("the metadata service is forbidden by every agent with remote hosts", async () => {
    const w = await world({});
    const t = await refusal(w, "metadata.alias:80");
    expect(t.code).toBe("TUNNEL_REMOTE_HOST_FORBIDDEN");
  });

  it("a name the instance cannot resolve: TUNNEL_REMOTE_HOST_UNKNOWN in plain words", async () => {
    const w = await world({});
    const t = await refusal(w, "nosuch.internal:5432");
    expect(t.code).toBe("TUNNEL_REMOTE_HOST_UNKNOWN");
    expect(t.message).toMatch(/could not find the host nosuch\.internal \(no such host\)/);
  });

  it("nothing listens there: ConnectToPortError per connection, the tunnel stays open (mux)", async () => {
    const w = await world({});
    const r = await forwardTo(w, "10.0.7.99:5432");
    const t = JSON.parse(r.stdout) as TunnelInfo;
    const events = await subscribeTunnels(w.env);
    expect(await readAll(t.localPort)).toBe("");
    const noticed = await events.next((x) => x.lastError?.code === "TUNNEL_CONNECT_TO_PORT_FAILED");
    events.close();
    expect(noticed.state).toBe("open");
    expect(noticed.lastError?.message).toMatch(
      /could not connect to the destination port \(ConnectToPortError\)/,
    );
    expect(w.sessions.session(t.sessionId!)!.counts.connectToPortErrors).toBe(1);
  });
});
