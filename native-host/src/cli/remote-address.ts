/**
 * `--to HOST:PORT` of `bastionless forward` (issue 13): a host the instance reaches and its port.
 * IPv6 hosts are written in brackets ([fd00::5]:5432). The host rules and the loopback refusal
 * are the contract's (contract/remote-host.ts), shared with tunnel.start.
 */
import { isLoopbackHost, LOOPBACK_REMOTE_HOST, splitRemoteAddress } from "../../../contract/remote-host";
import { UsageError } from "../errors";

export function parseRemoteAddress(value: string, usage: string): { host: string; port: number } {
  const address = splitRemoteAddress(value);
  if (!address)
    throw new UsageError("USAGE", `--to "${value.slice(0, 80)}" is not HOST:PORT.`, {
      hint: `Give a DNS name or an address and a port 1-65535, e.g. --to db.internal:5432 or --to [fd00::5]:5432. Usage: ${usage}`,
    });
  const { host, port } = address;
  if (isLoopbackHost(host))
    throw new UsageError("REMOTE_HOST_LOOPBACK", `--to ${host} ${LOOPBACK_REMOTE_HOST}.`, {
      hint: `Use --remote-port ${port} instead of --to to reach port ${port} of the instance itself.`,
    });
  return { host, port };
}
