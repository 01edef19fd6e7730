/**
 * The tunnel service protocol: one JSON value per line. Requests `{id, op, params}`, replies
 * `{id, ok, result | error}`, pushed events `{event: "tunnel.changed", tunnel}`. Both sides check
 * what they receive, like the extension ↔ host protocol (design §3).
 */

import type { HostEvent } from "../../../../../contract/events";
import { PARAM_CHECKS, type RequestParams } from "../../../../../contract/requests";
import { checkTunnelInfo, type TunnelInfo } from "../../../../../contract/tunnel-info";
import {
  arr,
  bool,
  int,
  obj,
  oneOf,
  onlyKeys,
  opt,
  str,
  ValidationIssue,
} from "../../../../../contract/validate";
import { type AwsSettings, checkAwsSettings } from "../../../aws/sdk/aws-settings";
import {
  RENEWAL_PARAM_CHECKS,
  RENEWAL_RESULT_CHECKS,
  type RenewalOps,
  type RenewalReportedEvent,
} from "./renewal-ops";

/**
 * The line protocol's version, sent in `hello` (absent = 1). Bumped when a request an older
 * service would misread is added or changed: 2 added `start.settings` (issue 16 item 8), 3
 * `start.exactPort` (issue 11: an explicit busy port is an error, not the next one), 4 the renewal
 * ops (renewal-ops.ts, issue 12) and `start.remoteHost` (issue 13).
 */
export const IPC_VERSION = 4;

export const ENGINES = ["builtin", "plugin"] as const;
export type EngineName = (typeof ENGINES)[number];

export interface StartParams {
  profile: string;
  region?: string;
  target: string;
  remotePort: number;
  /** A host the instance forwards to (AWS-StartPortForwardingSessionToRemoteHost); absent: the instance. */
  remoteHost?: string;
  /** Preferred local port (next free one when taken, unless `exactPort`); 0 = any. */
  localPort: number;
  /** The user named `localPort`: when it is taken the start fails (TUNNEL_LOCAL_PORT_BUSY). */
  exactPort?: boolean;
  engine: EngineName;
  /** Bytes per second toward the instance at most (built-in engine); absent = paced by acks alone. */
  maxUploadRate?: number;
  /** The caller's AWS settings: the service builds this tunnel's clients and websocket from them. */
  settings: AwsSettings;
}

/** --max-upload-rate bounds: 10 kB/s to 10 GB/s. */
export const MIN_UPLOAD_RATE = 10_000;
export const MAX_UPLOAD_RATE = 10_000_000_000;

export interface ServiceOps extends RenewalOps {
  hello: { params: Record<string, never>; result: { version: string; pid: number; ipc?: number } };
  start: { params: StartParams; result: TunnelInfo };
  list: { params: Record<string, never>; result: { tunnels: TunnelInfo[] } };
  stop: { params: RequestParams["tunnel.stop"]; result: { stopped: string[] } };
  /** Pushes tunnel.changed events on this connection from now on; answers the current list. */
  subscribe: { params: Record<string, never>; result: { tunnels: TunnelInfo[] } };
}
export type ServiceOp = keyof ServiceOps;
export const SERVICE_OPS: readonly ServiceOp[] = [
  "hello",
  "start",
  "list",
  "stop",
  "subscribe",
  "renewal.listen",
  "renewal.request",
  "renewal.report",
];

export interface ServiceRequest<O extends ServiceOp = ServiceOp> {
  id: number;
  op: O;
  params: ServiceOps[O]["params"];
}

export type ServiceReply =
  | { id: number; ok: true; result: unknown }
  | { id: number; ok: false; error: { code: string; message: string; hint?: string } };
/**
 * The service's events are the host's events (contract/events.ts), passed on as they are, plus
 * renewal.reported, which only the CLI that asked for a renewal receives.
 */
export type ServiceEvent = HostEvent | RenewalReportedEvent;

function none(v: unknown): Record<string, never> {
  onlyKeys(v === undefined ? {} : obj(v, "params"), "params", []);
  return {};
}

export const OP_PARAM_CHECKS: { [O in ServiceOp]: (v: unknown) => ServiceOps[O]["params"] } = {
  ...RENEWAL_PARAM_CHECKS,
  hello: none,
  list: none,
  subscribe: none,
  stop: (v) => PARAM_CHECKS["tunnel.stop"](v),
  start: (v) => {
    const o = obj(v, "params");
    const { engine, localPort, exactPort, maxUploadRate, settings, ...rest } = o;
    const p = PARAM_CHECKS["tunnel.start"](rest);
    if (p.launch !== undefined)
      throw new ValidationIssue("params.launch", "no such field (the caller launches the RDP client)");
    const checked = {
      profile: p.profile,
      region: p.region,
      target: p.target,
      remotePort: p.remotePort ?? 3389,
      ...(p.remoteHost === undefined ? {} : { remoteHost: p.remoteHost }),
      localPort: localPort === undefined ? 0 : int(localPort, "params.localPort", 0, 65535),
      engine: opt(engine, (x) => oneOf(x, "params.engine", ENGINES)) ?? "builtin",
      ...(exactPort === undefined ? {} : { exactPort: bool(exactPort, "params.exactPort") }),
      ...(maxUploadRate === undefined
        ? {}
        : { maxUploadRate: int(maxUploadRate, "params.maxUploadRate", MIN_UPLOAD_RATE, MAX_UPLOAD_RATE) }),
    };
    // A caller older than IPC_VERSION 2 sends none: it must not get this process's settings.
    if (settings === undefined)
      throw new ValidationIssue(
        "params.settings",
        "the caller's AWS settings (this bastionless is older than the running tunnel service; stop its tunnels with `bastionless stop --all` and retry)",
      );
    return { ...checked, settings: checkAwsSettings(settings, "params.settings") };
  },
};

export function parseServiceRequest(v: unknown): ServiceRequest {
  const o = obj(v, "request");
  onlyKeys(o, "request", ["id", "op", "params"]);
  const id = int(o.id, "request.id", 0, Number.MAX_SAFE_INTEGER);
  const op = oneOf(o.op, "request.op", SERVICE_OPS);
  return { id, op, params: OP_PARAM_CHECKS[op](o.params) } as ServiceRequest;
}

/** Checks what the service sent back for an op. */
export const RESULT_CHECKS: { [O in ServiceOp]: (v: unknown) => ServiceOps[O]["result"] } = {
  ...RENEWAL_RESULT_CHECKS,
  hello: (v) => {
    const o = obj(v, "result");
    return {
      version: str(o.version, "result.version", { max: 64 }),
      pid: int(o.pid, "result.pid", 1, 2 ** 31),
      ipc: opt(o.ipc, (x) => int(x, "result.ipc", 1, 1_000_000)) ?? 1,
    };
  },
  start: (v) => checkTunnelInfo(v, "result"),
  list: (v) => ({
    tunnels: arr(obj(v, "result").tunnels, "result.tunnels", (t, p) => checkTunnelInfo(t, p)),
  }),
  subscribe: (v) => ({
    tunnels: arr(obj(v, "result").tunnels, "result.tunnels", (t, p) => checkTunnelInfo(t, p)),
  }),
  stop: (v) => ({
    stopped: arr(obj(v, "result").stopped, "result.stopped", (t, p) => str(t, p, { max: 64 })),
  }),
};
