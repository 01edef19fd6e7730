/**
 * `bastionless ssh-proxy TARGET [--port 22]`: OpenSSH's ProxyCommand over AWS-StartSSHSession
 * (issue 13). stdout carries the SSH stream's bytes only; every message goes to stderr.
 */
import { Duplex } from "node:stream";
import { settingsForService } from "../../aws/sdk/aws-settings";
import { type FlagTable, intFlag, parseFlags, usageLine } from "../args";
import { cliLogger } from "../cli-log";
import type { Command } from "../command";
import { profileOf, regionOf, TUNNEL_FLAGS, targetOf } from "../tunnel-request";

const FLAGS = {
  port: { type: "string", value: "N", description: "the instance's SSH port (default 22; %p in ssh_config)" },
  profile: TUNNEL_FLAGS.profile,
  region: TUNNEL_FLAGS.region,
} as const satisfies FlagTable;

const USAGE = usageLine("ssh-proxy", FLAGS, "TARGET");

/** stdin and stdout as one byte stream (Duplex.from re-encodes chunks; SSH needs every byte as is). */
function stdioStream(stdin: NodeJS.ReadableStream, stdout: NodeJS.WritableStream): Duplex {
  const stream = new Duplex({
    read: () => void stdin.resume(),
    write: (chunk: Buffer, _enc, done) => void stdout.write(chunk, done),
    final: (done) => void stdout.end(done),
    destroy: (err, done) => {
      stdin.pause();
      done(err);
    },
  });
  stdin.on("data", (d: Buffer) => {
    if (!stream.push(d)) stdin.pause();
  });
  stdin.on("end", () => stream.push(null));
  return stream;
}

export const sshProxy: Command = {
  summary: "Carry an SSH connection over Session Manager (for ssh's ProxyCommand)",
  description: `Connects stdin and stdout to TARGET's SSH server over Session Manager (the AWS-StartSSHSession
document): no local port, no inbound rule. Meant for ssh's ProxyCommand; stdout carries only the
SSH stream, messages go to stderr. Ends when ssh closes the connection or sshd ends it.
TARGET is an instance id (i-…, mi-…) or the Name tag of exactly one instance. In ~/.ssh/config:
  Host i-* mi-*
    ProxyCommand bastionless ssh-proxy %h --port %p --profile contoso-prod-Admin`,
  operands: "TARGET",
  flags: FLAGS,
  examples: [
    "ssh -o ProxyCommand='bastionless ssh-proxy %h --port %p -p contoso-prod-Admin' ec2-user@i-0123456789abcdef0",
  ],
  async run(args, io) {
    const { values, positionals } = parseFlags("ssh-proxy", args, FLAGS, "TARGET");
    const target = targetOf(positionals, USAGE);
    const port = intFlag(values.port, "port", 1, 65535) ?? 22;
    const profile = profileOf(values.profile, io.env, USAGE);
    // Not io.stdout: the terminal guard there is for text, and would re-encode the SSH stream.
    const stream = stdioStream(io.stdin, io.rawStdout ?? io.stdout);
    // ssh ends its ProxyCommand with SIGHUP when it is done (and a user may interrupt it): end the
    // session with the TerminateSession flag rather than leave it to AWS's idle timeout (spec §8.5).
    for (const signal of ["SIGHUP", "SIGTERM", "SIGINT"] as const)
      process.once(signal, () => stream.destroy());
    const { runSshStream } = await import("../../tunnel/ssh/ssh-stream");
    await runSshStream({
      profile,
      region: regionOf(values.region),
      target,
      port,
      settings: settingsForService(io.env),
      stream,
      log: cliLogger(io),
    });
    return 0;
  },
};
