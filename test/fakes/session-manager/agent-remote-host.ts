/**
 * The agent's checks of a remote host (AWS-StartPortForwardingSessionToRemoteHost's `host`), read
 * from amazon-ssm-agent agent/session/plugins/port/port.go validateParameters at 3.3.1142.0 (and
 * unchanged since 3.1.1188.0, the first tag with a remote host, "Add support for port forwarding to
 * remote host"): the host is resolved with net.LookupHost (a failure ends the session with the
 * lookup error), and an address on DefaultDeniedPortForwardingRemoteIPs
 * (agent/appconfig/constants.go) ends it with "Forwarding to IP address HOST is forbidden.". Both
 * run after the handshake (sessionplugin.go: PerformHandshake, then Execute), so the client sees
 * them as channel_closed Output. The VPC resolver addresses the agent adds from instance metadata
 * are not modelled. Loopback: port_test.go TestValidateParametersWhenValidHostAndPort allows
 * 127.0.0.1 at 3.3.1142.0; agents in the field now answer it with the forbidden text (issue 13,
 * seen 2026); since which version is unknown, so newer agents take `loopbackRemoteHost` (test both).
 * Agents before 3.1.1188.0 have no `host` at all: they dial localhost:portNumber.
 */
import type { Destination } from "../ssm/types";
import { type AgentKnobs, compareAgentStyle } from "./knobs";

const DENIED = [
  "169.254.169.254",
  "fd00:ec2::254",
  "169.254.169.253",
  "fd00:ec2::253",
  "169.254.169.123",
  "fd00:ec2::123",
  "169.254.169.250",
  "169.254.169.251",
  "fd00:ec2::240",
];
/** The newest tag whose source was read; after it, loopback is the knob's answer. */
export const NEWEST_READ_AGENT = "3.3.1142.0";
const FIRST_REMOTE_HOST_AGENT = "3.1.1188.0";

/** What the instance's network looks like to its agent. */
export interface RemoteNetwork {
  /** Name → addresses, as the instance's resolver answers (an IP literal resolves to itself). */
  names: Record<string, string[]>;
  /** "address:port" → the real TCP server the agent dials for it. */
  listening: Record<string, Destination>;
  /** The instance's own port (loopback), where one listens. */
  own(port: number): Destination | null;
}

export type RemotePlan = { destination: Destination | null } | { refusal: string };

const isLoopback = (a: string) => a.startsWith("127.") || a === "::1";
const isIp = (h: string) => /^[\d.]+$/.test(h) || h.includes(":");

export function planRemoteHost(
  knobs: AgentKnobs,
  host: string,
  port: number,
  net: RemoteNetwork,
): RemotePlan {
  if (compareAgentStyle(knobs.agentVersion, FIRST_REMOTE_HOST_AGENT) < 0)
    return { destination: net.own(port) };
  const addresses = isIp(host)
    ? [host]
    : host === "localhost"
      ? ["127.0.0.1", "::1"]
      : (net.names[host] ?? null);
  if (!addresses) return { refusal: `lookup ${host} on 10.0.0.2:53: no such host` };
  const loopbackForbidden =
    compareAgentStyle(knobs.agentVersion, NEWEST_READ_AGENT) > 0 && knobs.loopbackRemoteHost === "forbidden";
  for (const a of addresses) {
    if (DENIED.includes(a) || (loopbackForbidden && isLoopback(a)))
      return { refusal: `Forwarding to IP address ${host} is forbidden.` };
  }
  // DialCall tries each address in order; the first that answers wins.
  for (const a of addresses) {
    const d = isLoopback(a) ? net.own(port) : (net.listening[`${a}:${port}`] ?? null);
    if (d) return { destination: d };
  }
  return { destination: null };
}
