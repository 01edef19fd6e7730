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
import { InputError } from "../errors";

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

export function sshArgs(i: SshCommandInput): string[] {
  // Checked here as well as by the file reader: these reach ssh's argv and its %h.
  if (!INSTANCE_ID.test(i.instanceId))
    throw new InputError("CONNECTION_INVALID", `Not an instance id: ${i.instanceId}`);
  if (i.user !== null && !/^[A-Za-z0-9_][A-Za-z0-9_.@-]{0,63}$/.test(i.user))
    throw new InputError("CONNECTION_INVALID", "The ssh user name is not valid.");
  return [
    "-o",
    `ProxyCommand=${proxyCommand(i.self, i.platform)}`,
    "-p",
    String(i.port),
    ...(i.user ? ["-l", i.user] : []),
    "--",
    i.instanceId,
    ...i.rest,
  ];
}
