/**
 * Ten minutes of simulated time (fake clock) of the data channel against the double's agent
 * channel with the rules of the 3.0.196.0 and 3.1.1511.0 agents (no re-ack of duplicates, spec
 * §15), while frames are lost both ways and the service says Bye, every fault fired by a message
 * count, under both answers of what the service does with agent frames in flight across a
 * reconnect (kept or dropped, spec §15). A lost ack is never repaired by those agents; the tunnel
 * must not call them unresponsive (TUNNEL_AGENT_UNRESPONSIVE after 5 minutes) while they are
 * working, and must keep carrying bytes.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { silentLogger } from "../../native-host/src/config/log";
import type { TunnelError } from "../../native-host/src/errors";
import { decodeClientMessage } from "../../native-host/src/tunnel/core/client-message";
import { PayloadType } from "../../native-host/src/tunnel/core/message-types";
import { ENGINE_DEFAULTS } from "../../native-host/src/tunnel/engines/engine-tuning";
import { DataChannel } from "../../native-host/src/tunnel/session/data-channel";
import type { Transport, TransportConnector } from "../../native-host/src/tunnel/session/transport";
import { agentBehaviour } from "../fakes/session-manager/agent-behaviour";
import { AgentChannel } from "../fakes/session-manager/agent-channel";
import type { ReconnectAnswer } from "../fakes/session-manager/service-relay";
import { newCounts } from "../fakes/session-manager/session-info";

/** One-way delay of a frame; frames in flight when the socket goes are lost. */
const FLIGHT_MS = 5;

class Link implements Transport {
  onMessage: (frame: Buffer) => void = () => {};
  onClose: (info: { code: number; reason: string }) => void = () => {};
  open = true;
  constructor(private readonly toAgent: (frame: Buffer) => void) {}
  send(frame: Buffer): boolean {
    if (!this.open) return false;
    // A copy, as the websocket takes one: the channel reuses the frame's buffer (frame-slots.ts).
    const copy = Buffer.from(frame);
    setTimeout(() => this.open && this.toAgent(copy), FLIGHT_MS);
    return true;
  }
  pause(): void {}
  resume(): void {}
  close(): void {
    this.drop(1000, "");
  }
  drop(code: number, reason: string): void {
    if (!this.open) return;
    this.open = false;
    this.onClose({ code, reason });
  }
}

