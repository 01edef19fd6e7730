/**
 * One session of the fake Session Manager service + agent (spec §10): token check on the
 * OpenDataChannel frame, the handshake, reliable delivery, the port mode toward a real TCP
 * destination, and the service's behaviours (channel_closed, 1000 Bye, outage, pause/start,
 * idle timeout) driven by knobs. Over 300 lines on purpose: it is the one place a session's whole
 * lifecycle can be read in order; the parts with their own rules live beside it (agent-channel,
 * agent-handshake, agent-basic, agent-mux, output-pump, wire).
 */
import { randomBytes, randomUUID } from "node:crypto";
import type net from "node:net";
import WebSocket from "ws";
import {
  type ClientMessage,
  decodeClientMessage,
  encodeClientMessage,
  SCHEMA_VERSION,
} from "../../../native-host/src/tunnel/core/client-message";
import {
  decodeFlagPayload,
  encodeFlagPayload,
  HeaderFlag,
  MessageType,
  PayloadType,
  PortFlag,
} from "../../../native-host/src/tunnel/core/message-types";
import { AgentBasicPort } from "./agent-basic";
import { type AgentBehaviour, agentBehaviour } from "./agent-behaviour";
import { AgentChannel } from "./agent-channel";
import { agentModes, handshakeComplete, handshakeRequest, readHandshakeResponse } from "./agent-handshake";
import { AgentMuxPort } from "./agent-mux";
import type { AgentPort } from "./agent-port";
import { planRemoteHost, type RemoteNetwork } from "./agent-remote-host";
import { type AgentKnobs, seededRandom } from "./knobs";
import { OutputPump } from "./output-pump";
import { ServiceRelay } from "./service-relay";
import { type FakeSessionInfo, newCounts } from "./session-info";
import { FaultyWire } from "./wire";

/** What StartSession asked of a remote-host session, and the network the instance sees. */
export interface RemoteRequest {
  host: string;
  port: number;
  network: RemoteNetwork;
  /** Where a dial that finds nothing listening goes (a closed port: refused). */
  unreachable: { host: string; port: number };
}

export class AgentSession {
  readonly info: FakeSessionInfo;
  private token: string | null = randomBytes(24).toString("base64url");
  private ws: WebSocket | null = null;
  private readonly channel: AgentChannel;
  private readonly pump: OutputPump;
  private readonly wireOut: FaultyWire;
  private readonly wireIn: FaultyWire;
  private port: AgentPort | null = null;
  private handshake: "none" | "sent" | "complete" = "none";
  private readonly timers = new Set<NodeJS.Timeout>();
  private pausedSince: number | null = null;
  private pauseSeen = false;
  private lastActivity = Date.now();
  private hsStarted = process.hrtime.bigint();
  private corked = false;
  private readonly behaviour: AgentBehaviour;
  private readonly relay: ServiceRelay;
  /**
   * Client frames the agent has not read yet: its reader is blocked in the port handler (smux
   * receive buffer full) or the service holds them during a pause ("kept"). The websocket is not
   * read meanwhile, so TCP backpressure reaches the client.
   */
  private inbound: Buffer[] = [];
  private inboundBytes = 0;
  /** Output bytes put out on the current connection, and messages since the last pause (fault triggers). */
  private connectionOutput = 0;
  private messagesSincePause = 0;
  private dialLabel: string | null = null;

  constructor(
    sessionId: string,
    target: string,
    private destination: { host: string; port: number },
    private readonly knobs: AgentKnobs,
    /** The document parameters StartSession asked for (portNumber, localPortNumber…), echoed in the handshake. */
    private readonly parameters: Record<string, string[]>,
    /** A remote-host session: the agent checks and resolves `host` after the handshake (agent-remote-host.ts). */
    private readonly remote: RemoteRequest | null = null,
  ) {
    this.info = {
      sessionId,
      target,
      state: "created",
      mode: null,
      smuxKeepAlive: null,
      clientVersion: null,
      clientIds: [],
      handshakeRequest: null,
      handshakeResponse: null,
      terminated: false,
      endedBy: null,
      counts: newCounts(),
    };
    const random = seededRandom(knobs.seed);
    const c = this.info.counts;
    this.behaviour = agentBehaviour(knobs.agentVersion);
    this.relay = new ServiceRelay(
      knobs.reconnectFrames,
      knobs.serviceBufferBytes,
      knobs.serviceLatencyMs,
      c,
      (ws, f) => this.sendFrame(ws, f),
    );
    this.wireOut = new FaultyWire(knobs, random, c, (f) => this.relay.push(f));
    this.wireIn = new FaultyWire(knobs, random, c, (f) => this.onClientFrame(f));
    this.channel = new AgentChannel(
      { write: (f) => this.wireOut.pass(f), deliver: (m) => this.deliver(m) },
      this.behaviour,
      c,
    );
    this.pump = new OutputPump(
      {
        ready: () => !this.channel.paused && !this.relay.full,
        send: (chunk) => {
          const now = Date.now();
          this.lastActivity = now;
          c.outputBytes += chunk.length;
          c.outputFirstAt ||= now;
          c.outputLastAt = now;
          this.channel.send(PayloadType.Output, chunk);
          this.afterOutput(chunk.length);
        },
        low: () => this.port?.resumeReading(),
      },
      knobs.pacing,
    );
    this.every(100, () => {
      this.channel.tick();
      this.pump.kick();
      this.checkLimits();
    });
  }

