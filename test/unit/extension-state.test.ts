import { describe, expect, it } from "vitest";
import type { ProfileInfo } from "../../contract/domain";
import type { TunnelInfo } from "../../contract/tunnel-info";
import { reduce } from "../../extension/src/background/reducer";
import { createStore, loadState } from "../../extension/src/background/store";
import { INITIAL_STATE, type State } from "../../extension/src/shared/state";
import { windowsInstance } from "../fixtures/instances";
import { memoryArea } from "../support/browser-ext-fakes";

const profile = (name: string, expired = false, region = "eu-west-1"): ProfileInfo => ({
  profile: name,
  roleArn: `arn:aws:iam::123456789012:role/${name}`,
  principalArn: null,
  region,
  expiration: "2026-11-28T13:00:00Z",
  expired,
});
const tunnel = (id: string, state: TunnelInfo["state"], since = "2026-11-28T12:00:00Z"): TunnelInfo => ({
  id,
  target: "i-0123456789abcdef0",
  instanceName: "web",
  accountId: null,
  roleArn: null,
  accountAlias: null,
  platformType: null,
  remoteHost: null,
  profile: "saml",
  region: "eu-west-1",
  sessionId: null,
  localPort: 13389,
  remotePort: 3389,
  state,
  bytesIn: 0,
  bytesOut: 0,
  connections: 0,
  since,
  lastError: state === "failed" ? { code: "X", message: "gone" } : null,
});
const err = (code: string) => ({ code, message: "m", hint: null, command: null, at: 1 });

