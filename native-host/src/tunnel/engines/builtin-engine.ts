/**
 * The built-in port-forwarding engine: the Session Manager data channel spoken in TypeScript
 * (spec §3–§9), no session-manager-plugin needed. Order as the spec has it: websocket and
 * OpenDataChannel, handshake (§6), then the local listener on 127.0.0.1 (§6.4, §8.1) and the
 * basic or multiplexed port mode (§8.2–8.4). Stop sends the TerminateSession flag (§8.5).
 */
import type net from "node:net";
import { TunnelError } from "../../errors";
import { AGENT_REFUSAL_CODES } from "../core/agent-refusal";
import { encodeFlagPayload, PayloadType, PortFlag } from "../core/message-types";
import { SMUX_KEEPALIVE } from "../core/smux-session";
import { DataChannel } from "../session/data-channel";
import { HandshakeDriver, type HandshakeOutcome } from "../session/handshake-driver";
import { listenLocal } from "../session/local-listener";
import type { PortChannel, PortForwarder } from "../session/port-channel";
import { BasicPortForward } from "../session/port-forward-basic";
import { MuxPortForward } from "../session/port-forward-mux";
import type { EngineStats, PortForward, PortForwardOptions, StartPortForward } from "./engine";
import { type EngineTuning, tuningWithDefaults } from "./engine-tuning";

type Ended = Awaited<PortForward["ended"]>;
/** Reasons after which the session is already over on the AWS side: nothing to terminate. */
const SESSION_OVER = new Set(["TUNNEL_CHANNEL_CLOSED", "TUNNEL_SESSION_TIMED_OUT"]);
/** The agent ended the session because it could not reach the destination (issue 13): over, and failed. */
const AGENT_REFUSED = new Set<string>(AGENT_REFUSAL_CODES);
/** A TerminateSession API call that hangs must not hold stop forever. */
const TERMINATE_API_TIMEOUT_MS = 10_000;

class BuiltinPortForward implements PortForward {
  localPort = 0;
  readonly ended: Promise<Ended>;
  private resolveEnded!: (e: Ended) => void;
  private readonly channel: DataChannel;
  private readonly handshake: HandshakeDriver;
  private port: PortForwarder | null = null;
  private server: net.Server | null = null;
  private shuttingDown: Promise<void> | null = null;
  private terminateFlag = true;
  private sessionOver = false;
  /** The channel ended after the handshake but before the port was ready (an agent refusing the host at once, issue 13). */
  private endedEarly: TunnelError | null = null;

  constructor(
    private readonly opts: PortForwardOptions,
    private readonly tuning: EngineTuning,
  ) {
    this.ended = new Promise((r) => {
      this.resolveEnded = r;
    });
    this.handshake = new HandshakeDriver(tuning.handshakeTimeoutMs, (response) =>
      this.channel.send(PayloadType.HandshakeResponse, response),
    );
    this.channel = new DataChannel(
      { ...tuning, session: opts.session, resume: opts.resume, log: opts.log },
      {
        deliver: (msg) => (this.port ? this.port.deliver(msg) : this.handshake.deliver(msg)),
        windowOpen: () => this.port?.windowOpen(),
        state: (state) => this.opts.onEvent({ state }),
        end: (reason) => this.channelEnded(reason),
        tick: (now) => this.port?.tick(now),
      },
    );
  }

  async start(): Promise<PortForward> {
    this.opts.onEvent({ state: "starting" });
    try {
      await this.channel.open();
      this.handshake.start();
      const plan = await this.handshake.done;
      this.terminateFlag = plan.terminateFlag;
      this.opts.log.info("handshake complete", {
        agentVersion: plan.agentVersion,
        mode: plan.mode,
        smuxKeepAlive: plan.smuxKeepAlive,
      });
      if (plan.customerMessage) this.opts.log.info("agent message", { text: plan.customerMessage });
      if (this.endedEarly) throw this.endedEarly;
      const stream = this.opts.stream;
      if (stream) {
        // One plain stream (the SSH document has no `type`, so the handshake chose basic, §8.2):
        // no listener; when the stream ends, so does the session (the plugin's StandardStreamForwarding).
        this.port = this.makePort(plan);
        stream.once("close", () => void this.shutdown(null));
        this.port.accept(stream as net.Socket);
      } else {
        this.server = await listenLocal(this.opts.localPort, (socket) =>
          this.port ? this.port.accept(socket) : socket.destroy(),
        );
        this.server.on("error", (err) => this.opts.log.warn("local listener error", { error: err }));
        this.localPort = (this.server.address() as net.AddressInfo).port;
        this.port = this.makePort(plan);
      }
      if (this.endedEarly) throw this.endedEarly;
    } catch (err) {
      const e =
        err instanceof TunnelError
          ? err
          : new TunnelError("TUNNEL_START_FAILED", "The tunnel could not start.", { cause: err });
      await this.shutdown(e);
      throw e;
    }
    this.opts.onEvent({ state: "open" });
    return this;
  }

