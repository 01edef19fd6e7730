/**
 * Basic port mode on the agent side (spec §8.3): dial the destination right after the handshake
 * (a failure ends the session), DisconnectToPort closes it, the next Output redials, and a
 * destination EOF is silent (redial on the next Output).
 */
import net from "node:net";
import type { ClientMessage } from "../../../native-host/src/tunnel/client-message";
import { decodeFlagPayload, PayloadType, PortFlag } from "../../../native-host/src/tunnel/message-types";
import { writeCorked } from "../../../native-host/src/tunnel/port-channel";
import type { AgentPort, AgentPortHost } from "./agent-port";

export class AgentBasicPort implements AgentPort {
  private conn: net.Socket | null = null;
  private connected = false;
  private closed = false;

  constructor(private readonly host: AgentPortHost) {}

  start(): void {
    this.dial(true);
  }

  deliver(msg: ClientMessage): boolean {
    if (msg.payloadType === PayloadType.Flag) {
      if (decodeFlagPayload(msg.payload) === PortFlag.DisconnectToPort) {
        this.host.counts.disconnectToPort++;
        this.conn?.destroy();
        this.conn = null;
      }
      return true;
    }
    if (msg.payloadType !== PayloadType.Output) return true;
    if (!this.conn) this.dial(false);
    if (!this.connected) return false; // not ready: withheld ack, the client resends (spec §10.6)
    this.host.counts.bytesToDestination += msg.payload.length;
    writeCorked(this.conn!, msg.payload);
    return true;
  }

  resumeReading(): void {
    if (this.connected) this.conn?.resume();
  }

  close(): void {
    this.closed = true;
    this.conn?.destroy();
  }

  private dial(atStart: boolean): void {
    const { host, port } = this.host.destination;
    const conn = net.connect({ host, port });
    this.conn = conn;
    this.connected = false;
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
      if (atStart && !this.connected && !this.closed)
        this.host.fail(`Unable to start port, ${err.message}`, "dial");
    });
    conn.on("close", () => {
      if (this.conn !== conn) return;
      this.conn = null;
      this.connected = false;
    });
  }
}
