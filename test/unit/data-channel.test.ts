/**
 * The data channel across reconnects (spec §3.2, §9.1) on an in-memory transport and a fake
 * clock: what OpenDataChannel carries, ResumeSession and ClientId on reconnect, resends, the
 * reconnect budget, channel_closed, the give-up rule and read backpressure.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { silentLogger } from "../../native-host/src/config/log";
import type { TunnelError } from "../../native-host/src/errors";
import {
  type ClientMessage,
  decodeClientMessage,
  encodeClientMessage,
} from "../../native-host/src/tunnel/core/client-message";
import { ENGINE_DEFAULTS } from "../../native-host/src/tunnel/engines/engine-tuning";
import { DataChannel, type DataChannelEvents } from "../../native-host/src/tunnel/session/data-channel";
import type { Transport, TransportConnector } from "../../native-host/src/tunnel/session/transport";

class MemoryTransport implements Transport {
  onMessage: (frame: Buffer) => void = () => {};
  onClose: (info: { code: number; reason: string }) => void = () => {};
  sent: ClientMessage[] = [];
  open = true;
  paused = false;
  constructor(
    readonly url: string,
    readonly openFrame: Record<string, string>,
  ) {}
  send(frame: Buffer): boolean {
    if (!this.open) return false;
    // A copy, as the websocket takes one: the channel reuses the frame's buffer (frame-slots.ts).
    this.sent.push(decodeClientMessage(Buffer.from(frame)));
    return true;
  }
  pause(): void {
    this.paused = true;
  }
  resume(): void {
    this.paused = false;
  }
  close(): void {
    this.drop(1000, "");
  }
  drop(code = 1006, reason = ""): void {
    if (!this.open) return;
    this.open = false;
    this.onClose({ code, reason });
  }
}

const agent = (seq: number, type = "output_stream_data", payload = Buffer.from("x"), payloadType = 1) =>
  encodeClientMessage({
    messageType: type,
    schemaVersion: 1,
    createdDate: Date.now(),
    sequenceNumber: seq,
    flags: 0,
    messageId: "0a1b2c3d-4e5f-4071-8293-a4b5c6d7e8f9",
    payloadType,
    payload,
  });

function setup(o: { refuseConnects?: number; resume?: () => Promise<unknown>; accept?: () => boolean } = {}) {
  const transports: MemoryTransport[] = [];
  let refusals = o.refuseConnects ?? 0;
  let tokens = 0;
  const connect: TransportConnector = async (url, open) => {
    if (refusals-- > 0) throw new Error("refused");
    const t = new MemoryTransport(url, JSON.parse(open));
    transports.push(t);
    return t;
  };
  const ended: TunnelError[] = [];
  const states: string[] = [];
  const delivered: number[] = [];
  const events: DataChannelEvents = {
    deliver: (m) => {
      const ok = o.accept?.() ?? true;
      if (ok) delivered.push(m.sequenceNumber);
      return ok;
    },
    windowOpen: () => {},
    state: (s) => states.push(s),
    end: (e) => ended.push(e),
    tick: () => {},
  };
  const dc = new DataChannel(
    {
      ...ENGINE_DEFAULTS,
      maxOutOfOrder: 8,
      connect,
      session: {
        sessionId: "s-1",
        tokenValue: "tok-0",
        streamUrl: "ws://mgs/v1/data-channel/s-1?role=publish_subscribe",
      },
      resume:
        (o.resume as never) ??
        (async () => ({ sessionId: "s-1", tokenValue: `tok-${++tokens}`, streamUrl: "" })),
      log: silentLogger,
      random: () => 0.5,
    },
    events,
  );
  return { dc, transports, ended, states, delivered, last: () => transports.at(-1)! };
}

beforeEach(() => {
  vi.useFakeTimers({ now: 1_700_000_000_000 });
});
afterEach(() => {
  vi.useRealTimers();
});

describe("data channel", () => {
  it("opens with the five OpenDataChannel keys, in the plugin's order (spec §3.2)", async () => {
    const h = setup();
    await h.dc.open();
    const open = h.last().openFrame;
    expect(Object.keys(open)).toEqual([
      "MessageSchemaVersion",
      "RequestId",
      "TokenValue",
      "ClientId",
      "ClientVersion",
    ]);
    expect(open).toMatchObject({
      MessageSchemaVersion: "1.0",
      TokenValue: "tok-0",
      ClientId: h.dc.clientId,
      ClientVersion: "1.2.650.0",
    });
    expect(open.RequestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(h.last().url).toBe("ws://mgs/v1/data-channel/s-1?role=publish_subscribe");
    h.dc.close();
  });

  it("retries the first connection with fresh tokens", async () => {
    const h = setup({ refuseConnects: 2 });
    const opening = h.dc.open();
    await vi.advanceTimersByTimeAsync(2000);
    await opening;
    expect(h.last().openFrame.TokenValue).toBe("tok-2");
    h.dc.close();
  });

  it("resumes a dropped socket: new token, same ClientId, new RequestId, unacked resent (spec §9.1)", async () => {
    const h = setup();
    await h.dc.open();
    h.dc.send(1, Buffer.from("a"));
    h.dc.send(1, Buffer.from("b"));
    const first = h.last();
    first.drop(1000, "Bye");
    expect(h.states).toEqual(["reconnecting"]);
    await vi.advanceTimersByTimeAsync(10);
    const second = h.last();
    expect(second).not.toBe(first);
    expect(second.openFrame.TokenValue).toBe("tok-1");
    expect(second.openFrame.ClientId).toBe(first.openFrame.ClientId);
    expect(second.openFrame.RequestId).not.toBe(first.openFrame.RequestId);
    expect(second.sent.map((m) => m.sequenceNumber)).toEqual([0, 1]);
    expect(h.states).toEqual(["reconnecting", "open"]);
    h.dc.close();
  });

  it("honours the StreamUrl ResumeSession returns", async () => {
    const h = setup({
      resume: async () => ({
        sessionId: "s-1",
        tokenValue: "t",
        streamUrl: "ws://elsewhere/v1/data-channel/s-1",
      }),
    });
    await h.dc.open();
    h.last().drop();
    await vi.advanceTimersByTimeAsync(10);
    expect(h.last().url).toBe("ws://elsewhere/v1/data-channel/s-1");
    h.dc.close();
  });

  it("gives up after its budget with TUNNEL_RECONNECT_FAILED", async () => {
    const h = setup({ resume: async () => Promise.reject(new Error("network down")) });
    await h.dc.open();
    h.last().drop();
    await vi.advanceTimersByTimeAsync(ENGINE_DEFAULTS.reconnect.budgetMs - 5000);
    expect(h.ended).toEqual([]);
    await vi.advanceTimersByTimeAsync(15_000);
    expect(h.ended.map((e) => e.code)).toEqual(["TUNNEL_RECONNECT_FAILED"]);
  });

  it("ends with TUNNEL_SESSION_TIMED_OUT when ResumeSession has no token", async () => {
    const h = setup({ resume: async () => null });
    await h.dc.open();
    h.last().drop();
    await vi.advanceTimersByTimeAsync(10);
    expect(h.ended.map((e) => [e.code, e.message])).toEqual([
      ["TUNNEL_SESSION_TIMED_OUT", "Session: s-1 timed out."],
    ]);
  });

  it("ends on channel_closed with its Output, and ignores malformed frames and unknown types", async () => {
    const h = setup();
    await h.dc.open();
    h.last().onMessage(Buffer.from("garbage"));
    h.last().onMessage(agent(0, "agent_session_state", Buffer.from("{}"), 0));
    expect(h.ended).toEqual([]);
    h.last().onMessage(agent(0, "channel_closed", Buffer.from('{"Output":"bye now","SessionId":"s-1"}'), 0));
    expect(h.ended.map((e) => e.message)).toEqual(["SessionId: s-1 : bye now"]);
    expect(h.last().open).toBe(false);
  });

  it("gives up when the agent acks nothing for 5 minutes while connected", async () => {
    const h = setup();
    await h.dc.open();
    h.dc.send(1, Buffer.from("a"));
    await vi.advanceTimersByTimeAsync(ENGINE_DEFAULTS.giveUpMs + 200);
    expect(h.ended.map((e) => e.code)).toEqual(["TUNNEL_AGENT_UNRESPONSIVE"]);
  });

  it("stops reading the socket while the consumer is congested, and reads again once it drains", async () => {
    let ready = false;
    const h = setup({ accept: () => ready });
    await h.dc.open();
    for (let seq = 0; seq < 6; seq++) h.last().onMessage(agent(seq));
    expect(h.last().paused).toBe(true);
    ready = true;
    h.dc.retryDelivery();
    expect(h.last().paused).toBe(false);
    expect(h.delivered).toEqual([0, 1, 2, 3, 4, 5]);
    h.dc.close();
  });
});
