/** `bastionless forward TARGET --remote-port N`: a local port forwarded to any port of an instance. */
import { UsageError } from "../../errors";
import { jsonText } from "../../protocol/display-text";
import { openTunnel, startParams, TUNNEL_FLAGS, targetOf } from "../../tunnel/service/cli-tunnel";
import { tunnelLine } from "../../tunnel/service/tunnel-text";
import { intFlag, parseFlags } from "../args";
import type { Command } from "../command";

const USAGE =
  "bastionless forward TARGET --remote-port N [--local-port N] --profile P [--region R] [--engine builtin|plugin] [--max-upload-rate R] [--json]\n" +
  "  --local-port defaults to the remote port when that is 1024 or above (or the next free one), else any free port.";

/** Unprivileged remote ports are kept locally so tools find them where they expect; others get any free port. */
export function defaultLocalPort(remotePort: number): number {
  return remotePort >= 1024 ? remotePort : 0;
}

export const forward: Command = {
  summary: "Forward a local port to any port of an instance",
  usage: USAGE,
  async run(args, io) {
    const { values, positionals } = parseFlags(
      args,
      { ...TUNNEL_FLAGS, "remote-port": { type: "string" } },
      USAGE,
      true,
    );
    const target = targetOf(positionals, USAGE);
    const remotePort = intFlag(values["remote-port"], "remote-port", 1, 65535);
    if (remotePort === undefined)
      throw new UsageError("USAGE", "--remote-port is required.", { hint: `Usage: ${USAGE}` });
    const localPort = intFlag(values["local-port"], "local-port", 0, 65535) ?? defaultLocalPort(remotePort);
    const tunnel = await openTunnel(
      startParams(values, io.env, USAGE, { target, remotePort, localPort }),
      io,
    );
    if (values.json) io.stdout.write(jsonText({ ...tunnel, address: `127.0.0.1:${tunnel.localPort}` }));
    else io.stdout.write(`${tunnelLine(tunnel)}\nStop it with: bastionless stop ${tunnel.id}\n`);
    return 0;
  },
};
