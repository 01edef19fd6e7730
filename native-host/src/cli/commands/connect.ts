/**
 * `bastionless connect NAME`: opens a saved connection (docs/connections.md). Its tunnel comes
 * from the tunnel service, which returns the open one when it exists; then the right client: the
 * RDP client, the browser at http://127.0.0.1:PORT/, the address printed, or ssh through
 * `bastionless ssh-proxy` (no local port).
 */
import { spawn } from "node:child_process";
import { jsonText } from "../../../../contract/display-text";
import { launchConnectionRdp } from "../../connections/connection-rdp";
import { loadConnections } from "../../connections/load-connections";
import { findConnection, type Opened, openConnection } from "../../connections/open-connection";
import { openIO } from "../../connections/open-io";
import { sshArgs } from "../../connections/ssh-command";
import { TunnelError, UsageError } from "../../errors";
import { findExecutable } from "../../platform/find-executable";
import { openLoopbackUrl } from "../../platform/open-url";
import { selfCommand } from "../../platform/self-command";
import { type FlagTable, parseFlags, usageLine } from "../args";
import { cliLogger } from "../cli-log";
import type { CliIO, Command } from "../command";
import { openTunnel } from "../tunnel-request";
import { tunnelLine } from "../tunnel-text";
import { TEAM_FLAG } from "./connections";

const FLAGS = {
  ...TEAM_FLAG,
  "no-launch": {
    type: "boolean",
    description: "open the tunnel and print where; start no client (ssh: print its command line)",
  },
  json: { type: "boolean", description: "print what was opened as JSON" },
} as const satisfies FlagTable;

const USAGE = usageLine("connect", FLAGS, "NAME [-- SSH-ARGS…]");

/** ssh in this terminal; its exit code becomes ours. The profile and region go in its environment. */
function runSsh(o: Opened, rest: string[], io: CliIO): Promise<number> {
  const exe = findExecutable("ssh", io.env);
  if (!exe)
    throw new TunnelError("SSH_NOT_FOUND", "No ssh client found on PATH.", {
      hint: "Install OpenSSH (Windows: the OpenSSH Client optional feature; Debian: openssh-client).",
    });
  const args = sshArgs({
    self: selfCommand(),
    instanceId: o.instanceId,
    port: o.connection.remotePort,
    user: o.connection.sshUser,
    rest,
    platform: process.platform,
  });
  const env = {
    ...io.env,
    AWS_PROFILE: o.profile,
    ...(o.connection.region ? { AWS_REGION: o.connection.region } : {}),
  };
  return new Promise((resolve, reject) => {
    // An argument array, no shell (ssh hands ProxyCommand to the user's shell itself: ssh-command.ts).
    const child = spawn(exe, args, { stdio: "inherit", env, shell: false });
    child.once("error", (err) =>
      reject(new TunnelError("SSH_FAILED", `Could not start ssh: ${err.message}`)),
    );
    child.once("exit", (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

export const connect: Command = {
  summary: "Open a saved connection: its tunnel and its client",
  description: `Opens the saved connection NAME (\`bastionless connections\` lists them): its tunnel, held by
the tunnel service (an open one to the same target and port is reused), then its client: the RDP
client for rdp, the browser at http://127.0.0.1:PORT/ for a web UI ("open": "browser"), the
address for anything else (a database), and ssh for ssh, through \`bastionless ssh-proxy\` as its
ProxyCommand; arguments after -- go to ssh: its options (before the host), then a remote command.
ssh's exit code is connect's.`,
  operands: "NAME",
  flags: FLAGS,
  examples: [
    "bastionless connect jump-rdp",
    "bastionless connect orders-db --json",
    "bastionless connect build-1 -- uptime",
    "bastionless connect build-1 -- -i ~/.ssh/build.pem uptime",
  ],
  async run(args, io) {
    const dash = args.indexOf("--");
    const rest = dash < 0 ? [] : args.slice(dash + 1);
    const { values, positionals } = parseFlags(
      "connect",
      dash < 0 ? args : args.slice(0, dash),
      FLAGS,
      "NAME",
    );
    if (positionals.length !== 1)
      throw new UsageError("USAGE", "Give exactly one connection NAME.", { hint: `Usage: ${USAGE}` });
    const c = findConnection(loadConnections(io.env, values.team), positionals[0]!);
    if (rest.length && c.kind !== "ssh")
      throw new UsageError("USAGE", `Arguments after -- are for ssh; "${c.name}" is ${c.kind}.`);
    const opened = await openConnection(
      c,
      openIO(io.env, cliLogger(io), (p) => openTunnel(p, io)),
    );
    const { connection: _c, profile: _p, instanceId: _i, ...result } = opened;
    if (c.kind === "ssh") {
      if (!values["no-launch"]) return runSsh(opened, rest, io);
      const argv = [
        "ssh",
        ...sshArgs({
          self: selfCommand(),
          instanceId: opened.instanceId,
          port: c.remotePort,
          user: c.sshUser,
          rest,
          platform: process.platform,
        }),
      ];
      io.stdout.write(
        values.json
          ? jsonText({ ...result, ssh: argv, env: { AWS_PROFILE: opened.profile, AWS_REGION: c.region } })
          : `${argv.join(" ")}\n`,
      );
      return 0;
    }
    const tunnel = opened.tunnel!;
    let launched: string | null = null;
    let launchError = null;
    if (!values["no-launch"] && c.client === "rdp") {
      const r = await launchConnectionRdp(c, tunnel, io.env, cliLogger(io));
      launched = r.launched && `${r.launched.client} on ${r.launched.file}`;
      launchError = r.error;
    } else if (!values["no-launch"] && opened.url) launched = openLoopbackUrl(opened.url, io.env);
    if (values.json)
      io.stdout.write(jsonText({ ...result, launched, launchError: launchError?.toJSON() ?? null }));
    else {
      io.stdout.write(
        `${tunnelLine(tunnel)}\n${opened.url ? `Open: ${opened.url}` : `Address: ${opened.address}`}\n`,
      );
      if (launched) io.stdout.write(`Opened ${launched}\n`);
      io.stdout.write(`Stop it with: bastionless stop ${tunnel.id}\n`);
    }
    if (launchError) io.stderr.write(`bastionless: ${launchError.message}\n${launchError.hint ?? ""}\n`);
    return 0;
  },
};
