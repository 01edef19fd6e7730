/**
 * Start, stop and end of a tunnel through the fake service + agent: the handshake variants
 * (spec §6), the local listener (§8.1), ConnectToPortError (§5.3), the TerminateSession flag and
 * API (§8.5), channel_closed (§8.5) and the client's own timeouts.
 */
import net from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import type { TunnelError } from "../../native-host/src/errors";
import { connectLocal, echoOver, echoThrough } from "../support/echo";
import { closedPort, listenTcp, refused, startTunnelRig, type TunnelRig } from "../support/tunnel-rig";

let rig: TunnelRig | undefined;
const servers: net.Server[] = [];
afterEach(async () => {
  await rig?.close();
  rig = undefined;
  for (const s of servers.splice(0)) s.close();
});

async function startFailure(o: Parameters<typeof startTunnelRig>[0]): Promise<TunnelError> {
  try {
    rig = await startTunnelRig(o);
  } catch (err) {
    return err as TunnelError;
  }
  throw new Error("the tunnel started");
}

/** Polls without a deadline of its own: the test runner's timeout is the one bound. */
const waitFor = async (cond: () => boolean) => {
  while (!cond()) await new Promise((r) => setTimeout(r, 20));
};

describe("tunnel lifecycle", () => {
  it("listens on 127.0.0.1 only and reports the port", async () => {
    rig = await startTunnelRig();
    expect(rig.pf.localPort).toBeGreaterThan(0);
    const r = await echoThrough(rig.pf.localPort, 100_000);
    expect(r.received).toBe(r.sent);
    expect(rig.events.map((e) => e.state)).toEqual(["starting", "open"]);
    expect(rig.fake.session(rig.sessionId)?.clientVersion).toBe("1.2.650.0");
  });

  it("takes the next free port when the preferred one is taken", async () => {
    const taken = await listenTcp(() => {});
    servers.push(taken);
    const port = (taken.address() as net.AddressInfo).port;
    rig = await startTunnelRig({ localPort: port });
    expect(rig.pf.localPort).toBeGreaterThan(port);
    expect(rig.pf.localPort).toBeLessThanOrEqual(port + 100);
  });

  it("uses 13389 by default, or the next free port", async () => {
    rig = await startTunnelRig({ localPort: 13389 });
    expect(rig.pf.localPort).toBeGreaterThanOrEqual(13389);
    expect(rig.pf.localPort).toBeLessThanOrEqual(13489);
  });

  it("stops with the TerminateSession flag and waits for its ack (spec §8.5)", async () => {
    rig = await startTunnelRig();
    await rig.pf.stop();
    expect(await rig.pf.ended).toEqual({ state: "closed" });
    const info = rig.fake.session(rig.sessionId)!;
    expect(info.terminated).toBe(true);
    expect(info.endedBy).toBe("flag");
    expect(rig.terminateCalls).toBe(0);
    expect(await refused(rig.pf.localPort)).toBe(true);
  });

  it("calls the TerminateSession API for agents without the flag (≤ 2.3.722.0)", async () => {
    rig = await startTunnelRig({ knobs: { agentVersion: "2.3.722.0" } });
    expect(rig.fake.session(rig.sessionId)?.mode).toBe("basic");
    await rig.pf.stop();
    expect(rig.terminateCalls).toBe(1);
    expect(rig.fake.session(rig.sessionId)?.endedBy).toBe("api");
  });

  it("ends with channel_closed and shows its Output", async () => {
    rig = await startTunnelRig();
    rig.fake.terminateSession(rig.sessionId, "Session terminated by test");
    const ended = await rig.pf.ended;
    expect(ended.state).toBe("closed");
    expect(ended.error).toEqual({
      code: "TUNNEL_CHANNEL_CLOSED",
      message: `SessionId: ${rig.sessionId} : Session terminated by test`,
    });
    expect(rig.events.at(-1)).toEqual({ state: "closed", error: ended.error });
    expect(rig.terminateCalls).toBe(0);
  });

  it("ends when the service closes an idle session (spec §9.3)", async () => {
    rig = await startTunnelRig({ knobs: { idleTimeoutMs: 400 } });
    const ended = await rig.pf.ended;
    expect(ended.state).toBe("closed");
    expect(ended.error?.message).toMatch(/timed out due to inactivity/);
    expect(rig.fake.session(rig.sessionId)?.endedBy).toBe("idle");
  });

  it("ends when the session is terminated by the API elsewhere", async () => {
    rig = await startTunnelRig();
    rig.fake.terminateSession(rig.sessionId);
    expect((await rig.pf.ended).error?.message).toBe(`Exiting session with sessionId: ${rig.sessionId}.`);
  });

  it("reports ConnectToPortError, closes that connection and keeps the tunnel open (spec §5.3, §8.4)", async () => {
    rig = await startTunnelRig({ destinationPort: await closedPort() });
    for (let i = 0; i < 2; i++) {
      const s = net.connect(rig.pf.localPort, "127.0.0.1");
      await new Promise<void>((resolve) => s.on("close", () => resolve()).on("error", () => {}));
    }
    await waitFor(
      () => rig!.events.filter((e) => e.error?.code === "TUNNEL_CONNECT_TO_PORT_FAILED").length === 2,
    );
    expect(rig.events.at(-1)).toEqual({
      state: "open",
      error: {
        code: "TUNNEL_CONNECT_TO_PORT_FAILED",
        message: expect.stringMatching(
          /^The instance could not connect to the destination port \(ConnectToPortError\)\. Check that/,
        ),
      },
    });
    expect(rig.fake.session(rig.sessionId)!.counts.connectToPortErrors).toBe(2);
    expect(rig.fake.session(rig.sessionId)!.state).toBe("connected");
    expect(await refused(rig.pf.localPort)).toBe(false);
  });

  it("declines KMS encryption and fails with TUNNEL_KMS_UNSUPPORTED (spec §6.6)", async () => {
    const err = await startFailure({ knobs: { requestKms: true } });
    expect(err.code).toBe("TUNNEL_KMS_UNSUPPORTED");
    expect(err.hint).toMatch(/--engine plugin/);
  });

  it("waits through a slow handshake", async () => {
    rig = await startTunnelRig({ knobs: { handshakeDelayMs: 2500 } });
    expect((await echoThrough(rig.pf.localPort, 10_000)).bytes).toBe(10_000);
  });

  it("gives up on a handshake that never comes, and terminates the session", async () => {
    let terminated = 0;
    const err = await startFailure({
      knobs: { handshakeDelayMs: 60_000 },
      tuning: { handshakeTimeoutMs: 800 },
      onTerminate: () => terminated++,
    });
    expect(err.code).toBe("TUNNEL_HANDSHAKE_TIMEOUT");
    expect(err.hint).toMatch(/bastionless instances/);
    expect(terminated).toBe(1);
  });

  it("delivers what the destination says first to the first local client in basic mode (spec §8.3)", async () => {
    rig = await startTunnelRig({
      knobs: { agentVersion: "3.0.196.0" },
      destination: (s) => s.end("220 banner\r\n"),
    });
    // The banner has reached the agent (and the engine, which holds it unacked) before anyone connects.
    await waitFor(() => rig!.fake.session(rig!.sessionId)!.counts.outputBytes >= 12);
    const s = net.connect(rig.pf.localPort, "127.0.0.1");
    const text = await new Promise<string>((resolve) => s.once("data", (d) => resolve(d.toString())));
    s.destroy();
    expect(text).toBe("220 banner\r\n");
  });

  it("ignores message types it does not know (agent_session_state)", async () => {
    rig = await startTunnelRig({ knobs: { sendUnknownTypes: true } });
    expect((await echoThrough(rig.pf.localPort, 50_000)).bytes).toBe(50_000);
  });

  it("answers a smux-keepalive agent (3.1.1511.0) with NOPs so an idle session survives", async () => {
    const keep = { smuxKeepAliveIntervalMs: 200, smuxKeepAliveTimeoutMs: 600 };
    rig = await startTunnelRig({
      knobs: { agentVersion: "3.1.1511.0", ...keep },
      tuning: { smuxKeepAlive: { intervalMs: 200, timeoutMs: 600 } },
    });
    const info = rig.fake.session(rig.sessionId)!;
    expect(info.smuxKeepAlive).toBe(true);
    // Five NOPs span more than the agent's 600 ms silence timeout, whatever the machine's speed.
    await waitFor(() => info.counts.nopsReceived >= 5 || info.state === "ended");
    expect(info.state).toBe("connected");
    expect(info.counts.nopsReceived).toBeGreaterThanOrEqual(5);
    expect((await echoThrough(rig.pf.localPort, 10_000)).bytes).toBe(10_000);
  });

  it("in basic mode serves connections one after another with DisconnectToPort between (spec §8.3)", async () => {
    rig = await startTunnelRig({ knobs: { agentVersion: "3.0.196.0" } });
    for (let i = 0; i < 3; i++) expect((await echoThrough(rig.pf.localPort, 20_000)).bytes).toBe(20_000);
    await waitFor(() => rig!.fake.session(rig!.sessionId)!.counts.disconnectToPort === 3);
    expect(rig.fake.session(rig.sessionId)!.counts.destinationDials).toBeGreaterThanOrEqual(3);
  });

  it("in basic mode a waiting connection's first bytes survive the DisconnectToPort before them (agent 3.0.196.0, spec §15)", async () => {
    rig = await startTunnelRig({ knobs: { agentVersion: "3.0.196.0" } });
    const first = await connectLocal(rig.pf.localPort);
    expect((await echoOver(first, 1000)).bytes).toBe(1000);
    // The second connection waits its turn with its bytes already written, so they would follow
    // the DisconnectToPort flag at once; 3.0.196.0 acks them and writes them to the closed
    // connection unless the tunnel holds them until the flag is acked.
    const second = await connectLocal(rig.pf.localPort);
    const echoed = new Promise<string>((resolve) => second.once("data", (d) => resolve(d.toString())));
    second.write("first bytes of the second connection");
    first.destroy();
    expect(await echoed).toBe("first bytes of the second connection");
    second.destroy();
    const c = rig.fake.session(rig.sessionId)!.counts;
    expect(c.disconnectToPort).toBe(1);
    expect(c.clientLostAfterAck).toBe(0);
  });
});
