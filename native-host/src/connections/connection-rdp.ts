/**
 * The RDP client for an opened rdp connection: the same launch as `bastionless rdp` and Connect
 * (rdp/launch-rdp.ts), with the connection's user name, screen and monitors written into the
 * .rdp file. A client that cannot start leaves the tunnel open and comes back as the error.
 */
import type { Connection } from "../../../contract/connection";
import type { TunnelInfo } from "../../../contract/tunnel-info";
import { BastionlessError } from "../errors";
import { defaultLaunchIO, launchRdp } from "../rdp/launch-rdp";
import { notWindowsWarning } from "../rdp/rdp-target";

export async function launchConnectionRdp(
  c: Connection,
  tunnel: TunnelInfo,
  env: NodeJS.ProcessEnv,
): Promise<{ launched: { file: string; client: string } | null; error: BastionlessError | null }> {
  const warning = notWindowsWarning(tunnel);
  if (warning) return { launched: null, error: warning };
  const o = c.rdp;
  try {
    const launched = await launchRdp(
      {
        host: "127.0.0.1",
        port: tunnel.localPort,
        ...(o?.username ? { username: o.username } : {}),
        ...(o?.screen ? { screen: o.screen } : {}),
        ...(o?.multiMonitor ? { multiMonitor: true } : {}),
        instanceId: tunnel.target,
        tunnelId: tunnel.id,
      },
      defaultLaunchIO(env),
    );
    return { launched, error: null };
  } catch (err) {
    if (!(err instanceof BastionlessError)) throw err;
    return { launched: null, error: err };
  }
}
