/**
 * The RDP client for an opened rdp connection: the same launch as `bastionless rdp` and Connect
 * (rdp/launch-rdp.ts), with the connection's user name, screen and monitors written into the
 * .rdp file. With `rdp.keyFile` the instance's EC2 password is decrypted here and handed to a
 * client that reads it on stdin (docs/windows-password.md); it is never returned or logged.
 * A client that cannot start, or a password that cannot be had, leaves the tunnel open and comes
 * back as the error: the user can still log on by typing the password.
 */
import type { Connection } from "../../../contract/connection";
import type { TunnelInfo } from "../../../contract/tunnel-info";
import { readKeyFile } from "../aws/ssm/key-file";
import { EC2_PASSWORD_USER, tunnelPassword } from "../aws/ssm/windows-password";
import type { Logger } from "../config/log";
import { BastionlessError } from "../errors";
import { defaultLaunchIO, launchRdp } from "../rdp/launch-rdp";
import { notWindowsWarning } from "../rdp/rdp-target";

export async function launchConnectionRdp(
  c: Connection,
  tunnel: TunnelInfo,
  env: NodeJS.ProcessEnv,
  log: Logger,
): Promise<{ launched: { file: string; client: string } | null; error: BastionlessError | null }> {
  const warning = notWindowsWarning(tunnel);
  if (warning) return { launched: null, error: warning };
  const o = c.rdp;
  try {
    const key = o?.keyFile ? readKeyFile(o.keyFile) : null;
    if (key?.warnings.length) log.warn("key file readable by other users", { connection: c.name });
    const password = key ? await tunnelPassword(tunnel, key.key, log) : undefined;
    const username = o?.username ?? (key ? EC2_PASSWORD_USER : null);
    const launched = await launchRdp(
      {
        host: "127.0.0.1",
        port: tunnel.localPort,
        ...(username ? { username } : {}),
        ...(o?.screen ? { screen: o.screen } : {}),
        ...(o?.multiMonitor ? { multiMonitor: true } : {}),
        instanceId: tunnel.target,
        tunnelId: tunnel.id,
      },
      defaultLaunchIO(env),
      password,
    );
    return { launched, error: null };
  } catch (err) {
    if (!(err instanceof BastionlessError)) throw err;
    return { launched: null, error: err };
  }
}