  get tokenValue(): string | null {
    return this.token;
  }

  get ended(): boolean {
    return this.info.state === "ended";
  }

  /** ResumeSession: a fresh token, or null once the session is over (spec §9.1). */
  newToken(): string | null {
    if (this.ended) return null;
    this.token = randomBytes(24).toString("base64url");
    return this.token;
  }

  refusing(): boolean {
    return this.ended;
  }

  /** Outage: the websocket drops without a close frame (the service refuses reconnects, index.ts). */
  outage(): void {
    this.ws?.terminate();
  }

  /** Closes the client's websocket with `code`/`reason` (e.g. 1000 "Bye", spec §9.1). */
  disconnect(code = 1000, reason = "Bye"): void {
    const ws = this.ws;
    if (!ws) return;
    if (code === 1000 && reason === "Bye") this.info.counts.byes++;
    // The service is done with this socket at once: it relays nothing more either way, and it
    // reads the client's close frame whatever the agent's reader is doing.
    this.clientGone(ws);
    ws.close(code, reason);
    ws.resume();
  }

  private clientGone(ws: WebSocket): void {
    if (this.ws !== ws) return;
    this.ws = null;
    this.relay.detach();
    this.channel.paused = true;
    if (!this.ended) this.info.state = "disconnected";
  }

  /** A websocket for this session; its first frame must be OpenDataChannel with the current token (spec §10.1). */
  attach(ws: WebSocket): void {
    ws.once("message", (data: Buffer, isBinary: boolean) => {
      let open: Record<string, unknown> = {};
      try {
        open = isBinary ? {} : JSON.parse(data.toString("utf8"));
      } catch {}
      const keys = ["MessageSchemaVersion", "RequestId", "TokenValue", "ClientId", "ClientVersion"];
      if (
        this.refusing() ||
        !this.token ||
        open.TokenValue !== this.token ||
        !keys.every((k) => typeof open[k] === "string")
      ) {
        this.info.counts.refused++;
        ws.close(1008, "invalid token");
        return;
      }
      this.token = null; // one use per token
      this.info.clientIds.push(String(open.ClientId));
      this.use(ws);
    });
  }

  /** TerminateSession API or a test: channel_closed with `output`, then close (spec §8.5, §10.9–10). */
  end(by: string, output = ""): void {
    if (this.ended) return;
    this.info.state = "ended";
    this.info.endedBy = by;
    if (by === "flag") this.info.terminated = true;
    for (const t of this.timers) clearTimeout(t);
    this.port?.close();
    this.pump.stop();
    this.relay.stop();
    this.inbound = [];
    this.inboundBytes = 0;
    this.wireOut.reset();
    const ws = this.ws;
    if (ws?.readyState === WebSocket.OPEN) {
      ws.send(this.channelClosed(output));
      ws.close(1000, "");
    }
  }

  private use(ws: WebSocket): void {
    const old = this.ws;
    this.ws = ws;
    old?.terminate();
    const c = this.info.counts;
    c.connections++;
    this.info.state = "connected";
    this.wireOut.reset();
    // Nothing is resent here: the agent cannot see the client's websocket (spec §15). What the
    // service held for the client is delivered now ("kept") or was lost when it went ("dropped").
    this.relay.attach(ws);
    this.channel.paused = this.pausedSince !== null;
    if (this.inboundBytes >= this.knobs.serviceBufferBytes) ws.pause();
    ws.on("message", (data: Buffer) => {
      if (this.ws === ws) this.wireIn.pass(data);
    });
    ws.on("close", () => this.clientGone(ws));
    ws.on("error", () => ws.terminate());
    const k = this.knobs;
    this.connectionOutput = 0;
    if (k.sendUnknownTypes)
      ws.send(
        this.control("agent_session_state", {
          SchemaVersion: 1,
          SessionState: "Connected",
          SessionId: this.info.sessionId,
        }),
      );
    if (this.handshake === "none") {
      this.handshake = "sent";
      this.after(k.handshakeDelayMs, () => {
        this.hsStarted = process.hrtime.bigint();
        const request = handshakeRequest(k, this.parameters);
        this.info.handshakeRequest = JSON.parse(request.toString("utf8"));
        this.channel.send(PayloadType.HandshakeRequest, request);
        this.after(k.handshakeResponseTimeoutMs, () => {
          if (this.handshake !== "complete") {
            this.end(
              "handshake",
              "Handshake timed out. Please ensure that you have the latest version of the session manager plugin.",
            );
          }
        });
      });
    }
    this.pump.kick();
  }

