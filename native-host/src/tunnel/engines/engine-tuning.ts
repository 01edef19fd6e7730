/**
 * Timings and limits of the built-in engine, with the spec's values as defaults. Tests and the
 * bench shorten them (keepalive, budgets) or plug in another transport; the product uses defaults.
 */

import { RECONNECT_DEFAULTS, type ReconnectPolicy } from "../core/reconnect-policy";
import type { SmuxKeepAlive } from "../core/smux-session";
import { UPLOAD_WINDOW_DEFAULTS, type UploadWindowOptions } from "../core/upload-window";
import { STREAM_BUDGET, STUCK_READER_TICKS } from "../session/port-forward-mux";
import type { TransportConnector } from "../session/transport";
import { WS_DEFAULTS, wsConnector } from "../session/ws-transport";

export interface EngineTuning {
  connect: TransportConnector;
  reconnect: ReconnectPolicy;
  firstConnectBudgetMs: number;
  /** From connected to HandshakeComplete. The agent itself waits 15 s for our response (§6.5). */
  handshakeTimeoutMs: number;
  tickMs: number;
  giveUpMs: number;
  /** Unacked messages in flight (≈ 1 KiB each): the upstream window instead of 1 ms pacing (§7.6). */
  maxUnacked: number;
  /** Out-of-order messages kept, as the plugin (§7.4). */
  maxOutOfOrder: number;
  /** Unacked upload bytes, adapted to round trips, and the optional --max-upload-rate cap. */
  uploadWindow: UploadWindowOptions;
  /** How long stop waits for the TerminateSession flag's ack before calling the API (§8.5). */
  terminateAckMs: number;
  /** smux keepalive when the agent still wants it (§8.2); null = library defaults. */
  smuxKeepAlive: SmuxKeepAlive | null;
  /** Unread bytes toward one local client before its smux stream is closed (port-forward-mux.ts). */
  streamBudget: number;
  /** Scheduler ticks over that budget with nothing taken before the stream is closed (stuck-reader.ts). */
  stuckReaderTicks: number;
}

export const ENGINE_DEFAULTS: EngineTuning = {
  connect: wsConnector(WS_DEFAULTS),
  reconnect: RECONNECT_DEFAULTS,
  firstConnectBudgetMs: 20_000,
  handshakeTimeoutMs: 30_000,
  tickMs: 100,
  giveUpMs: 5 * 60_000,
  maxUnacked: 2048,
  maxOutOfOrder: 10_000,
  uploadWindow: UPLOAD_WINDOW_DEFAULTS,
  terminateAckMs: 2_000,
  smuxKeepAlive: null,
  streamBudget: STREAM_BUDGET,
  stuckReaderTicks: STUCK_READER_TICKS,
};

export function tuningWithDefaults(t: Partial<EngineTuning> = {}): EngineTuning {
  return {
    ...ENGINE_DEFAULTS,
    ...t,
    reconnect: { ...ENGINE_DEFAULTS.reconnect, ...t.reconnect },
    uploadWindow: { ...ENGINE_DEFAULTS.uploadWindow, ...t.uploadWindow },
  };
}
