/**
 * `--to HOST:PORT` of `bastionless forward` (issue 13): a host the instance reaches and its port.
 * IPv6 hosts are written in brackets ([fd00::5]:5432). The host rules and the loopback refusal
 * are the contract's (contract/remote-host.ts), shared with tunnel.start.
 */
import { isLoopbackHost, isRemoteHost, LOOPBACK_REMOTE_HOST } from "../../../contract/remote-host";
import { UsageError } from "../errors";

export function parseRemoteAddress(value: string, usage: string): { host: string; port: number } {
  const m = /^(?:\[([^\]]{1,60})\]|([^:[\]]{1,253})):(\d{1,5})$/.exec(value);
  const host = m ? (m[1] ?? m[2]!) : "";
  const port = m ? Number(m[3]) : 0;
  if (!m || !isRemoteHost(host) || port < 1 || port > 65535)
    throw new UsageError("USAGE", `--to "${value.slice(0, 80)}" is not HOST:PORT.`, {
      hint: `Give a DNS name or an address and a port 1-65535, e.g. --to db.internal:5432 or --to [fd00::5]:5432. Usage: ${usage}`,
    });
  if (isLoopbackHost(host))
    throw new UsageError("REMOTE_HOST_LOOPBACK", `--to ${host} ${LOOPBACK_REMOTE_HOST}.`, {
      hint: `Use --remote-port ${port} instead of --to to reach port ${port} of the instance itself.`,
    });
  return { host, port };
}
