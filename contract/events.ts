/** What the host sends without being asked (PROTOCOL.md, "Events"): today, tunnel changes. */
import { checkTunnelInfo, type TunnelInfo } from "./tunnel-info";
import { obj } from "./validate";

export interface TunnelChangedEvent {
  event: "tunnel.changed";
  tunnel: TunnelInfo;
}
export type HostEvent = TunnelChangedEvent;

/** Checks an event from the host; null for an event this extension does not know (a newer host). */
export function checkHostEvent(v: unknown): HostEvent | null {
  const o = obj(v, "event");
  if (o.event !== "tunnel.changed") return null;
  return { event: "tunnel.changed", tunnel: checkTunnelInfo(o.tunnel) };
}
