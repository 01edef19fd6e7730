/**
 * The small duplex the data channel runs on (style §5): one websocket connection, seen as frames
 * out, frames in, and a close. Tests plug in an in-memory pair; production uses ws-transport.ts.
 */
import type { TunnelError } from "../../errors";

export interface TransportClose {
  code: number;
  reason: string;
  /** Set when the connection was closed for a reason resuming cannot cure (an oversized frame). */
  error?: TunnelError;
}

export interface Transport {
  /**
   * One binary frame; false when the connection is no longer open (the frame is lost). The frame's
   * buffer is reused once this returns (core/frame-slots.ts): copy it to keep it.
   */
  send(frame: Buffer): boolean;
  /** Stop / restart reading (TCP backpressure toward the service when our receive buffer is full). */
  pause(): void;
  resume(): void;
  close(code?: number, reason?: string): void;
  onMessage: (frame: Buffer) => void;
  onClose: (info: TransportClose) => void;
}

/** Opens a connection to `url` and sends `openDataChannel` as its first (text) frame (spec §3.2). */
export type TransportConnector = (url: string, openDataChannel: string) => Promise<Transport>;
