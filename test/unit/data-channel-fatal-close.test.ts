/**
 * A connection closed for a reason resuming cannot cure (an oversized frame, ws-transport.ts) ends
 * the channel with that coded error instead of resuming: the agent would resend the same frame
 * (spec §7.4) and the channel would loop on it.
 */
import { describe, expect, it } from "vitest";
import { silentLogger } from "../../native-host/src/config/log";
import { TunnelError } from "../../native-host/src/errors";
import { ENGINE_DEFAULTS } from "../../native-host/src/tunnel/engines/engine-tuning";
import { DataChannel } from "../../native-host/src/tunnel/session/data-channel";
import type { Transport, TransportClose } from "../../native-host/src/tunnel/session/transport";

describe("data channel: a fatal transport close", () => {
  it("ends with the transport's coded error and opens no second connection", async () => {
    const transports: Transport[] = [];
    const ended: string[] = [];
    const states: string[] = [];
    let resumes = 0;
    const dc = new DataChannel(
      {
        ...ENGINE_DEFAULTS,
        connect: async () => {
          const t: Transport = {
            send: () => true,
            pause: () => {},
            resume: () => {},
            close: () => {},
            onMessage: () => {},
            onClose: () => {},
          };
          transports.push(t);
          return t;
        },
        session: { sessionId: "s-1", tokenValue: "tok-0", streamUrl: "ws://mgs/v1/data-channel/s-1" },
        resume: async () => {
          resumes++;
          return { sessionId: "s-1", tokenValue: "tok-1", streamUrl: "" };
        },
        log: silentLogger,
        random: () => 0.5,
      },
      {
        deliver: () => true,
        windowOpen: () => {},
        state: (s) => states.push(s),
        end: (e) => ended.push(e.code),
        tick: () => {},
      },
    );
    await dc.open();
    const close: TransportClose = {
      code: 1006,
      reason: "",
      error: new TunnelError("TUNNEL_FRAME_TOO_LARGE", "too big"),
    };
    transports[0]!.onClose(close);
    await new Promise((r) => setImmediate(r));
    expect(ended).toEqual(["TUNNEL_FRAME_TOO_LARGE"]);
    expect([transports.length, resumes, states.includes("reconnecting")]).toEqual([1, 0, false]);
    dc.close();
  });
});
