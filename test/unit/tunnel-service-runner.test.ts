/**
 * The tunnel table and one tunnel's life (TunnelRunner) without sockets: AWS calls and the engine
 * are in-memory doubles recording what the service asked for.
 */
import { describe, expect, it } from "vitest";
import type { InstanceInfo } from "../../contract/domain";
import type { TunnelInfo } from "../../contract/tunnel-info";
import type { AwsSettings } from "../../native-host/src/aws/sdk/aws-settings";
import { silentLogger } from "../../native-host/src/config/log";
import type {
  EngineEvent,
  PortForward,
  PortForwardOptions,
} from "../../native-host/src/tunnel/engines/engine";
import type { StartParams } from "../../native-host/src/tunnel/service/ipc/ipc-messages";
import { type RunnerDeps, TunnelRunner } from "../../native-host/src/tunnel/service/server/tunnel-runner";
import { TunnelTable } from "../../native-host/src/tunnel/service/server/tunnel-table";
import { windowsInstance } from "../fixtures/instances";

class EngineDouble implements PortForward {
  localPort: number;
  stopped = 0;
  private end!: (e: Awaited<PortForward["ended"]>) => void;
  readonly ended = new Promise<Awaited<PortForward["ended"]>>((r) => (this.end = r));
  constructor(readonly opts: PortForwardOptions) {
    this.localPort = opts.localPort === 0 ? 50000 : opts.localPort + 1;
  }
  stats() {
    return { bytesIn: 10, bytesOut: 20, connections: 1 };
  }
  async stop() {
    this.stopped++;
    this.end({ state: "closed" });
  }
  finish(e: Awaited<PortForward["ended"]>) {
    this.end(e);
  }
  emit(e: EngineEvent) {
    this.opts.onEvent(e);
  }
}

function world(o: { failStart?: Error; failEngine?: Error; instances?: InstanceInfo[] } = {}) {
  let t = 0;
  let n = 0;
  const table = new TunnelTable(
    () => new Date(Date.UTC(2026, 0, 1, 0, 0, t++)),
    () => `id${n++}`,
  );
  const calls: string[] = [];
  /** Which caller's settings each AWS call and engine ran with (the SSM endpoint names them). */
  const via: string[] = [];
  const engines: EngineDouble[] = [];
  const events: TunnelInfo[] = [];
  table.onChange((i) => events.push(i));
  const deps: RunnerDeps = {
    table,
    log: silentLogger,
    aws: {
      region: async (s) => {
        via.push(`region ${s.settings?.endpoints.ssm}`);
        return s.region ?? "eu-west-1";
      },
      instances: async () =>
        o.instances ?? [
          windowsInstance("i-0123456789abcdef0", "web"),
          windowsInstance("i-0123456789abcdef1", "twin"),
          windowsInstance("i-0123456789abcdef2", "twin"),
        ],
      startSession: async (_s, req) => {
        calls.push(`start ${req.target}:${req.remotePort}`);
        via.push(`start ${req.target} ${_s.settings.endpoints.ssm}`);
        if (o.failStart) throw o.failStart;
        return {
          tokens: { sessionId: `s-${req.target}`, tokenValue: "tok", streamUrl: "ws://127.0.0.1:1/x" },
        };
      },
      resumeSession: async (_s, cur) => {
        calls.push(`resume ${cur.sessionId}`);
        via.push(`resume ${cur.sessionId} ${_s.settings.endpoints.ssm}`);
        return { ...cur, tokenValue: "tok2" };
      },
      identity: async () => null,
      terminateSession: async (_s, id) => {
        calls.push(`terminate ${id}`);
        via.push(`terminate ${id} ${_s.settings.endpoints.ssm}`);
      },
    },
    prepareEngine: async (_name, ctx) => ({
      start: async (opts) => {
        if (o.failEngine) throw o.failEngine;
        via.push(`engine ${ctx.target} ${ctx.scope.settings.endpoints.ssm}`);
        const e = new EngineDouble(opts);
        engines.push(e);
        return e;
      },
    }),
  };
  return { table, calls, via, engines, events, deps };
}