  stats(): EngineStats {
    const port = this.port?.stats() ?? { bytesIn: 0, bytesOut: 0, connections: 0 };
    return { ...port, upstreamUnacked: this.channel.reliable.unackedBytes };
  }

  stop(): Promise<void> {
    return this.shutdown(null);
  }

  private makePort(plan: HandshakeOutcome): PortForwarder {
    const channel = this.channel;
    const ch: PortChannel = {
      sendOutput: (bytes) => channel.sendOutput(bytes),
      sendFlag: (flag) => channel.send(PayloadType.Flag, encodeFlagPayload(flag)),
      get writable() {
        return channel.writable;
      },
      retryDelivery: () => channel.retryDelivery(),
    };
    if (plan.mode === "basic") return new BasicPortForward(ch);
    const events = {
      notice: (code: string, message: string) =>
        this.opts.onEvent({ state: "open", error: { code, message } }),
      fatal: (err: TunnelError) => void this.shutdown(err),
    };
    return new MuxPortForward(ch, events, {
      keepAlive: plan.smuxKeepAlive ? (this.tuning.smuxKeepAlive ?? SMUX_KEEPALIVE) : null,
      now: Date.now(),
      streamBudget: this.tuning.streamBudget,
      stuckTicks: this.tuning.stuckReaderTicks,
      log: this.opts.log,
    });
  }

  private channelEnded(reason: TunnelError): void {
    if (SESSION_OVER.has(reason.code) || AGENT_REFUSED.has(reason.code)) this.sessionOver = true;
    // During start the handshake carries the reason to start()'s own shutdown; once the
    // handshake is done, start() finds it in endedEarly when the port is ready.
    if (!this.port) {
      this.endedEarly = reason;
      this.handshake.fail(reason);
    } else void this.shutdown(reason);
  }

  private shutdown(reason: TunnelError | null): Promise<void> {
    this.shuttingDown ??= this.doShutdown(reason);
    return this.shuttingDown;
  }

  private async doShutdown(reason: TunnelError | null): Promise<void> {
    this.server?.close();
    this.port?.closeAll();
    if (!this.sessionOver) await this.endSession();
    this.channel.close();
    const ended: Ended = !reason
      ? { state: "closed" }
      : {
          state: SESSION_OVER.has(reason.code) ? "closed" : "failed",
          error: { code: reason.code, message: reason.message },
        };
    this.opts.onEvent(ended.error ? { state: ended.state, error: ended.error } : { state: ended.state });
    this.resolveEnded(ended);
  }

  /** Spec §8.5: the flag, its ack within ~2 s (or channel_closed); otherwise the TerminateSession API. */
  private async endSession(): Promise<void> {
    if (this.port && this.terminateFlag && this.channel.connected) {
      const seq = this.channel.send(PayloadType.Flag, encodeFlagPayload(PortFlag.TerminateSession));
      if (
        await this.waitFor(
          () => this.channel.reliable.isAcked(seq) || this.sessionOver,
          this.tuning.terminateAckMs,
        )
      )
        return;
    }
    if (this.sessionOver) return;
    const timeout = new Promise<void>((r) => setTimeout(r, TERMINATE_API_TIMEOUT_MS).unref());
    await Promise.race([this.opts.terminate(), timeout]).catch((err) =>
      this.opts.log.warn("TerminateSession failed", { error: err }),
    );
  }

  private waitFor(cond: () => boolean, ms: number): Promise<boolean> {
    const started = Date.now();
    return new Promise((resolve) => {
      const poll = () => {
        if (cond()) resolve(true);
        else if (Date.now() - started >= ms) resolve(false);
        else setTimeout(poll, 10);
      };
      poll();
    });
  }
}

/** StartPortForward (engine.ts) over the built-in data channel; `tuning` is for tests and the bench. */
export function startBuiltinPortForward(
  opts: PortForwardOptions,
  tuning?: Partial<EngineTuning>,
): Promise<PortForward> {
  return new BuiltinPortForward(opts, tuningWithDefaults(tuning)).start();
}
startBuiltinPortForward satisfies StartPortForward;
