import { DEFAULT_LOCAL_PORT } from "../../../../contract/identifiers";
import { settingsForService } from "../../aws/sdk/aws-settings";
import { readKeyFile } from "../../aws/ssm/key-file";
import { EC2_PASSWORD_USER, tunnelPassword } from "../../aws/ssm/windows-password";
import { BastionlessError } from "../../errors";
import { defaultLaunchIO, launchRdp } from "../../rdp/launch-rdp";
import { RDP_PORT } from "../../rdp/rdp-file";
import { notWindowsWarning } from "../../rdp/rdp-target";
import { serviceLink } from "../../tunnel/service/client/service-link";
import type { Handler } from "../handler";

/**
 * Connect (RDP): the tunnel is opened by the tunnel service, so it outlives this host process;
 * the RDP client is started from here, in the user's desktop session. A client that cannot be
 * started does not undo the tunnel: the reply carries it as the tunnel's lastError instead.
 * With `keyFile` the host decrypts the instance's EC2 password itself and hands it to an RDP
 * client that reads it on stdin (issue 13); the reply never carries the key or the password.
 */
export const tunnelStart: Handler<"tunnel.start"> = {
  async run(params, ctx) {
    const remotePort = params.remotePort ?? RDP_PORT;
    const launching = params.launch !== false && remotePort === RDP_PORT;
    // Read before the tunnel opens: a missing or wrong key file must not leave a tunnel behind.
    const keyFile = launching && params.keyFile ? readKeyFile(params.keyFile) : null;
    if (keyFile?.warnings.length) ctx.log.warn("key file readable by other users", { tunnel: params.target });
    const link = serviceLink(ctx.env, ctx.emit);
    const tunnel = (await link.request(
      "start",
      {
        profile: params.profile,
        region: params.region,
        target: params.target,
        remotePort,
        ...(params.remoteHost === undefined ? {} : { remoteHost: params.remoteHost }),
        localPort: params.localPort ?? DEFAULT_LOCAL_PORT,
        // A port the user chose in the options must be that port (issue 11); only the default moves on.
        exactPort: params.localPort !== undefined && params.localPort !== DEFAULT_LOCAL_PORT,
        engine: "builtin",
        // The browser's environment, not the one the service happened to start with.
        settings: settingsForService(ctx.env),
      },
      true,
    ))!;
    if (!launching) return tunnel;
    try {
      // The instance's platform says nothing about a host behind it.
      const warning = tunnel.remoteHost ? null : notWindowsWarning(tunnel);
      if (warning) throw warning;
      const password = keyFile ? await tunnelPassword(tunnel, keyFile.key, ctx.log) : undefined;
      const { file, client, passwordPassed } = await launchRdp(
        {
          host: "127.0.0.1",
          port: tunnel.localPort,
          instanceId: tunnel.target,
          tunnelId: tunnel.id,
          ...(keyFile ? { username: EC2_PASSWORD_USER } : {}),
        },
        defaultLaunchIO(ctx.env),
        password,
      );
      ctx.log.info("rdp client started", { tunnel: tunnel.id, client, file, passwordPassed });
      return tunnel;
    } catch (err) {
      if (!(err instanceof BastionlessError)) throw err;
      ctx.log.warn("rdp client not started", { tunnel: tunnel.id, code: err.code });
      return { ...tunnel, lastError: { code: err.code, message: `${err.message} ${err.hint ?? ""}`.trim() } };
    }
  },
};
