/**
 * Basic port mode on the agent side (spec §8.3): dial the destination right after the handshake
 * (a failure ends the session; Output before the dial finished is "not ready"), DisconnectToPort
 * closes it, the next Output redials (the real agent blocks its reader while dialling, so that
 * Output waits, it is not refused), and a destination EOF is silent (redial on the next Output).
 * 3.0.196.0 learns of the closed connection only when its read pump fails on it: Output arriving
 * before that is written to the closed connection, and fails (spec §15).
 */
import net from "node:net";
import type { ClientMessage } from "../../../native-host/src/tunnel/core/client-message";
import { decodeFlagPayload, PayloadType, PortFlag } from "../../../native-host/src/tunnel/core/message-types";
import { writeCorked } from "../../../native-host/src/tunnel/session/port-channel";
import type { AgentPort, AgentPortHost } from "./agent-port";

export class AgentBasicPort implements AgentPort {
  private conn: net.Socket | null = null;
  private connected = false;
  private closed = false;
  readonly blocked = false;

  constructor(
    private readonly host: AgentPortHost,
    /** 3.0.196.0: the redial flag waits for the read pump to notice the close (agent-behaviour.ts). */
    private readonly noticesCloseLate: boolean,
    /**
     * Not a LocalPortForwarding session (AWS-StartSSHSession): the destination's EOF ends the
     * session instead of a redial (port_basic.go handleTCPReadError → handleSSHDPortError).
     */
    private readonly endsWithDestination = false,
  ) {}

  start(): void {
    this.dial(true);
  }

  deliver(msg: ClientMessage): boolean {
    if (msg.payloadType === PayloadType.Flag) {
      if (decodeFlagPayload(msg.payload) === PortFlag.DisconnectToPort) {
        this.host.counts.disconnectToPort++;
        this.conn?.destroy();
        if (!this.noticesCloseLate) this.conn = null; // else: its "close" event clears it
        this.connected = false;
      }
      return true;
    }
    if (msg.payloadType !== PayloadType.Output) return true;
    if (!this.conn) this.dial(false);
    const conn = this.conn!;
    // The first dial not finished: not ready. A closed connection not yet noticed: the write fails.
    if (conn.destroyed || (!this.connected && this.initial)) return false;
    this.host.counts.bytesToDestination += msg.payload.length;
    writeCorked(conn, msg.payload);
    return true;
  }

  resumeReading(): void {
    if (this.connected) this.conn?.resume();
  }

  close(): void {
    this.closed = true;
    this.conn?.destroy();
  }

  private initial = true;

  private dial(atStart: boolean): void {
    const { host, port } = this.host.destination;
    const conn = net.connect({ host, port });
    this.conn = conn;
    this.connected = false;
    this.initial = atStart;
    this.host.counts.destinationDials++;
    conn.on("connect", () => {
      this.connected = true;
      this.host.ready();
    });
    conn.on("data", (data: Buffer) => {
      this.host.counts.bytesFromDestination += data.length;
      this.host.emit(data);
      if (this.host.outputHigh()) conn.pause();
    });
    conn.on("error", (err) => {
      // port_basic.go InitializeSession, at every tag read: "Unable to connect to specified port: %v"
      // with Go's dial error (`dial tcp ADDR: connect: connection refused`).
      if (atStart && !this.connected && !this.closed) {
        const addr = this.host.dialLabel ?? `${host}:${port}`;
        const why =
          (err as NodeJS.ErrnoException).code === "ECONNREFUSED" ? "connection refused" : err.message;
        this.host.fail(`Unable to connect to specified port: dial tcp ${addr}: connect: ${why}`, "dial");
      }
    });
    conn.on("close", () => {
      if (this.endsWithDestination && this.connected && !this.closed && this.conn === conn) {
        this.host.fail("", "destination-closed");
        return;
      }
      if (this.conn !== conn) return;
      this.conn = null;
      this.connected = false;
    });
  }
}
