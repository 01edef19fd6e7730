/** `bastionless forward TARGET --remote-port N`: a local port forwarded to any port of an instance. */

import { jsonText } from "../../../../contract/display-text";
import { UsageError } from "../../errors";
import { defaultLocalPort } from "../../platform/free-port";
import { type FlagTable, intFlag, parseFlags, usageLine } from "../args";
import type { Command } from "../command";
import { openTunnel, startParams, TUNNEL_FLAGS, targetOf } from "../tunnel-request";
import { tunnelLine } from "../tunnel-text";

const FLAGS = {
  "remote-port": {
    type: "string",
    value: "N",
    required: true,
    description: "the instance's port to reach (1-65535)",
  },
  ...TUNNEL_FLAGS,
  "local-port": {
    ...TUNNEL_FLAGS["local-port"],
    description:
      "the local port (default: the remote port when 1024 or above, or the next free one; else any free port); a busy port given here is an error naming its holder",
  },
} as const satisfies FlagTable;

const USAGE = usageLine("forward", FLAGS, "TARGET");

export { defaultLocalPort };

export const forward: Command = {
  summary: "Forward a local port to any port of an instance",
  description: `Forwards a port on 127.0.0.1 to any port of TARGET over Session Manager (an SSH server, a
database, a web console), held by the background tunnel service until \`bastionless stop\`.
TARGET is an instance id (i-…, mi-…) or the Name tag of exactly one instance.`,
  operands: "TARGET",
  flags: FLAGS,
  examples: [
    "bastionless forward i-0123456789abcdef0 --remote-port 22 -p contoso-prod-Admin",
    "bastionless forward db-1 --remote-port 5432 --local-port 15432 -p contoso-prod-Admin -r eu-west-1",
  ],
  async run(args, io) {
    const { values, positionals } = parseFlags("forward", args, FLAGS, "TARGET");
    const target = targetOf(positionals, USAGE);
    const remotePort = intFlag(values["remote-port"], "remote-port", 1, 65535);
    if (remotePort === undefined)
      throw new UsageError("USAGE", "--remote-port is required.", { hint: `Usage: ${USAGE}` });
    const localPort = intFlag(values["local-port"], "local-port", 0, 65535) ?? defaultLocalPort(remotePort);
    const tunnel = await openTunnel(
      startParams(values, io.env, USAGE, {
        target,
        remotePort,
        localPort,
        exactPort: values["local-port"] !== undefined,
      }),
      io,
    );
    if (values.json) io.stdout.write(jsonText({ ...tunnel, address: `127.0.0.1:${tunnel.localPort}` }));
    else io.stdout.write(`${tunnelLine(tunnel)}\nStop it with: bastionless stop ${tunnel.id}\n`);
    return 0;
  },
};