  /** Like a real server under load: frames of one tick leave in one TCP write. */
  private sendFrame(ws: WebSocket, frame: Buffer): void {
    if (ws.readyState !== WebSocket.OPEN) return;
    const socket = (ws as unknown as { _socket?: net.Socket })._socket;
    if (socket && !this.corked) {
      this.corked = true;
      socket.cork();
      process.nextTick(() => {
        this.corked = false;
        socket.uncork();
      });
    }
    ws.send(frame);
  }

  private onClientFrame(frame: Buffer): void {
    if (this.inbound.length || this.port?.blocked) {
      this.hold(frame);
      return;
    }
    this.readClientFrame(frame);
  }

  /** The service holds a frame for the agent; once it holds its buffer's worth it stops reading the client. */
  private hold(frame: Buffer): void {
    this.inbound.push(frame);
    this.inboundBytes += frame.length;
    if (this.inboundBytes >= this.knobs.serviceBufferBytes) this.ws?.pause();
  }

  /** The agent's reader can go on (smux buffer has room, pause over): frames the service held, in order. */
  private readInbound(): void {
    while (this.inbound.length && !this.port?.blocked && !(this.pausedSince !== null && this.holdingPaused)) {
      const f = this.inbound.shift()!;
      this.inboundBytes -= f.length;
      this.readClientFrame(f);
    }
    if (this.inboundBytes < this.knobs.serviceBufferBytes) this.ws?.resume();
  }

  /** The service keeps client frames that arrive while it paused the agent ("kept" answer). */
  private get holdingPaused(): boolean {
    return this.knobs.pauseFrames === "kept";
  }

  private readClientFrame(frame: Buffer): void {
    let msg: ClientMessage;
    try {
      msg = decodeClientMessage(frame);
    } catch {
      this.info.counts.malformedFrames++;
      return;
    }
    if (msg.messageType === MessageType.InputStreamData && this.pausedSince !== null) {
      // MGS: the agent's side is inactive; the client was told so and should hold (spec §7.6).
      // Counted only once the client has provably read the pause (its pong to the ping sent
      // right after it came back): earlier frames were already on their way. Kept for the agent
      // or dropped: the service's answer is unknown (§15), both are knobs.
      if (this.pauseSeen) this.info.counts.clientFramesWhilePaused++;
      if (this.holdingPaused) this.hold(frame);
      return;
    }
    this.channel.receive(msg);
  }

  /** In-order client messages (spec §10 items 3, 5, 8, 9). */
  private deliver(msg: ClientMessage): boolean {
    if (this.handshake !== "complete") {
      if (msg.payloadType === PayloadType.HandshakeResponse) this.onHandshakeResponse(msg.payload);
      else this.info.counts.earlyClientData++;
      return true;
    }
    if (
      msg.payloadType === PayloadType.Flag &&
      decodeFlagPayload(msg.payload) === PortFlag.TerminateSession
    ) {
      setImmediate(() => this.end("flag")); // after the ack went out
      return true;
    }
    if (msg.payloadType === PayloadType.Output) this.lastActivity = Date.now();
    return this.port ? this.port.deliver(msg) : true;
  }

  private onHandshakeResponse(payload: Buffer): void {
    const verdict = readHandshakeResponse(payload);
    this.info.clientVersion = verdict.clientVersion;
    this.info.handshakeResponse = verdict.raw;
    if (verdict.failure) {
      setImmediate(() => this.end("handshake", verdict.failure!));
      return;
    }
    const { mode, keepAlive } = agentModes(this.knobs, verdict.clientVersion);
    this.info.mode = mode;
    this.info.smuxKeepAlive = mode === "mux" ? keepAlive : null;
    // The response is acked as it is processed; HandshakeComplete goes out after that ack, with
    // the handshake's own duration (datachannel.go PerformHandshake, spec §15).
    const took = process.hrtime.bigint() - this.hsStarted;
    setImmediate(() => {
      if (!this.ended) this.channel.send(PayloadType.HandshakeComplete, handshakeComplete(this.knobs, took));
    });
    this.handshake = "complete";
    this.wireOut.enabled = this.wireIn.enabled = true;
    this.lastActivity = Date.now();
    if (this.remote) {
      const plan = planRemoteHost(this.knobs, this.remote.host, this.remote.port, this.remote.network);
      if ("refusal" in plan) {
        // The plugin fails in validateParameters, after HandshakeComplete went out (sessionplugin.go).
        setImmediate(() => setImmediate(() => this.end("plugin", plan.refusal)));
        return;
      }
      this.dialLabel = `${this.remote.host}:${this.remote.port}`;
      this.destination = plan.destination ?? this.remote.unreachable;
    }
    this.port = this.makePort(mode, keepAlive);
    this.port.start();
    this.scheduleServiceEvents();
  }

