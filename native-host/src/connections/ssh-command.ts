/**
 * The `ssh` command line for an ssh connection (docs/connections.md, "ssh"). Pure. ssh reaches
 * the instance through `bastionless ssh-proxy %h --port %p` as its ProxyCommand (stdin/stdout
 * over AWS-StartSSHSession, issue 13), so no local port is opened. The profile and region travel
 * in the environment ssh hands its ProxyCommand (AWS_PROFILE, AWS_REGION), never in the command
 * string: ssh gives ProxyCommand to the user's shell (ssh_config(5), "ProxyCommand ... is executed
 * using the user's shell `exec` directive"), so the only things in it are this program's own path,
 * quoted, and ssh's own %h/%p, which here are an instance id and a number.
 */
import { INSTANCE_ID } from "../../../contract/identifiers";
import { InputError, UsageError } from "../errors";

export interface SshCommandInput {
  /** How this program runs itself (platform/self-command.ts): [exe] or [node, bundle]. */
  self: readonly string[];
  instanceId: string;
  port: number;
  user: string | null;
  /** What follows the host on ssh's command line: a remote command and its arguments. */
  rest: readonly string[];
  platform: NodeJS.Platform;
}

/** POSIX sh single quotes; `%` doubled because ssh expands %-tokens before the shell runs. */
const posixQuote = (s: string) => `'${s.replace(/'/g, "'\\''").replace(/%/g, "%%")}'`;

/** Windows: Win32-OpenSSH splits the command line the CreateProcess way; `"` and `%` are refused. */
function windowsQuote(s: string): string {
  if (/["%\r\n]/.test(s))
    throw new InputError(
      "SSH_PROXY_PATH_UNUSABLE",
      `bastionless's path cannot be written into ssh's ProxyCommand: ${s}`,
      {
        hint: 'Install bastionless in a folder without " or % in its path (`bastionless install`).',
      },
    );
  return `"${s}"`;
}

export function proxyCommand(self: readonly string[], platform: NodeJS.Platform): string {
  const quote = platform === "win32" ? windowsQuote : posixQuote;
  return [...self.map(quote), "ssh-proxy", "%h", "--port", "%p"].join(" ");
}

/**
 * ssh(1) SYNOPSIS: the option letters that take a value, and those that do not. Options given
 * after `connect NAME --` must reach ssh before the destination: the command line below ends
 * ssh's options with `--` so that nothing after the instance id is read as one.
 */
const SSH_VALUE_OPTIONS = new Set("BbcDEeFIiJLlmOoPpQRSWw");
const SSH_FLAG_OPTIONS = new Set("46AaCfGgKkMNnqsTtVvXxYy");

/** Splits what follows `--` into leading ssh options and the remote command (the first non-option). */
export function splitSshRest(rest: readonly string[]): { options: string[]; command: string[] } {
  let i = 0;
  while (i < rest.length && rest[i]!.startsWith("-") && rest[i] !== "-") {
    const arg = rest[i++]!;
    if (arg === "--") return { options: rest.slice(0, i - 1), command: rest.slice(i) };
    for (let k = 1; k < arg.length; k++) {
      const letter = arg[k]!;
      if (SSH_VALUE_OPTIONS.has(letter)) {
        if (k === arg.length - 1 && i++ >= rest.length)
          throw new UsageError("USAGE", `ssh's option -${letter} needs a value.`);
        break;
      }
      if (!SSH_FLAG_OPTIONS.has(letter))
        throw new UsageError("USAGE", `ssh has no option -${letter} (in ${arg}).`, {
          hint: "Give ssh's options first after --, then the remote command: -- -i KEY uptime",
        });
    }
  }
  return { options: rest.slice(0, i), command: rest.slice(i) };
}

export function sshArgs(i: SshCommandInput): string[] {
  // Checked here as well as by the file reader: these reach ssh's argv and its %h.
  if (!INSTANCE_ID.test(i.instanceId))
    throw new InputError("CONNECTION_INVALID", `Not an instance id: ${i.instanceId}`);
  if (i.user !== null && !/^[A-Za-z0-9_][A-Za-z0-9_.@-]{0,63}$/.test(i.user))
    throw new InputError("CONNECTION_INVALID", "The ssh user name is not valid.");
  const { options, command } = splitSshRest(i.rest);
  return [
    "-o",
    `ProxyCommand=${proxyCommand(i.self, i.platform)}`,
    "-p",
    String(i.port),
    ...(i.user ? ["-l", i.user] : []),
    ...options,
    "--",
    i.instanceId,
    ...command,
  ];
}
