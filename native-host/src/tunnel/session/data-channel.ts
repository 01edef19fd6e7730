/**
 * One Session Manager data channel across websocket reconnects (spec §3, §7, §9). It owns the
 * reliable channel, the transport and the timers; what the messages mean is the caller's. On a
 * dropped socket it calls ResumeSession for a fresh token and reconnects with the same ClientId,
 * both sequence counters and both unacked buffers intact, for a whole budget (spec §9.1 and our
 * longer policy in reconnect-policy.ts).
 */
import { randomUUID } from "node:crypto";
import type { SessionTokens } from "../../aws/ssm/ssm-session";
import type { Logger } from "../../config/log";
import { TunnelError } from "../../errors";
import {
  agentUnresponsive,
  channelClosed,
  openDataChannelFrame,
  reconnectFailed,
  sessionTimedOut,
} from "../core/channel-control";
import { type ClientMessage, decodeClientMessage, NEW_MESSAGE_ID } from "../core/client-message";
import { MessageType, PayloadType } from "../core/message-types";
import { drawBase, type ReconnectPolicy, reconnectDelay } from "../core/reconnect-policy";
import { ReliableChannel } from "../core/reliable-channel";
import type { UploadWindowOptions } from "../core/upload-window";
import type { Transport, TransportConnector } from "./transport";

/** Data chunk size of both Go programs (spec §7.4, §11); MGS's own frame limit is unknown. */
export const OUTPUT_CHUNK_BYTES = 1024;

export interface DataChannelOptions {
  session: SessionTokens;
  resume(): Promise<SessionTokens | null>;
  connect: TransportConnector;
  log: Logger;
  reconnect: ReconnectPolicy;
  /** How long the very first connection may take, retries included. */
  firstConnectBudgetMs: number;
  /** Scheduler tick (spec §7.4: 100 ms). */
  tickMs: number;
  /** Oldest message unacked this long while connected ⇒ the agent is gone (plugin: ≈ 5 min, §8.5). */
  giveUpMs: number;
  maxUnacked: number;
  maxOutOfOrder: number;
  uploadWindow?: UploadWindowOptions;
  random?: () => number;
}

export interface DataChannelEvents {
  /** An in-order output_stream_data message; false = not ready (left unacked). */
  deliver(msg: ClientMessage): boolean;
  windowOpen(): void;
  state(state: "open" | "reconnecting"): void;
  /** The channel is over: channel_closed, session timed out, or reconnecting failed. */
  end(reason: TunnelError): void;
  tick(now: number): void;
}

const sleepTimer = (ms: number, wake: { fn: (() => void) | null }) =>
  new Promise<void>((resolve) => {
    const t = setTimeout(resolve, ms);
    wake.fn = () => {
      clearTimeout(t);
      resolve();
    };
  });

export class DataChannel {
  readonly clientId = randomUUID();
  readonly reliable: ReliableChannel;
  private transport: Transport | null = null;
  private streamUrl: string;
  private ended = false;
  private downSince: number | null = null;
  private attempt = 0;
  private readonly wake: { fn: (() => void) | null } = { fn: null };
  private readonly timer: NodeJS.Timeout;
  private readonly random: () => number;

  constructor(
    private readonly opts: DataChannelOptions,
    private readonly events: DataChannelEvents,
  ) {
    this.streamUrl = opts.session.streamUrl;
    this.random = opts.random ?? Math.random;
    this.reliable = new ReliableChannel(
      {
        now: Date.now,
        newMessageId: () => NEW_MESSAGE_ID,
        write: (frame) => this.transport?.send(frame) ?? false,
        deliver: (msg) => events.deliver(msg),
        windowOpen: () => events.windowOpen(),
      },
      {
        sendType: MessageType.InputStreamData,
        receiveType: MessageType.OutputStreamData,
        maxUnacked: opts.maxUnacked,
        maxOutOfOrder: opts.maxOutOfOrder,
        uploadWindow: opts.uploadWindow,
      },
    );
    this.timer = setInterval(() => this.onTick(), opts.tickMs);
  }

  /** First connection, with the StartSession token first and fresh ResumeSession tokens after (§9.1.6). */
  async open(): Promise<void> {
    const started = Date.now();
    let tokens: SessionTokens | null = this.opts.session;
    const base = drawBase(this.opts.reconnect, this.random);
    for (let attempt = 0; ; attempt++) {
      try {
        if (attempt > 0) tokens = await this.opts.resume();
        if (!tokens) throw sessionTimedOut(this.opts.session.sessionId);
        return this.attach(
          await this.opts.connect(tokens.streamUrl || this.streamUrl, this.openFrame(tokens.tokenValue)),
        );
      } catch (err) {
        const late = Date.now() - started > this.opts.firstConnectBudgetMs;
        if (this.ended || late || (err instanceof TunnelError && err.code === "TUNNEL_SESSION_TIMED_OUT")) {
          this.close();
          throw err;
        }
        this.opts.log.warn("data channel connect failed; retrying", { attempt, error: err });
        await sleepTimer(reconnectDelay(this.opts.reconnect, attempt, base, this.random), this.wake);
        if (this.ended) throw err;
      }
    }
  }

