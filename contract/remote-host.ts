/**
 * The remote host of a remote-host forward (`AWS-StartPortForwardingSessionToRemoteHost`, its
 * `host` parameter): a DNS name, an IPv4 address or an IPv6 address (no brackets), as the agent
 * hands it to Go's net.LookupHost and net.JoinHostPort (amazon-ssm-agent
 * agent/session/plugins/port/port.go validateParameters, DialCall).
 *
 * A loopback host is refused here, before any session: the instance itself is what the plain
 * port-forward document reaches (`remotePort` alone), and agents in the field answer a loopback
 * remote host with "Forwarding to IP address 127.0.0.1 is forbidden." (issue 13; agents up to
 * 3.3.1142.0 still allowed it: port_test.go TestValidateParametersWhenValidHostAndPort).
 */
import { str, ValidationIssue } from "./validate";

/** Longest DNS name (RFC 1035 §2.3.4). */
export const REMOTE_HOST_MAX = 253;
const LABEL = "[A-Za-z0-9](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9])?";
const DNS_NAME = new RegExp(`^(?:${LABEL}\\.)*${LABEL}\\.?$`);
const IPV4 = /^(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?:\.(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
/** Hex groups and colons, at most one `::`, optionally an IPv4 tail; Go's parser is the judge, this only keeps junk out. */
const IPV6 = /^(?=.*:)[0-9A-Fa-f:]{2,39}(?:\d{1,3}(?:\.\d{1,3}){3})?$/;

export const isRemoteHost = (v: string): boolean =>
  v.length <= REMOTE_HOST_MAX && (IPV4.test(v) || DNS_NAME.test(v) || (IPV6.test(v) && !/:::/.test(v)));

/** localhost (any case, trailing dot), 127.0.0.0/8, 0.0.0.0, ::1, :: and IPv4-mapped loopback. */
export function isLoopbackHost(host: string): boolean {
  const h = host.toLowerCase().replace(/\.$/, "");
  if (h === "localhost" || h.endsWith(".localhost")) return true;
  if (IPV4.test(h)) return h.startsWith("127.") || h === "0.0.0.0";
  if (!h.includes(":")) return false;
  const mapped = /^(?:0{0,4}:){0,5}:?ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(h);
  if (mapped) return isLoopbackHost(mapped[1]!);
  // Every group zero except possibly the last being 1: ::, ::1, 0:0:0:0:0:0:0:1.
  return /^[0:]*:(?:0{0,3}1|0{0,4})$/.test(h);
}

/** The one message for a loopback remote host, for every caller (CLI, native messaging, service). */
export const LOOPBACK_REMOTE_HOST =
  "is the instance itself: forward to its port without a remote host (AWS-StartPortForwardingSession); current SSM Agents refuse a loopback remote host";

export function remoteHost(v: unknown, path: string): string {
  const h = str(v, path, { max: REMOTE_HOST_MAX });
  if (!isRemoteHost(h)) throw new ValidationIssue(path, "a DNS name, an IPv4 address or an IPv6 address");
  if (isLoopbackHost(h))
    throw new ValidationIssue(path, `not a loopback host ("${h}" ${LOOPBACK_REMOTE_HOST})`);
  return h;
}

/**
 * `HOST:PORT` as users write it (`forward --to`, a saved connection's "remote"): IPv6 in brackets
 * ([fd00::5]:5432). Null when it is not that shape or the host or port is not valid; the loopback
 * rule is the caller's to say in its own words.
 */
export function splitRemoteAddress(value: string): { host: string; port: number } | null {
  const m = /^(?:\[([^\]]{1,60})\]|([^:[\]]{1,253})):(\d{1,5})$/.exec(value);
  if (!m) return null;
  const host = m[1] ?? m[2]!;
  const port = Number(m[3]);
  return isRemoteHost(host) && port >= 1 && port <= 65535 ? { host, port } : null;
}
