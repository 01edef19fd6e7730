/**
 * Which proxy a request goes through, by the rules curl and Go's net/http share: https:// and
 * wss:// use the https proxy, http:// and ws:// the http one; NO_PROXY is a comma list of `*`,
 * host names (a name also matches its subdomains; a leading dot is allowed), IP addresses and
 * CIDR blocks, each optionally with `:port`. Loopback is not exempt unless listed. Pure.
 */
import net from "node:net";
import { UsageError } from "../../errors";
import type { ProxySettings } from "./aws-settings";

const bare = (host: string) => host.replace(/^\[(.*)\]$/, "$1").toLowerCase();

function defaultPort(protocol: string): string {
  return protocol === "https:" || protocol === "wss:" ? "443" : "80";
}

function matchesEntry(entry: string, host: string, port: string): boolean {
  let e = entry.trim().toLowerCase();
  if (!e) return false;
  if (e === "*") return true;
  let entryPort: string | null = null;
  const m = /^(\[[^\]]+\]|[^:]+):(\d+)$/.exec(e);
  if (m) {
    e = m[1]!;
    entryPort = m[2]!;
  }
  if (entryPort && entryPort !== port) return false;
  e = bare(e);
  if (e.includes("/") && net.isIP(host)) {
    const [base, bits] = e.split("/");
    const family = net.isIPv6(base!) ? "ipv6" : "ipv4";
    if (!net.isIP(base!) || net.isIP(host) !== net.isIP(base!)) return false;
    const list = new net.BlockList();
    list.addSubnet(base!, Number(bits), family);
    return list.check(host, family);
  }
  if (net.isIP(e) || net.isIP(host)) return e === host;
  const name = e.replace(/^\*?\./, "");
  return host === name || host.endsWith(`.${name}`);
}

/** The proxy for `target`, or null for a direct connection. */
export function proxyFor(target: URL, proxy: ProxySettings): URL | null {
  const secure = target.protocol === "https:" || target.protocol === "wss:";
  const chosen = secure ? proxy.https : proxy.http;
  if (!chosen) return null;
  const host = bare(target.hostname);
  const port = target.port || defaultPort(target.protocol);
  if (proxy.noProxy?.split(",").some((e) => matchesEntry(e, host, port))) return null;
  return parseProxy(chosen);
}

/** A proxy URL we can use: http://host[:port] (a bare host:port is read as http://). */
export function parseProxy(value: string): URL {
  let u: URL;
  try {
    u = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? value : `http://${value}`);
  } catch {
    u = new URL("invalid:");
  }
  if (u.protocol !== "http:" || !u.hostname) {
    throw new UsageError(
      "PROXY_UNSUPPORTED",
      `The proxy "${value.replace(/\/\/[^/@]*@/, "//…@").slice(0, 80)}" is not an http:// proxy.`,
      {
        hint: "Set HTTPS_PROXY (and HTTP_PROXY) to http://HOST:PORT; NO_PROXY lists hosts reached directly.",
      },
    );
  }
  return u;
}