  private makePort(mode: "mux" | "basic", keepAlive: boolean): AgentPort {
    const host = {
      destination: this.destination,
      ...(this.dialLabel ? { dialLabel: this.dialLabel } : {}),
      emit: (bytes: Buffer) => this.pump.push(bytes),
      outputHigh: () => this.pump.high,
      sendFlag: (flag: number) => void this.channel.send(PayloadType.Flag, encodeFlagPayload(flag)),
      ready: () => this.channel.drain(),
      unblocked: () => this.readInbound(),
      fail: (output: string, by: string) => this.end(by, output),
      counts: this.info.counts,
    };
    const k = this.knobs;
    if (mode === "basic")
      return new AgentBasicPort(
        host,
        this.behaviour.basicLosesAfterDisconnect,
        this.knobs.portType !== "LocalPortForwarding",
      );
    return new AgentMuxPort(
      host,
      keepAlive ? { intervalMs: k.smuxKeepAliveIntervalMs, timeoutMs: k.smuxKeepAliveTimeoutMs } : null,
    );
  }

  private scheduleServiceEvents(): void {
    const k = this.knobs;
    if (k.maxDurationMs !== null)
      this.after(k.maxDurationMs, () => this.end("max-duration", "Session reached its maximum duration."));
  }

  /** Faults fired by the transfer's own progress (Bye, pause): never by the clock. */
  private afterOutput(bytes: number): void {
    const k = this.knobs;
    const c = this.info.counts;
    this.connectionOutput += bytes;
    this.messagesSincePause++;
    const byeAt =
      c.connections === 1 && c.byes === 0 ? (k.byeAfterBytes ?? k.byeEveryBytes) : k.byeEveryBytes;
    if (byeAt !== null && this.connectionOutput >= byeAt && this.ws?.readyState === WebSocket.OPEN) {
      this.connectionOutput = -Infinity; // once per connection
      this.disconnect();
    }
    if (k.pause && this.messagesSincePause >= k.pause.everyMessages) this.pausePublication(k.pause.forMs);
  }

  private pausePublication(forMs: number): void {
    const ws = this.ws;
    if (!ws || ws.readyState !== WebSocket.OPEN || this.pausedSince !== null) return;
    this.info.counts.pauses++;
    this.pausedSince = Date.now();
    this.channel.paused = true;
    this.pauseSeen = false;
    ws.send(this.control(MessageType.PausePublication, null));
    ws.ping();
    ws.once("pong", () => {
      if (this.pausedSince !== null) this.pauseSeen = true;
    });
    this.after(forMs, () => {
      this.pausedSince = null;
      this.messagesSincePause = 0;
      this.channel.paused = this.ws === null;
      this.ws?.send(this.control(MessageType.StartPublication, null));
      this.readInbound();
      this.pump.kick();
    });
  }

  private checkLimits(): void {
    if (this.handshake === "complete" && Date.now() - this.lastActivity > this.knobs.idleTimeoutMs) {
      this.end("idle", "Your session timed out due to inactivity and has been terminated.");
    }
  }

  private channelClosed(output: string): Buffer {
    const id = this.info.sessionId;
    const body = {
      MessageId: randomUUID(),
      CreatedDate: new Date().toISOString(),
      DestinationId: this.info.target,
      SessionId: id,
    };
    return this.control(MessageType.ChannelClosed, {
      ...body,
      MessageType: "channel_closed",
      SchemaVersion: 1,
      Output: output,
    });
  }

  /** MGS control messages: Seq 0, Flags 3, PayloadType 0 (spec §5.1). */
  private control(type: string, payload: unknown): Buffer {
    return encodeClientMessage({
      messageType: type,
      schemaVersion: SCHEMA_VERSION,
      createdDate: Date.now(),
      sequenceNumber: 0,
      flags: HeaderFlag.Control,
      messageId: randomUUID(),
      payloadType: PayloadType.None,
      payload: payload === null ? Buffer.alloc(0) : Buffer.from(JSON.stringify(payload)),
    });
  }

  private after(ms: number, fn: () => void): void {
    const t = setTimeout(() => {
      this.timers.delete(t);
      fn();
    }, ms);
    this.timers.add(t);
  }

  private every(ms: number, fn: () => void): void {
    this.timers.add(setInterval(fn, ms));
  }
}