const settingsOf = (ssm: string): AwsSettings => ({
  configFile: `/home/${new URL(ssm).hostname}/config`,
  credentialsFile: `/home/${new URL(ssm).hostname}/credentials`,
  endpoints: { ssm },
  proxy: {},
});

const params = (p: Partial<StartParams> = {}): StartParams => ({
  profile: "p",
  target: "i-0123456789abcdef0",
  remotePort: 3389,
  localPort: 13389,
  engine: "builtin",
  settings: settingsOf("https://ssm.caller-a.test"),
  ...p,
});

describe("TunnelRunner", () => {
  it("opens: StartSession, engine on the preferred port, state open with the engine's port", async () => {
    const w = world();
    const info = await new TunnelRunner(params(), w.deps).start();
    expect(info).toMatchObject({
      id: "id0",
      target: "i-0123456789abcdef0",
      instanceName: "web",
      state: "open",
      localPort: 13390,
      sessionId: "s-i-0123456789abcdef0",
      region: "eu-west-1",
    });
    expect(w.calls).toEqual(["start i-0123456789abcdef0:3389"]);
    expect(w.engines[0]!.opts).toMatchObject({ host: "127.0.0.1", localPort: 13389, remotePort: 3389 });
    expect(w.events.map((e) => e.state)).toEqual(expect.arrayContaining(["starting", "open"]));
  });

  it("runs each tunnel's AWS calls and engine with the settings of the call that asked for it", async () => {
    const w = world();
    const a = new TunnelRunner(params(), w.deps);
    await a.start();
    const b = new TunnelRunner(
      params({ target: "i-0123456789abcdef1", settings: settingsOf("https://ssm.caller-b.test") }),
      w.deps,
    );
    await b.start();
    await w.engines[0]!.opts.resume();
    await w.engines[1]!.opts.resume();
    await a.stop();
    await b.stop();
    const A = "https://ssm.caller-a.test";
    const B = "https://ssm.caller-b.test";
    expect(w.via).toEqual([
      `region ${A}`,
      `start i-0123456789abcdef0 ${A}`,
      `engine i-0123456789abcdef0 ${A}`,
      `region ${B}`,
      `start i-0123456789abcdef1 ${B}`,
      `engine i-0123456789abcdef1 ${B}`,
      `resume s-i-0123456789abcdef0 ${A}`,
      `resume s-i-0123456789abcdef1 ${B}`,
      `terminate s-i-0123456789abcdef0 ${A}`,
      `terminate s-i-0123456789abcdef1 ${B}`,
    ]);
  });

  it("stop ends the engine, calls TerminateSession once, and removes the tunnel as closed", async () => {
    const w = world();
    const runner = new TunnelRunner(params(), w.deps);
    await runner.start();
    await Promise.all([runner.stop(), runner.stop()]);
    expect(w.engines[0]!.stopped).toBe(1);
    expect(w.calls).toEqual(["start i-0123456789abcdef0:3389", "terminate s-i-0123456789abcdef0"]);
    expect(w.table.size).toBe(0);
    expect(w.events.at(-1)).toMatchObject({ state: "closed", lastError: null });
  });

  it("resolves a Name to its one instance and refuses an ambiguous or unknown name", async () => {
    const w = world();
    expect(await new TunnelRunner(params({ target: "web" }), w.deps).start()).toMatchObject({
      target: "i-0123456789abcdef0",
      instanceName: "web",
    });
    await expect(new TunnelRunner(params({ target: "twin" }), w.deps).start()).rejects.toMatchObject({
      code: "TARGET_AMBIGUOUS",
    });
    await expect(new TunnelRunner(params({ target: "nobody" }), w.deps).start()).rejects.toMatchObject({
      code: "TARGET_NOT_FOUND",
    });
    expect(w.table.size).toBe(1);
    expect(w.events.filter((e) => e.state === "failed").map((e) => e.lastError?.code)).toEqual([
      "TARGET_AMBIGUOUS",
      "TARGET_NOT_FOUND",
    ]);
  });

  it("refuses a target that is neither an id nor a name before any AWS call", async () => {
    const w = world();
    await expect(new TunnelRunner(params({ target: "web\nbox" }), w.deps).start()).rejects.toMatchObject({
      code: "TARGET_INVALID",
    });
    expect(w.calls).toEqual([]);
    expect(w.events).toEqual([]);
  });

  it("a failed StartSession leaves no tunnel; a failed engine also terminates the session", async () => {
    const w = world({ failStart: Object.assign(new Error("x"), { code: "TARGET_NOT_CONNECTED" }) });
    await expect(new TunnelRunner(params(), w.deps).start()).rejects.toThrow();
    expect(w.table.size).toBe(0);
    const v = world({ failEngine: new Error("handshake timed out") });
    await expect(new TunnelRunner(params(), v.deps).start()).rejects.toThrow("handshake timed out");
    expect(v.calls).toEqual(["start i-0123456789abcdef0:3389", "terminate s-i-0123456789abcdef0"]);
    expect(v.events.at(-1)).toMatchObject({
      state: "failed",
      lastError: { code: "TUNNEL_FAILED", message: "handshake timed out" },
    });
  });

  it("reports engine states, resumes with the current session, and reports an engine failure", async () => {
    const w = world();
    const info = await new TunnelRunner(params(), w.deps).start();
    const engine = w.engines[0]!;
    engine.emit({ state: "reconnecting" });
    expect(w.table.get(info.id)!.info.state).toBe("reconnecting");
    expect(await engine.opts.resume()).toMatchObject({ tokenValue: "tok2" });
    engine.emit({ state: "open", error: { code: "CONNECT_TO_PORT_ERROR", message: "destination refused" } });
    expect(w.table.get(info.id)!.info).toMatchObject({
      state: "open",
      lastError: { code: "CONNECT_TO_PORT_ERROR" },
    });
    engine.finish({ state: "failed", error: { code: "TUNNEL_LOST", message: "gave up" } });
    await new Promise((r) => setTimeout(r, 0));
    expect(w.table.size).toBe(0);
    expect(w.calls.at(-1)).toBe("terminate s-i-0123456789abcdef0");
    expect(w.events.at(-1)).toMatchObject({ state: "failed", lastError: { code: "TUNNEL_LOST" } });
  });

  it("a session closed by AWS is removed without TerminateSession", async () => {
    const w = world();
    await new TunnelRunner(params(), w.deps).start();
    w.engines[0]!.finish({
      state: "closed",
      error: { code: "TUNNEL_CHANNEL_CLOSED", message: "Session terminated" },
    });
    await new Promise((r) => setTimeout(r, 0));
    expect(w.calls).toEqual(["start i-0123456789abcdef0:3389"]);
    expect(w.events.at(-1)).toMatchObject({ state: "closed", lastError: { code: "TUNNEL_CHANNEL_CLOSED" } });
  });
});

