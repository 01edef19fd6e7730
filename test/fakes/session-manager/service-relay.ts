/**
 * The service's leg toward the client: frames the agent wrote wait here until the client's
 * websocket takes them (the service's own buffer; while it is full the agent's writes block, so
 * its pump stops). What the real service does with what it holds when the client's websocket goes
 * away is unknown (spec §14.1, §15), so both answers exist and the resume tests run under both:
 * "kept" delivers them on the client's next websocket, "dropped" loses them, and the agent, which
 * cannot see the client's socket, recovers each lost message only through its one-per-tick
 * scheduler.
 */
import WebSocket from "ws";

export type ReconnectAnswer = "kept" | "dropped";

/** The client socket's own send buffer above which the service holds frames here. */
const SOCKET_HIGH_WATER = 64 * 1024;

export interface RelayCounts {
  /** Agent frames the service held when the client went away and then lost ("dropped"). */
  framesLostOnReconnect: number;
}

export class ServiceRelay {
  private ws: WebSocket | null = null;
  private queue: Array<{ frame: Buffer; due: number }> = [];
  private bytes = 0;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly answer: ReconnectAnswer,
    private readonly capacity: number,
    /** One-way delay through the service: what is "in flight" when the client's socket goes. */
    private readonly latencyMs: number,
    private readonly counts: RelayCounts,
    /** Frames of one tick leave in one TCP write, like a real server under load. */
    private readonly send: (ws: WebSocket, frame: Buffer) => void,
  ) {}

  /** The agent's write would block: the service holds all it will hold for this client. */
  get full(): boolean {
    return this.bytes >= this.capacity;
  }

  attach(ws: WebSocket): void {
    this.ws = ws;
    this.flush();
  }

  /** The client's websocket is gone: what the service held is kept for the next one, or lost. */
  detach(): void {
    this.ws = null;
    if (this.answer === "dropped") {
      this.counts.framesLostOnReconnect += this.queue.length;
      this.clear();
    }
  }

  push(frame: Buffer): void {
    if (!this.ws && this.answer === "dropped") {
      this.counts.framesLostOnReconnect++;
      return;
    }
    this.queue.push({ frame, due: performance.now() + this.latencyMs });
    this.bytes += frame.length;
    this.flush();
  }

  clear(): void {
    this.queue = [];
    this.bytes = 0;
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.clear();
  }

  private flush(): void {
    const ws = this.ws;
    if (!ws || ws.readyState !== WebSocket.OPEN) return;
    const now = performance.now();
    while (this.queue.length && this.queue[0]!.due <= now && ws.bufferedAmount < SOCKET_HIGH_WATER) {
      const { frame } = this.queue.shift()!;
      this.bytes -= frame.length;
      this.send(ws, frame);
    }
    if (this.queue.length && !this.timer) {
      this.timer = setTimeout(
        () => {
          this.timer = null;
          this.flush();
        },
        Math.max(1, this.queue[0]!.due - now),
      );
    }
  }
}
