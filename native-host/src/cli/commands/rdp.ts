/** `bastionless rdp TARGET`: a tunnel to the instance's RDP port, then the RDP client on a .rdp file. */

import { jsonText } from "../../../../contract/display-text";
import { DEFAULT_LOCAL_PORT } from "../../../../contract/identifiers";
import { readKeyFile } from "../../aws/ssm/key-file";
import { EC2_PASSWORD_USER, tunnelPassword } from "../../aws/ssm/windows-password";
import { BastionlessError } from "../../errors";
import { defaultLaunchIO, type Launched, launchRdp } from "../../rdp/launch-rdp";
import { checkRdpUsername, RDP_PORT } from "../../rdp/rdp-file";
import { notWindowsWarning } from "../../rdp/rdp-target";
import { type FlagTable, intFlag, parseFlags, usageLine } from "../args";
import { cliLogger } from "../cli-log";
import type { Command } from "../command";
import { openTunnel, startParams, TUNNEL_FLAGS, targetOf } from "../tunnel-request";
import { tunnelLine } from "../tunnel-text";
import { KEY_FILE_FLAG } from "./password";

const FLAGS = {
  ...TUNNEL_FLAGS,
  "local-port": {
    ...TUNNEL_FLAGS["local-port"],
    description:
      "the local port (default 13389, or the next free one; 0: any free port); a busy port given here is an error naming its holder",
  },
  username: { type: "string", value: "USER", description: "the user name written into the .rdp file" },
  "key-file": {
    ...KEY_FILE_FLAG,
    description:
      "hand the instance's Administrator password (EC2 GetPasswordData, decrypted with this key pair's private key) to FreeRDP on its stdin; the user name defaults to Administrator",
  },
  clipboard: {
    type: "boolean",
    description: "share the clipboard with the instance (the .rdp file turns it off by default)",
  },
  "no-launch": { type: "boolean", description: "open the tunnel and print its address; start no RDP client" },
} as const satisfies FlagTable;

const USAGE = usageLine("rdp", FLAGS, "TARGET");

export const rdp: Command = {
  summary: "Open an RDP tunnel to an instance and launch the RDP client",
  description: `Opens a tunnel from 127.0.0.1 to port 3389 of TARGET over Session Manager, held by the
background tunnel service so it outlives this command, then writes a private .rdp file and opens
the RDP client (mstsc, Windows App, remmina, xfreerdp). TARGET is an instance id (i-…, mi-…) or
the Name tag of exactly one instance. \`bastionless stop\` ends the tunnel.`,
  operands: "TARGET",
  flags: FLAGS,
  examples: [
    "bastionless rdp i-0123456789abcdef0 -p contoso-prod-Admin",
    "bastionless rdp web-1 --profile contoso-prod-Admin --region eu-west-1 --username Administrator",
    "bastionless rdp web-1 -p contoso-prod-Admin --no-launch --json",
  ],
  async run(args, io) {
    const { values, positionals } = parseFlags("rdp", args, FLAGS, "TARGET");
    const target = targetOf(positionals, USAGE);
    const localPort = intFlag(values["local-port"], "local-port", 0, 65535) ?? DEFAULT_LOCAL_PORT;
    // Checked before any AWS call: a bad user name or key file must not leave a tunnel behind.
    if (values.username !== undefined) checkRdpUsername(values.username);
    const keyFile = values["key-file"] === undefined ? null : readKeyFile(values["key-file"]);
    for (const w of keyFile?.warnings ?? []) io.stderr.write(`bastionless: warning: ${w}\n`);
    const username = values.username ?? (keyFile ? EC2_PASSWORD_USER : undefined);
    const tunnel = await openTunnel(
      startParams(values, io.env, USAGE, {
        target,
        remotePort: RDP_PORT,
        localPort,
        exactPort: values["local-port"] !== undefined,
      }),
      io,
    );
    let launched: Launched | null = null;
    // A reused tunnel (a second rdp to the same instance and port) opens the client again.
    let launchError: BastionlessError | null = values["no-launch"] ? null : notWindowsWarning(tunnel);
    if (!values["no-launch"] && !launchError) {
      try {
        const password = keyFile ? await tunnelPassword(tunnel, keyFile.key, cliLogger(io)) : undefined;
        launched = await launchRdp(
          {
            host: "127.0.0.1",
            port: tunnel.localPort,
            username,
            clipboard: values.clipboard === true,
            instanceId: tunnel.target,
            tunnelId: tunnel.id,
          },
          defaultLaunchIO(io.env),
          password,
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
      if (launched && keyFile)
        io.stdout.write(
          launched.passwordPassed
            ? `The Administrator password went to ${launched.client} on its stdin.\n`
            : `${launched.client} cannot take the password safely: \`bastionless password ${tunnel.target} --key-file FILE\` puts it on the clipboard.\n`,
        );
      io.stdout.write(`Stop it with: bastionless stop ${tunnel.id}\n`);
    }
    if (launchError) io.stderr.write(`bastionless: ${launchError.message}\n${launchError.hint ?? ""}\n`);
    return 0;
  },
};