describe("TunnelTable", () => {
  it("announces only real changes, resets since on a state change, and counts bytes", () => {
    const w = world();
    const owner = { stop: async () => {}, stats: () => null };
    const e = w.table.add(
      {
        target: "i-1",
        profile: "p",
        region: "r",
        localPort: 1,
        remotePort: 2,
        remoteHost: null,
        accountId: null,
        roleArn: null,
      },
      owner,
    );
    w.table.update(e.info.id, { state: "starting" });
    expect(w.events).toHaveLength(1);
    w.table.update(e.info.id, { state: "open" });
    expect(w.events[1]!.since > w.events[0]!.since).toBe(true);
    w.table.updateStats(e.info.id, { bytesIn: 5, bytesOut: 6, connections: 1 });
    w.table.updateStats(e.info.id, { bytesIn: 5, bytesOut: 6, connections: 1 });
    expect(w.events).toHaveLength(3);
    expect(w.table.list()[0]).toMatchObject({ bytesIn: 5, bytesOut: 6, connections: 1 });
  });

  it("never hands out an id twice", () => {
    const ids = ["a", "a", "b"];
    const table = new TunnelTable(
      () => new Date(),
      () => ids.shift()!,
    );
    const owner = { stop: async () => {}, stats: () => null };
    const t = {
      target: "i-1",
      profile: "p",
      region: "r",
      localPort: 1,
      remotePort: 2,
      remoteHost: null,
      accountId: null,
      roleArn: null,
    };
    expect([table.add(t, owner).info.id, table.add(t, owner).info.id]).toEqual(["a", "b"]);
  });
});
