/**
 * Basic port forwarding (spec §8.3), for agents up to 3.0.196.0: the Output payloads are the raw
 * bytes of one TCP connection at a time. Further local connections wait their turn; a local
 * disconnect sends Flag DisconnectToPort and the agent redials on the next Output.
 *
 * A local client that stops reading holds the agent's data back (delivery refused, the agent
 * resends, §7.5) rather than losing its connection as in mux mode: here that connection is the
 * only one the session carries, so nothing else stalls behind it (the next waits its turn either
 * way, §8.3), nothing is lost, and memory stays at LOCAL_BUFFER_LIMIT.
 */
import type net from "node:net";
import type { ClientMessage } from "../core/client-message";
import { PayloadType, PortFlag } from "../core/message-types";
import {
  LOCAL_BUFFER_LIMIT,
  LocalBackpressure,
  type PortChannel,
  type PortForwarder,
  writeCorked,
} from "./port-channel";

export class BasicPortForward implements PortForwarder {
  private current: net.Socket | null = null;
  private readonly waiting: net.Socket[] = [];
  /** Agent output before the first local connection (the agent dials at start, §8.3). */
  private early: Buffer[] = [];
  private earlyBytes = 0;
  private hadConnection = false;
  private readonly pressure: LocalBackpressure;
  private bytesIn = 0;
  private bytesOut = 0;
  private closed = false;

  constructor(private readonly channel: PortChannel) {
    this.pressure = new LocalBackpressure(channel);
  }

  accept(socket: net.Socket): void {
    if (this.closed) {
      socket.destroy();
      return;
    }
    socket.on("error", () => socket.destroy());
    if (this.current) {
      this.waiting.push(socket);
      socket.once("close", () => this.waiting.splice(this.waiting.indexOf(socket) >>> 0, 1));
      return;
    }
    this.serve(socket);
  }

  deliver(msg: ClientMessage): boolean {
    if (msg.payloadType !== PayloadType.Output) return true;
    const socket = this.current;
    if (socket) {
      if (this.pressure.congested) return false;
      this.bytesIn += msg.payload.length;
      writeCorked(socket, msg.payload);
      this.pressure.afterWrite(socket);
      return true;
    }
    // Between connections the bytes belong to a connection that is gone: acked and dropped.
    if (this.hadConnection) return true;
    if (this.earlyBytes + msg.payload.length > LOCAL_BUFFER_LIMIT) return false;
    this.early.push(msg.payload);
    this.earlyBytes += msg.payload.length;
    return true;
  }

  windowOpen(): void {
    this.pressure.windowOpen();
  }

  tick(): void {}

  stats() {
    return { bytesIn: this.bytesIn, bytesOut: this.bytesOut, connections: this.current ? 1 : 0 };
  }

  closeAll(): void {
    this.closed = true;
    for (const s of [...this.waiting, this.current]) s?.destroy();
  }

  private serve(socket: net.Socket): void {
    this.current = socket;
    this.hadConnection = true;
    for (const chunk of this.early) {
      this.bytesIn += chunk.length;
      socket.write(chunk);
    }
    this.early = [];
    this.earlyBytes = 0;
    socket.on("data", (data: Buffer) => {
      this.bytesOut += data.length;
      this.channel.sendOutput(data);
      this.pressure.afterRead(socket);
    });
    socket.on("end", () => socket.end());
    socket.once("close", () => this.disconnected(socket));
    socket.resume();
  }

  private disconnected(socket: net.Socket): void {
    this.pressure.forget(socket);
    if (this.current !== socket) return;
    this.current = null;
    if (this.closed) return;
    this.channel.sendFlag(PortFlag.DisconnectToPort);
    const next = this.waiting.shift();
    if (next) this.serve(next);
  }
}
