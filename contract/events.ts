/**
 * What the host sends without being asked (PROTOCOL.md, "Events"): tunnel changes, and (appended)
 * renewal requests from `bastionless credential-process` / `login` through the tunnel service.
 */
import { profileName } from "./identifiers";
import { RENEWAL_REQUEST_ID } from "./requests";
import { SOURCE_ID } from "./signin-source";
import { checkTunnelInfo, type TunnelInfo } from "./tunnel-info";
import { nullable, obj, str } from "./validate";

export interface TunnelChangedEvent {
  event: "tunnel.changed";
  tunnel: TunnelInfo;
}

/**
 * (appended) A CLI needs fresh keys: renew `sourceId` (the source the profile's keys came from,
 * null when unknown: the extension picks the source that wrote `profile`, or every renewing one),
 * then answer with the request `renewal.report` naming `requestId`.
 */
export interface RenewalRequestedEvent {
  event: "renewal.requested";
  requestId: string;
  profile: string | null;
  sourceId: string | null;
  /** Why, for the log and the popup: "expiring" (credential-process) or "login". */
  reason: string;
}

export type HostEvent = TunnelChangedEvent | RenewalRequestedEvent;

export const RENEWAL_REASON_MAX = 64;

export function checkRenewalRequested(o: Record<string, unknown>): RenewalRequestedEvent {
  return {
    event: "renewal.requested",
    requestId: str(o.requestId, "event.requestId", { pattern: RENEWAL_REQUEST_ID }),
    profile: nullable(o.profile, (x) => profileName(x, "event.profile")),
    sourceId: nullable(o.sourceId, (x) => str(x, "event.sourceId", { pattern: SOURCE_ID })),
    reason: str(o.reason, "event.reason", { min: 1, max: RENEWAL_REASON_MAX }),
  };
}

/** Checks an event from the host; null for an event this extension does not know (a newer host). */
export function checkHostEvent(v: unknown): HostEvent | null {
  const o = obj(v, "event");
  if (o.event === "tunnel.changed") return { event: "tunnel.changed", tunnel: checkTunnelInfo(o.tunnel) };
  if (o.event === "renewal.requested") return checkRenewalRequested(o);
  return null;
}