describe("state reducer", () => {
  it("selects the freshest sign-in's profile, keeps a user's pick while it is listed", () => {
    let s: State = {
      ...INITIAL_STATE,
      lastSignIn: {
        at: 1,
        sessionName: "a",
        issuer: null,
        partition: "aws",
        url: "https://signin.aws.amazon.com/saml",
        from: null,
        roles: [],
        written: [],
      },
    };
    s = reduce(s, { type: "profiles/loaded", profiles: [profile("old", true), profile("dev")], at: 5 });
    expect(s.selection).toEqual({ profile: "dev", region: "eu-west-1" });
    s = reduce(s, {
      type: "signin/assumed",
      written: [
        {
          profile: "prod",
          roleArn: "r",
          principalArn: "p",
          region: "us-east-1",
          expiration: "x",
          durationSeconds: 3600,
        },
      ],
    });
    expect(s.selection).toEqual({ profile: "prod", region: "us-east-1" });
    s = reduce(s, {
      type: "profiles/loaded",
      profiles: [profile("dev"), profile("prod", false, "us-east-1")],
      at: 6,
    });
    expect(s.selection?.profile).toBe("prod");
    s = reduce(s, { type: "selection/set", profile: "dev", region: "eu-north-1" });
    s = reduce(s, { type: "profiles/loaded", profiles: [profile("dev"), profile("prod")], at: 7 });
    expect(s.selection).toEqual({ profile: "dev", region: "eu-north-1" });
    s = reduce(s, { type: "profiles/loaded", profiles: [], at: 8 });
    expect(s.selection).toBeNull();
  });

  it("keeps the old instance list while the same target reloads, and drops answers for a stale target", () => {
    let s = reduce(INITIAL_STATE, { type: "instances/loading", profile: "a", region: "eu-west-1" });
    const inst = windowsInstance("i-1", null);
    s = reduce(s, { type: "instances/loaded", profile: "a", region: "eu-west-1", list: [inst], at: 1 });
    s = reduce(s, { type: "instances/loading", profile: "a", region: "eu-west-1" });
    expect(s.instances).toMatchObject({ loading: true, list: [inst], fetchedAt: 1 });
    s = reduce(s, { type: "instances/loading", profile: "b", region: null });
    expect(s.instances).toMatchObject({ profile: "b", list: [], loading: true });
    const stale = reduce(s, {
      type: "instances/loaded",
      profile: "a",
      region: "eu-west-1",
      list: [inst],
      at: 2,
    });
    expect(stale).toBe(s);
    s = reduce(s, { type: "instances/failed", profile: "b", region: null });
    expect(s.instances?.loading).toBe(false);
  });

  it("removes a cleanly closed tunnel, keeps a failed one, orders by start", () => {
    let s = reduce(INITIAL_STATE, {
      type: "tunnel/changed",
      tunnel: tunnel("b", "open", "2026-11-28T12:05:00Z"),
    });
    s = reduce(s, { type: "tunnel/changed", tunnel: tunnel("a", "starting", "2026-11-28T12:01:00Z") });
    expect(s.tunnels.map((t) => t.id)).toEqual(["a", "b"]);
    s = reduce(s, { type: "tunnel/changed", tunnel: tunnel("a", "failed", "2026-11-28T12:01:00Z") });
    s = reduce(s, { type: "tunnel/changed", tunnel: tunnel("b", "closed") });
    expect(s.tunnels.map((t) => [t.id, t.state])).toEqual([["a", "failed"]]);
  });

  it("clears a host error once the host answers, but no other error", () => {
    const ok = { state: "ok" as const, version: "0.1.0", protocol: 1, capabilities: [], checkedAt: 2 };
    let s = reduce(INITIAL_STATE, { type: "error/set", error: err("HOST_NOT_INSTALLED") });
    s = reduce(s, { type: "host/failed", state: "missing", at: 1 });
    expect(s.host.state).toBe("missing");
    expect(reduce(s, { type: "host/checked", host: ok }).error).toBeNull();
    s = reduce(s, { type: "error/set", error: err("InvalidIdentityToken") });
    expect(reduce(s, { type: "host/checked", host: ok }).error?.code).toBe("InvalidIdentityToken");
    expect(reduce(s, { type: "error/cleared", code: "OTHER" }).error).not.toBeNull();
    expect(reduce(s, { type: "error/cleared" }).error).toBeNull();
  });

  it("clears only the pending choice it is asked to, and counts busy work once", () => {
    const pending = { id: "p1", sessionName: null, roles: [], expiresAt: 9 };
    const s = { ...INITIAL_STATE, pending };
    expect(reduce(s, { type: "pending/cleared", id: "p2" }).pending).toBe(pending);
    expect(reduce(s, { type: "pending/cleared", id: "p1" }).pending).toBeNull();
    const busy = reduce(reduce(s, { type: "busy/start", what: "tunnel" }), {
      type: "busy/start",
      what: "tunnel",
    });
    expect(busy.busy).toEqual(["tunnel"]);
    expect(reduce(busy, { type: "busy/end", what: "tunnel" }).busy).toEqual([]);
  });
});

describe("state store", () => {
  it("loses no update when many events arrive together", async () => {
    const store = createStore(memoryArea());
    await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        i % 2
          ? store.dispatch({ type: "capture/seen" })
          : store.dispatch({ type: "capture/ignored", url: `u${i}`, reason: "r", at: i }),
      ),
    );
    const s = await store.read();
    expect(s.capture.seen).toBe(30);
    expect(s.capture.ignored).toBe(30);
  });

  it("keeps going after a failed write, and loads older or foreign state safely", async () => {
    const area = memoryArea();
    let fail = true;
    const flaky = {
      ...area,
      set: async (items: Record<string, unknown>) => {
        if (!fail) return area.set(items);
        fail = false;
        throw new Error("quota");
      },
    };
    const store = createStore(flaky);
    await expect(store.dispatch({ type: "capture/seen" })).rejects.toThrow("quota");
    expect((await store.dispatch({ type: "capture/seen" })).capture.seen).toBe(1);
    expect(loadState(null)).toBe(INITIAL_STATE);
    expect(loadState({ capture: { seen: 3, ignored: 0, lastIgnored: null } }).tunnels).toEqual([]);
  });
});