  /** A sequenced message; returns its sequence number. */
  send(payloadType: number, payload: Buffer): number {
    return this.reliable.send(payloadType, payload);
  }

  /** Bytes toward the destination, as Output messages of at most 1 KiB. */
  sendOutput(bytes: Buffer): void {
    for (let off = 0; off < bytes.length; off += OUTPUT_CHUNK_BYTES) {
      this.reliable.send(PayloadType.Output, bytes.subarray(off, off + OUTPUT_CHUNK_BYTES));
    }
  }

  get writable(): boolean {
    return this.reliable.writable;
  }

  /** A websocket is up right now. */
  get connected(): boolean {
    return this.transport !== null;
  }

  /** The consumer has room again: deliver what it refused, and read the socket again. */
  retryDelivery(): void {
    this.reliable.retryDelivery();
    if (!this.reliable.backlogged) this.transport?.resume();
  }

  /** Ends the channel: timers stop, the websocket closes with 1000. Idempotent. */
  close(): void {
    if (this.ended) return;
    this.ended = true;
    clearInterval(this.timer);
    this.wake.fn?.();
    this.reliable.setOnline(false);
    const t = this.transport;
    this.transport = null;
    t?.close(1000, "");
  }

  private openFrame(tokenValue: string): string {
    return openDataChannelFrame({ tokenValue, clientId: this.clientId, requestId: randomUUID() });
  }

  private attach(t: Transport): void {
    if (this.ended) {
      t.close(1000, "");
      return;
    }
    this.transport = t;
    t.onMessage = (frame) => this.onFrame(frame);
    t.onClose = (info) => {
      if (this.transport !== t) return;
      this.transport = null;
      this.reliable.setOnline(false);
      if (this.ended) return;
      if (info.error) {
        this.finish(info.error);
        return;
      }
      this.opts.log.info("data channel dropped; resuming", { code: info.code, reason: info.reason });
      void this.reconnect();
    };
    this.reliable.setOnline(true);
  }

  private onFrame(frame: Buffer): void {
    this.downSince = null;
    this.attempt = 0;
    let msg: ClientMessage;
    try {
      msg = decodeClientMessage(frame);
    } catch (err) {
      this.opts.log.debug("dropped a malformed frame", { code: (err as TunnelError).code });
      return;
    }
    const rest = this.reliable.receive(msg);
    if (this.reliable.backlogged) this.transport?.pause();
    if (rest?.messageType === MessageType.ChannelClosed)
      this.finish(channelClosed(rest.payload, this.opts.session.sessionId));
    // Any other type (agent_session_state, …) is ignored (spec §5.1).
  }

  private finish(reason: TunnelError): void {
    if (this.ended) return;
    this.close();
    this.events.end(reason);
  }

  private async reconnect(): Promise<void> {
    this.events.state("reconnecting");
    this.downSince ??= Date.now();
    const base = drawBase(this.opts.reconnect, this.random);
    while (!this.ended && !this.transport) {
      if (Date.now() - this.downSince > this.opts.reconnect.budgetMs) {
        this.finish(reconnectFailed());
        return;
      }
      if (this.attempt > 0)
        await sleepTimer(reconnectDelay(this.opts.reconnect, this.attempt - 1, base, this.random), this.wake);
      this.attempt++;
      if (this.ended) return;
      if (await this.tryResume()) return;
    }
  }

  /** One ResumeSession + connect attempt; true when the channel is up again or over. */
  private async tryResume(): Promise<boolean> {
    let tokens: SessionTokens | null;
    try {
      tokens = await this.opts.resume();
    } catch (err) {
      this.opts.log.warn("ResumeSession failed; retrying", { error: err });
      return false;
    }
    if (!tokens) {
      this.finish(sessionTimedOut(this.opts.session.sessionId));
      return true;
    }
    if (tokens.streamUrl) this.streamUrl = tokens.streamUrl;
    try {
      const t = await this.opts.connect(this.streamUrl, this.openFrame(tokens.tokenValue));
      this.attach(t);
      if (!this.ended) this.events.state("open");
      return true;
    } catch (err) {
      this.opts.log.warn("data channel reconnect failed; retrying", { error: err });
      return false;
    }
  }

  private onTick(): void {
    const now = Date.now();
    this.reliable.tick();
    this.events.tick(now);
    if (this.transport && this.reliable.oldestUnackedAge() > this.opts.giveUpMs) {
      this.finish(agentUnresponsive());
    }
  }
}
