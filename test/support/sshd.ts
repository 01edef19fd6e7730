/**
 * A real OpenSSH server for the ssh-proxy test (issue 13): its own host key, a user key made by
 * ssh-keygen, its config and pid file in a temp folder, on a loopback port, never the system's
 * sshd or its config. Run as the test's user; as root, sshd needs its privilege separation folder
 * (/run/sshd, which Debian's service makes at boot), made here when missing.
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";

export const SSHD = "/usr/sbin/sshd";
export const SSH = "/usr/bin/ssh";

export interface Sshd {
  port: number;
  dir: string;
  /** The private key the server accepts (0600). */
  userKey: string;
  /** "HOSTNAME KEY" lines for known_hosts, for a given host alias. */
  knownHostsLine(alias: string): string;
  user: string;
  close(): Promise<void>;
}

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });

export async function startSshd(): Promise<Sshd> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bastionless-sshd-"));
  const keygen = (file: string) =>
    execFileSync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", "bastionless-test", "-f", file]);
  keygen(path.join(dir, "host_key"));
  keygen(path.join(dir, "user_key"));
  fs.copyFileSync(path.join(dir, "user_key.pub"), path.join(dir, "authorized_keys"));
  fs.chmodSync(path.join(dir, "authorized_keys"), 0o600);
  if (process.getuid?.() === 0 && !fs.existsSync("/run/sshd")) fs.mkdirSync("/run/sshd", { mode: 0o755 });
  const port = await freePort();
  const config = path.join(dir, "sshd_config");
  fs.writeFileSync(
    config,
    [
      `Port ${port}`,
      "ListenAddress 127.0.0.1",
      `HostKey ${path.join(dir, "host_key")}`,
      `AuthorizedKeysFile ${path.join(dir, "authorized_keys")}`,
      `PidFile ${path.join(dir, "sshd.pid")}`,
      "UsePAM no",
      "StrictModes no",
      "PasswordAuthentication no",
      "KbdInteractiveAuthentication no",
      "PubkeyAuthentication yes",
      "",
    ].join("\n"),
  );
  const child: ChildProcess = spawn(SSHD, ["-D", "-e", "-f", config], {
    stdio: ["ignore", "ignore", "pipe"],
  });
  let log = "";
  child.stderr!.on("data", (c) => (log += c));
  // Listening once a connection is accepted (an event, not a clock).
  for (;;) {
    if (child.exitCode !== null) throw new Error(`sshd exited: ${log}`);
    const up = await new Promise<boolean>((resolve) => {
      const s = net.connect(port, "127.0.0.1");
      s.once("data", () => {
        s.destroy();
        resolve(true);
      });
      s.once("error", () => resolve(false));
    });
    if (up) break;
    await new Promise((r) => setTimeout(r, 20));
  }
  const hostPub = fs
    .readFileSync(path.join(dir, "host_key.pub"), "utf8")
    .trim()
    .split(" ")
    .slice(0, 2)
    .join(" ");
  return {
    port,
    dir,
    userKey: path.join(dir, "user_key"),
    user: os.userInfo().username,
    knownHostsLine: (alias) => `${alias} ${hostPub}\n`,
    close: async () => {
      if (child.exitCode === null) {
        child.kill("SIGTERM");
        await new Promise((r) => child.once("exit", r));
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