function world(agentVersion: string, reconnectFrames: ReconnectAnswer) {
  const counts = newCounts();
  const faults = { clientFramesLost: 0, agentFramesLost: 0, byes: 0, lostOnReconnect: 0, keptOnReconnect: 0 };
  let link: Link | null = null;
  /** Agent frames the service holds while the client has no socket ("kept"). */
  let held: Buffer[] = [];
  // What the service does with agent frames in flight when the client's socket goes is unknown
  // (spec §14.1, §15): "kept" delivers them on the next socket, "dropped" loses them.
  const toClient = (frame: Buffer) => {
    const l = link;
    if (!l) {
      if (reconnectFrames === "kept") held.push(frame);
      else faults.lostOnReconnect++;
      return;
    }
    setTimeout(() => {
      if (l.open) l.onMessage(frame);
      else if (reconnectFrames === "kept") {
        faults.keptOnReconnect++;
        if (link) toClient(frame);
        else held.push(frame);
      } else faults.lostOnReconnect++;
    }, FLIGHT_MS);
  };
  let fromClient = 0;
  let fromAgent = 0;
  let agentBytesIn = 0;
  let clientBytesIn = 0;
  const agent = new AgentChannel(
    {
      write: (frame) => {
        // Every 97th agent frame (data or ack) is lost on the way.
        if (++fromAgent % 97 === 0) return void faults.agentFramesLost++;
        toClient(frame);
      },
      deliver: (m) => {
        if (m.payloadType === PayloadType.Output) agentBytesIn += m.payload.length;
        return true;
      },
    },
    agentBehaviour(agentVersion),
    counts,
  );
  const toAgent = (frame: Buffer) => {
    // Every 89th client frame is lost; every 1500th closes the socket with 1000 Bye.
    if (++fromClient % 89 === 0) return void faults.clientFramesLost++;
    agent.receive(decodeClientMessage(frame));
    if (fromClient % 1500 === 0 && link) {
      faults.byes++;
      agent.paused = true;
      link.drop(1000, "Bye");
      link = null;
    }
  };
  const connect: TransportConnector = async () => {
    link = new Link(toAgent);
    agent.paused = false;
    const kept = held;
    held = [];
    for (const f of kept) toClient(f);
    return link;
  };
  const ended: TunnelError[] = [];
  const dc = new DataChannel(
    {
      ...ENGINE_DEFAULTS,
      connect,
      session: { sessionId: "s-1", tokenValue: "t", streamUrl: "ws://mgs/v1/data-channel/s-1" },
      resume: async () => ({ sessionId: "s-1", tokenValue: "t", streamUrl: "" }),
      log: silentLogger,
      random: () => 0.5,
    },
    {
      deliver: (m) => {
        if (m.payloadType === PayloadType.Output) clientBytesIn += m.payload.length;
        return true;
      },
      windowOpen: () => {},
      state: () => {},
      end: (e) => ended.push(e),
      tick: () => {},
    },
  );
  // Both ends produce 1 KiB every 50 ms while they can; the agent's scheduler ticks every 100 ms.
  const chunk = Buffer.alloc(1024, 7);
  setInterval(() => {
    if (dc.connected && dc.writable) dc.sendOutput(chunk);
    if (!agent.paused) agent.send(PayloadType.Output, chunk);
  }, 50);
  setInterval(() => agent.tick(), 100);
  return {
    dc,
    counts,
    faults,
    ended,
    bytes: () => ({ agentBytesIn, clientBytesIn }),
  };
}

beforeEach(() => {
  vi.useFakeTimers({ now: 1_700_000_000_000 });
});
afterEach(() => {
  vi.useRealTimers();
});

describe("a tunnel against agents that never re-ack a duplicate", () => {
  it.each([
    ["3.0.196.0", "kept"],
    ["3.0.196.0", "dropped"],
    ["3.1.1511.0", "kept"],
    ["3.1.1511.0", "dropped"],
  ] as const)(
    "stays open and carries bytes for 10 simulated minutes of lost frames and Byes (agent %s, service frames %s)",
    async (agentVersion, reconnectFrames) => {
      const w = world(agentVersion, reconnectFrames);
      await w.dc.open();
      let before = w.bytes();
      for (let minute = 1; minute <= 10; minute++) {
        await vi.advanceTimersByTimeAsync(60_000);
        const now = w.bytes();
        expect(
          w.ended.map((e) => e.code),
          `minute ${minute}`,
        ).toEqual([]);
        expect(now.agentBytesIn, `minute ${minute}`).toBeGreaterThan(before.agentBytesIn + 100_000);
        expect(now.clientBytesIn, `minute ${minute}`).toBeGreaterThan(before.clientBytesIn + 100_000);
        before = now;
      }
      // The faults happened, and so did what makes them dangerous: duplicates left unacked.
      expect(w.faults.byes).toBeGreaterThan(5);
      if (reconnectFrames === "kept") {
        expect(w.faults.keptOnReconnect).toBeGreaterThan(0);
        expect(w.faults.lostOnReconnect).toBe(0);
      } else expect(w.faults.lostOnReconnect).toBeGreaterThan(0);
      expect(w.faults.clientFramesLost + w.faults.agentFramesLost).toBeGreaterThan(100);
      expect(w.counts.clientDuplicatesUnacked).toBeGreaterThan(0);
      expect(w.dc.reliable.counters.presumedDelivered).toBeGreaterThan(0);
      w.dc.close();
    },
  );
});
