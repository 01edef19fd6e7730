/** `bastionless rdp TARGET`: a tunnel to the instance's RDP port, then the RDP client on a .rdp file. */

import { BastionlessError } from "../../errors";
import { jsonText } from "../../protocol/display-text";
import { defaultLaunchIO, launchRdp } from "../../rdp/launch-rdp";
import { checkRdpUsername, DEFAULT_RDP_LOCAL_PORT, RDP_PORT } from "../../rdp/rdp-file";
import { openTunnel, startParams, TUNNEL_FLAGS, targetOf } from "../../tunnel/service/cli-tunnel";
import { tunnelLine } from "../../tunnel/service/tunnel-text";
import { intFlag, parseFlags } from "../args";
import type { Command } from "../command";

const USAGE =
  "bastionless rdp TARGET --profile P [--region R] [--local-port N] [--username U] [--clipboard] [--no-launch] [--engine builtin|plugin] [--max-upload-rate R] [--json]\n" +
  "  TARGET: an instance id (i-…, mi-…) or the Name tag of exactly one instance.";

export const rdp: Command = {
  summary: "Open an RDP tunnel to an instance and launch the RDP client",
  usage: USAGE,
  async run(args, io) {
    const { values, positionals } = parseFlags(
      args,
      {
        ...TUNNEL_FLAGS,
        username: { type: "string" },
        clipboard: { type: "boolean" },
        "no-launch": { type: "boolean" },
      },
      USAGE,
      true,
    );
    const target = targetOf(positionals, USAGE);
    const localPort = intFlag(values["local-port"], "local-port", 0, 65535) ?? DEFAULT_RDP_LOCAL_PORT;
    // Checked before any AWS call: a bad user name must not leave a tunnel behind.
    if (values.username !== undefined) checkRdpUsername(values.username);
    const tunnel = await openTunnel(
      startParams(values, io.env, USAGE, { target, remotePort: RDP_PORT, localPort }),
      io,
    );
    let launched: { file: string; client: string } | null = null;
    let launchError: BastionlessError | null = null;
    if (!values["no-launch"]) {
      try {
        launched = await launchRdp(
          {
            host: "127.0.0.1",
            port: tunnel.localPort,
            username: values.username,
            clipboard: values.clipboard === true,
            instanceId: tunnel.target,
          },
          defaultLaunchIO(io.env),
        );
      } catch (err) {
        if (!(err instanceof BastionlessError)) throw err;
        launchError = err;
      }
    }
    if (values.json) {
      io.stdout.write(
        jsonText({
          ...tunnel,
          address: `127.0.0.1:${tunnel.localPort}`,
          rdp: launched,
          launchError: launchError?.toJSON() ?? null,
        }),
      );
    } else {
      io.stdout.write(`${tunnelLine(tunnel)}\nRDP address: 127.0.0.1:${tunnel.localPort}\n`);
      if (launched) io.stdout.write(`Opened ${launched.client} on ${launched.file}\n`);
      io.stdout.write(`Stop it with: bastionless stop ${tunnel.id}\n`);
    }
    if (launchError) io.stderr.write(`bastionless: ${launchError.message}\n${launchError.hint ?? ""}\n`);
    return 0;
  },
};
